#include "core/payments/payment_simulator.hpp"

#include <gtest/gtest.h>

#include "core/payments/payment.hpp"

namespace janji::payments {
namespace {

TEST(ParseRupiah, ReadsMidtransAmountsAsWholeRupiah) {
  EXPECT_EQ(parse_rupiah("10000.00"), 10000);
  EXPECT_EQ(parse_rupiah("10000"), 10000);
  EXPECT_EQ(parse_rupiah("350000.0"), 350000);
  EXPECT_EQ(parse_rupiah("0.00"), 0);
}

TEST(ParseRupiah, RefusesSenSignsAndNoise) {
  for (const char* bad : {"", ".00", "10000.", "10000.50", "10000.001", "-5.00", "1e5", "10 000",
                          "10000.00 ", "12345678901234567.00"}) {
    EXPECT_FALSE(parse_rupiah(bad).has_value()) << bad;
  }
}

TEST(PaymentState, OnlyPendingAndChallengeAreLive) {
  EXPECT_TRUE(is_live(PaymentState::kPending));
  EXPECT_TRUE(is_live(PaymentState::kChallenge));
  for (auto s : {PaymentState::kDenied, PaymentState::kFailed, PaymentState::kExpired,
                 PaymentState::kCancelled, PaymentState::kPaid, PaymentState::kPartiallyRefunded,
                 PaymentState::kRefunded}) {
    EXPECT_FALSE(is_live(s)) << to_string(s);
  }
}

TEST(SimulatedOutcome, ParsesTheThreeButtons) {
  EXPECT_EQ(parse_simulated_outcome("pay"), SimulatedOutcome::kPay);
  EXPECT_EQ(parse_simulated_outcome("fail"), SimulatedOutcome::kFail);
  EXPECT_EQ(parse_simulated_outcome("expire"), SimulatedOutcome::kExpire);
  EXPECT_FALSE(parse_simulated_outcome("PAY"));
  EXPECT_FALSE(parse_simulated_outcome(""));
}

// What Get Status says of each stored state reads back as that state: the simulator gateway's
// answers go through the same interpret() as Midtrans' would.
TEST(SimulatedStatus, ReadsBackAsTheStoredState) {
  Payment p;
  p.order_id = "JNJ-0123456789abcdef0123456789abcdef-1";
  p.gross_amount = 350000;
  p.refunded_amount = 100000;
  for (auto s : {PaymentState::kPending, PaymentState::kChallenge, PaymentState::kDenied,
                 PaymentState::kFailed, PaymentState::kExpired, PaymentState::kCancelled,
                 PaymentState::kPaid, PaymentState::kPartiallyRefunded, PaymentState::kRefunded}) {
    p.status = s;
    const MidtransNotification n = simulated_status(p);
    EXPECT_EQ(n.gross_amount, "350000.00");
    EXPECT_EQ(n.order_id, p.order_id);
    const PaymentEvent e = interpret(n);
    EXPECT_TRUE(e.actionable) << to_string(s) << ": " << e.reason;
    EXPECT_EQ(e.state, s) << to_string(s);
  }
}

}  // namespace
}  // namespace janji::payments
