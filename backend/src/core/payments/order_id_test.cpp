#include "core/payments/order_id.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace janji::payments {
namespace {

constexpr const char* kBooking = "3f2b8c1e-9a4d-4e7f-b123-0c9d8e7f6a5b";

TEST(OrderId, EncodesBookingAndAttempt) {
  EXPECT_EQ(order_id_for(kBooking, 1), "JNJ-3f2b8c1e9a4d4e7fb1230c9d8e7f6a5b-1");
  EXPECT_EQ(order_id_for(kBooking, 12), "JNJ-3f2b8c1e9a4d4e7fb1230c9d8e7f6a5b-12");
}

TEST(OrderId, UpperCaseUuidGivesTheSameId) {
  EXPECT_EQ(order_id_for("3F2B8C1E-9A4D-4E7F-B123-0C9D8E7F6A5B", 3), order_id_for(kBooking, 3));
}

TEST(OrderId, StaysWithinMidtransLimitsForTheLargestAttempt) {
  const std::string id = order_id_for(kBooking, UINT32_MAX);
  EXPECT_EQ(id.size(), 4u + 32u + 1u + 10u);
  EXPECT_LE(id.size(), kMaxOrderIdLength);
  EXPECT_TRUE(is_valid_order_id(id));
}

TEST(OrderId, RefusesWhatIsNotABookingId) {
  EXPECT_THROW(order_id_for("not-a-uuid", 1), std::invalid_argument);
  EXPECT_THROW(order_id_for("", 1), std::invalid_argument);
  EXPECT_THROW(order_id_for(kBooking, 0), std::invalid_argument);
}

TEST(OrderId, RoundTrips) {
  for (const std::uint32_t attempt : {1u, 2u, 9u, 10u, 99u, 1000u, UINT32_MAX}) {
    const auto ref = parse_order_id(order_id_for(kBooking, attempt));
    ASSERT_TRUE(ref.has_value()) << attempt;
    EXPECT_EQ(ref->booking_id, kBooking);
    EXPECT_EQ(ref->attempt, attempt);
  }
}

TEST(OrderId, ParsesOnlyItsOwnFormat) {
  const std::string hex = "3f2b8c1e9a4d4e7fb1230c9d8e7f6a5b";
  const std::vector<std::string> bad_ids{
      std::string(""),
      std::string("order-id-node-1541395013"),       // someone else's order
      "JNJ-" + hex,                                  // no attempt
      "JNJ-" + hex + "-",                            // empty attempt
      "JNJ-" + hex + "-0",                           // attempts start at 1
      "JNJ-" + hex + "-01",                          // leading zero: not canonical
      "JNJ-" + hex + "-4294967296",                  // beyond 32 bits
      "JNJ-" + hex + "-12345678901",                 // too many digits
      "JNJ-" + hex + "-1x",                          // trailing junk
      "JNJ-" + hex + "-+1",                          // sign
      "JNJ-" + hex + "-1 ",                          // space
      "JNJ-3F2B8C1E9A4D4E7FB1230C9D8E7F6A5B-1",      // upper case: not what we issue
      "JNJ-" + hex.substr(1) + "-1",                 // 31 digits
      "JNJ-" + hex + "0-1",                          // 33 digits
      "JNJ-3f2b8c1e-9a4d-4e7f-b123-0c9d8e7f6a5b-1",  // UUID with hyphens
      "JNJ-" + hex.substr(0, 31) + "g-1",            // not hex
      "jnj-" + hex + "-1",                           // prefix case
      "XJNJ-" + hex + "-1",
  };
  for (const std::string& bad : bad_ids) {
    EXPECT_FALSE(parse_order_id(bad).has_value()) << bad;
  }
}

TEST(OrderId, MidtransAlphabet) {
  EXPECT_TRUE(is_valid_order_id("a"));
  EXPECT_TRUE(is_valid_order_id("Az09-_~."));
  EXPECT_TRUE(is_valid_order_id(std::string(50, 'x')));
  EXPECT_FALSE(is_valid_order_id(std::string(51, 'x')));
  EXPECT_FALSE(is_valid_order_id(""));
  for (const char* bad : {"a b", "a/b", "a+b", "a:b", "a@b", "a#b", "a?b", "a%b", "caf\xC3\xA9"}) {
    EXPECT_FALSE(is_valid_order_id(bad)) << bad;
  }
}

}  // namespace
}  // namespace janji::payments
