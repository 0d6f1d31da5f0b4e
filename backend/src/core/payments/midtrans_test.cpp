#include "core/payments/midtrans.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace janji::payments {
namespace {

MidtransNotification note(std::string status, std::optional<std::string> fraud = std::nullopt,
                          std::string code = "200") {
  MidtransNotification n;
  n.order_id = "JNJ-3f2b8c1e9a4d4e7fb1230c9d8e7f6a5b-1";
  n.status_code = std::move(code);
  n.gross_amount = "150000.00";
  n.transaction_status = std::move(status);
  n.fraud_status = std::move(fraud);
  return n;
}

PaymentState state_of(const MidtransNotification& n) {
  const PaymentEvent event = interpret(n);
  EXPECT_TRUE(event.actionable) << n.transaction_status << ": " << event.reason;
  return event.state;
}

// --- statuses ---

TEST(TransactionStatus, ParsesEveryStatusOfTheTableCaseInsensitively) {
  const std::array<std::pair<const char*, TransactionStatus>, 10> table{{
      {"authorize", TransactionStatus::kAuthorize},
      {"capture", TransactionStatus::kCapture},
      {"settlement", TransactionStatus::kSettlement},
      {"pending", TransactionStatus::kPending},
      {"deny", TransactionStatus::kDeny},
      {"cancel", TransactionStatus::kCancel},
      {"expire", TransactionStatus::kExpire},
      {"failure", TransactionStatus::kFailure},
      {"refund", TransactionStatus::kRefund},
      {"partial_refund", TransactionStatus::kPartialRefund},
  }};
  for (const auto& [text, status] : table) {
    EXPECT_EQ(parse_transaction_status(text), status) << text;
    EXPECT_EQ(to_string(status), text);
  }
  EXPECT_EQ(parse_transaction_status("PENDING"), TransactionStatus::kPending);  // DANA sample
  EXPECT_EQ(parse_transaction_status("Settlement"), TransactionStatus::kSettlement);
  for (const char* bad : {"", "settled", "expired", " pending", "partial-refund", "chargeback"}) {
    EXPECT_FALSE(parse_transaction_status(bad).has_value()) << bad;
  }
}

TEST(FraudStatus, Parses) {
  EXPECT_EQ(parse_fraud_status("accept"), FraudStatus::kAccept);
  EXPECT_EQ(parse_fraud_status("CHALLENGE"), FraudStatus::kChallenge);
  EXPECT_EQ(parse_fraud_status("deny"), FraudStatus::kDeny);
  EXPECT_FALSE(parse_fraud_status("accepted").has_value());
  EXPECT_FALSE(parse_fraud_status("").has_value());
}

TEST(PaymentState, NamesRoundTrip) {
  for (const PaymentState s :
       {PaymentState::kPending, PaymentState::kChallenge, PaymentState::kDenied,
        PaymentState::kFailed, PaymentState::kExpired, PaymentState::kCancelled,
        PaymentState::kPaid, PaymentState::kPartiallyRefunded, PaymentState::kRefunded}) {
    EXPECT_EQ(parse_payment_state(to_string(s)), s) << to_string(s);
  }
  EXPECT_EQ(to_string(PaymentState::kPartiallyRefunded), "partially_refunded");
  EXPECT_FALSE(parse_payment_state("PAID").has_value());
  EXPECT_FALSE(parse_payment_state("settlement").has_value());
}

// --- interpret (CONTRACTS 1.7) ---

TEST(Interpret, SuccessIsSettlementOrCaptureAccept) {
  EXPECT_EQ(state_of(note("settlement")), PaymentState::kPaid);  // cstore: no fraud_status
  EXPECT_EQ(state_of(note("settlement", "accept")), PaymentState::kPaid);
  EXPECT_EQ(state_of(note("capture", "accept")), PaymentState::kPaid);
  EXPECT_EQ(state_of(note("capture")), PaymentState::kPaid);
  EXPECT_EQ(state_of(note("SETTLEMENT", "ACCEPT")), PaymentState::kPaid);
  EXPECT_EQ(state_of(note("settlement", "")), PaymentState::kPaid);  // empty = absent
}

TEST(Interpret, ChallengeIsHeldForReview) {
  EXPECT_EQ(state_of(note("capture", "challenge")), PaymentState::kChallenge);
  EXPECT_EQ(state_of(note("settlement", "challenge")), PaymentState::kChallenge);
}

TEST(Interpret, FraudDenyIsDenied) {
  EXPECT_EQ(state_of(note("capture", "deny")), PaymentState::kDenied);
  EXPECT_EQ(state_of(note("settlement", "deny")), PaymentState::kDenied);
}

TEST(Interpret, EveryOtherStatus) {
  EXPECT_EQ(state_of(note("pending", std::nullopt, "201")), PaymentState::kPending);
  EXPECT_EQ(state_of(note("authorize", "accept")), PaymentState::kPending);
  EXPECT_EQ(state_of(note("deny", "accept", "202")), PaymentState::kDenied);
  EXPECT_EQ(state_of(note("deny", "deny", "202")), PaymentState::kDenied);
  EXPECT_EQ(state_of(note("cancel")), PaymentState::kCancelled);
  EXPECT_EQ(state_of(note("expire", std::nullopt, "407")), PaymentState::kExpired);
  EXPECT_EQ(state_of(note("failure", std::nullopt, "202")), PaymentState::kFailed);
  EXPECT_EQ(state_of(note("refund")), PaymentState::kRefunded);
  EXPECT_EQ(state_of(note("partial_refund")), PaymentState::kPartiallyRefunded);
}

TEST(Interpret, KeepsWhatItRead) {
  const PaymentEvent event = interpret(note("capture", "challenge"));
  EXPECT_EQ(event.status, TransactionStatus::kCapture);
  EXPECT_EQ(event.fraud, FraudStatus::kChallenge);
}

TEST(Interpret, SuccessWithoutStatusCode200IsNotApplied) {
  for (const char* code : {"201", "202", "407", "", "200 "}) {
    const PaymentEvent event = interpret(note("settlement", "accept", code));
    EXPECT_FALSE(event.actionable) << code;
    EXPECT_NE(event.reason.find("status_code"), std::string::npos);
  }
}

TEST(Interpret, UnknownStatusesAreNotApplied) {
  EXPECT_FALSE(interpret(note("chargeback")).actionable);
  EXPECT_FALSE(interpret(note("")).actionable);
  const PaymentEvent odd_fraud = interpret(note("settlement", "maybe"));
  EXPECT_FALSE(odd_fraud.actionable);
  EXPECT_NE(odd_fraud.reason.find("fraud_status"), std::string::npos);
  // An odd fraud_status on a non-success does not matter.
  EXPECT_EQ(state_of(note("expire", "maybe")), PaymentState::kExpired);
}

// --- the forward-only order, every pair ---

TEST(MovesForward, EveryPair) {
  using S = PaymentState;
  constexpr std::array<S, 9> kStates{S::kPending, S::kChallenge,         S::kDenied,
                                     S::kFailed,  S::kExpired,           S::kCancelled,
                                     S::kPaid,    S::kPartiallyRefunded, S::kRefunded};
  // Row: from; column: to, in the order of kStates. Written out, not derived from the ranks.
  constexpr std::array<std::array<int, 9>, 9> kExpected{{
      //          pend chal deny fail expi canc paid part refu
      /* pend */ {0, 1, 1, 1, 1, 1, 1, 1, 1},
      /* chal */ {0, 0, 1, 1, 1, 1, 1, 1, 1},
      /* deny */ {0, 0, 0, 0, 1, 1, 1, 1, 1},
      /* fail */ {0, 0, 0, 0, 1, 1, 1, 1, 1},
      /* expi */ {0, 0, 0, 0, 0, 0, 1, 1, 1},
      /* canc */ {0, 0, 0, 0, 0, 0, 1, 1, 1},
      /* paid */ {0, 0, 0, 0, 0, 0, 0, 1, 1},
      /* part */ {0, 0, 0, 0, 0, 0, 0, 0, 1},
      /* refu */ {0, 0, 0, 0, 0, 0, 0, 0, 0},
  }};
  for (std::size_t from = 0; from < kStates.size(); ++from) {
    for (std::size_t to = 0; to < kStates.size(); ++to) {
      EXPECT_EQ(moves_forward(kStates[from], kStates[to]), kExpected[from][to] == 1)
          << to_string(kStates[from]) << " -> " << to_string(kStates[to]);
    }
  }
}

TEST(MovesForward, OutOfOrderDeliveriesEndInTheSameState) {
  // Apply a sequence of notifications the way the callback will: only forward moves.
  const auto run = [](std::initializer_list<MidtransNotification> notes) {
    PaymentState state = PaymentState::kPending;
    for (const auto& n : notes) {
      const PaymentEvent e = interpret(n);
      if (e.actionable && moves_forward(state, e.state)) state = e.state;
    }
    return state;
  };
  const auto pending = note("pending", std::nullopt, "201");
  const auto settled = note("settlement");
  const auto expired = note("expire", std::nullopt, "407");
  const auto denied = note("deny", "accept", "202");
  EXPECT_EQ(run({pending, settled}), PaymentState::kPaid);
  EXPECT_EQ(run({settled, pending}), PaymentState::kPaid);  // late pending changes nothing
  EXPECT_EQ(run({settled, settled, settled}), PaymentState::kPaid);
  EXPECT_EQ(run({pending, expired, pending}), PaymentState::kExpired);
  EXPECT_EQ(run({denied, pending}), PaymentState::kDenied);
  EXPECT_EQ(run({denied, settled}), PaymentState::kPaid);  // retried on the Snap page
  EXPECT_EQ(run({note("capture", "challenge"), note("capture", "accept")}), PaymentState::kPaid);
  EXPECT_EQ(run({note("capture", "challenge"), note("cancel")}), PaymentState::kCancelled);
  EXPECT_EQ(run({settled, note("cancel")}), PaymentState::kPaid);
  EXPECT_EQ(run({settled, note("refund"), settled}), PaymentState::kRefunded);
  EXPECT_EQ(run({settled, note("refund"), note("partial_refund")}), PaymentState::kRefunded);
}

TEST(PaymentStateFacts, WhatEachStateAllows) {
  using S = PaymentState;
  EXPECT_TRUE(is_paid(S::kPaid));
  EXPECT_FALSE(is_paid(S::kChallenge));
  EXPECT_FALSE(is_paid(S::kRefunded));
  EXPECT_TRUE(frees_slot(S::kExpired));
  EXPECT_TRUE(frees_slot(S::kCancelled));
  EXPECT_FALSE(frees_slot(S::kDenied));
  EXPECT_FALSE(frees_slot(S::kPaid));
  for (const S s : {S::kDenied, S::kFailed, S::kExpired, S::kCancelled}) {
    EXPECT_TRUE(allows_new_attempt(s)) << to_string(s);
  }
  for (const S s : {S::kPending, S::kChallenge, S::kPaid, S::kPartiallyRefunded, S::kRefunded}) {
    EXPECT_FALSE(allows_new_attempt(s)) << to_string(s);
  }
  EXPECT_TRUE(is_refund(S::kRefunded));
  EXPECT_TRUE(is_refund(S::kPartiallyRefunded));
  EXPECT_FALSE(is_refund(S::kPaid));
}

// --- Snap request ---

SnapRequest good_request() {
  SnapRequest r;
  r.order_id = "JNJ-3f2b8c1e9a4d4e7fb1230c9d8e7f6a5b-1";
  r.gross_amount = 150000;
  r.items = {{"svc-1", 100000, 1, "Konsultasi"}, {"fee", 25000, 2, "Biaya layanan"}};
  return r;
}

TEST(SnapRequestValidate, AcceptsItemsThatSumToTheGross) {
  EXPECT_TRUE(validate(good_request()).has_value());
  SnapRequest with_discount = good_request();
  with_discount.items.push_back({"promo", -50000, 1, "Diskon"});
  with_discount.gross_amount = 100000;
  EXPECT_TRUE(validate(with_discount).has_value());
}

TEST(SnapRequestValidate, RefusesWhatMidtransWouldRefuse) {
  const auto problems_of = [](const SnapRequest& r) {
    const auto result = validate(r);
    EXPECT_FALSE(result.has_value());
    return result ? std::map<std::string, std::string>{} : result.error().details;
  };
  SnapRequest r = good_request();
  r.gross_amount = 150001;
  EXPECT_TRUE(problems_of(r).contains("item_details"));
  r = good_request();
  r.order_id = "has space";
  EXPECT_TRUE(problems_of(r).contains("transaction_details.order_id"));
  r = good_request();
  r.gross_amount = 0;
  r.items = {{"x", 0, 1, "free"}};
  EXPECT_TRUE(problems_of(r).contains("transaction_details.gross_amount"));
  r = good_request();
  r.items[0].name.clear();
  EXPECT_TRUE(problems_of(r).contains("item_details[0].name"));
  r = good_request();
  r.items[1].quantity = 0;
  EXPECT_TRUE(problems_of(r).contains("item_details[1].quantity"));
  r = good_request();
  r.items = {};
  EXPECT_TRUE(problems_of(r).contains("item_details"));
  r = good_request();
  r.items = {{"a", INT64_MAX, 2, "huge"}};
  EXPECT_EQ(problems_of(r).at("item_details"), "the items' total is out of range");
  r = good_request();
  r.expiry = SnapExpiry{};
  EXPECT_TRUE(problems_of(r).contains("expiry.duration"));
}

TEST(MidtransTime, FormatsInTheGivenOffset) {
  using namespace std::chrono;
  const common::Instant at = sys_days{2025y / December / 20} + 11h + 11min + 8s + 450ms;
  EXPECT_EQ(midtrans_time(at, hours(7)), "2025-12-20 18:11:08 +0700");
  EXPECT_EQ(midtrans_time(at, minutes(0)), "2025-12-20 11:11:08 +0000");
  EXPECT_EQ(midtrans_time(at, hours(14)), "2025-12-21 01:11:08 +1400");
  EXPECT_EQ(midtrans_time(at, -minutes(210)), "2025-12-20 07:41:08 -0330");
  EXPECT_EQ(to_string(ExpiryUnit::kMinute), "minute");
  EXPECT_EQ(to_string(ExpiryUnit::kHour), "hour");
  EXPECT_EQ(to_string(ExpiryUnit::kDay), "day");
}

}  // namespace
}  // namespace janji::payments
