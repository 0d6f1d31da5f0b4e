// The SQL payment repository (issue 13) against the real database: SQLite by default,
// PostgreSQL when the environment says DB_DRIVER=postgres. What it must make true by
// construction: one live attempt per booking, a notification applied in one transaction with
// its booking, outbox rows and record (all or nothing), concurrent notifications one after the
// other, and every lapsed hold cancelled exactly once however many sweepers run. Also the
// columns issue 13 added elsewhere: requires_payment, priced, payment_due_at.
#include <gtest/gtest.h>

#include "support/payment_repository_suite.hpp"

namespace janji::testing {
namespace {

// ---------------------------------------------------------------------------------------------
// Columns issue 13 added to providers, services (read) and bookings
// ---------------------------------------------------------------------------------------------

TEST_F(SqlPaymentRepositoryTest, RequiresPaymentIsStoredAndTheReaderTellsPayingAndPriced) {
  const std::string free_service = make_service(provider_id_, 0);
  const std::string plain_owner = make_user(auth::Role::kProvider, "payments");
  const std::string plain = make_provider(false, plain_owner);
  const std::string plain_priced = make_service(plain, 50000);

  auto paying = providers_.find(provider_id_);
  ASSERT_TRUE(paying && *paying);
  EXPECT_TRUE((*paying)->requires_payment);
  auto by_user = providers_.find_by_user(plain_owner);
  ASSERT_TRUE(by_user && *by_user);
  EXPECT_FALSE((*by_user)->requires_payment);

  const auto load = [&](const std::string& provider, const std::string& service) {
    auto in = day_reader_.load(provider, service, kDate, kDate);
    EXPECT_TRUE(in && *in);
    return in && *in ? **in : AvailabilityInputs{};
  };
  auto in = load(provider_id_, service_id_);
  EXPECT_TRUE(in.provider.requires_payment);
  ASSERT_TRUE(in.service);
  EXPECT_EQ(in.service->id, service_id_);
  EXPECT_TRUE(in.service->priced);
  EXPECT_EQ(in.service->spec.duration, 15);
  in = load(provider_id_, free_service);
  EXPECT_TRUE(in.provider.requires_payment);
  ASSERT_TRUE(in.service);
  EXPECT_EQ(in.service->id, free_service);
  EXPECT_FALSE(in.service->priced);
  in = load(plain, plain_priced);
  EXPECT_FALSE(in.provider.requires_payment);
  ASSERT_TRUE(in.service);
  EXPECT_TRUE(in.service->priced);

  // update() writes it both ways; list() reads it.
  providers::Provider p = **paying;
  p.requires_payment = false;
  auto off = providers_.update(p);
  ASSERT_TRUE(off) << off.error().code;
  EXPECT_FALSE(off->requires_payment);
  EXPECT_FALSE(load(provider_id_, service_id_).provider.requires_payment);
  p.requires_payment = true;
  auto on = providers_.update(p);
  ASSERT_TRUE(on) << on.error().code;
  EXPECT_TRUE(on->requires_payment);
  providers::ProviderFilter filter;
  filter.search = name_;
  filter.limit = 100;
  auto page = providers_.list(filter);
  ASSERT_TRUE(page);
  std::map<std::string, bool> seen;
  for (const auto& item : page->items) seen[item.id] = item.requires_payment;
  EXPECT_EQ(seen.at(provider_id_), true);
  EXPECT_EQ(seen.at(plain), false);
}

TEST_F(SqlPaymentRepositoryTest, PaymentDueAtRoundTripsAndUpdateWritesThePaymentFields) {
  const Booking held = make_booking(9 * 60, std::string(kFarDue), BookingStatus::kPending,
                                    PaymentStatus::kUnpaid, "pay-key");
  const Booking free = make_booking(10 * 60, std::nullopt);
  ASSERT_TRUE(held.payment_due_at);
  EXPECT_EQ(common::format_instant(*held.payment_due_at), kFarDue);

  Booking found = stored_booking(held.id);
  ASSERT_TRUE(found.payment_due_at);
  EXPECT_EQ(common::format_instant(*found.payment_due_at), kFarDue);
  EXPECT_FALSE(stored_booking(free.id).payment_due_at);
  auto by_key = bookings_.find_by_idempotency_key(customer_id_, "pay-key");
  ASSERT_TRUE(by_key && *by_key);
  ASSERT_TRUE((*by_key)->payment_due_at);
  EXPECT_EQ(common::format_instant(*(*by_key)->payment_due_at), kFarDue);
  bookings::BookingFilter mine;
  mine.provider_id = provider_id_;
  auto page = bookings_.list(mine);
  ASSERT_TRUE(page && page->items.size() == 2);
  for (const auto& item : page->items) {
    EXPECT_EQ(item.booking.payment_due_at.has_value(), item.booking.id == held.id);
  }

  // update() keeps the payment fields as stored (payments write them) and refuses to write
  // over a payment status that changed since the read; its outbox row carries the payment in
  // a payload that is still JSON.
  const Payment payment = *payments_.insert_attempt(attempt_of(held, 1));
  Booking paid = found;
  paid.status = BookingStatus::kConfirmed;
  paid.payment_status = PaymentStatus::kPaid;  // not what is stored: a stale copy
  paid.payment_id = payment.id;
  paid.updated_at = kPaidAt;
  auto stale = bookings_.update(paid, BookingStatus::kPending, {});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, "BOOKING_004");
  EXPECT_EQ(stored_booking(held.id).status, BookingStatus::kPending);
  paid.payment_status = PaymentStatus::kUnpaid;
  const std::string receipt = new_id();
  const std::string plain_note = new_id();
  auto updated = bookings_.update(paid, BookingStatus::kPending,
                                  {{receipt, customer_id_, held.id, "payment_receipt", kPaidAt,
                                    "customer", "system", payment.id},
                                   {plain_note, provider_user_id_, held.id, "booking_confirmed",
                                    kPaidAt, "provider", "system", std::nullopt}});
  ASSERT_TRUE(updated) << updated.error().code;
  for (const Booking& b : {*updated, stored_booking(held.id)}) {
    EXPECT_EQ(b.status, BookingStatus::kConfirmed);
    EXPECT_EQ(b.payment_status, PaymentStatus::kUnpaid);
    EXPECT_FALSE(b.payment_id);  // never written by update()
    ASSERT_TRUE(b.payment_due_at);
    EXPECT_EQ(common::format_instant(*b.payment_due_at), kFarDue);
  }
  EXPECT_EQ(payload_field(receipt, "payment_id"), payment.id);
  EXPECT_EQ(payload_field(receipt, "audience"), "customer");
  EXPECT_EQ(payload_field(receipt, "actor"), "system");
  EXPECT_EQ(payload_field(plain_note, "payment_id"), "<null>");
  EXPECT_EQ(payload_field(plain_note, "audience"), "provider");

  // A malformed payment id never reaches the payload: nothing is written.
  Booking again = *updated;
  again.status = BookingStatus::kCancelled;
  auto refused = bookings_.update(again, BookingStatus::kConfirmed,
                                  {{new_id(), customer_id_, held.id, "payment_receipt", kPaidAt,
                                    "customer", "system", std::string("\",\"x\":\"")}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(stored_booking(held.id).status, BookingStatus::kConfirmed);
}

// ---------------------------------------------------------------------------------------------
// Attempts
// ---------------------------------------------------------------------------------------------

TEST_F(SqlPaymentRepositoryTest, AttemptsAreStoredAndOnlyOneIsLiveAtATime) {
  const Booking booking = make_booking(9 * 60);
  Payment first = attempt_of(booking, 1);
  auto inserted = payments_.insert_attempt(first);
  ASSERT_TRUE(inserted) << inserted.error().code;
  for (const Payment& p : {*inserted, stored_payment(first.id)}) {
    EXPECT_EQ(p.id, first.id);
    EXPECT_EQ(p.booking_id, booking.id);
    EXPECT_EQ(p.attempt, 1u);
    EXPECT_EQ(p.order_id, first.order_id);
    EXPECT_EQ(p.gross_amount, 150000);
    EXPECT_EQ(p.currency, "IDR");
    EXPECT_EQ(p.status, PaymentState::kPending);
    EXPECT_FALSE(p.snap_token);
    EXPECT_FALSE(p.redirect_url);
    EXPECT_EQ(p.expires_at, at(kFarDue));
    EXPECT_FALSE(p.paid_at);
    EXPECT_EQ(p.refunded_amount, 0);
    EXPECT_EQ(p.created_at, kCreatedAt);
    EXPECT_EQ(p.updated_at, kCreatedAt);
  }

  // A second live attempt, or the same attempt number: PAYMENT_003.
  for (const Payment& p : {attempt_of(booking, 2), attempt_of(booking, 1)}) {
    auto twin = payments_.insert_attempt(p);
    ASSERT_FALSE(twin);
    EXPECT_EQ(twin.error().kind, ErrorKind::kConflict);
    EXPECT_EQ(twin.error().code, "PAYMENT_003");
    EXPECT_EQ(twin.error().message.find("UNIQUE"), std::string::npos) << twin.error().message;
  }

  auto snapped = payments_.record_snap(first.id, "snap-token-1", "https://pay.example/1", kPaidAt);
  ASSERT_TRUE(snapped) << snapped.error().code;
  EXPECT_EQ(snapped->snap_token, "snap-token-1");
  EXPECT_EQ(snapped->redirect_url, "https://pay.example/1");
  EXPECT_EQ(snapped->updated_at, kPaidAt);
  auto by_order = payments_.find_by_order_id(first.order_id);
  ASSERT_TRUE(by_order && *by_order);
  EXPECT_EQ((*by_order)->id, first.id);
  EXPECT_EQ((*by_order)->snap_token, "snap-token-1");

  ASSERT_TRUE(payments_.fail_attempt(first.id, "Snap said 500", kPaidAt));
  const Payment failed = stored_payment(first.id);
  EXPECT_EQ(failed.status, PaymentState::kFailed);
  EXPECT_EQ(failed.failure_reason, "Snap said 500");
  // Only a pending attempt takes Snap's answer or fails.
  auto late = payments_.record_snap(first.id, "t", "u", kPaidAt);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, "PAYMENT_003");
  auto twice = payments_.fail_attempt(first.id, "again", kPaidAt);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, "PAYMENT_003");

  // Failed: a new attempt may follow.
  auto second = payments_.insert_attempt(attempt_of(booking, 2));
  ASSERT_TRUE(second) << second.error().code;
  auto listed = payments_.list_for_booking(booking.id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].attempt, 1u);
  EXPECT_EQ((*listed)[1].attempt, 2u);

  // Unknown and malformed ids.
  for (const std::string& id : {new_id(), std::string("nope")}) {
    auto none = payments_.find(id);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    EXPECT_EQ(code_of(payments_.record_snap(id, "t", "u", kPaidAt)), "PAYMENT_007");
    EXPECT_EQ(code_of(payments_.fail_attempt(id, "r", kPaidAt)), "PAYMENT_007");
    auto empty = payments_.list_for_booking(id);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
  }
  auto no_order = payments_.find_by_order_id("JNJ-nothing-1");
  ASSERT_TRUE(no_order);
  EXPECT_FALSE(*no_order);
  Payment orphan = attempt_of(booking, 3);
  orphan.booking_id = new_id();
  EXPECT_EQ(code_of(payments_.insert_attempt(orphan)), "BOOKING_002");
}

TEST_F(SqlPaymentRepositoryTest, AttemptsOnlyForPendingUnpaidBookings) {
  const Booking cancelled = make_booking(9 * 60, std::string(kFarDue), BookingStatus::kCancelled);
  const Booking confirmed = make_booking(10 * 60, std::string(kFarDue), BookingStatus::kConfirmed);
  const Booking paid =
      make_booking(11 * 60, std::string(kFarDue), BookingStatus::kPending, PaymentStatus::kPaid);
  for (const Booking& b : {cancelled, confirmed, paid}) {
    auto r = payments_.insert_attempt(attempt_of(b, 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kConflict);
    EXPECT_EQ(r.error().code, "PAYMENT_002");
    EXPECT_TRUE(payments_.list_for_booking(b.id)->empty());
  }
}

TEST_F(SqlPaymentRepositoryTest, IdempotencyKeyIsOncePerBooking) {
  const Booking booking = make_booking(9 * 60);
  const Booking other = make_booking(10 * 60);
  auto first = payments_.insert_attempt(attempt_of(booking, 1, "key-1"));
  ASSERT_TRUE(first) << first.error().code;
  EXPECT_EQ(first->idempotency_key, "key-1");
  ASSERT_TRUE(payments_.fail_attempt(first->id, "Snap down", kPaidAt));
  // Not live any more, but the key is taken for this booking.
  auto reused = payments_.insert_attempt(attempt_of(booking, 2, "key-1"));
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, "PAYMENT_003");
  auto fresh = payments_.insert_attempt(attempt_of(booking, 2, "key-2"));
  ASSERT_TRUE(fresh) << fresh.error().code;
  // Another booking's key is its own.
  auto elsewhere = payments_.insert_attempt(attempt_of(other, 1, "key-1"));
  ASSERT_TRUE(elsewhere) << elsewhere.error().code;
}

TEST_F(SqlPaymentRepositoryTest, ConcurrentFirstAttemptsStoreOne) {
  const Booking booking = make_booking(9 * 60);
  constexpr int kThreads = 8;
  std::vector<Payment> attempts;
  for (int k = 0; k < kThreads; ++k) attempts.push_back(attempt_of(booking, 1 + k % 2));
  std::latch go(kThreads);
  std::atomic<int> ok{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      go.arrive_and_wait();
      auto r = payments_.insert_attempt(attempts[k]);
      if (r) {
        ++ok;
      } else if (r.error().code == "PAYMENT_003") {
        ++taken;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(taken, kThreads - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(payments_.list_for_booking(booking.id)->size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

TEST_F(SqlPaymentRepositoryTest, ApplyNotificationWritesPaymentBookingOutboxAndRecordTogether) {
  const Booking booking = make_booking(9 * 60);
  const Payment payment = *payments_.insert_attempt(attempt_of(booking, 1));
  const long long outbox_before = outbox_of(booking.id);
  const PaymentNotificationRecord record = record_for(payment.order_id);

  std::optional<Payment> seen_payment;
  std::optional<Booking> seen_booking;
  const auto decide = settle();
  auto applied = payments_.apply_notification(payment.order_id, record,
                                              [&](const Payment& p, const Booking& b) {
                                                seen_payment = p;
                                                seen_booking = b;
                                                return decide(p, b);
                                              });
  ASSERT_TRUE(applied) << applied.error().code;
  ASSERT_TRUE(seen_payment && seen_booking);
  EXPECT_EQ(seen_payment->id, payment.id);
  EXPECT_EQ(seen_payment->status, PaymentState::kPending);
  EXPECT_EQ(seen_booking->id, booking.id);
  EXPECT_EQ(seen_booking->status, BookingStatus::kPending);
  ASSERT_TRUE(seen_booking->payment_due_at);

  EXPECT_TRUE(applied->applied);
  EXPECT_TRUE(applied->booking_changed);
  EXPECT_EQ(applied->outcome, "paid: booking confirmed");
  ASSERT_TRUE(applied->payment && applied->booking);
  for (const Payment& p : {*applied->payment, stored_payment(payment.id)}) {
    EXPECT_EQ(p.status, PaymentState::kPaid);
    EXPECT_EQ(p.transaction_id, "trx-1");
    EXPECT_EQ(p.payment_type, "bank_transfer");
    EXPECT_EQ(p.paid_at, kPaidAt);
    EXPECT_EQ(p.updated_at, kPaidAt);
    EXPECT_EQ(p.gross_amount, 150000);  // immutable fields as they were
    EXPECT_EQ(p.order_id, payment.order_id);
  }
  for (const Booking& b : {*applied->booking, stored_booking(booking.id)}) {
    EXPECT_EQ(b.status, BookingStatus::kConfirmed);
    EXPECT_EQ(b.payment_status, PaymentStatus::kPaid);
    EXPECT_EQ(b.payment_id, payment.id);
    EXPECT_EQ(b.updated_at, kPaidAt);
    EXPECT_EQ(b.customer_notes, booking.customer_notes);
  }
  EXPECT_EQ(outbox_of(booking.id), outbox_before + 1);
  {
    soci::session sql(database().pool());
    std::string id;
    sql << "SELECT id FROM notifications WHERE booking_id = :b AND type = 'payment_receipt'",
        soci::into(id), soci::use(booking.id);
    EXPECT_EQ(payload_field(id, "payment_id"), payment.id);
    EXPECT_EQ(payload_field(id, "audience"), "customer");
    EXPECT_EQ(payload_field(id, "actor"), "system");
  }
  auto records = payments_.notifications_of(payment.id);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  const PaymentNotificationRecord& r = records->front();
  EXPECT_EQ(r.id, record.id);
  EXPECT_EQ(r.payment_id, payment.id);
  EXPECT_EQ(r.order_id, payment.order_id);
  EXPECT_EQ(r.transaction_status, "settlement");
  EXPECT_EQ(r.raw_body, record.raw_body);
  EXPECT_TRUE(r.signature_valid);
  EXPECT_TRUE(r.applied);
  EXPECT_EQ(r.outcome, "paid: booking confirmed");
  EXPECT_EQ(r.source, "notification");
  EXPECT_EQ(r.received_at, kPaidAt);

  // The same again: recorded, nothing else written.
  auto repeat =
      payments_.apply_notification(payment.order_id, record_for(payment.order_id), settle());
  ASSERT_TRUE(repeat) << repeat.error().code;
  EXPECT_FALSE(repeat->applied);
  EXPECT_FALSE(repeat->booking_changed);
  EXPECT_EQ(repeat->outcome, "duplicate");
  EXPECT_EQ(repeat->payment->status, PaymentState::kPaid);
  EXPECT_EQ(outbox_of(booking.id), outbox_before + 1);
  records = payments_.notifications_of(payment.id);
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ(
      std::count_if(records->begin(), records->end(), [](const auto& n) { return n.applied; }), 1);
}

TEST_F(SqlPaymentRepositoryTest, AFailingBookingWriteRollsEverythingBack) {
  const Booking booking = make_booking(9 * 60);
  const Payment payment = *payments_.insert_attempt(attempt_of(booking, 1));
  const long long outbox_before = outbox_of(booking.id);
  const auto decide = settle();
  // cancelled_at breaks the bookings CHECK on SQLite and the timestamptz type on PostgreSQL,
  // after the payment row was written.
  auto broken = payments_.apply_notification(payment.order_id, record_for(payment.order_id),
                                             [&](const Payment& p, const Booking& b) {
                                               NotificationEffect e = decide(p, b);
                                               e.booking->cancelled_at = "yesterday-ish";
                                               return e;
                                             });
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(broken.error().message.find("CHECK"), std::string::npos) << broken.error().message;
  EXPECT_EQ(broken.error().message.find("cancelled_at"), std::string::npos);
  // And a payment write breaking the payments CHECK (refund above the amount).
  auto refund = payments_.apply_notification(payment.order_id, record_for(payment.order_id),
                                             [&](const Payment& p, const Booking& b) {
                                               NotificationEffect e = decide(p, b);
                                               e.payment->refunded_amount = p.gross_amount + 1;
                                               return e;
                                             });
  ASSERT_FALSE(refund);

  EXPECT_EQ(stored_payment(payment.id).status, PaymentState::kPending);
  EXPECT_FALSE(stored_payment(payment.id).transaction_id);
  const Booking after = stored_booking(booking.id);
  EXPECT_EQ(after.status, BookingStatus::kPending);
  EXPECT_EQ(after.payment_status, PaymentStatus::kUnpaid);
  EXPECT_FALSE(after.payment_id);
  EXPECT_EQ(outbox_of(booking.id), outbox_before);
  EXPECT_EQ(records_of_order(payment.order_id), 0);

  // The retry Midtrans makes then applies.
  auto retried =
      payments_.apply_notification(payment.order_id, record_for(payment.order_id), settle());
  ASSERT_TRUE(retried) << retried.error().code;
  EXPECT_TRUE(retried->applied);
  EXPECT_EQ(records_of_order(payment.order_id), 1);
}

TEST_F(SqlPaymentRepositoryTest, UnknownOrderIdIsRecordedWithoutAPayment) {
  const std::string order_id = payments::order_id_for(new_id(), 1);
  int calls = 0;
  auto r = payments_.apply_notification(order_id, record_for(order_id),
                                        [&](const Payment&, const Booking&) {
                                          ++calls;
                                          return NotificationEffect{};
                                        });
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(r->payment);
  EXPECT_FALSE(r->booking);
  EXPECT_FALSE(r->applied);
  EXPECT_FALSE(r->booking_changed);
  EXPECT_EQ(r->outcome, "unknown order id");
  EXPECT_EQ(records_of_order(order_id), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = :id AND "
                  "payment_id IS NULL AND outcome = 'unknown order id'",
                  order_id),
            1);
  // Anything Midtrans might send as an order id is only looked up.
  auto odd = payments_.apply_notification("'; DROP TABLE payments; --",
                                          record_for("'; DROP TABLE payments; --"), settle());
  ASSERT_TRUE(odd) << odd.error().code;
  EXPECT_FALSE(odd->payment);
}

TEST_F(SqlPaymentRepositoryTest, EightConcurrentIdenticalNotificationsApplyOnce) {
  const Booking booking = make_booking(9 * 60);
  const Payment payment = *payments_.insert_attempt(attempt_of(booking, 1));
  const long long outbox_before = outbox_of(booking.id);
  constexpr int kThreads = 8;
  std::vector<PaymentNotificationRecord> records;
  for (int k = 0; k < kThreads; ++k) records.push_back(record_for(payment.order_id));
  std::latch go(kThreads);
  std::atomic<int> applied{0}, duplicates{0}, errors{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      go.arrive_and_wait();
      auto r = payments_.apply_notification(payment.order_id, records[k], settle());
      if (!r) {
        ++errors;
        ADD_FAILURE() << r.error().code << ": " << r.error().message;
      } else if (r->applied) {
        ++applied;
      } else {
        ++duplicates;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(duplicates, kThreads - 1);
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(stored_payment(payment.id).status, PaymentState::kPaid);
  EXPECT_EQ(stored_booking(booking.id).status, BookingStatus::kConfirmed);
  EXPECT_EQ(outbox_of(booking.id), outbox_before + 1);
  auto stored = payments_.notifications_of(payment.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->size(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(std::count_if(stored->begin(), stored->end(), [](const auto& n) { return n.applied; }),
            1);
}

}  // namespace
}  // namespace janji::testing
