#include "adapters/db/sql_payment_repository.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <utility>

#include "core/common/crypto.hpp"

namespace janji::db {

using bookings::Booking;
using common::Error;
using common::fail;
using payments::AppliedNotification;
using payments::LapsedHold;
using payments::NotificationEffect;
using payments::Payment;
using payments::PaymentNotificationRecord;

namespace {

Error payment_not_found() { return Error::not_found("PAYMENT_007", "Payment not found"); }
Error booking_not_found() { return Error::not_found("BOOKING_002", "Booking not found"); }
Error no_payment_now() {
  return Error::conflict("PAYMENT_002", "This booking does not take a payment now");
}
Error attempt_taken() {
  return Error::conflict("PAYMENT_003", "Another payment attempt exists for this booking");
}
Error attempt_changed() {
  return Error::conflict("PAYMENT_003", "The payment attempt changed meanwhile");
}

constexpr const char* kPaymentColumns =
    "id, booking_id, attempt, order_id, gross_amount, currency, status, snap_token, "
    "redirect_url, expires_at, transaction_id, payment_type, refunded_amount, paid_at, "
    "idempotency_key, failure_reason, created_at, updated_at";

constexpr const char* kRecordColumns =
    "id, payment_id, order_id, transaction_status, raw_body, signature_valid, applied, outcome, "
    "source, received_at";

// Statement text per dialect: parameter n (typed on PostgreSQL, which prepares the statement
// with no parameter types: COALESCE and LIMIT give it none to infer), and the clauses only one
// dialect has.
class Sql {
 public:
  explicit Sql(Dialect dialect) : pg_(dialect == Dialect::kPostgres) {}

  std::string param(int n, const char* pg_type) const {
    std::string out = pg_ ? "CAST($" : "?";
    out += std::to_string(n);
    if (pg_) out += std::string(" AS ") + pg_type + ")";
    return out;
  }
  // A row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the only write lock.
  const char* for_update() const { return pg_ ? " FOR UPDATE" : ""; }
  // An instant parameter, or the current second when it is NULL.
  std::string instant_or_now(int n) const {
    return "COALESCE(" + param(n, "timestamptz") + ", " +
           (pg_ ? "date_trunc('second', now()))" : "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  }
  bool pg() const { return pg_; }

 private:
  bool pg_;
};

std::string select_payment(const std::string& where) {
  return std::string("SELECT ") + kPaymentColumns + " FROM payments WHERE " + where;
}

// Ties (one second) broken by id: a stable order, if not quite the arrival order.
std::string notifications_of_sql(const Sql& q) {
  return std::string("SELECT ") + kRecordColumns +
         " FROM payment_notifications WHERE payment_id = " + q.param(1, "uuid") +
         " ORDER BY received_at, id";
}

std::string lock_booking_sql(const Sql& q) {
  return std::string("SELECT ") + kBookingColumns +
         " FROM bookings WHERE id = " + q.param(1, "uuid") + q.for_update();
}

std::string record_snap_sql(const Sql& q) {
  return "UPDATE payments SET snap_token = " + q.param(2, "text") +
         ", redirect_url = " + q.param(3, "text") + ", updated_at = " + q.param(4, "timestamptz") +
         " WHERE id = " + q.param(1, "uuid") + " AND status = 'pending' RETURNING " +
         kPaymentColumns;
}

std::string fail_attempt_sql(const Sql& q) {
  return "UPDATE payments SET status = 'failed', failure_reason = " + q.param(2, "text") +
         ", updated_at = " + q.param(3, "timestamptz") + " WHERE id = " + q.param(1, "uuid") +
         " AND status = 'pending' RETURNING id";
}

std::string insert_attempt_sql(const Sql& q) {
  return std::string("INSERT INTO payments (") + kPaymentColumns + ") VALUES (" +
         q.param(1, "uuid") + ", " + q.param(2, "uuid") + ", " + q.param(3, "integer") + ", " +
         q.param(4, "text") + ", " + q.param(5, "bigint") + ", " + q.param(6, "text") + ", " +
         q.param(7, "text") + ", " + q.param(8, "text") + ", " + q.param(9, "text") + ", " +
         q.param(10, "timestamptz") + ", " + q.param(11, "text") + ", " + q.param(12, "text") +
         ", " + q.param(13, "bigint") + ", " + q.param(14, "timestamptz") + ", " +
         q.param(15, "text") + ", " + q.param(16, "text") + ", " + q.instant_or_now(17) + ", " +
         q.instant_or_now(18) + ") RETURNING " + kPaymentColumns;
}

// The mutable fields of a payment, compare-and-set on the status the transaction read.
std::string write_payment_sql(const Sql& q) {
  return "UPDATE payments SET status = " + q.param(2, "text") +
         ", snap_token = " + q.param(3, "text") + ", redirect_url = " + q.param(4, "text") +
         ", transaction_id = " + q.param(5, "text") + ", payment_type = " + q.param(6, "text") +
         ", refunded_amount = " + q.param(7, "bigint") +
         ", paid_at = " + q.param(8, "timestamptz") + ", failure_reason = " + q.param(9, "text") +
         ", updated_at = " + q.param(10, "timestamptz") + " WHERE id = " + q.param(1, "uuid") +
         " AND status = " + q.param(11, "text") + " RETURNING " + kPaymentColumns;
}

// What a notification may change of a booking, compare-and-set on both statuses as read.
std::string write_booking_sql(const Sql& q) {
  return "UPDATE bookings SET status = " + q.param(2, "text") +
         ", payment_status = " + q.param(3, "text") + ", payment_id = " + q.param(4, "text") +
         ", cancellation_reason = " + q.param(5, "text") +
         ", cancelled_at = " + q.param(6, "timestamptz") +
         ", updated_at = " + q.param(7, "timestamptz") + " WHERE id = " + q.param(1, "uuid") +
         " AND status = " + q.param(8, "text") + " AND payment_status = " + q.param(9, "text") +
         " RETURNING " + kBookingColumns;
}

std::string insert_record_sql(const Sql& q) {
  return std::string("INSERT INTO payment_notifications (") + kRecordColumns + ") VALUES (" +
         q.param(1, "uuid") + ", " + q.param(2, "uuid") + ", " + q.param(3, "text") + ", " +
         q.param(4, "text") + ", " + q.param(5, "text") + ", " + q.param(6, "boolean") + ", " +
         q.param(7, "boolean") + ", " + q.param(8, "text") + ", " + q.param(9, "text") + ", " +
         q.instant_or_now(10) + ")";
}

// One guarded UPDATE: the WHERE repeats the claim's conditions, so a booking another sweeper
// (or a payment) changed meanwhile is left alone. PostgreSQL skips rows another transaction
// holds rather than waiting for them; SQLite has one writer at a time.
std::string sweep_sql(const Sql& q) {
  // A hold whose payment is under way at Midtrans (a live attempt with a transaction id) lasts
  // until the in-flight cutoff.
  const std::string lapsed =
      "status = 'pending' AND payment_status = 'unpaid' AND payment_due_at IS NOT NULL AND "
      "payment_due_at <= " +
      q.param(3, "timestamptz") + " AND (payment_due_at <= " + q.param(5, "timestamptz") +
      " OR NOT EXISTS (SELECT 1 FROM payments py WHERE py.booking_id = bookings.id AND "
      "py.status IN ('pending', 'challenge') AND py.transaction_id IS NOT NULL))";
  return "UPDATE bookings SET status = 'cancelled', cancellation_reason = " + q.param(1, "text") +
         ", cancelled_at = " + q.param(2, "timestamptz") +
         ", updated_at = " + q.param(2, "timestamptz") +
         " WHERE id IN (SELECT id FROM bookings WHERE " + lapsed +
         " ORDER BY payment_due_at LIMIT " + q.param(4, "integer") +
         (q.pg() ? " FOR UPDATE SKIP LOCKED" : "") + ") AND " + lapsed +
         " RETURNING id, customer_id, provider_id, (SELECT user_id FROM service_providers p "
         "WHERE p.id = bookings.provider_id)";
}

std::string text_at(const NativeRow& r, int col) { return std::string(r.text(col)); }
std::optional<std::string> optional_at(const NativeRow& r, int col) {
  return r.is_null(col) ? std::nullopt : std::optional<std::string>(text_at(r, col));
}
std::optional<std::string> optional_instant_at(const NativeRow& r, int col) {
  return r.is_null(col) ? std::nullopt
                        : std::optional<std::string>(normalize_instant_text(text_at(r, col)));
}

// kPaymentColumns, in order.
Payment payment_at(const NativeRow& r) {
  Payment p;
  p.id = text_at(r, 0);
  p.booking_id = text_at(r, 1);
  const long long attempt = r.integer(2);
  if (attempt < 1 || attempt > 0xFFFFFFFFLL) throw UnreadableValue("unreadable payment attempt");
  p.attempt = static_cast<std::uint32_t>(attempt);
  p.order_id = text_at(r, 3);
  p.gross_amount = r.integer(4);
  p.currency = text_at(r, 5);
  const auto state = payments::parse_payment_state(r.text(6));
  if (!state) throw UnreadableValue("unreadable stored payment status");
  p.status = *state;
  p.snap_token = optional_at(r, 7);
  p.redirect_url = optional_at(r, 8);
  const auto expires = common::parse_instant(text_at(r, 9));
  if (!expires) throw UnreadableValue("unreadable stored payment expiry");
  p.expires_at = *expires;
  p.transaction_id = optional_at(r, 10);
  p.payment_type = optional_at(r, 11);
  p.refunded_amount = r.integer(12);
  p.paid_at = optional_instant_at(r, 13);
  p.idempotency_key = optional_at(r, 14);
  p.failure_reason = optional_at(r, 15);
  p.created_at = normalize_instant_text(text_at(r, 16));
  p.updated_at = normalize_instant_text(text_at(r, 17));
  return p;
}

// kRecordColumns, in order.
PaymentNotificationRecord record_at(const NativeRow& r) {
  PaymentNotificationRecord n;
  n.id = text_at(r, 0);
  n.payment_id = optional_at(r, 1);
  n.order_id = text_at(r, 2);
  n.transaction_status = text_at(r, 3);
  n.raw_body = text_at(r, 4);
  n.signature_valid = r.flag(5);
  n.applied = r.flag(6);
  n.outcome = text_at(r, 7);
  n.source = text_at(r, 8);
  n.received_at = normalize_instant_text(text_at(r, 9));
  return n;
}

// An optional text as a parameter (viewing the optional's own string: it must outlive run()).
NativeParam optional_param(const std::optional<std::string>& value) {
  return NativeParam::optional(value);
}
// Empty text as NULL (the column's default then applies).
NativeParam text_or_null(const std::string& value) {
  return value.empty() ? NativeParam::null() : NativeParam::text(value);
}

}  // namespace

SqlPaymentRepository::SqlPaymentRepository(Database& db)
    : db_(db),
      find_by_id_(db, select_payment("id = " + Sql(db.dialect()).param(1, "uuid"))),
      find_by_order_(db, select_payment("order_id = " + Sql(db.dialect()).param(1, "text"))),
      lock_by_order_(db, select_payment("order_id = " + Sql(db.dialect()).param(1, "text") +
                                        Sql(db.dialect()).for_update())),
      list_for_booking_(db, select_payment("booking_id = " + Sql(db.dialect()).param(1, "uuid") +
                                           " ORDER BY attempt")),
      notifications_of_(db, notifications_of_sql(Sql(db.dialect()))),
      lock_booking_(db, lock_booking_sql(Sql(db.dialect()))),
      insert_attempt_(db, insert_attempt_sql(Sql(db.dialect()))),
      record_snap_(db, record_snap_sql(Sql(db.dialect()))),
      fail_attempt_(db, fail_attempt_sql(Sql(db.dialect()))),
      write_payment_(db, write_payment_sql(Sql(db.dialect()))),
      write_booking_(db, write_booking_sql(Sql(db.dialect()))),
      insert_record_(db, insert_record_sql(Sql(db.dialect()))),
      sweep_(db, sweep_sql(Sql(db.dialect()))),
      outbox_(db) {}

SqlPaymentRepository::~SqlPaymentRepository() = default;

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

common::Result<std::optional<Payment>> SqlPaymentRepository::find_one(NativeStatement& statement,
                                                                      const std::string& key) {
  try {
    PoolLease lease(db_.pool());
    std::optional<Payment> found;
    const std::array<NativeParam, 1> params = {NativeParam::text(key)};
    statement.run(lease, params, [&](const NativeRow& row) { found = payment_at(row); });
    return found;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<Payment>> SqlPaymentRepository::find(const std::string& id) {
  // PostgreSQL answers a malformed uuid with an error; it names nothing either way.
  if (!common::is_uuid(id)) return std::optional<Payment>{};
  return find_one(find_by_id_, id);
}

common::Result<std::optional<Payment>> SqlPaymentRepository::find_by_order_id(
    const std::string& order_id) {
  return find_one(find_by_order_, order_id);
}

common::Result<std::vector<Payment>> SqlPaymentRepository::list_for_booking(
    const std::string& booking_id) {
  if (!common::is_uuid(booking_id)) return std::vector<Payment>{};
  try {
    PoolLease lease(db_.pool());
    std::vector<Payment> out;
    const std::array<NativeParam, 1> params = {NativeParam::text(booking_id)};
    list_for_booking_.run(lease, params,
                          [&](const NativeRow& row) { out.push_back(payment_at(row)); });
    return out;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::vector<PaymentNotificationRecord>> SqlPaymentRepository::notifications_of(
    const std::string& payment_id) {
  if (!common::is_uuid(payment_id)) return std::vector<PaymentNotificationRecord>{};
  try {
    PoolLease lease(db_.pool());
    std::vector<PaymentNotificationRecord> out;
    const std::array<NativeParam, 1> params = {NativeParam::text(payment_id)};
    notifications_of_.run(lease, params,
                          [&](const NativeRow& row) { out.push_back(record_at(row)); });
    return out;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

// ---------------------------------------------------------------------------------------------
// Attempts
// ---------------------------------------------------------------------------------------------

common::Result<Payment> SqlPaymentRepository::insert_attempt(const Payment& payment) {
  if (!common::is_uuid(payment.booking_id)) return fail(booking_not_found());
  if (!common::is_uuid(payment.id)) {
    spdlog::error("payment attempt with a malformed id");
    return fail(Error::internal());
  }
  const std::string status(payments::to_string(payment.status));
  const std::string expires_at = common::format_instant(payment.expires_at);
  for (int round = 1;; ++round) {
    try {
      PoolLease lease(db_.pool());
      WriteTransaction tx(lease.session(), db_.dialect());
      // The booking is locked until commit: a notification or the sweeper changing it waits,
      // and sees this attempt once it may go on.
      std::optional<Booking> booking;
      const std::array<NativeParam, 1> key = {NativeParam::text(payment.booking_id)};
      lock_booking_.run(lease, key, [&](const NativeRow& row) { booking = read_booking(row); });
      if (!booking) return fail(booking_not_found());
      if (booking->status != bookings::BookingStatus::kPending ||
          booking->payment_status != bookings::PaymentStatus::kUnpaid) {
        return fail(no_payment_now());
      }
      const std::array<NativeParam, 18> params = {
          NativeParam::text(payment.id),
          NativeParam::text(payment.booking_id),
          NativeParam::integer(static_cast<long long>(payment.attempt)),
          NativeParam::text(payment.order_id),
          NativeParam::integer(payment.gross_amount),
          NativeParam::text(payment.currency),
          NativeParam::text(status),
          optional_param(payment.snap_token),
          optional_param(payment.redirect_url),
          NativeParam::text(expires_at),
          optional_param(payment.transaction_id),
          optional_param(payment.payment_type),
          NativeParam::integer(payment.refunded_amount),
          optional_param(payment.paid_at),
          optional_param(payment.idempotency_key),
          optional_param(payment.failure_reason),
          text_or_null(payment.created_at),
          text_or_null(payment.updated_at)};
      std::optional<Payment> stored;
      insert_attempt_.run(lease, params, [&](const NativeRow& row) { stored = payment_at(row); });
      if (!stored) return fail(Error::internal());
      tx.commit();
      return std::move(*stored);
    } catch (const soci::soci_error& e) {
      if (is_retryable(e) && round < kMaxAttempts) {
        retry_pause(round);
        continue;
      }
      // uq_payments_live_attempt, the attempt number or order id, the idempotency key: another
      // create got there first.
      if (is_conflict(e)) return fail(attempt_taken());
      return fail(translate_sql_error(e));
    }
  }
}

common::Result<Payment> SqlPaymentRepository::record_snap(const std::string& payment_id,
                                                          const std::string& token,
                                                          const std::string& redirect_url,
                                                          const std::string& updated_at) {
  if (!common::is_uuid(payment_id)) return fail(payment_not_found());
  try {
    PoolLease lease(db_.pool());
    std::optional<Payment> stored;
    const std::array<NativeParam, 4> params = {
        NativeParam::text(payment_id), NativeParam::text(token), NativeParam::text(redirect_url),
        NativeParam::text(updated_at)};
    record_snap_.run(lease, params, [&](const NativeRow& row) { stored = payment_at(row); });
    if (stored) return std::move(*stored);
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
  // Nothing written: gone, or no longer pending (a notification came first).
  auto found = find(payment_id);
  if (!found) return fail(found.error());
  return fail(*found ? attempt_changed() : payment_not_found());
}

common::Status SqlPaymentRepository::fail_attempt(const std::string& payment_id,
                                                  const std::string& reason,
                                                  const std::string& updated_at) {
  if (!common::is_uuid(payment_id)) return fail(payment_not_found());
  try {
    PoolLease lease(db_.pool());
    const std::array<NativeParam, 3> params = {
        NativeParam::text(payment_id), NativeParam::text(reason), NativeParam::text(updated_at)};
    if (fail_attempt_.run(lease, params) == 1) return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
  auto found = find(payment_id);
  if (!found) return fail(found.error());
  return fail(*found ? attempt_changed() : payment_not_found());
}

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

void SqlPaymentRepository::insert_record(PoolLease& lease, const PaymentNotificationRecord& r) {
  if (!common::is_uuid(r.id) || (r.payment_id && !common::is_uuid(*r.payment_id))) {
    throw soci::soci_error("payment notification record with a malformed id");
  }
  const std::array<NativeParam, 10> params = {NativeParam::text(r.id),
                                              optional_param(r.payment_id),
                                              NativeParam::text(r.order_id),
                                              NativeParam::text(r.transaction_status),
                                              NativeParam::text(r.raw_body),
                                              NativeParam::integer(r.signature_valid ? 1 : 0),
                                              NativeParam::integer(r.applied ? 1 : 0),
                                              NativeParam::text(r.outcome),
                                              NativeParam::text(r.source),
                                              text_or_null(r.received_at)};
  insert_record_.run(lease, params);
}

// One attempt of apply_notification(): everything in one write transaction on one connection.
common::Result<AppliedNotification> SqlPaymentRepository::apply_once(
    PoolLease& lease, const std::string& order_id, PaymentNotificationRecord record,
    const payments::NotificationDecision& decide) {
  WriteTransaction tx(lease.session(), db_.dialect());
  // Payment first, then its booking: every writer of both takes them in this order (the
  // sweeper and insert_attempt() take only the booking), so none waits for another in a cycle.
  std::optional<Payment> current;
  const std::array<NativeParam, 1> order = {NativeParam::text(order_id)};
  lock_by_order_.run(lease, order, [&](const NativeRow& row) { current = payment_at(row); });
  AppliedNotification out;
  if (!current) {
    record.payment_id.reset();
    record.applied = false;
    if (record.outcome.empty()) record.outcome = "unknown order id";
    insert_record(lease, record);
    tx.commit();
    out.outcome = record.outcome;
    return out;
  }
  std::optional<Booking> booking;
  const std::array<NativeParam, 1> booking_key = {NativeParam::text(current->booking_id)};
  lock_booking_.run(lease, booking_key, [&](const NativeRow& row) { booking = read_booking(row); });
  if (!booking) {  // payments.booking_id is a foreign key: a broken database
    spdlog::error("payment {} without its booking", current->id);
    return fail(Error::internal());
  }

  NotificationEffect effect = decide(*current, *booking);
  out.payment = current;
  out.booking = booking;

  if (effect.payment) {
    const Payment& p = *effect.payment;
    if (p.id != current->id) {
      spdlog::error("payment decision rewrote another payment");
      return fail(Error::internal());
    }
    const std::string status(payments::to_string(p.status));
    const std::string expected(payments::to_string(current->status));
    const std::array<NativeParam, 11> params = {NativeParam::text(current->id),
                                                NativeParam::text(status),
                                                optional_param(p.snap_token),
                                                optional_param(p.redirect_url),
                                                optional_param(p.transaction_id),
                                                optional_param(p.payment_type),
                                                NativeParam::integer(p.refunded_amount),
                                                optional_param(p.paid_at),
                                                optional_param(p.failure_reason),
                                                NativeParam::text(p.updated_at),
                                                NativeParam::text(expected)};
    std::optional<Payment> stored;
    write_payment_.run(lease, params, [&](const NativeRow& row) { stored = payment_at(row); });
    if (!stored) {  // the row is locked: this cannot happen unless the lock is not held
      spdlog::error("payment {} changed under its lock", current->id);
      return fail(Error::internal());
    }
    out.payment = std::move(stored);
  }

  if (effect.booking) {
    const Booking& b = *effect.booking;
    if (b.id != booking->id) {
      spdlog::error("payment decision rewrote another booking");
      return fail(Error::internal());
    }
    const std::string status(bookings::to_string(b.status));
    const std::string payment_status(bookings::to_string(b.payment_status));
    const std::string expected_status(bookings::to_string(booking->status));
    const std::string expected_payment(bookings::to_string(booking->payment_status));
    const std::array<NativeParam, 9> params = {NativeParam::text(b.id),
                                               NativeParam::text(status),
                                               NativeParam::text(payment_status),
                                               optional_param(b.payment_id),
                                               optional_param(b.cancellation_reason),
                                               optional_param(b.cancelled_at),
                                               NativeParam::text(b.updated_at),
                                               NativeParam::text(expected_status),
                                               NativeParam::text(expected_payment)};
    std::optional<Booking> stored;
    try {
      write_booking_.run(lease, params, [&](const NativeRow& row) { stored = read_booking(row); });
    } catch (const soci::soci_error& e) {
      // Back into a slot taken meanwhile (a settlement after the hold ran out, say).
      if (is_conflict(e) && !is_retryable(e)) {
        return fail(Error::conflict("BOOKING_001", "This time slot is no longer available"));
      }
      throw;
    }
    if (!stored) {
      spdlog::error("booking {} changed under its lock", b.id);
      return fail(Error::internal());
    }
    out.booking = std::move(stored);
    out.booking_changed = true;
  }

  outbox_.insert(lease, effect.outbox);
  record.payment_id = current->id;
  record.applied = effect.applied;
  record.outcome = effect.outcome;
  insert_record(lease, record);
  tx.commit();
  out.applied = effect.applied;
  out.outcome = std::move(effect.outcome);
  return out;
}

common::Result<AppliedNotification> SqlPaymentRepository::apply_notification(
    const std::string& order_id, PaymentNotificationRecord record,
    const payments::NotificationDecision& decide) {
  for (int round = 1;; ++round) {
    try {
      PoolLease lease(db_.pool());
      return apply_once(lease, order_id, record, decide);
    } catch (const soci::soci_error& e) {
      // A deadlock victim or a serialization failure: the whole transaction again, decide too.
      if (is_retryable(e) && round < kMaxAttempts) {
        retry_pause(round);
        spdlog::debug("payment notification transaction retried (attempt {}): {}", round, e.what());
        continue;
      }
      return fail(translate_sql_error(e));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The hold sweeper
// ---------------------------------------------------------------------------------------------

common::Result<std::vector<LapsedHold>> SqlPaymentRepository::cancel_lapsed_holds(
    common::Instant now, int limit, const payments::HoldCancellation& how,
    const std::function<std::vector<bookings::NotificationRow>(const LapsedHold&)>& announce) {
  if (limit < 1) return std::vector<LapsedHold>{};
  const std::string cutoff = common::format_instant(now);
  const std::string in_flight_cutoff = common::format_instant(how.in_flight_cutoff);
  for (int round = 1;; ++round) {
    try {
      PoolLease lease(db_.pool());
      WriteTransaction tx(lease.session(), db_.dialect());
      std::vector<LapsedHold> cancelled;
      const std::array<NativeParam, 5> params = {
          NativeParam::text(how.reason), NativeParam::text(how.at), NativeParam::text(cutoff),
          NativeParam::integer(limit), NativeParam::text(in_flight_cutoff)};
      sweep_.run(lease, params, [&](const NativeRow& row) {
        cancelled.push_back(
            {text_at(row, 0), text_at(row, 1), text_at(row, 2), optional_at(row, 3).value_or("")});
      });
      for (const LapsedHold& hold : cancelled) outbox_.insert(lease, announce(hold));
      tx.commit();
      return cancelled;
    } catch (const soci::soci_error& e) {
      if (is_retryable(e) && round < kMaxAttempts) {
        retry_pause(round);
        continue;
      }
      return fail(translate_sql_error(e));
    }
  }
}

}  // namespace janji::db
