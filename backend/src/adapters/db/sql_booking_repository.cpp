#include "adapters/db/sql_booking_repository.hpp"
#include "adapters/db/sql_rows.hpp"

#include <spdlog/spdlog.h>

#include <soci/postgresql/soci-postgresql.h>
#include <limits>
#include <utility>

#include "core/common/crypto.hpp"
#include "core/common/wall_time.hpp"

namespace janji::db {

using availability::AvailabilityInputs;
using availability::CalendarEntry;
using availability::Schedule;
using availability::ScheduleException;
using bookings::Booking;
using bookings::BookingStatus;
using bookings::NotificationRow;
using common::Error;
using common::fail;
using providers::Provider;
using providers::Service;

namespace {

Error slot_taken() {
  return Error::conflict("BOOKING_001", "This time slot is no longer available");
}
Error booking_changed() { return Error::conflict("BOOKING_004", "The booking changed meanwhile"); }
Error booking_not_found() { return Error::not_found("BOOKING_002", "Booking not found"); }

// A PostgreSQL transaction aborted for a deadlock (concurrent inserts checking the exclusion
// constraint against each other) or a serialization failure: running it again is the remedy.
bool is_retryable(const soci::soci_error& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const auto state = pg->sqlstate();
    return state == "40P01" || state == "40001";
  }
  return false;
}
constexpr int kMaxAttempts = 5;

// ---------------------------------------------------------------------------------------------
// Bookings
// ---------------------------------------------------------------------------------------------

constexpr const char* kBookingColumns =
    "id, customer_id, provider_id, service_id, booking_date, start_time, end_time, status, "
    "customer_notes, admin_notes, cancellation_reason, payment_status, payment_id, "
    "rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at, created_at, "
    "updated_at";

struct BookingRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.customer_id));
    st.exchange(soci::into(row.provider_id));
    st.exchange(soci::into(row.service_id));
    st.exchange(soci::into(row.date));
    st.exchange(soci::into(start));
    st.exchange(soci::into(end));
    st.exchange(soci::into(status));
    st.exchange(soci::into(customer_notes, customer_notes_ind));
    st.exchange(soci::into(admin_notes, admin_notes_ind));
    st.exchange(soci::into(cancellation_reason, cancellation_reason_ind));
    st.exchange(soci::into(payment_status));
    st.exchange(soci::into(payment_id, payment_id_ind));
    st.exchange(soci::into(rescheduled_from_id, rescheduled_from_id_ind));
    st.exchange(soci::into(rescheduled_to_id, rescheduled_to_id_ind));
    st.exchange(soci::into(idempotency_key, idempotency_key_ind));
    st.exchange(soci::into(cancelled_at, cancelled_at_ind));
    st.exchange(soci::into(row.created_at));
    st.exchange(soci::into(row.updated_at));
  }
  Booking current() const {
    Booking b = row;
    b.range = common::TimeRange{read_time(start), read_time(end)};
    const auto parsed_status = bookings::parse_booking_status(status);
    const auto parsed_payment = bookings::parse_payment_status(payment_status);
    if (!parsed_status || !parsed_payment) {
      throw soci::soci_error("unreadable stored booking status: '" + status + "'");
    }
    b.status = *parsed_status;
    b.payment_status = *parsed_payment;
    b.customer_notes = optional_of(customer_notes, customer_notes_ind);
    b.admin_notes = optional_of(admin_notes, admin_notes_ind);
    b.cancellation_reason = optional_of(cancellation_reason, cancellation_reason_ind);
    b.payment_id = optional_of(payment_id, payment_id_ind);
    b.rescheduled_from_id = optional_of(rescheduled_from_id, rescheduled_from_id_ind);
    b.rescheduled_to_id = optional_of(rescheduled_to_id, rescheduled_to_id_ind);
    b.idempotency_key = optional_of(idempotency_key, idempotency_key_ind);
    if (cancelled_at_ind == soci::i_ok) b.cancelled_at = normalize_instant_text(cancelled_at);
    b.created_at = normalize_instant_text(b.created_at);
    b.updated_at = normalize_instant_text(b.updated_at);
    return b;
  }
  Booking row;
  std::string start, end, status, payment_status;
  std::string customer_notes, admin_notes, cancellation_reason, payment_id;
  std::string rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at;
  soci::indicator customer_notes_ind = soci::i_null, admin_notes_ind = soci::i_null,
                  cancellation_reason_ind = soci::i_null, payment_id_ind = soci::i_null,
                  rescheduled_from_id_ind = soci::i_null, rescheduled_to_id_ind = soci::i_null,
                  idempotency_key_ind = soci::i_null, cancelled_at_ind = soci::i_null;
};

using BookingRows = Rows<BookingRow>;

// A nullable text parameter (SOCI has no std::optional): the value and its indicator.
struct OptionalParam {
  explicit OptionalParam(const std::optional<std::string>& v)
      : value(v.value_or("")), ind(v ? soci::i_ok : soci::i_null) {}
  std::string value;
  soci::indicator ind;
};

// Bindable copies of a booking's derived and nullable fields.
struct BookingParams {
  explicit BookingParams(const Booking& b)
      : start(common::format_hhmmss(b.range.start)),
        end(common::format_hhmmss(b.range.end)),
        status(bookings::to_string(b.status)),
        payment_status(bookings::to_string(b.payment_status)),
        customer_notes(b.customer_notes),
        admin_notes(b.admin_notes),
        cancellation_reason(b.cancellation_reason),
        payment_id(b.payment_id),
        rescheduled_from_id(b.rescheduled_from_id),
        rescheduled_to_id(b.rescheduled_to_id),
        idempotency_key(b.idempotency_key),
        cancelled_at(b.cancelled_at) {}
  std::string start, end, status, payment_status;
  OptionalParam customer_notes, admin_notes, cancellation_reason, payment_id;
  OptionalParam rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at;
};

// PostgreSQL answers a malformed uuid with an error (a 500): refuse it before it gets there.
bool ids_are_uuids(const Booking& b) {
  const auto ok = [](const std::optional<std::string>& id) { return !id || common::is_uuid(*id); };
  return common::is_uuid(b.id) && common::is_uuid(b.customer_id) &&
         common::is_uuid(b.provider_id) && common::is_uuid(b.service_id) &&
         ok(b.rescheduled_from_id) && ok(b.rescheduled_to_id);
}

void insert_notifications(soci::session& sql, const std::vector<NotificationRow>& rows) {
  for (const NotificationRow& n : rows) {
    if (!common::is_uuid(n.id) || !common::is_uuid(n.user_id) || !common::is_uuid(n.booking_id)) {
      throw soci::soci_error("notification with a malformed id");
    }
    sql << "INSERT INTO notifications (id, user_id, booking_id, type, channel, status, "
           "created_at) VALUES (:id, :user_id, :booking_id, :type, 'email', 'pending', "
           ":created_at)",
        soci::use(n.id), soci::use(n.user_id), soci::use(n.booking_id), soci::use(n.type),
        soci::use(n.created_at);
  }
}

std::optional<Booking> find_by_idempotency_key(soci::session& sql, const std::string& customer_id,
                                               const std::string& key) {
  BookingRows rows(sql);
  rows.use(customer_id);
  rows.use(key);
  auto found = rows.run(std::string("SELECT ") + kBookingColumns +
                        " FROM bookings WHERE customer_id = :customer_id AND idempotency_key = "
                        ":idempotency_key");
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

// ---------------------------------------------------------------------------------------------
// The day, as the booking transaction sees it
// ---------------------------------------------------------------------------------------------

std::string provider_columns(Dialect dialect) {
  return std::string(
             "id, user_id, business_name, business_type, description, address, latitude, "
             "longitude, ") +
         (dialect == Dialect::kPostgres ? "CAST(pricing_info AS TEXT)" : "pricing_info") +
         ", CAST(is_active AS INTEGER), timezone, slot_interval_minutes, min_notice_minutes, "
         "max_advance_days, created_at, updated_at";
}

struct ProviderRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.user_id));
    st.exchange(soci::into(row.business_name));
    st.exchange(soci::into(row.business_type));
    st.exchange(soci::into(description, description_ind));
    st.exchange(soci::into(address, address_ind));
    st.exchange(soci::into(latitude, latitude_ind));
    st.exchange(soci::into(longitude, longitude_ind));
    st.exchange(soci::into(row.pricing_info));
    st.exchange(soci::into(is_active));
    st.exchange(soci::into(row.timezone));
    st.exchange(soci::into(row.slot_interval_minutes));
    st.exchange(soci::into(row.min_notice_minutes));
    st.exchange(soci::into(row.max_advance_days));
    st.exchange(soci::into(row.created_at));
    st.exchange(soci::into(row.updated_at));
  }
  Provider current() const {
    Provider p = row;
    p.description = optional_of(description, description_ind);
    p.address = optional_of(address, address_ind);
    p.latitude = optional_of(latitude, latitude_ind);
    p.longitude = optional_of(longitude, longitude_ind);
    p.is_active = is_active != 0;
    p.created_at = normalize_instant_text(p.created_at);
    p.updated_at = normalize_instant_text(p.updated_at);
    return p;
  }
  Provider row;
  std::string description, address;
  double latitude = 0, longitude = 0;
  int is_active = 0;
  soci::indicator description_ind = soci::i_null, address_ind = soci::i_null,
                  latitude_ind = soci::i_null, longitude_ind = soci::i_null;
};

struct ServiceRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.provider_id));
    st.exchange(soci::into(row.name));
    st.exchange(soci::into(description, description_ind));
    st.exchange(soci::into(row.duration));
    st.exchange(soci::into(row.price));
    st.exchange(soci::into(row.buffer_before_minutes));
    st.exchange(soci::into(row.buffer_after_minutes));
    st.exchange(soci::into(is_active));
    st.exchange(soci::into(row.created_at));
    st.exchange(soci::into(row.updated_at));
  }
  Service current() const {
    Service s = row;
    s.description = optional_of(description, description_ind);
    s.is_active = is_active != 0;
    s.created_at = normalize_instant_text(s.created_at);
    s.updated_at = normalize_instant_text(s.updated_at);
    return s;
  }
  Service row;
  std::string description;
  int is_active = 0;
  soci::indicator description_ind = soci::i_null;
};

struct ScheduleRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.provider_id));
    st.exchange(soci::into(row.day_of_week));
    st.exchange(soci::into(start));
    st.exchange(soci::into(end));
    st.exchange(soci::into(row.created_at));
  }
  Schedule current() const {
    Schedule s = row;
    s.range = common::TimeRange{read_time(start), read_time(end)};
    s.is_active = true;  // only active ones are read
    s.created_at = normalize_instant_text(s.created_at);
    return s;
  }
  Schedule row;
  std::string start, end;
};

struct ExceptionRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.provider_id));
    st.exchange(soci::into(row.date));
    st.exchange(soci::into(start, start_ind));
    st.exchange(soci::into(end, end_ind));
    st.exchange(soci::into(reason, reason_ind));
    st.exchange(soci::into(is_available));
    st.exchange(soci::into(row.created_at));
  }
  ScheduleException current() const {
    ScheduleException e = row;
    // Both times or neither (a CHECK in both schemas); neither = the whole day.
    if (start_ind == soci::i_ok && end_ind == soci::i_ok) {
      e.range = common::TimeRange{read_time(start), read_time(end)};
    }
    e.reason = optional_of(reason, reason_ind);
    e.is_available = is_available != 0;
    e.created_at = normalize_instant_text(e.created_at);
    return e;
  }
  ScheduleException row;
  std::string start, end, reason;
  int is_available = 0;
  soci::indicator start_ind = soci::i_null, end_ind = soci::i_null, reason_ind = soci::i_null;
};

struct BusyRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(date));
    st.exchange(soci::into(start));
    st.exchange(soci::into(end));
    st.exchange(soci::into(before));
    st.exchange(soci::into(after));
  }
  CalendarEntry current() const {
    CalendarEntry c;
    c.date = date;
    c.busy.range = common::TimeRange{read_time(start), read_time(end)};
    c.busy.buffer_before = before;
    c.busy.buffer_after = after;
    return c;
  }
  std::string date, start, end;
  int before = 0, after = 0;
};

// Reads what decide() needs on the transaction's own connection, so it sees the day as the
// insert will. nullopt: no live provider.
std::optional<AvailabilityInputs> read_day(soci::session& sql, Dialect dialect,
                                           const std::string& provider_id,
                                           const std::string& service_id, const std::string& date,
                                           int weekday, const std::string& exclude_id = "") {
  AvailabilityInputs in;
  {
    Rows<ProviderRow> rows(sql);
    rows.use(provider_id);
    auto found = rows.run("SELECT " + provider_columns(dialect) +
                          " FROM service_providers WHERE id = :id AND deleted_at IS NULL");
    if (found.empty()) return std::nullopt;
    in.provider = std::move(found.front());
  }
  if (common::is_uuid(service_id)) {
    Rows<ServiceRow> rows(sql);
    rows.use(service_id);
    rows.use(provider_id);
    auto found = rows.run(
        "SELECT id, provider_id, name, description, duration, CAST(price AS BIGINT), "
        "buffer_before_minutes, buffer_after_minutes, CAST(is_active AS INTEGER), created_at, "
        "updated_at FROM services WHERE id = :id AND provider_id = :provider_id AND deleted_at "
        "IS NULL");
    if (!found.empty()) in.service = std::move(found.front());
  }
  {
    Rows<ScheduleRow> rows(sql);
    rows.use(provider_id);
    rows.use(weekday);
    in.schedules = rows.run(
        "SELECT id, provider_id, day_of_week, start_time, end_time, created_at FROM "
        "availability_schedules WHERE provider_id = :provider_id AND is_active = TRUE AND "
        "day_of_week = :day_of_week ORDER BY start_time, id");
  }
  {
    Rows<ExceptionRow> rows(sql);
    rows.use(provider_id);
    rows.use(date);
    in.exceptions = rows.run(
        "SELECT id, provider_id, exception_date, start_time, end_time, reason, "
        "CAST(is_available AS INTEGER), created_at FROM availability_exceptions WHERE "
        "provider_id = :provider_id AND exception_date = :date ORDER BY start_time NULLS "
        "FIRST, id");
  }
  {
    // The buffers are the booked service's, even if it was deleted since.
    Rows<BusyRow> rows(sql);
    rows.use(provider_id);
    rows.use(date);
    if (!exclude_id.empty()) rows.use(exclude_id);
    in.bookings = rows.run(
        std::string(
            "SELECT b.booking_date, b.start_time, b.end_time, s.buffer_before_minutes, "
            "s.buffer_after_minutes FROM bookings b JOIN services s ON s.id = b.service_id WHERE "
            "b.provider_id = :provider_id AND b.booking_date = :date AND b.status IN ('pending', "
            "'confirmed')") +
        (exclude_id.empty() ? "" : " AND b.id <> :exclude_id") + " ORDER BY b.start_time, b.id");
  }
  return in;
}

// INSERTs `b` and returns the stored row (empty when nothing came back).
std::vector<Booking> insert_booking(soci::session& sql, const Booking& b) {
  BookingParams p(b);
  BookingRows rows(sql);
  rows.use(b.id);
  rows.use(b.customer_id);
  rows.use(b.provider_id);
  rows.use(b.service_id);
  rows.use(b.date);
  rows.use(p.start);
  rows.use(p.end);
  rows.use(p.status);
  rows.use(p.customer_notes.value, p.customer_notes.ind);
  rows.use(p.admin_notes.value, p.admin_notes.ind);
  rows.use(p.cancellation_reason.value, p.cancellation_reason.ind);
  rows.use(p.payment_status);
  rows.use(p.payment_id.value, p.payment_id.ind);
  rows.use(p.rescheduled_from_id.value, p.rescheduled_from_id.ind);
  rows.use(p.rescheduled_to_id.value, p.rescheduled_to_id.ind);
  rows.use(p.idempotency_key.value, p.idempotency_key.ind);
  rows.use(p.cancelled_at.value, p.cancelled_at.ind);
  rows.use(b.created_at);
  rows.use(b.updated_at);
  return rows.run(
      std::string("INSERT INTO bookings (") + kBookingColumns +
      ") VALUES (:id, :customer_id, :provider_id, :service_id, :booking_date, :start_time, "
      ":end_time, :status, :customer_notes, :admin_notes, :cancellation_reason, "
      ":payment_status, :payment_id, :rescheduled_from_id, :rescheduled_to_id, "
      ":idempotency_key, :cancelled_at, :created_at, :updated_at) RETURNING " +
      kBookingColumns);
}

// The compare-and-set UPDATE of update() and reschedule(): nullopt when the row does not have
// `expected_status` (or is gone).
std::optional<Booking> update_if_status(soci::session& sql, const Booking& next,
                                        BookingStatus expected_status) {
  BookingParams p(next);
  const std::string expected(bookings::to_string(expected_status));
  BookingRows rows(sql);
  rows.use(p.status);
  rows.use(p.customer_notes.value, p.customer_notes.ind);
  rows.use(p.admin_notes.value, p.admin_notes.ind);
  rows.use(p.cancellation_reason.value, p.cancellation_reason.ind);
  rows.use(p.cancelled_at.value, p.cancelled_at.ind);
  rows.use(p.rescheduled_from_id.value, p.rescheduled_from_id.ind);
  rows.use(p.rescheduled_to_id.value, p.rescheduled_to_id.ind);
  rows.use(next.updated_at);
  rows.use(next.id);
  rows.use(expected);
  // The status in the WHERE is the compare-and-set: a concurrent change makes it match nothing.
  auto stored = rows.run(
      std::string("UPDATE bookings SET status = :status, customer_notes = :customer_notes, "
                  "admin_notes = :admin_notes, cancellation_reason = :cancellation_reason, "
                  "cancelled_at = :cancelled_at, rescheduled_from_id = :rescheduled_from_id, "
                  "rescheduled_to_id = :rescheduled_to_id, updated_at = :updated_at WHERE id "
                  "= :id AND status = :expected RETURNING ") +
      kBookingColumns);
  if (stored.empty()) return std::nullopt;
  return std::move(stored.front());
}

std::optional<Booking> find_booking(soci::session& sql, const std::string& id) {
  BookingRows rows(sql);
  rows.use(id);
  auto found = rows.run(std::string("SELECT ") + kBookingColumns + " FROM bookings WHERE id = :id");
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

// One attempt of reschedule(): everything in one write transaction on one connection.
common::Result<std::pair<Booking, Booking>> reschedule_once(
    soci::session& sql, Dialect dialect, const std::string& old_id, BookingStatus expected_status,
    const std::string& new_date, int weekday, const bookings::BookingDecision& decide,
    const std::function<Booking(Booking old)>& close_old) {
  WriteTransaction tx(sql, dialect);
  auto old = find_booking(sql, old_id);
  if (!old) return fail(booking_not_found());
  if (old->status != expected_status) return fail(booking_changed());
  auto day = read_day(sql, dialect, old->provider_id, old->service_id, new_date, weekday, old->id);
  if (!day) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  auto decided = decide(*day);
  if (!decided) return fail(std::move(decided.error()));
  Booking created = decided->booking;
  created.rescheduled_from_id = old->id;
  Booking closed = close_old(*old);
  closed.rescheduled_to_id = created.id;
  if (!ids_are_uuids(created) || !ids_are_uuids(closed)) {
    spdlog::error("reschedule decision produced a malformed id");
    return fail(Error::internal());
  }
  // The old booking lets go of its time first: the overlap guard checks each statement. The
  // forward link is written once the new row exists (rescheduled_to_id is a foreign key).
  closed.rescheduled_to_id.reset();
  if (!update_if_status(sql, closed, expected_status)) {
    return fail(booking_changed());
  }
  auto stored = insert_booking(sql, created);
  if (stored.empty()) return fail(Error::internal());
  closed.rescheduled_to_id = created.id;
  auto updated = update_if_status(sql, closed, closed.status);
  if (!updated) return fail(Error::internal());
  insert_notifications(sql, decided->notifications);
  tx.commit();
  return std::make_pair(std::move(stored.front()), std::move(*updated));
}

// One attempt of create(): everything in one write transaction on one connection.
common::Result<Booking> create_once(soci::session& sql, Dialect dialect,
                                    const std::string& provider_id, const std::string& service_id,
                                    const std::string& date, int weekday,
                                    const bookings::BookingDecision& decide) {
  WriteTransaction tx(sql, dialect);
  auto day = read_day(sql, dialect, provider_id, service_id, date, weekday);
  if (!day) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  auto decided = decide(*day);
  if (!decided) return fail(std::move(decided.error()));
  const Booking& b = decided->booking;
  if (!ids_are_uuids(b)) {
    spdlog::error("booking decision produced a malformed id");
    return fail(Error::internal());
  }
  if (b.idempotency_key) {
    if (auto stored = find_by_idempotency_key(sql, b.customer_id, *b.idempotency_key)) {
      return std::move(*stored);  // the rollback leaves nothing behind
    }
  }
  auto stored = insert_booking(sql, b);
  if (stored.empty()) return fail(Error::internal());
  insert_notifications(sql, decided->notifications);
  tx.commit();
  return std::move(stored.front());
}

}  // namespace

common::Result<Booking> SqlBookingRepository::create(const std::string& provider_id,
                                                     const std::string& service_id,
                                                     const std::string& date,
                                                     const bookings::BookingDecision& decide) {
  // Malformed ids and dates never reach PostgreSQL, which would answer them with an error.
  if (!common::is_uuid(provider_id)) {
    return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  }
  const auto day = common::parse_date(date);
  if (!day) return fail(Error::invalid("Invalid date", {{"date", "must be a date (YYYY-MM-DD)"}}));
  const int weekday = common::day_of_week(*day);

  // What decide() asked to insert, remembered for the idempotency re-read after a conflict.
  std::optional<std::pair<std::string, std::string>> idempotency;
  const bookings::BookingDecision remembering = [&](const AvailabilityInputs& in) {
    auto decided = decide(in);
    if (decided && decided->booking.idempotency_key) {
      idempotency.emplace(decided->booking.customer_id, *decided->booking.idempotency_key);
    }
    return decided;
  };

  for (int attempt = 1;; ++attempt) {
    try {
      soci::session sql(db_.pool());
      return create_once(sql, db_.dialect(), provider_id, service_id, date, weekday, remembering);
    } catch (const soci::soci_error& e) {
      if (is_retryable(e) && attempt < kMaxAttempts) {
        spdlog::debug("booking transaction retried (attempt {}): {}", attempt, e.what());
        continue;
      }
      if (!is_conflict(e)) return fail(translate_sql_error(e));
      // A twin request with the same key committed between our check and our insert
      // (uq_bookings_customer_idempotency): answer with its booking.
      if (idempotency) {
        try {
          soci::session sql(db_.pool());
          if (auto stored =
                  db::find_by_idempotency_key(sql, idempotency->first, idempotency->second)) {
            return std::move(*stored);
          }
        } catch (const soci::soci_error& again) {
          return fail(translate_sql_error(again));
        }
      }
      return fail(slot_taken());
    }
  }
}

common::Result<std::optional<Booking>> SqlBookingRepository::find(const std::string& id) {
  if (!common::is_uuid(id)) return std::optional<Booking>{};
  try {
    soci::session sql(db_.pool());
    BookingRows rows(sql);
    rows.use(id);
    auto found =
        rows.run(std::string("SELECT ") + kBookingColumns + " FROM bookings WHERE id = :id");
    if (found.empty()) return std::optional<Booking>{};
    return std::optional<Booking>{std::move(found.front())};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<Booking>> SqlBookingRepository::find_by_idempotency_key(
    const std::string& customer_id, const std::string& key) {
  if (!common::is_uuid(customer_id)) return std::optional<Booking>{};
  try {
    soci::session sql(db_.pool());
    return db::find_by_idempotency_key(sql, customer_id, key);
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<bookings::BookingPage> SqlBookingRepository::list(
    const bookings::BookingFilter& filter) {
  // A malformed id names nobody: an empty page rather than a PostgreSQL error.
  if ((filter.customer_id && !common::is_uuid(*filter.customer_id)) ||
      (filter.provider_id && !common::is_uuid(*filter.provider_id))) {
    return bookings::BookingPage{};
  }
  if ((!filter.start_date.empty() && !common::parse_date(filter.start_date)) ||
      (!filter.end_date.empty() && !common::parse_date(filter.end_date))) {
    return fail(Error::invalid("Invalid date", {{"date", "must be a date (YYYY-MM-DD)"}}));
  }
  try {
    soci::session sql(db_.pool());
    const std::string status =
        filter.status ? std::string(bookings::to_string(*filter.status)) : std::string();
    // 'YYYY-MM-DD' text compares in date order on SQLite; PostgreSQL types the parameters as
    // date from the column.
    std::string where = " WHERE 1 = 1";
    if (filter.customer_id) where += " AND customer_id = :customer_id";
    if (filter.provider_id) where += " AND provider_id = :provider_id";
    if (filter.status) where += " AND status = :status";
    if (!filter.start_date.empty()) where += " AND booking_date >= :start_date";
    if (!filter.end_date.empty()) where += " AND booking_date <= :end_date";
    // The same parameters, in placeholder order, for the count and for the rows.
    const auto bind_filter = [&](auto& query) {
      if (filter.customer_id) query.use(*filter.customer_id);
      if (filter.provider_id) query.use(*filter.provider_id);
      if (filter.status) query.use(status);
      if (!filter.start_date.empty()) query.use(filter.start_date);
      if (!filter.end_date.empty()) query.use(filter.end_date);
    };

    bookings::BookingPage page;
    Rows<CountRow> count(sql);
    bind_filter(count);
    page.total_items = count.run("SELECT COUNT(*) FROM bookings" + where).at(0);

    const long long limit = filter.limit < 1 ? 1 : filter.limit;
    const long long before = filter.page < 1 ? 0 : filter.page - 1;
    // A page beyond any real one is empty, without overflowing the offset.
    const long long offset = before > std::numeric_limits<long long>::max() / limit
                                 ? std::numeric_limits<long long>::max()
                                 : before * limit;
    if (offset >= page.total_items) return page;

    BookingRows rows(sql);
    bind_filter(rows);
    rows.use(limit);
    rows.use(offset);
    page.items = rows.run(std::string("SELECT ") + kBookingColumns + " FROM bookings" + where +
                          " ORDER BY booking_date DESC, start_time DESC, id LIMIT :limit OFFSET "
                          ":offset");
    return page;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<Booking> SqlBookingRepository::update(
    const Booking& next, BookingStatus expected_status,
    const std::vector<NotificationRow>& notifications) {
  if (!common::is_uuid(next.id)) return fail(booking_not_found());
  if (!ids_are_uuids(next)) return fail(Error::invalid("Invalid booking reference"));
  try {
    soci::session sql(db_.pool());
    WriteTransaction tx(sql, db_.dialect());
    auto stored = update_if_status(sql, next, expected_status);
    if (!stored) {
      long long exists = 0;
      sql << "SELECT COUNT(*) FROM bookings WHERE id = :id", soci::into(exists), soci::use(next.id);
      return fail(exists ? booking_changed() : booking_not_found());
    }
    insert_notifications(sql, notifications);
    tx.commit();
    return std::move(*stored);
  } catch (const soci::soci_error& e) {
    // e.g. reactivating a booking into a slot taken meanwhile.
    return fail(translate_sql_error(e, "BOOKING_001", "This time slot is no longer available"));
  }
}

common::Result<std::pair<Booking, Booking>> SqlBookingRepository::reschedule(
    const std::string& old_id, BookingStatus expected_status, const std::string& new_date,
    const bookings::BookingDecision& decide, const std::function<Booking(Booking old)>& close_old) {
  if (!common::is_uuid(old_id)) return fail(booking_not_found());
  const auto day = common::parse_date(new_date);
  if (!day) {
    return fail(Error::invalid("Invalid date", {{"new_date", "must be a date (YYYY-MM-DD)"}}));
  }
  const int weekday = common::day_of_week(*day);
  for (int attempt = 1;; ++attempt) {
    try {
      soci::session sql(db_.pool());
      return reschedule_once(sql, db_.dialect(), old_id, expected_status, new_date, weekday, decide,
                             close_old);
    } catch (const soci::soci_error& e) {
      if (is_retryable(e) && attempt < kMaxAttempts) {
        spdlog::debug("reschedule transaction retried (attempt {}): {}", attempt, e.what());
        continue;
      }
      if (!is_conflict(e)) return fail(translate_sql_error(e));
      return fail(slot_taken());
    }
  }
}

}  // namespace janji::db
