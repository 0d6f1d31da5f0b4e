#include "adapters/payments/openssl_sha512.hpp"

#include <gtest/gtest.h>

#include "core/payments/signature.hpp"

namespace janji::payments {
namespace {

// CONTRACTS.md 1.6: mt-node examples/expressApp (README notification, app.js server key).
constexpr const char* kOrderId = "order-id-node-1541395013";
constexpr const char* kStatusCode = "200";
constexpr const char* kGrossAmount = "200000.00";
constexpr const char* kServerKey = "SB-Mid-server-GwUP_WGbJPXsDzsNEBRs8IYA";
constexpr const char* kSignature =
    "d302bfcb2db008f17343e4c3b56cb20a0b22d0951ede6a7cdbfcd31f4a5d0d89d0a5230c333dd2fc5803cfbe85"
    "67ad146fb3c574d4050a87b4d81661e5d870de";

TEST(OpenSslSha512, KnownDigests) {
  const OpenSslSha512 sha;
  // FIPS 180-2 examples.
  EXPECT_EQ(sha.hex_digest("abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
            "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(sha.hex_digest(""),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318"
            "d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(sha.hex_digest(std::string_view("a\0b", 3)).size(), 128u);
}

TEST(MidtransSignature, ContractsTestVector) {
  const OpenSslSha512 sha;
  EXPECT_EQ(expected_signature(kOrderId, kStatusCode, kGrossAmount, kServerKey, sha), kSignature);
  EXPECT_TRUE(signature_matches(kSignature, kOrderId, kStatusCode, kGrossAmount, kServerKey, sha));
}

TEST(MidtransSignature, AnyChangeFails) {
  const OpenSslSha512 sha;
  // The amount re-formatted as a number: CONTRACTS 1.6's suggested negative test.
  EXPECT_FALSE(signature_matches(kSignature, kOrderId, kStatusCode, "200000", kServerKey, sha));
  EXPECT_FALSE(signature_matches(kSignature, kOrderId, "201", kGrossAmount, kServerKey, sha));
  EXPECT_FALSE(signature_matches(kSignature, "order-id-node-1541395014", kStatusCode, kGrossAmount,
                                 kServerKey, sha));
  EXPECT_FALSE(signature_matches(kSignature, kOrderId, kStatusCode, kGrossAmount,
                                 "SB-Mid-server-GwUP_WGbJPXsDzsNEBRs8IYB", sha));
  std::string flipped = kSignature;
  flipped.back() = 'f';
  EXPECT_FALSE(signature_matches(flipped, kOrderId, kStatusCode, kGrossAmount, kServerKey, sha));
  std::string upper = kSignature;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(signature_matches(upper, kOrderId, kStatusCode, kGrossAmount, kServerKey, sha));
  EXPECT_FALSE(signature_matches(std::string(kSignature).substr(0, 127), kOrderId, kStatusCode,
                                 kGrossAmount, kServerKey, sha));
}

TEST(MidtransSignature, NotificationWithTheVector) {
  const OpenSslSha512 sha;
  MidtransNotification n;
  n.order_id = kOrderId;
  n.status_code = kStatusCode;
  n.gross_amount = kGrossAmount;
  n.signature_key = kSignature;
  n.transaction_status = "settlement";
  EXPECT_TRUE(signature_matches(n, kServerKey, sha));
  EXPECT_FALSE(signature_matches(n, "", sha));
}

}  // namespace
}  // namespace janji::payments
