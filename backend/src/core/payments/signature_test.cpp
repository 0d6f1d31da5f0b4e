#include "core/payments/signature.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// The formula with a hasher that shows its input; the CONTRACTS 1.6 vector with real SHA-512 is
// in adapters/payments/openssl_sha512_test.cpp.

namespace janji::payments {
namespace {

// Not a hash: "H(" + input + ")", so a test sees exactly what would be hashed.
class ShowingHasher final : public Sha512 {
 public:
  std::string hex_digest(std::string_view data) const override {
    inputs.emplace_back(data);
    return "H(" + std::string(data) + ")";
  }
  mutable std::vector<std::string> inputs;
};

TEST(Signature, HashesTheFourStringsAppendedInOrder) {
  ShowingHasher hasher;
  EXPECT_EQ(expected_signature("order-1", "200", "10000.00", "SB-key", hasher),
            "H(order-120010000.00SB-key)");
  ASSERT_EQ(hasher.inputs.size(), 1u);
}

TEST(Signature, MatchesOnlyTheExactDigest) {
  ShowingHasher hasher;
  EXPECT_TRUE(signature_matches("H(o20010.00k)", "o", "200", "10.00", "k", hasher));
  EXPECT_FALSE(signature_matches("H(o20010.00k) ", "o", "200", "10.00", "k", hasher));
  EXPECT_FALSE(signature_matches("H(o20010k)", "o", "200", "10.00", "k", hasher));
  EXPECT_FALSE(signature_matches("h(o20010.00k)", "o", "200", "10.00", "k", hasher));
}

TEST(Signature, EmptyKeyOrSignatureNeverMatches) {
  ShowingHasher hasher;
  EXPECT_FALSE(signature_matches("H(o20010.00)", "o", "200", "10.00", "", hasher));
  EXPECT_FALSE(signature_matches("", "", "", "", "k", hasher));
}

TEST(Signature, NotificationOverloadUsesItsFields) {
  ShowingHasher hasher;
  MidtransNotification n;
  n.order_id = "JNJ-1";
  n.status_code = "201";
  n.gross_amount = "150000.00";
  n.signature_key = "H(JNJ-1201150000.00secret)";
  EXPECT_TRUE(signature_matches(n, "secret", hasher));
  EXPECT_FALSE(signature_matches(n, "other", hasher));
  n.status_code = "200";  // a changed field breaks it
  EXPECT_FALSE(signature_matches(n, "secret", hasher));
}

TEST(Signature, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "xbc"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("abc", ""));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0c", 3), std::string_view("a\0d", 3)));
}

}  // namespace
}  // namespace janji::payments
