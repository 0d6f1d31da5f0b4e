// The payment hold sweeper on the real database (SQLite, or PostgreSQL with DB_DRIVER=postgres):
// every lapsed hold cancelled exactly once however many sweepers run, and a sweeper racing
// settlements ends each booking one way or the other, never both.
#include <gtest/gtest.h>

#include "support/payment_repository_suite.hpp"

namespace janji::testing {
namespace {

// ---------------------------------------------------------------------------------------------
// The hold sweeper
// ---------------------------------------------------------------------------------------------

TEST_F(SqlPaymentRepositoryTest, TwoSweepersCancelEachLapsedHoldExactlyOnce) {
  constexpr int kLapsed = 50;
  std::set<std::string> lapsed;
  for (int k = 0; k < kLapsed; ++k) lapsed.insert(make_booking(6 * 60 + k * 15, kLapsedDue).id);
  // Left alone: due later, paid (pending or confirmed), no hold at all, already cancelled.
  const std::vector<Booking> untouched = {
      make_booking(20 * 60, std::string(kLaterDue)),
      make_booking(20 * 60 + 15, std::string(kLapsedDue), BookingStatus::kPending,
                   PaymentStatus::kPaid),
      make_booking(20 * 60 + 30, std::string(kLapsedDue), BookingStatus::kConfirmed,
                   PaymentStatus::kPaid),
      make_booking(20 * 60 + 45, std::nullopt),
      make_booking(21 * 60, std::string(kLapsedDue), BookingStatus::kCancelled)};

  const payments::HoldCancellation how{"Payment was not received in time", kSweepNow,
                                       at(kSweepNow)};
  std::mutex mutex;
  std::vector<LapsedHold> cancelled;
  std::atomic<int> errors{0};
  const auto announce = [&](const LapsedHold& hold) {
    return std::vector<NotificationRow>{
        {new_id(), hold.customer_id, hold.booking_id, "booking_cancelled", kSweepNow, "customer",
         "system", std::nullopt},
        {new_id(), hold.provider_user_id, hold.booking_id, "booking_cancelled", kSweepNow,
         "provider", "system", std::nullopt}};
  };
  std::latch go(2);
  std::vector<std::thread> sweepers;
  for (int s = 0; s < 2; ++s) {
    sweepers.emplace_back([&] {
      go.arrive_and_wait();
      for (;;) {
        auto batch = payments_.cancel_lapsed_holds(at(kSweepNow), 7, how, announce);
        if (!batch) {
          ++errors;
          ADD_FAILURE() << batch.error().code << ": " << batch.error().message;
          return;
        }
        if (batch->empty()) return;
        std::lock_guard lock(mutex);
        cancelled.insert(cancelled.end(), batch->begin(), batch->end());
      }
    });
  }
  for (auto& t : sweepers) t.join();
  EXPECT_EQ(errors, 0);

  std::multiset<std::string> ids;
  for (const LapsedHold& hold : cancelled) {
    ids.insert(hold.booking_id);
    EXPECT_EQ(hold.customer_id, customer_id_);
    EXPECT_EQ(hold.provider_id, provider_id_);
    EXPECT_EQ(hold.provider_user_id, provider_user_id_);
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kLapsed));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), lapsed);
  for (const std::string& id : lapsed) {
    EXPECT_EQ(ids.count(id), 1u) << id;
    const Booking b = stored_booking(id);
    EXPECT_EQ(b.status, BookingStatus::kCancelled);
    EXPECT_EQ(b.cancellation_reason, "Payment was not received in time");
    EXPECT_EQ(b.cancelled_at, kSweepNow);
    EXPECT_EQ(b.updated_at, kSweepNow);
    EXPECT_EQ(outbox_of(id), 2) << id;
  }
  for (const Booking& before : untouched) {
    const Booking b = stored_booking(before.id);
    EXPECT_EQ(b.status, before.status) << before.id;
    EXPECT_EQ(b.payment_status, before.payment_status);
    EXPECT_EQ(b.updated_at, kCreatedAt);
    EXPECT_EQ(outbox_of(before.id), 0);
  }
  // The slot is free again: a booking of the same time is accepted.
  EXPECT_EQ(make_booking(6 * 60, std::nullopt).status, BookingStatus::kPending);
  // Nothing is left to sweep until the later hold runs out.
  auto nothing = payments_.cancel_lapsed_holds(at(kSweepNow), 100, how, announce);
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty());
  auto later = payments_.cancel_lapsed_holds(at(kLaterDue), 100, how, announce);
  ASSERT_TRUE(later);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ(later->front().booking_id, untouched.front().id);
}

TEST_F(SqlPaymentRepositoryTest, SweeperAndSettlementRaceEndOneWayOrTheOther) {
  // Each booking is either paid or cancelled, never both, and its outbox says which.
  constexpr int kBookings = 10;
  std::vector<Booking> bookings;
  std::vector<Payment> attempts;
  for (int k = 0; k < kBookings; ++k) {
    bookings.push_back(make_booking(6 * 60 + k * 15, kLapsedDue));
    attempts.push_back(*payments_.insert_attempt(attempt_of(bookings.back(), 1)));
  }
  const payments::HoldCancellation how{"Payment was not received in time", kSweepNow,
                                       at(kSweepNow)};
  const auto announce = [&](const LapsedHold& hold) {
    return std::vector<NotificationRow>{{new_id(), hold.customer_id, hold.booking_id,
                                         "booking_cancelled", kSweepNow, "customer", "system",
                                         std::nullopt}};
  };
  // Settles only a booking that is still pending (a cancelled one needs a person).
  const auto decide = [this](const Payment& p, const Booking& b) {
    if (b.status != BookingStatus::kPending) {
      NotificationEffect e;
      e.outcome = "booking no longer pending";
      return e;
    }
    return settle()(p, b);
  };
  std::latch go(2);
  std::thread sweeper([&] {
    go.arrive_and_wait();
    while (!payments_.cancel_lapsed_holds(at(kSweepNow), 1, how, announce)->empty()) {
    }
  });
  std::thread payer([&] {
    go.arrive_and_wait();
    for (const Payment& p : attempts) {
      EXPECT_TRUE(payments_.apply_notification(p.order_id, record_for(p.order_id), decide));
    }
  });
  sweeper.join();
  payer.join();
  for (int k = 0; k < kBookings; ++k) {
    const Booking b = stored_booking(bookings[k].id);
    const Payment p = stored_payment(attempts[k].id);
    if (b.status == BookingStatus::kConfirmed) {
      EXPECT_EQ(b.payment_status, PaymentStatus::kPaid);
      EXPECT_EQ(p.status, PaymentState::kPaid);
    } else {
      EXPECT_EQ(b.status, BookingStatus::kCancelled);
      EXPECT_EQ(b.payment_status, PaymentStatus::kUnpaid);
      EXPECT_EQ(p.status, PaymentState::kPending);
    }
    EXPECT_EQ(outbox_of(b.id), 1) << b.id;
  }
}

}  // namespace
}  // namespace janji::testing
