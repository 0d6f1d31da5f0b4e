#include "adapters/crypto/bcrypt_hasher.hpp"

#include <crypt.h>
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace janji::crypto {
namespace {

struct Vector {
  std::string password;
  std::string setting;
  std::string expected;
};

// CONTRACTS.md section 4, each verified against libxcrypt.
const std::vector<Vector>& vectors() {
  static const std::vector<Vector> kVectors = {
      {"Kk4DQuMMfZL9o", "$2b$04$cVWp4XaNU8a4v1uMRum2SO",
       "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"},
      {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.",
       "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
      {"allmine", "$2a$10$XajjQvNhvvRt5GSeFk1xFe",
       "$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga"},
      {"012345678901234567890123456789012345678901234567890123456", "$2a$10$XajjQvNhvvRt5GSeFk1xFe",
       "$2a$10$XajjQvNhvvRt5GSeFk1xFe5l47dONXg781AmZtd869sO8zfsHuw7C"},
      {"\xa3", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.",
       "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"},
      {"\xff\xff\xa3", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.",
       "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"},
      {"correct horse", "$2b$12$cVWp4XaNU8a4v1uMRum2SO",
       "$2b$12$cVWp4XaNU8a4v1uMRum2SO7Hzh8eCcoeuhsyBGUtjlCJ86./dH/bu"},
  };
  return kVectors;
}

std::string raw_crypt(const std::string& password, const std::string& setting) {
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_rn(password.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  return out != nullptr ? out : "<null>";
}

const std::regex kFormat(R"(\$2b\$(\d\d)\$[./A-Za-z0-9]{53})");

TEST(BcryptHasherTest, CryptReproducesEveryContractVector) {
  for (const auto& v : vectors()) {
    EXPECT_EQ(raw_crypt(v.password, v.setting), v.expected) << v.setting;
    EXPECT_EQ(raw_crypt(v.password, v.expected), v.expected) << v.setting;
  }
  // Vector 5 gives the same result with the $2y$ prefix.
  EXPECT_EQ(raw_crypt("\xa3", "$2y$05$/OK.fbVrR/bpIqNJ5ianF."),
            "$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq");
}

TEST(BcryptHasherTest, VerifiesEveryContractVector) {
  const BcryptHasher hasher(4);
  for (const auto& v : vectors()) {
    EXPECT_TRUE(hasher.verify(v.password, v.expected)) << v.expected;
    EXPECT_FALSE(hasher.verify(v.password + "x", v.expected)) << v.expected;
  }
}

TEST(BcryptHasherTest, HashHasBcryptFormatAndCost) {
  const BcryptHasher hasher(4);
  const auto h = hasher.hash("correct horse battery staple");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->size(), 60u);
  EXPECT_EQ(h->rfind("$2b$04$", 0), 0u) << *h;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(*h, m, kFormat)) << *h;
  EXPECT_EQ(m[1].str(), "04");
  EXPECT_TRUE(hasher.verify("correct horse battery staple", *h));
  EXPECT_FALSE(hasher.verify("correct horse battery stapl", *h));
  EXPECT_FALSE(hasher.verify("", *h));
}

TEST(BcryptHasherTest, SaltsDiffer) {
  const BcryptHasher hasher(4);
  const auto a = hasher.hash("same password");
  const auto b = hasher.hash("same password");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(hasher.verify("same password", *a));
  EXPECT_TRUE(hasher.verify("same password", *b));
}

TEST(BcryptHasherTest, DefaultCost12) {
  const BcryptHasher hasher(12);
  const auto h = hasher.hash("Passw0rd!");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->rfind("$2b$12$", 0), 0u) << *h;
  EXPECT_TRUE(hasher.verify("Passw0rd!", *h));
  EXPECT_EQ(hasher.cost(), 12);
}

TEST(BcryptHasherTest, VerifiesHashesOfOtherCosts) {
  const BcryptHasher cost4(4);
  const BcryptHasher cost5(5);
  const auto h = cost5.hash("pw");
  ASSERT_TRUE(h);
  EXPECT_TRUE(cost4.verify("pw", *h));  // the stored hash carries its own cost
}

TEST(BcryptHasherTest, SeventyThreeBytesAreRejectedNotTruncated) {
  const std::string p72(72, '\xaa');
  const std::string p73(73, '\xaa');
  const std::string known = "$2b$04$xnFVhJsTzsFBTeP3PpgbMezt2PRDDVR0eoVmjW37UtJn2A8EUpkuu";
  // libxcrypt alone truncates: both lengths give the same hash.
  EXPECT_EQ(raw_crypt(p72, "$2b$04$xnFVhJsTzsFBTeP3PpgbMe"), known);
  EXPECT_EQ(raw_crypt(p73, "$2b$04$xnFVhJsTzsFBTeP3PpgbMe"), known);

  const BcryptHasher hasher(4);
  EXPECT_TRUE(hasher.verify(p72, known));
  EXPECT_FALSE(hasher.verify(p73, known));
  EXPECT_TRUE(hasher.hash(p72).has_value());
  const auto too_long = hasher.hash(p73);
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().kind, common::ErrorKind::kInvalidArgument);
  EXPECT_EQ(too_long.error().code, "VALIDATION_001");
  EXPECT_EQ(too_long.error().details.count("password"), 1u);
}

TEST(BcryptHasherTest, NulBytesAreRejected) {
  const BcryptHasher hasher(4);
  const std::string with_nul("abc\0def", 7);
  const auto h = hasher.hash(with_nul);
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().kind, common::ErrorKind::kInvalidArgument);

  // crypt() would stop at the NUL and accept "abc" as the same password.
  const auto abc = hasher.hash("abc");
  ASSERT_TRUE(abc);
  EXPECT_EQ(raw_crypt(with_nul, *abc), *abc);
  EXPECT_TRUE(hasher.verify("abc", *abc));
  EXPECT_FALSE(hasher.verify(with_nul, *abc));
}

TEST(BcryptHasherTest, RejectsMalformedAndForeignHashes) {
  const BcryptHasher hasher(4);
  const std::string des = raw_crypt("password", "ab");  // traditional DES, 13 characters
  ASSERT_EQ(des.size(), 13u);
  EXPECT_FALSE(hasher.verify("password", des));
  const std::string md5 = raw_crypt("password", "$1$saltsalt$");
  EXPECT_FALSE(hasher.verify("password", md5));

  const std::string good = "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm";
  const std::string pw = "Kk4DQuMMfZL9o";
  ASSERT_TRUE(hasher.verify(pw, good));
  const std::vector<std::string> bad = {
      "",
      "*0",
      "*1",
      "ab",
      "garbage",
      good.substr(0, 59),
      good + "m",
      "$2c$" + good.substr(4),               // unknown minor version
      "$2b$03$" + good.substr(7),            // cost below 4
      "$2b$32$" + good.substr(7),            // cost above 31
      "$2b$4a$" + good.substr(7),            // non-digit cost
      "$2b$04$" + good.substr(7, 52) + "!",  // outside the alphabet
      "$2b$04$" + good.substr(7, 52) + "+",  // standard base64 is not bcrypt base64
      "$2b$04$x" + good.substr(8),           // well formed, different salt
      good.substr(0, 30) + std::string(1, '\0') + good.substr(31),  // NUL inside the hash
  };
  for (const auto& h : bad) EXPECT_FALSE(hasher.verify(pw, h)) << h;
}

TEST(BcryptHasherTest, CostOutOfRangeThrows) {
  EXPECT_THROW(BcryptHasher(3), std::invalid_argument);
  EXPECT_THROW(BcryptHasher(32), std::invalid_argument);
  EXPECT_THROW(BcryptHasher(-1), std::invalid_argument);
  EXPECT_NO_THROW(BcryptHasher(4));
}

TEST(BcryptHasherTest, BurnTimeRunsWithoutAUser) {
  const BcryptHasher hasher(4);
  hasher.burn_time("whatever the attacker typed");
  hasher.burn_time("");
  hasher.burn_time(std::string(100, 'x'));
  SUCCEED();
}

TEST(BcryptHasherTest, ConcurrentUseIsSafe) {
  const BcryptHasher hasher(4);
  const auto h = hasher.hash("shared");
  ASSERT_TRUE(h);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        ok[t] += hasher.verify("shared", *h) ? 1 : 0;
        ok[t] += hasher.hash("p" + std::to_string(i)).has_value() ? 1 : 0;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const int n : ok) EXPECT_EQ(n, 10);
}

}  // namespace
}  // namespace janji::crypto
