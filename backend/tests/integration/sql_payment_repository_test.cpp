// The SQL payment repository (issue 13) against the real database: SQLite by default,
// PostgreSQL when the environment says DB_DRIVER=postgres. What it must make true by
// construction: one live attempt per booking, a notification applied in one transaction with
// its booking, outbox rows and record (all or nothing), concurrent notifications one after the
// other, and every lapsed hold cancelled exactly once however many sweepers run. Also the
// columns issue 13 added elsewhere: requires_payment, priced, payment_due_at.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "adapters/db/database.hpp"
#include "adapters/db/sql_availability_reader.hpp"
#include "adapters/db/sql_booking_repository.hpp"
#include "adapters/db/sql_payment_repository.hpp"
#include "adapters/db/sql_provider_repository.hpp"
#include "core/common/time_zone.hpp"
#include "core/payments/order_id.hpp"
#include "support/sql_repository_suite.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

using availability::AvailabilityInputs;
using bookings::Booking;
using bookings::BookingStatus;
using bookings::NewBooking;
using bookings::NotificationRow;
using bookings::PaymentStatus;
using common::ErrorKind;
using common::Result;
using common::TimeRange;
using payments::AppliedNotification;
using payments::LapsedHold;
using payments::NotificationEffect;
using payments::Payment;
using payments::PaymentNotificationRecord;
using payments::PaymentState;

constexpr const char* kCreatedAt = "2026-01-02T03:04:05Z";
constexpr const char* kPaidAt = "2026-01-02T03:10:00Z";
constexpr const char* kDate = "2031-05-06";  // a Tuesday
// Holds in the tests run out long before any real clock's (other suites in this process use
// the real one), so the sweeper tests cancel only their own bookings.
constexpr const char* kLapsedDue = "2020-03-01T10:00:00Z";
constexpr const char* kSweepNow = "2020-03-01T12:00:00Z";
constexpr const char* kLaterDue = "2020-03-01T12:00:01Z";
constexpr const char* kFarDue = "2031-05-06T01:00:00Z";

common::Instant at(const char* iso) { return *common::parse_instant(iso); }

// The error code of a result, "ok" for a success (which a test expecting an error then shows).
template <typename T>
std::string code_of(const Result<T>& r) {
  return r ? std::string("ok") : r.error().code;
}

class SqlPaymentRepositoryTest : public SqlRepositorySuite {
 protected:
  void SetUp() override {
    name_ = "Klinik Sehat " + new_id().substr(0, 8);
    provider_user_id_ = make_user(auth::Role::kProvider, "payments", "Ibu Ratna");
    provider_id_ = make_provider(true);
    service_id_ = make_service(provider_id_, 150000);
    customer_id_ = make_user(auth::Role::kCustomer, "payments", "Budi Santoso");
  }

  std::string make_provider(bool requires_payment, const std::string& owner = "") {
    providers::Provider p;
    p.id = new_id();
    p.user_id = owner.empty() ? provider_user_id_ : owner;
    p.business_name = name_;
    p.business_type = "doctor";
    p.requires_payment = requires_payment;
    p.created_at = p.updated_at = kCreatedAt;
    auto created = providers_.create(p);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return p.id;
  }

  std::string make_service(const std::string& provider_id, long long price) {
    providers::Service s;
    s.id = new_id();
    s.provider_id = provider_id;
    s.name = "Konsultasi";
    s.duration = 15;
    s.price = price;
    s.created_at = s.updated_at = kCreatedAt;
    auto created = services_.create(s);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return s.id;
  }

  // A booking of `start` (minutes, Jakarta) on kDate, 15 minutes, stored as given.
  Booking make_booking(int start, std::optional<std::string> due = std::string(kFarDue),
                       BookingStatus status = BookingStatus::kPending,
                       PaymentStatus payment = PaymentStatus::kUnpaid,
                       std::optional<std::string> key = std::nullopt) {
    NewBooking nb;
    Booking& b = nb.booking;
    b.id = new_id();
    b.customer_id = customer_id_;
    b.provider_id = provider_id_;
    b.service_id = service_id_;
    b.date = kDate;
    b.range = TimeRange{start, start + 15};
    b.starts_at = common::zone_day(*common::parse_date(b.date), "Asia/Jakarta").resolve(start);
    b.ends_at = b.starts_at + std::chrono::minutes(15);
    b.status = status;
    b.payment_status = payment;
    if (due) b.payment_due_at = at(due->c_str());
    b.idempotency_key = std::move(key);
    b.created_at = b.updated_at = kCreatedAt;
    auto stored =
        bookings_.create(provider_id_, service_id_, kDate,
                         [nb](const AvailabilityInputs&) -> Result<NewBooking> { return nb; });
    EXPECT_TRUE(stored.has_value()) << (stored ? "" : stored.error().code);
    return stored ? stored->booking : b;
  }

  Payment attempt_of(const Booking& b, std::uint32_t attempt,
                     std::optional<std::string> key = std::nullopt) {
    Payment p;
    p.id = new_id();
    p.booking_id = b.id;
    p.attempt = attempt;
    p.order_id = payments::order_id_for(b.id, attempt);
    p.gross_amount = 150000;
    p.expires_at = at(kFarDue);
    p.idempotency_key = std::move(key);
    p.created_at = p.updated_at = kCreatedAt;
    return p;
  }

  PaymentNotificationRecord record_for(const std::string& order_id,
                                       const std::string& status = "settlement") {
    PaymentNotificationRecord r;
    r.id = new_id();
    r.order_id = order_id;
    r.transaction_status = status;
    r.raw_body = R"({"order_id":")" + order_id + R"(","transaction_status":")" + status + R"("})";
    r.signature_valid = true;
    r.source = "notification";
    r.received_at = kPaidAt;
    return r;
  }

  // What the service decides for a settlement: paid + confirmed + a receipt, forward only.
  payments::NotificationDecision settle() {
    return [this](const Payment& current, const Booking& booking) {
      NotificationEffect e;
      if (!payments::moves_forward(current.status, PaymentState::kPaid)) {
        e.outcome = "duplicate";
        return e;
      }
      Payment p = current;
      p.status = PaymentState::kPaid;
      p.transaction_id = "trx-1";
      p.payment_type = "bank_transfer";
      p.paid_at = kPaidAt;
      p.updated_at = kPaidAt;
      Booking b = booking;
      b.status = BookingStatus::kConfirmed;
      b.payment_status = PaymentStatus::kPaid;
      b.payment_id = current.id;
      b.updated_at = kPaidAt;
      e.payment = p;
      e.booking = b;
      e.outbox.push_back({new_id(), booking.customer_id, booking.id, "payment_receipt", kPaidAt,
                          "customer", "system", current.id});
      e.applied = true;
      e.outcome = "paid: booking confirmed";
      return e;
    };
  }

  long long count(const std::string& query, const std::string& id) {
    soci::session sql(database().pool());
    long long n = 0;
    sql << query, soci::into(n), soci::use(id);
    return n;
  }
  long long outbox_of(const std::string& booking_id) {
    return count("SELECT COUNT(*) FROM notifications WHERE booking_id = :id", booking_id);
  }
  long long records_of_order(const std::string& order_id) {
    return count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = :id", order_id);
  }
  // One field of an outbox row's payload, read by the database's own JSON functions (so the
  // payload must be valid JSON).
  std::string payload_field(const std::string& notification_id, const std::string& field) {
    soci::session sql(database().pool());
    std::string value;
    soci::indicator ind = soci::i_null;
    const std::string expr = using_postgres() ? "CAST(payload AS json) ->> '" + field + "'"
                                              : "json_extract(payload, '$." + field + "')";
    sql << "SELECT " + expr + " FROM notifications WHERE id = :id", soci::into(value, ind),
        soci::use(notification_id);
    return ind == soci::i_ok ? value : "<null>";
  }

  Booking stored_booking(const std::string& id) {
    auto found = bookings_.find(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : Booking{};
  }
  Payment stored_payment(const std::string& id) {
    auto found = payments_.find(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : Payment{};
  }

  db::SqlProviderRepository providers_{database()};
  db::SqlServiceRepository services_{database()};
  db::SqlAvailabilityReader day_reader_{database()};
  db::SqlBookingRepository bookings_{database(), day_reader_};
  db::SqlPaymentRepository payments_{database()};
  std::string name_;  // this test's providers, for a list of them alone
  std::string provider_user_id_;
  std::string provider_id_;
  std::string service_id_;
  std::string customer_id_;
};

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
