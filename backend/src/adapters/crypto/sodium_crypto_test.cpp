#include "adapters/crypto/sodium_crypto.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace janji::crypto {
namespace {

bool url_safe(const std::string& s) {
  for (const char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

TEST(SodiumCryptoTest, RandomTokenIs43UrlSafeCharacters) {
  const SodiumCrypto crypto;
  for (int i = 0; i < 100; ++i) {
    const std::string token = crypto.random_token();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_TRUE(url_safe(token)) << token;
    EXPECT_EQ(token.find('='), std::string::npos);
  }
}

TEST(SodiumCryptoTest, RandomTokensAreUnique) {
  const SodiumCrypto crypto;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(crypto.random_token());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(SodiumCryptoTest, UuidIsLowercaseVersion4) {
  const SodiumCrypto crypto;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = crypto.new_uuid();
    ASSERT_TRUE(common::is_uuid(id)) << id;
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    for (const char c : id) EXPECT_FALSE(c >= 'A' && c <= 'F') << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(SodiumCryptoTest, Sha256HexMatchesFipsVectors) {
  const SodiumCrypto crypto;
  EXPECT_EQ(crypto.sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto.sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(crypto.sha256_hex(std::string_view{}),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SodiumCryptoTest, ConstantTimeEquality) {
  const SodiumCrypto crypto;
  EXPECT_TRUE(crypto.equal_constant_time("secret-token", "secret-token"));
  EXPECT_FALSE(crypto.equal_constant_time("secret-token", "secret-tokeN"));
  EXPECT_FALSE(crypto.equal_constant_time("Secret-token", "secret-token"));
  EXPECT_FALSE(crypto.equal_constant_time("secret", "secret-token"));
  EXPECT_FALSE(crypto.equal_constant_time("secret-token", ""));
  EXPECT_TRUE(crypto.equal_constant_time("", ""));
  EXPECT_TRUE(crypto.equal_constant_time(std::string_view{}, ""));
  EXPECT_TRUE(crypto.equal_constant_time(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(crypto.equal_constant_time(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(SodiumCryptoTest, ConstructingTwiceIsFine) {
  const SodiumCrypto a;
  const SodiumCrypto b;
  EXPECT_NE(a.random_token(), b.random_token());
}

}  // namespace
}  // namespace janji::crypto
