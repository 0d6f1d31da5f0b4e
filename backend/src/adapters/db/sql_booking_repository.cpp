#include "adapters/db/sql_booking_repository.hpp"
#include "adapters/db/sql_rows.hpp"

#include <spdlog/spdlog.h>

#include <soci/postgresql/soci-postgresql.h>
#include <algorithm>
#include <array>
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

const char* const kBookingColumns =
    "id, customer_id, provider_id, service_id, booking_date, start_time, end_time, status, "
    "customer_notes, admin_notes, cancellation_reason, payment_status, payment_id, "
    "rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at, created_at, "
    "updated_at, starts_at, ends_at, payment_due_at";

namespace {

Error slot_taken() {
  return Error::conflict("BOOKING_001", "This time slot is no longer available");
}
Error booking_changed() { return Error::conflict("BOOKING_004", "The booking changed meanwhile"); }
Error booking_not_found() { return Error::not_found("BOOKING_002", "Booking not found"); }

// ---------------------------------------------------------------------------------------------
// Bookings
// ---------------------------------------------------------------------------------------------

// Instants come back as ISO text from SQLite and as "2027-03-14 06:30:00+00" from PostgreSQL
// (whose session Database keeps in UTC).
common::Instant read_instant(const std::string& text) {
  if (auto t = common::parse_instant(text)) return *t;
  throw soci::soci_error("unreadable stored instant: '" + text + "'");
}

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
    st.exchange(soci::into(starts_at));
    st.exchange(soci::into(ends_at));
    st.exchange(soci::into(payment_due_at, payment_due_at_ind));
  }
  Booking current() const {
    Booking b = row;
    b.range = common::TimeRange{read_time(start), read_time(end)};
    b.starts_at = read_instant(starts_at);
    b.ends_at = read_instant(ends_at);
    if (payment_due_at_ind == soci::i_ok) b.payment_due_at = read_instant(payment_due_at);
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
  std::string start, end, status, payment_status, starts_at, ends_at;
  std::string customer_notes, admin_notes, cancellation_reason, payment_id;
  std::string rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at;
  std::string payment_due_at;
  soci::indicator payment_due_at_ind = soci::i_null;
  soci::indicator customer_notes_ind = soci::i_null, admin_notes_ind = soci::i_null,
                  cancellation_reason_ind = soci::i_null, payment_id_ind = soci::i_null,
                  rescheduled_from_id_ind = soci::i_null, rescheduled_to_id_ind = soci::i_null,
                  idempotency_key_ind = soci::i_null, cancelled_at_ind = soci::i_null;
};

using BookingRows = Rows<BookingRow>;

// Correlated lookups by primary key (at most a page of them): the booking columns stay
// unqualified, and a row whose provider, service or customer is gone still lists.
constexpr const char* kListedNameColumns =
    ", COALESCE((SELECT business_name FROM service_providers p WHERE p.id = bookings.provider_id), "
    "''), COALESCE((SELECT name FROM services s WHERE s.id = bookings.service_id), ''), "
    "COALESCE((SELECT full_name FROM users u WHERE u.id = bookings.customer_id), ''), "
    "COALESCE((SELECT timezone FROM service_providers p WHERE p.id = bookings.provider_id), ''), "
    "COALESCE((SELECT CAST(price AS BIGINT) FROM services s WHERE s.id = bookings.service_id), 0)";

struct ListedBookingRow {
  void bind(soci::statement& st) {
    booking.bind(st);
    st.exchange(soci::into(provider_name));
    st.exchange(soci::into(service_name));
    st.exchange(soci::into(customer_name));
    st.exchange(soci::into(time_zone));
    st.exchange(soci::into(service_price));
  }
  bookings::ListedBooking current() const {
    return {booking.current(), provider_name, service_name,
            customer_name,     time_zone,     service_price};
  }
  BookingRow booking;
  std::string provider_name, service_name, customer_name, time_zone;
  long long service_price = 0;
};

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
        starts_at(common::format_instant(b.starts_at)),
        ends_at(common::format_instant(b.ends_at)),
        status(bookings::to_string(b.status)),
        payment_status(bookings::to_string(b.payment_status)),
        customer_notes(b.customer_notes),
        admin_notes(b.admin_notes),
        cancellation_reason(b.cancellation_reason),
        payment_id(b.payment_id),
        rescheduled_from_id(b.rescheduled_from_id),
        rescheduled_to_id(b.rescheduled_to_id),
        idempotency_key(b.idempotency_key),
        cancelled_at(b.cancelled_at),
        payment_due_at(b.payment_due_at
                           ? std::optional<std::string>(common::format_instant(*b.payment_due_at))
                           : std::nullopt) {}
  std::string start, end, starts_at, ends_at, status, payment_status;
  OptionalParam customer_notes, admin_notes, cancellation_reason, payment_id;
  OptionalParam rescheduled_from_id, rescheduled_to_id, idempotency_key, cancelled_at;
  OptionalParam payment_due_at;
};

// PostgreSQL answers a malformed uuid with an error (a 500): refuse it before it gets there.
bool ids_are_uuids(const Booking& b) {
  const auto ok = [](const std::optional<std::string>& id) { return !id || common::is_uuid(*id); };
  return common::is_uuid(b.id) && common::is_uuid(b.customer_id) &&
         common::is_uuid(b.provider_id) && common::is_uuid(b.service_id) &&
         ok(b.rescheduled_from_id) && ok(b.rescheduled_to_id);
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

// The compare-and-set UPDATE of update() and reschedule(): nullopt when the row does not have
// `expected_status` and next's payment status (or is gone).
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
  rows.use(p.payment_status);
  // The status and payment status in the WHERE are the compare-and-set: a concurrent change
  // (a payment applied, a refund) makes it match nothing. The payment fields are the payment
  // repository's to write: never written back from a copy read before.
  auto stored = rows.run(
      std::string("UPDATE bookings SET status = :status, "
                  "customer_notes = :customer_notes, "
                  "admin_notes = :admin_notes, cancellation_reason = :cancellation_reason, "
                  "cancelled_at = :cancelled_at, rescheduled_from_id = :rescheduled_from_id, "
                  "rescheduled_to_id = :rescheduled_to_id, updated_at = :updated_at WHERE id "
                  "= :id AND status = :expected AND payment_status = :payment_status RETURNING ") +
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

// Placeholder n in the dialect.
std::string placeholder(Dialect dialect, int n) {
  // Appended rather than `"$" + std::to_string(n)`: GCC 12 at -O3 warns falsely (-Wrestrict) on
  // that form.
  std::string out(dialect == Dialect::kPostgres ? "$" : "?");
  out += std::to_string(n);
  return out;
}

std::string insert_booking_sql(Dialect dialect) {
  std::string values;
  for (int n = 1; n <= kBookingColumnCount; ++n) {
    if (n > 1) values += ", ";
    values += placeholder(dialect, n);
  }
  return std::string("INSERT INTO bookings (") + kBookingColumns + ") VALUES (" + values + ")";
}

std::string insert_outbox_sql(Dialect dialect) {
  // Due at once: next_attempt_at is the creation time (the worker's index orders by it).
  return "INSERT INTO notifications (id, user_id, booking_id, type, channel, status, payload, "
         "next_attempt_at, created_at, updated_at) VALUES (" +
         placeholder(dialect, 1) + ", " + placeholder(dialect, 2) + ", " + placeholder(dialect, 3) +
         ", " + placeholder(dialect, 4) + ", 'email', 'pending', " + placeholder(dialect, 5) +
         ", " + placeholder(dialect, 6) + ", " + placeholder(dialect, 6) + ", " +
         placeholder(dialect, 6) + ")";
}

}  // namespace

namespace {

// The mail facts statement: the reschedule chain walked back in SQL (bounded: damaged data with
// a cycle ends), the parties by correlated primary-key lookups, the recipient last. One round
// trip per mail, prepared once per connection (it runs hundreds of times a second).
std::string mail_facts_sql(Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  const std::string booking = pg ? "CAST($1 AS uuid)" : "?1";
  const std::string recipient = pg ? "CAST($2 AS uuid)" : "?2";
  return "WITH RECURSIVE chain(id, from_id, depth) AS (SELECT id, rescheduled_from_id, 0 FROM "
         "bookings WHERE id = " +
         booking +
         " UNION ALL SELECT b.id, b.rescheduled_from_id, c.depth + 1 FROM bookings b JOIN chain c "
         "ON b.id = c.from_id WHERE c.depth < 100) SELECT " +
         kBookingColumns +
         ", COALESCE((SELECT full_name FROM users u WHERE u.id = bookings.customer_id), ''), "
         "COALESCE((SELECT email FROM users u WHERE u.id = bookings.customer_id), ''), "
         "COALESCE((SELECT business_name FROM service_providers p WHERE "
         "p.id = bookings.provider_id), ''), "
         "(SELECT address FROM service_providers p WHERE p.id = bookings.provider_id), "
         "COALESCE((SELECT timezone FROM service_providers p WHERE p.id = bookings.provider_id), "
         "'UTC'), "
         "COALESCE((SELECT name FROM services s WHERE s.id = bookings.service_id), ''), "
         "(SELECT MAX(depth) FROM chain), "
         "(SELECT id FROM chain ORDER BY depth DESC LIMIT 1), "
         "(SELECT booking_date FROM bookings m WHERE m.id = bookings.rescheduled_from_id), "
         "(SELECT start_time FROM bookings m WHERE m.id = bookings.rescheduled_from_id), "
         "(SELECT end_time FROM bookings m WHERE m.id = bookings.rescheduled_from_id), "
         "(SELECT email FROM users r WHERE r.id = " +
         recipient + "), (SELECT full_name FROM users r WHERE r.id = " + recipient +
         "), (SELECT locale FROM users r WHERE r.id = " + recipient +
         "), (SELECT CASE WHEN is_active THEN 1 ELSE 0 END FROM users r WHERE r.id = " + recipient +
         ") FROM bookings WHERE id = " + booking;
}

std::string text_at(const NativeRow& r, int col) { return std::string(r.text(col)); }
std::optional<std::string> optional_at(const NativeRow& r, int col) {
  return r.is_null(col) ? std::nullopt : std::optional<std::string>(text_at(r, col));
}

Booking booking_at(const NativeRow& r) {
  Booking b;
  b.id = text_at(r, 0);
  b.customer_id = text_at(r, 1);
  b.provider_id = text_at(r, 2);
  b.service_id = text_at(r, 3);
  b.date = text_at(r, 4);
  b.range = common::TimeRange{read_time(text_at(r, 5)), read_time(text_at(r, 6))};
  const auto status = bookings::parse_booking_status(r.text(7));
  const auto payment = bookings::parse_payment_status(r.text(11));
  if (!status || !payment) throw UnreadableValue("unreadable stored booking status");
  b.status = *status;
  b.payment_status = *payment;
  b.customer_notes = optional_at(r, 8);
  b.admin_notes = optional_at(r, 9);
  b.cancellation_reason = optional_at(r, 10);
  b.payment_id = optional_at(r, 12);
  b.rescheduled_from_id = optional_at(r, 13);
  b.rescheduled_to_id = optional_at(r, 14);
  b.idempotency_key = optional_at(r, 15);
  if (!r.is_null(16)) b.cancelled_at = normalize_instant_text(text_at(r, 16));
  b.created_at = normalize_instant_text(text_at(r, 17));
  b.updated_at = normalize_instant_text(text_at(r, 18));
  b.starts_at = read_instant(text_at(r, 19));
  b.ends_at = read_instant(text_at(r, 20));
  if (!r.is_null(21)) b.payment_due_at = read_instant(text_at(r, 21));
  return b;
}

notifications::BookingMailFacts mail_facts_at(const NativeRow& r) {
  int col = kBookingColumnCount;
  notifications::BookingMailFacts facts;
  auto& lineage = facts.lineage;
  auto& v = lineage.view;
  v.booking = booking_at(r);
  v.customer.id = v.booking.customer_id;
  v.customer.full_name = text_at(r, col++);
  v.customer.email = text_at(r, col++);
  v.provider.id = v.booking.provider_id;
  v.provider.business_name = text_at(r, col++);
  v.provider.address = optional_at(r, col++);
  v.provider.timezone = text_at(r, col++);
  v.service.id = v.booking.service_id;
  v.service.name = text_at(r, col++);
  lineage.moves = static_cast<int>(r.integer(col++));
  lineage.origin_id = r.is_null(col) ? v.booking.id : text_at(r, col);
  ++col;
  if (!r.is_null(col) && !r.is_null(col + 1) && !r.is_null(col + 2)) {
    Booking previous;
    previous.date = text_at(r, col);
    previous.range =
        common::TimeRange{read_time(text_at(r, col + 1)), read_time(text_at(r, col + 2))};
    lineage.moved_from = previous;
  }
  col += 3;
  if (!r.is_null(col)) {
    auth::User recipient;
    recipient.email = text_at(r, col);
    recipient.full_name = r.is_null(col + 1) ? "" : text_at(r, col + 1);
    if (!r.is_null(col + 2)) recipient.locale = text_at(r, col + 2);
    recipient.is_active = !r.is_null(col + 3) && r.integer(col + 3) != 0;
    facts.recipient = std::move(recipient);
  }
  return facts;
}

}  // namespace

Booking read_booking(const NativeRow& row) { return booking_at(row); }

SqlBookingRepository::SqlBookingRepository(Database& db, SqlAvailabilityReader& day)
    : db_(db),
      day_(day),
      insert_booking_(db, insert_booking_sql(db.dialect())),
      outbox_(db),
      mail_facts_(db, mail_facts_sql(db.dialect())) {}

SqlBookingRepository::~SqlBookingRepository() = default;

void SqlBookingRepository::insert_booking(PoolLease& lease, const Booking& b) {
  const BookingParams p(b);
  const std::array<NativeParam, kBookingColumnCount> params = {
      NativeParam::text(b.id),
      NativeParam::text(b.customer_id),
      NativeParam::text(b.provider_id),
      NativeParam::text(b.service_id),
      NativeParam::text(b.date),
      NativeParam::text(p.start),
      NativeParam::text(p.end),
      NativeParam::text(p.status),
      NativeParam::optional(b.customer_notes),
      NativeParam::optional(b.admin_notes),
      NativeParam::optional(b.cancellation_reason),
      NativeParam::text(p.payment_status),
      NativeParam::optional(b.payment_id),
      NativeParam::optional(b.rescheduled_from_id),
      NativeParam::optional(b.rescheduled_to_id),
      NativeParam::optional(b.idempotency_key),
      NativeParam::optional(b.cancelled_at),
      NativeParam::text(b.created_at),
      NativeParam::text(b.updated_at),
      NativeParam::text(p.starts_at),
      NativeParam::text(p.ends_at),
      p.payment_due_at.ind == soci::i_ok ? NativeParam::text(p.payment_due_at.value)
                                         : NativeParam::null()};
  insert_booking_.run(lease, params);
}

OutboxRows::OutboxRows(Database& db) : insert_(db, insert_outbox_sql(db.dialect())) {}

void OutboxRows::insert(PoolLease& lease, const std::vector<NotificationRow>& rows) {
  for (const NotificationRow& n : rows) {
    if (!common::is_uuid(n.id) || !common::is_uuid(n.user_id) || !common::is_uuid(n.booking_id)) {
      throw soci::soci_error("notification with a malformed id");
    }
    // Closed sets of lower-case words (no escaping needed), checked so it stays JSON.
    const auto word = [](const std::string& w) {
      return !w.empty() && std::all_of(w.begin(), w.end(),
                                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    };
    if (!word(n.audience) || !word(n.actor)) {
      throw soci::soci_error("notification with an unexpected audience or actor");
    }
    if (n.payment_id && !common::is_uuid(*n.payment_id)) {
      throw soci::soci_error("notification with a malformed payment id");
    }
    // A UUID needs no escaping either.
    std::string payload = R"({"audience":")" + n.audience + R"(","actor":")" + n.actor + '"';
    if (n.payment_id) payload += R"(,"payment_id":")" + *n.payment_id + '"';
    payload += '}';
    const std::array<NativeParam, 6> params = {
        NativeParam::text(n.id),   NativeParam::text(n.user_id), NativeParam::text(n.booking_id),
        NativeParam::text(n.type), NativeParam::text(payload),   NativeParam::text(n.created_at)};
    insert_.run(lease, params);
  }
}

// One attempt of create(): everything in one write transaction on one connection. The day is
// read on that connection, so decide() sees it as the insert will.
common::Result<bookings::StoredBooking> SqlBookingRepository::create_once(
    PoolLease& lease, const std::string& provider_id, const std::string& service_id,
    const std::string& date, const bookings::BookingDecision& decide) {
  soci::session& sql = lease.session();
  WriteTransaction tx(sql, db_.dialect());
  auto day = day_.load_on(lease, provider_id, service_id, date, date);
  if (!day) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  auto decided = decide(*day);
  if (!decided) return fail(std::move(decided.error()));
  const Booking& b = decided->booking;
  if (!ids_are_uuids(b)) {
    spdlog::error("booking decision produced a malformed id");
    return fail(Error::internal());
  }
  if (b.idempotency_key) {
    if (auto stored = db::find_by_idempotency_key(sql, b.customer_id, *b.idempotency_key)) {
      // The rollback leaves nothing behind.
      return bookings::StoredBooking{std::move(*stored), false};
    }
  }
  insert_booking(lease, b);
  outbox_.insert(lease, decided->notifications);
  tx.commit();
  return bookings::StoredBooking{b, true};  // as inserted, every column given
}

// One attempt of reschedule(): everything in one write transaction on one connection.
common::Result<std::pair<Booking, Booking>> SqlBookingRepository::reschedule_once(
    PoolLease& lease, const std::string& old_id, BookingStatus expected_status,
    const std::string& new_date, const bookings::BookingDecision& decide,
    const std::function<Booking(Booking old)>& close_old) {
  soci::session& sql = lease.session();
  WriteTransaction tx(sql, db_.dialect());
  auto old = find_booking(sql, old_id);
  if (!old) return fail(booking_not_found());
  if (old->status != expected_status) return fail(booking_changed());
  // Its own time counts as free while it holds it.
  const bool holds_time =
      old->status == BookingStatus::kPending || old->status == BookingStatus::kConfirmed;
  auto day = day_.load_on(lease, old->provider_id, old->service_id, new_date, new_date,
                          holds_time ? &old->id : nullptr);
  if (!day) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  auto decided = decide(*day);
  if (!decided) return fail(std::move(decided.error()));
  // The service decides the links; this only stores them, so they must be the ones it means.
  Booking created = decided->booking;
  Booking closed = close_old(*old);
  if (created.rescheduled_from_id != old->id || closed.rescheduled_to_id != created.id ||
      closed.id != old->id) {
    spdlog::error("reschedule decision without consistent links");
    return fail(Error::internal());
  }
  if (!ids_are_uuids(created) || !ids_are_uuids(closed)) {
    spdlog::error("reschedule decision produced a malformed id");
    return fail(Error::internal());
  }
  // The old booking lets go of its time first: the overlap guard checks each statement. The
  // forward link is written once the new row exists (rescheduled_to_id is a foreign key).
  const std::string forward_link = *closed.rescheduled_to_id;
  closed.rescheduled_to_id.reset();
  if (!update_if_status(sql, closed, expected_status)) {
    return fail(booking_changed());
  }
  insert_booking(lease, created);
  closed.rescheduled_to_id = forward_link;
  auto updated = update_if_status(sql, closed, closed.status);
  if (!updated) return fail(Error::internal());
  outbox_.insert(lease, decided->notifications);
  tx.commit();
  return std::make_pair(std::move(created), std::move(*updated));
}

common::Result<bookings::StoredBooking> SqlBookingRepository::create(
    const std::string& provider_id, const std::string& service_id, const std::string& date,
    const bookings::BookingDecision& decide) {
  // Malformed ids and dates never reach PostgreSQL, which would answer them with an error.
  if (!common::is_uuid(provider_id)) {
    return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  }
  if (!common::parse_date(date)) {
    return fail(Error::invalid("Invalid date", {{"date", "must be a date (YYYY-MM-DD)"}}));
  }

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
      PoolLease lease(db_.pool());
      return create_once(lease, provider_id, service_id, date, remembering);
    } catch (const soci::soci_error& e) {
      if (is_retryable(e) && attempt < kMaxAttempts) {
        retry_pause(attempt);
        spdlog::debug("booking transaction retried (attempt {}): {}", attempt, e.what());
        continue;
      }
      // The customer row went between the token check and the insert (the provider and the
      // service were read in this transaction, so the customer is the one that can vanish).
      if (is_foreign_key_violation(e)) return fail(account_gone());
      if (!is_conflict(e)) return fail(translate_sql_error(e));
      // A twin request with the same key committed between our check and our insert
      // (uq_bookings_customer_idempotency): answer with its booking.
      if (idempotency) {
        try {
          soci::session sql(db_.pool());
          if (auto stored =
                  db::find_by_idempotency_key(sql, idempotency->first, idempotency->second)) {
            return bookings::StoredBooking{std::move(*stored), false};
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

common::Result<std::optional<notifications::BookingMailFacts>>
SqlBookingRepository::load_mail_facts(const std::string& booking_id,
                                      const std::string& recipient_id) {
  using Found = std::optional<notifications::BookingMailFacts>;
  if (!common::is_uuid(booking_id) || !common::is_uuid(recipient_id)) return Found{};
  const std::array<NativeParam, 2> params = {NativeParam::text(booking_id),
                                             NativeParam::text(recipient_id)};
  try {
    PoolLease lease(db_.pool());
    Found found;
    mail_facts_.run(lease, params, [&](const NativeRow& row) { found = mail_facts_at(row); });
    if (found && found->recipient) found->recipient->id = recipient_id;
    return found;
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
    const std::string ends_after =
        filter.ends_after ? common::format_instant(*filter.ends_after) : std::string();
    const std::string ended_by =
        filter.ended_by ? common::format_instant(*filter.ended_by) : std::string();
    if (filter.ends_after) where += " AND ends_at > :ends_after";
    if (filter.ended_by) where += " AND ends_at <= :ended_by";
    // The same parameters, in placeholder order, for the count and for the rows.
    const auto bind_filter = [&](auto& query) {
      if (filter.customer_id) query.use(*filter.customer_id);
      if (filter.provider_id) query.use(*filter.provider_id);
      if (filter.status) query.use(status);
      if (!filter.start_date.empty()) query.use(filter.start_date);
      if (!filter.end_date.empty()) query.use(filter.end_date);
      if (filter.ends_after) query.use(ends_after);
      if (filter.ended_by) query.use(ended_by);
    };

    bookings::BookingPage page;
    Rows<CountRow> count(sql);
    bind_filter(count);
    page.total_items = count.run("SELECT COUNT(*) FROM bookings" + where).at(0);

    const PageWindow window = page_window(filter.page, filter.limit);
    if (window.offset >= page.total_items) return page;  // a page beyond any real one: empty

    Rows<ListedBookingRow> rows(sql);
    bind_filter(rows);
    rows.use(window.limit);
    rows.use(window.offset);
    const char* order = filter.soonest_first ? " ORDER BY starts_at, id"
                                             : " ORDER BY booking_date DESC, starts_at DESC, id";
    page.items = rows.run(std::string("SELECT ") + kBookingColumns + kListedNameColumns +
                          " FROM bookings" + where + order + " LIMIT :limit OFFSET :offset");
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
    PoolLease lease(db_.pool());
    soci::session& sql = lease.session();
    WriteTransaction tx(sql, db_.dialect());
    auto stored = update_if_status(sql, next, expected_status);
    if (!stored) {
      long long exists = 0;
      sql << "SELECT COUNT(*) FROM bookings WHERE id = :id", soci::into(exists), soci::use(next.id);
      return fail(exists ? booking_changed() : booking_not_found());
    }
    outbox_.insert(lease, notifications);
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
  if (!common::parse_date(new_date)) {
    return fail(Error::invalid("Invalid date", {{"new_date", "must be a date (YYYY-MM-DD)"}}));
  }
  for (int attempt = 1;; ++attempt) {
    try {
      PoolLease lease(db_.pool());
      return reschedule_once(lease, old_id, expected_status, new_date, decide, close_old);
    } catch (const soci::soci_error& e) {
      if (is_retryable(e) && attempt < kMaxAttempts) {
        retry_pause(attempt);
        spdlog::debug("reschedule transaction retried (attempt {}): {}", attempt, e.what());
        continue;
      }
      if (!is_conflict(e)) return fail(translate_sql_error(e));
      return fail(slot_taken());
    }
  }
}

}  // namespace janji::db
