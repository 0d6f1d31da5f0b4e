#include "core/bookings/booking.hpp"

#include <gtest/gtest.h>

namespace janji::bookings {
namespace {

using common::Instant;

constexpr auto kPending = BookingStatus::kPending;
constexpr auto kConfirmed = BookingStatus::kConfirmed;
constexpr auto kCancelled = BookingStatus::kCancelled;
constexpr auto kCompleted = BookingStatus::kCompleted;
constexpr auto kNoShow = BookingStatus::kNoShow;

// December 2026 in UTC (the rules compare instants; zones do not enter).
Instant at(int day, int hour, int minute = 0) {
  using namespace std::chrono;
  return Instant{sys_days{year{2026} / December / day}.time_since_epoch()} + hours{hour} +
         minutes{minute};
}

// The appointment starts on 10 December at 10:00; cutoff 24 hours.
TransitionClock when(Instant now) { return {now, at(10, 10), 24}; }

std::string code_of(const common::Result<BookingStatus>& r) {
  return r ? std::string("ok:") + std::string(to_string(*r)) : r.error().code;
}

TEST(BookingStatusText, RoundTrips) {
  for (auto s : {kPending, kConfirmed, kCancelled, kCompleted, kNoShow}) {
    EXPECT_EQ(parse_booking_status(to_string(s)), s);
  }
  EXPECT_EQ(to_string(kNoShow), "no_show");
  EXPECT_FALSE(parse_booking_status("Pending"));
  for (auto p : {PaymentStatus::kUnpaid, PaymentStatus::kPaid, PaymentStatus::kRefunded}) {
    EXPECT_EQ(parse_payment_status(to_string(p)), p);
  }
  EXPECT_FALSE(parse_payment_status("free"));
  EXPECT_TRUE(holds_slot(kPending));
  EXPECT_TRUE(holds_slot(kConfirmed));
  EXPECT_FALSE(holds_slot(kCancelled));
  EXPECT_FALSE(holds_slot(kCompleted));
  EXPECT_FALSE(holds_slot(kNoShow));
}

TEST(BookingStatusMachine, ConfirmOnlyPendingByStaff) {
  const auto early = when(at(1, 9));
  EXPECT_EQ(code_of(next_status(kPending, BookingAction::kConfirm, Actor::kProvider, early)),
            "ok:confirmed");
  EXPECT_EQ(code_of(next_status(kPending, BookingAction::kConfirm, Actor::kAdmin, early)),
            "ok:confirmed");
  EXPECT_EQ(code_of(next_status(kPending, BookingAction::kConfirm, Actor::kCustomer, early)),
            "AUTH_003");
  for (auto from : {kConfirmed, kCancelled, kCompleted, kNoShow}) {
    EXPECT_EQ(code_of(next_status(from, BookingAction::kConfirm, Actor::kProvider, early)),
              "BOOKING_004");
  }
}

TEST(BookingStatusMachine, RejectIsStaffOnlyOnActiveBookings) {
  const auto early = when(at(1, 9));
  for (auto from : {kPending, kConfirmed}) {
    EXPECT_EQ(code_of(next_status(from, BookingAction::kReject, Actor::kProvider, early)),
              "ok:cancelled");
    EXPECT_EQ(code_of(next_status(from, BookingAction::kReject, Actor::kCustomer, early)),
              "AUTH_003");
  }
  for (auto from : {kCancelled, kCompleted, kNoShow}) {
    EXPECT_EQ(code_of(next_status(from, BookingAction::kReject, Actor::kAdmin, early)),
              "BOOKING_004");
  }
}

TEST(BookingStatusMachine, CustomerCancelsConfirmedOnlyBeforeTheCutoff) {
  // Pending: any time, even after the cutoff.
  EXPECT_EQ(
      code_of(next_status(kPending, BookingAction::kCancel, Actor::kCustomer, when(at(10, 9)))),
      "ok:cancelled");
  // Confirmed: exactly 24 hours before is still allowed; a minute later is not.
  EXPECT_EQ(
      code_of(next_status(kConfirmed, BookingAction::kCancel, Actor::kCustomer, when(at(9, 10)))),
      "ok:cancelled");
  EXPECT_EQ(code_of(next_status(kConfirmed, BookingAction::kCancel, Actor::kCustomer,
                                when(at(9, 10, 1)))),
            "BOOKING_003");
  // Staff are not bound by the cutoff.
  EXPECT_EQ(
      code_of(next_status(kConfirmed, BookingAction::kCancel, Actor::kProvider, when(at(10, 9)))),
      "ok:cancelled");
  // A cutoff of 0 hours allows cancelling up to the start.
  EXPECT_EQ(code_of(next_status(kConfirmed, BookingAction::kCancel, Actor::kCustomer,
                                TransitionClock{at(10, 9, 59), at(10, 10), 0})),
            "ok:cancelled");
  for (auto from : {kCancelled, kCompleted, kNoShow}) {
    EXPECT_EQ(code_of(next_status(from, BookingAction::kCancel, Actor::kAdmin, when(at(1, 9)))),
              "BOOKING_004");
  }
}

TEST(BookingStatusMachine, CompleteAndNoShowOnceStarted) {
  for (auto action : {BookingAction::kComplete, BookingAction::kNoShow}) {
    const std::string done = action == BookingAction::kComplete ? "ok:completed" : "ok:no_show";
    EXPECT_EQ(code_of(next_status(kConfirmed, action, Actor::kProvider, when(at(10, 10)))), done);
    EXPECT_EQ(code_of(next_status(kConfirmed, action, Actor::kAdmin, when(at(11, 8)))), done);
    EXPECT_EQ(code_of(next_status(kConfirmed, action, Actor::kProvider, when(at(10, 9, 59)))),
              "BOOKING_005");
    EXPECT_EQ(code_of(next_status(kConfirmed, action, Actor::kCustomer, when(at(10, 11)))),
              "AUTH_003");
    for (auto from : {kPending, kCancelled, kCompleted, kNoShow}) {
      EXPECT_EQ(code_of(next_status(from, action, Actor::kProvider, when(at(10, 11)))),
                "BOOKING_004");
    }
  }
}

}  // namespace
}  // namespace janji::bookings
