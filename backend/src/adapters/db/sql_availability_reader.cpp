#include "adapters/db/sql_availability_reader.hpp"

// SOCI's SQLite header wraps <sqlite3.h> in namespace sqlite_api: it must be the one to include
// it (sqlite_api:: names and the SQLITE_* macros below come from here).
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <soci/postgresql/soci-postgresql.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "core/common/crypto.hpp"
#include "core/common/wall_time.hpp"

namespace janji::db {

// The native statement of one pooled connection, remembered with the connection it belongs to:
// when SOCI hands out another native connection at that position (a reconnect), it is dropped.
struct PreparedAvailabilityQuery {
  const void* connection = nullptr;
  sqlite_api::sqlite3_stmt* sqlite = nullptr;
  bool postgres_prepared = false;
  // Row counts of the last load on this connection.
  struct Sizes {
    std::size_t schedules = 0;
    std::size_t exceptions = 0;
    std::size_t bookings = 0;
  } sizes;
};

namespace {

using availability::AvailabilityInputs;
using availability::CalendarEntry;
using availability::Schedule;
using availability::ScheduleException;
using common::Error;
using common::fail;
using LoadResult = common::Result<std::optional<AvailabilityInputs>>;

// A stored row we cannot read (a broken time, a non-number): logged, answered as internal.
class UnreadableRow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------------------------
// The query: one UNION ALL with a kind discriminator in column 0.
// ---------------------------------------------------------------------------------------------

enum Kind : int {
  kProvider = 0,
  kService = 1,
  kSchedule = 2,
  kException = 3,
  kBooking = 4,
  kBuffers = 5,  // buffers of every service of the provider, for the bookings
};

// The columns after the kind. Each has one type, shared by the kinds that use it and NULL in the
// others: PostgreSQL needs one type per UNION column, and typed columns cost it less than
// casting everything to text (measured: ~15% more queries per second).
enum Column : int {
  kId = 1,        // uuid: provider, service, schedule, exception
  kUserId,        // uuid: provider
  kName,          // text: business name, service name, exception reason
  kBusinessType,  // text
  kDescription,   // text: provider, service
  kAddress,       // text
  kTimezone,      // text
  kPricingInfo,   // text (jsonb on PostgreSQL)
  kLatitude,      // numeric
  kLongitude,     // numeric
  kFlag,          // boolean: is_active, exception is_available
  kInt1,          // integer: slot interval, duration, day of week
  kInt2,          // integer: min notice, buffer before
  kInt3,          // integer: max advance days, buffer after
  kPrice,         // bigint
  kCreatedAt,     // timestamptz
  kUpdatedAt,     // timestamptz
  kStart,         // time
  kEnd,           // time
  kDate,          // date: exception date, booking date
  kColumnCount,
};

// PostgreSQL's type of each column (the kind first), for its typed NULLs.
constexpr const char* kPostgresTypes[] = {
    "integer",                                                        // kind
    "uuid",        "uuid",                                            // ids
    "text",        "text",        "text",    "text", "text", "text",  // names .. pricing
    "numeric",     "numeric",                                         // coordinates
    "boolean",                                                        // flag
    "integer",     "integer",     "integer",                          // ints
    "bigint",                                                         // price
    "timestamptz", "timestamptz",                                     // instants
    "time",        "time",                                            // range
    "date",
};
static_assert(std::size(kPostgresTypes) == kColumnCount);

// Builds the statement for a dialect. Parameters: 1 provider id, 2 service id (NULL when
// malformed), 3-4 the dates. PostgreSQL answers in text: booleans 't'/'f', instants
// "2026-11-25 10:00:00+00" (the session is UTC); SQLite keeps its native values.
class QueryBuilder {
 public:
  explicit QueryBuilder(Dialect dialect) : pg_(dialect == Dialect::kPostgres) {}

  std::string build() {
    const std::string provider = pg_ ? "CAST($1 AS uuid)" : "?1";
    const std::string service = pg_ ? "CAST($2 AS uuid)" : "?2";
    const std::string window =
        pg_ ? " BETWEEN CAST($3 AS date) AND CAST($4 AS date)" : " BETWEEN ?3 AND ?4";
    branch(kProvider,
           {{kId, "id"},
            {kUserId, "user_id"},
            {kName, "business_name"},
            {kBusinessType, "business_type"},
            {kDescription, "description"},
            {kAddress, "address"},
            {kTimezone, "timezone"},
            {kPricingInfo, pg_ ? "CAST(pricing_info AS TEXT)" : "pricing_info"},
            {kLatitude, "latitude"},
            {kLongitude, "longitude"},
            {kFlag, "is_active"},
            {kInt1, "slot_interval_minutes"},
            {kInt2, "min_notice_minutes"},
            {kInt3, "max_advance_days"},
            {kCreatedAt, "created_at"},
            {kUpdatedAt, "updated_at"}},
           "service_providers WHERE id = " + provider + " AND deleted_at IS NULL");
    branch(kService,
           {{kId, "id"},
            {kName, "name"},
            {kDescription, "description"},
            {kFlag, "is_active"},
            {kInt1, "duration"},
            {kInt2, "buffer_before_minutes"},
            {kInt3, "buffer_after_minutes"},
            {kPrice, "CAST(price AS BIGINT)"},
            {kCreatedAt, "created_at"},
            {kUpdatedAt, "updated_at"}},
           "services WHERE id = " + service + " AND provider_id = " + provider +
               " AND deleted_at IS NULL");
    branch(kSchedule,
           {{kId, "id"},
            {kInt1, "day_of_week"},
            {kStart, "start_time"},
            {kEnd, "end_time"},
            {kFlag, "is_active"},
            {kCreatedAt, "created_at"}},
           // Only what the days need: active ranges on the weekdays of from..to (a bit mask).
           "availability_schedules WHERE provider_id = " + provider +
               (pg_ ? " AND is_active AND ((CAST($5 AS integer) >> day_of_week) & 1) = 1"
                    : " AND is_active = 1 AND ((?5 >> day_of_week) & 1) = 1"));
    branch(
        kException,
        {{kId, "id"},
         {kDate, "exception_date"},
         {kStart, "start_time"},
         {kEnd, "end_time"},
         {kName, "reason"},
         {kFlag, "is_available"},
         {kCreatedAt, "created_at"}},
        "availability_exceptions WHERE provider_id = " + provider + " AND exception_date" + window);
    // The buffers are the booked service's, even if it was deleted since. They are joined in
    // C++ from this short list: joining per booking cost one index lookup per row.
    branch(kBuffers,
           {{kId, "id"}, {kInt2, "buffer_before_minutes"}, {kInt3, "buffer_after_minutes"}},
           "services WHERE provider_id = " + provider);
    branch(
        kBooking,
        {{kId, "service_id"}, {kDate, "booking_date"}, {kStart, "start_time"}, {kEnd, "end_time"}},
        "bookings WHERE provider_id = " + provider + " AND booking_date" + window +
            " AND status IN ('pending', 'confirmed')");
    return sql_;
  }

 private:
  void branch(Kind kind, std::initializer_list<std::pair<Column, std::string>> columns,
              const std::string& from) {
    std::array<std::string, kColumnCount> select;
    for (int c = kId; c < kColumnCount; ++c) {
      // A typed NULL: an untyped one would make the column text on PostgreSQL.
      select[c] = pg_ ? std::string("CAST(NULL AS ") + kPostgresTypes[c] + ")" : "NULL";
    }
    for (const auto& [column, expression] : columns) select[column] = expression;
    select[0] = std::to_string(static_cast<int>(kind));
    if (!sql_.empty()) sql_ += " UNION ALL ";
    sql_ += "SELECT ";
    for (int c = 0; c < kColumnCount; ++c) sql_ += (c ? ", " : "") + select[c];
    sql_ += " FROM " + from;
  }

  bool pg_;
  std::string sql_;
};

// ---------------------------------------------------------------------------------------------
// Reading rows: the same decoder over both native result APIs.
// ---------------------------------------------------------------------------------------------

long long parse_integer(std::string_view text) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
    throw UnreadableRow("unreadable stored integer");
  }
  return value;
}

// The current row of a stepped SQLite statement.
class SqliteRow {
 public:
  explicit SqliteRow(sqlite_api::sqlite3_stmt* st) : st_(st) {}
  bool is_null(int col) const { return sqlite_api::sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string_view text(int col) const {
    // text before bytes: the documented order (bytes then counts the converted text).
    const auto* p = sqlite_api::sqlite3_column_text(st_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(st_, col))};
  }
  long long integer(int col) const { return sqlite_api::sqlite3_column_int64(st_, col); }
  double real(int col) const { return sqlite_api::sqlite3_column_double(st_, col); }
  bool flag(int col) const { return integer(col) != 0; }

 private:
  sqlite_api::sqlite3_stmt* st_;
};

// One row of a PostgreSQL result in text format.
class PostgresRow {
 public:
  PostgresRow(const PGresult* result, int row) : result_(result), row_(row) {}
  bool is_null(int col) const { return PQgetisnull(result_, row_, col) != 0; }
  std::string_view text(int col) const {
    return {PQgetvalue(result_, row_, col),
            static_cast<std::size_t>(PQgetlength(result_, row_, col))};
  }
  long long integer(int col) const { return parse_integer(text(col)); }
  double real(int col) const {
    const std::string_view t = text(col);
    double value = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc{} || end != t.data() + t.size()) throw UnreadableRow("unreadable number");
    return value;
  }
  // A boolean's text form is 't' or 'f'.
  bool flag(int col) const {
    const std::string_view t = text(col);
    return !t.empty() && t[0] == 't';
  }

 private:
  const PGresult* result_;
  int row_;
};

template <typename Row>
std::optional<std::string> optional_text(const Row& row, int col) {
  if (row.is_null(col)) return std::nullopt;
  return std::string(row.text(col));
}

template <typename Row>
int small_integer(const Row& row, int col) {
  return static_cast<int>(row.integer(col));
}

// Stored times are 'HH:MM:SS' on both dialects (PostgreSQL prints '24:00:00' too).
template <typename Row>
int time_of_day(const Row& row, int col) {
  if (auto minutes = common::parse_time_of_day(row.text(col))) return *minutes;
  throw UnreadableRow("unreadable stored time of day");
}

// Dates are compared as text with the requested days: insist on 'YYYY-MM-DD' (PostgreSQL's
// ISO DateStyle) rather than silently matching nothing.
template <typename Row>
std::string date(const Row& row, int col) {
  const std::string_view t = row.text(col);
  if (!common::parse_date(t)) throw UnreadableRow("unreadable stored date");
  return std::string(t);
}

// Instants as the repositories answer them, "2026-11-25T10:00:00Z" (normalize_instant_text),
// without its parsing on the hot path: SQLite stores that form, PostgreSQL (a UTC session)
// prints "2026-11-25 10:00:00[.ffffff]+00". Anything else takes the general way.
template <typename Row>
std::string instant(const Row& row, int col) {
  const std::string_view t = row.text(col);
  if (t.size() == 20 && t[10] == 'T' && t[19] == 'Z') return std::string(t);
  const bool utc = t.size() >= 22 && t[10] == ' ' && t.substr(t.size() - 3) == "+00";
  if (utc && (t.size() == 22 || (t[19] == '.' && t.size() <= 29))) {
    std::string out(t.substr(0, 20));
    out[10] = 'T';
    out[19] = 'Z';
    return out;
  }
  return normalize_instant_text(std::string(t));
}

// Collects the rows of one load; `found` says whether the provider row came.
class InputsBuilder {
 public:
  // `sizes` remembers the last load's counts on this connection: reserving them spares the
  // vectors' regrowth (a load is a few dozen small allocations; these were a good part).
  InputsBuilder(const std::string& provider_id, PreparedAvailabilityQuery::Sizes& sizes)
      : provider_id_(provider_id), sizes_(sizes) {
    in_.schedules.reserve(sizes.schedules);
    in_.exceptions.reserve(sizes.exceptions);
    in_.bookings.reserve(sizes.bookings);
  }

  template <typename Row>
  void add(const Row& row) {
    switch (row.integer(0)) {
      case kProvider:
        return add_provider(row);
      case kService:
        return add_service(row);
      case kSchedule:
        return add_schedule(row);
      case kException:
        return add_exception(row);
      case kBooking:
        return add_booking(row);
      case kBuffers:
        buffers_.push_back(
            {std::string(row.text(kId)), small_integer(row, kInt2), small_integer(row, kInt3)});
        return;
      default:
        throw UnreadableRow("unknown row kind");
    }
  }

  std::optional<AvailabilityInputs> finish() {
    sizes_ = {in_.schedules.size(), in_.exceptions.size(), in_.bookings.size()};
    if (!found_) return std::nullopt;
    for (std::size_t i = 0; i < in_.bookings.size(); ++i) {
      for (const auto& b : buffers_) {
        if (b.service_id == booking_services_[i]) {
          in_.bookings[i].busy.buffer_before = b.before;
          in_.bookings[i].busy.buffer_after = b.after;
          break;
        }
      }
    }
    // The order the repositories answer in (the slot finder does not depend on it). The
    // indexes mostly deliver it already.
    sort_if_needed(in_.schedules, [](const Schedule& a, const Schedule& b) {
      return std::tie(a.day_of_week, a.range.start, a.id) <
             std::tie(b.day_of_week, b.range.start, b.id);
    });
    sort_if_needed(in_.exceptions, [](const ScheduleException& a, const ScheduleException& b) {
      // The whole-day exception (no range) first, like NULLS FIRST.
      const int a_start = a.range ? a.range->start : -1;
      const int b_start = b.range ? b.range->start : -1;
      return std::tie(a.date, a_start, a.id) < std::tie(b.date, b_start, b.id);
    });
    sort_if_needed(in_.bookings, [](const CalendarEntry& a, const CalendarEntry& b) {
      return std::tie(a.date, a.busy.range.start) < std::tie(b.date, b.busy.range.start);
    });
    return std::move(in_);
  }

 private:
  template <typename Row>
  void add_provider(const Row& row) {
    providers::Provider& p = in_.provider;
    p.id = row.text(kId);
    p.user_id = row.text(kUserId);
    p.business_name = row.text(kName);
    p.business_type = row.text(kBusinessType);
    p.description = optional_text(row, kDescription);
    p.address = optional_text(row, kAddress);
    if (!row.is_null(kLatitude)) p.latitude = row.real(kLatitude);
    if (!row.is_null(kLongitude)) p.longitude = row.real(kLongitude);
    p.pricing_info = row.text(kPricingInfo);
    p.is_active = row.flag(kFlag);
    p.timezone = row.text(kTimezone);
    p.slot_interval_minutes = small_integer(row, kInt1);
    p.min_notice_minutes = small_integer(row, kInt2);
    p.max_advance_days = small_integer(row, kInt3);
    p.created_at = instant(row, kCreatedAt);
    p.updated_at = instant(row, kUpdatedAt);
    found_ = true;
  }

  template <typename Row>
  void add_service(const Row& row) {
    providers::Service& s = in_.service.emplace();
    s.id = row.text(kId);
    s.provider_id = provider_id_;
    s.name = row.text(kName);
    s.description = optional_text(row, kDescription);
    s.duration = small_integer(row, kInt1);
    s.price = row.integer(kPrice);
    s.buffer_before_minutes = small_integer(row, kInt2);
    s.buffer_after_minutes = small_integer(row, kInt3);
    s.is_active = row.flag(kFlag);
    s.created_at = instant(row, kCreatedAt);
    s.updated_at = instant(row, kUpdatedAt);
  }

  template <typename Row>
  void add_schedule(const Row& row) {
    Schedule& s = in_.schedules.emplace_back();
    s.id = row.text(kId);
    s.provider_id = provider_id_;
    s.day_of_week = small_integer(row, kInt1);
    s.range = common::TimeRange{time_of_day(row, kStart), time_of_day(row, kEnd)};
    s.is_active = row.flag(kFlag);
    s.created_at = instant(row, kCreatedAt);
  }

  template <typename Row>
  void add_exception(const Row& row) {
    ScheduleException& e = in_.exceptions.emplace_back();
    e.id = row.text(kId);
    e.provider_id = provider_id_;
    e.date = date(row, kDate);
    // Both times or neither (a CHECK in both schemas); neither = the whole day.
    if (!row.is_null(kStart) && !row.is_null(kEnd)) {
      e.range = common::TimeRange{time_of_day(row, kStart), time_of_day(row, kEnd)};
    }
    e.reason = optional_text(row, kName);
    e.is_available = row.flag(kFlag);
    e.created_at = instant(row, kCreatedAt);
  }

  template <typename Row>
  void add_booking(const Row& row) {
    CalendarEntry& b = in_.bookings.emplace_back();
    b.date = date(row, kDate);
    b.busy.range = common::TimeRange{time_of_day(row, kStart), time_of_day(row, kEnd)};
    booking_services_.emplace_back(row.text(kId));
  }

  template <typename T, typename Less>
  static void sort_if_needed(std::vector<T>& items, Less less) {
    if (!std::is_sorted(items.begin(), items.end(), less)) {
      std::sort(items.begin(), items.end(), less);
    }
  }

  struct Buffers {
    std::string service_id;
    int before = 0;
    int after = 0;
  };

  const std::string& provider_id_;
  PreparedAvailabilityQuery::Sizes& sizes_;
  AvailabilityInputs in_;
  std::vector<Buffers> buffers_;
  std::vector<std::string> booking_services_;  // parallel to in_.bookings
  bool found_ = false;
};

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

// A pool position held for the scope: the caller knows which connection it has, so it can use
// that connection's prepared statement.
class PoolLease {
 public:
  explicit PoolLease(soci::connection_pool& pool) : pool_(pool), position_(pool.lease()) {}
  ~PoolLease() { pool_.give_back(position_); }
  PoolLease(const PoolLease&) = delete;
  PoolLease& operator=(const PoolLease&) = delete;

  std::size_t position() const { return position_; }
  soci::session& session() { return pool_.at(position_); }

 private:
  soci::connection_pool& pool_;
  std::size_t position_;
};

Error unavailable() { return Error::unavailable("The database is unavailable, please retry"); }

// Ends the statement's read transaction and drops the parameter pointers, whatever happened.
class SqliteReset {
 public:
  explicit SqliteReset(sqlite_api::sqlite3_stmt* st) : st_(st) {}
  ~SqliteReset() {
    sqlite_api::sqlite3_reset(st_);
    sqlite_api::sqlite3_clear_bindings(st_);
  }
  SqliteReset(const SqliteReset&) = delete;
  SqliteReset& operator=(const SqliteReset&) = delete;

 private:
  sqlite_api::sqlite3_stmt* st_;
};

LoadResult load_sqlite(PreparedAvailabilityQuery& prepared, soci::session& sql,
                       const std::string& query, const std::string& provider_id,
                       const std::string* service_id, const std::string& from,
                       const std::string& to, int weekdays) {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
  if (!backend || !backend->conn_) return fail(unavailable());
  sqlite_api::sqlite3* conn = backend->conn_;
  if (prepared.connection != conn) {
    sqlite_api::sqlite3_finalize(prepared.sqlite);  // harmless on nullptr
    prepared.sqlite = nullptr;
    prepared.connection = conn;
  }
  if (!prepared.sqlite) {
    // PERSISTENT: it lives as long as the connection, so SQLite keeps it out of its lookaside.
    if (sqlite_api::sqlite3_prepare_v3(conn, query.c_str(), static_cast<int>(query.size() + 1),
                                       SQLITE_PREPARE_PERSISTENT, &prepared.sqlite,
                                       nullptr) != SQLITE_OK) {
      spdlog::error("availability query: cannot prepare: {}", sqlite_api::sqlite3_errmsg(conn));
      sqlite_api::sqlite3_finalize(prepared.sqlite);
      prepared.sqlite = nullptr;
      return fail(Error::internal());
    }
  }
  sqlite_api::sqlite3_stmt* st = prepared.sqlite;
  SqliteReset reset(st);
  // SQLITE_STATIC: the strings outlive the steps, and the reset above drops the pointers.
  sqlite_api::sqlite3_bind_text(st, 1, provider_id.data(), static_cast<int>(provider_id.size()),
                                SQLITE_STATIC);
  if (service_id) {
    sqlite_api::sqlite3_bind_text(st, 2, service_id->data(), static_cast<int>(service_id->size()),
                                  SQLITE_STATIC);
  }  // else NULL (cleared after the last use): matches no service
  sqlite_api::sqlite3_bind_text(st, 3, from.data(), static_cast<int>(from.size()), SQLITE_STATIC);
  sqlite_api::sqlite3_bind_text(st, 4, to.data(), static_cast<int>(to.size()), SQLITE_STATIC);
  sqlite_api::sqlite3_bind_int(st, 5, weekdays);

  InputsBuilder inputs(provider_id, prepared.sizes);
  const SqliteRow row(st);
  for (;;) {
    const int rc = sqlite_api::sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      spdlog::error("availability query failed: {}", sqlite_api::sqlite3_errmsg(conn));
      return fail(Error::internal());
    }
    inputs.add(row);
  }
  return inputs.finish();
}

using PgResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The SQLSTATE of a failed result, "" when there is none (e.g. the connection is gone).
std::string_view sqlstate(const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state ? std::string_view(state) : std::string_view();
}

std::string_view pg_message(PGconn* conn, const PGresult* result) {
  const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  return message ? std::string_view(message) : std::string_view();
}

LoadResult load_postgres(PreparedAvailabilityQuery& prepared, soci::session& sql,
                         const std::string& query, const std::string& statement_name,
                         const std::string& provider_id, const std::string* service_id,
                         const std::string& from, const std::string& to, int weekdays) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  if (!backend || !backend->conn_) return fail(unavailable());
  PGconn* conn = backend->conn_;
  if (prepared.connection != conn) {
    prepared.connection = conn;
    prepared.postgres_prepared = false;
  }

  // Text parameters; a NULL service id matches no service.
  const std::string mask = std::to_string(weekdays);
  const char* const values[5] = {provider_id.c_str(), service_id ? service_id->c_str() : nullptr,
                                 from.c_str(), to.c_str(), mask.c_str()};
  // A server-side statement disappears with its server session (a reset connection): the
  // execution then fails with 26000 and we prepare it again, once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!prepared.postgres_prepared) {
      PgResultPtr made(PQprepare(conn, statement_name.c_str(), query.c_str(), 5, nullptr),
                       &PQclear);
      // 42P05: it exists already on this session (prepared by an attempt we lost track of).
      if (PQresultStatus(made.get()) != PGRES_COMMAND_OK && sqlstate(made.get()) != "42P05") {
        spdlog::error("availability query: cannot prepare: {}", pg_message(conn, made.get()));
        return fail(PQstatus(conn) == CONNECTION_OK ? Error::internal() : unavailable());
      }
      prepared.postgres_prepared = true;
    }
    PgResultPtr result(PQexecPrepared(conn, statement_name.c_str(), 5, values, nullptr, nullptr, 0),
                       &PQclear);
    if (PQresultStatus(result.get()) == PGRES_TUPLES_OK) {
      InputsBuilder inputs(provider_id, prepared.sizes);
      const int rows = PQntuples(result.get());
      for (int i = 0; i < rows; ++i) inputs.add(PostgresRow(result.get(), i));
      return inputs.finish();
    }
    const bool lost_statement = sqlstate(result.get()) == "26000";
    if (lost_statement || PQstatus(conn) != CONNECTION_OK) prepared.postgres_prepared = false;
    if (lost_statement && attempt == 0) continue;
    spdlog::error("availability query failed: {}", pg_message(conn, result.get()));
    return fail(PQstatus(conn) == CONNECTION_OK ? Error::internal() : unavailable());
  }
  return fail(Error::internal());
}

}  // namespace

SqlAvailabilityReader::SqlAvailabilityReader(Database& db)
    : db_(db), query_(QueryBuilder(db.dialect()).build()) {
  static std::atomic<int> readers{0};
  statement_name_ = "janji_availability_" + std::to_string(++readers);
  prepared_.reserve(db_.pool_size());
  for (std::size_t i = 0; i < db_.pool_size(); ++i) {
    prepared_.push_back(std::make_unique<PreparedAvailabilityQuery>());
  }
}

SqlAvailabilityReader::~SqlAvailabilityReader() {
  // A connection may only be used by the thread holding it: take every position (waiting for
  // requests in flight, but not forever: a thread of ours holding one would never give it
  // back), then release the native statements of those we got.
  std::vector<std::size_t> held;
  std::size_t position = 0;
  while (held.size() < prepared_.size() && db_.pool().try_lease(position, 10000)) {
    held.push_back(position);
  }
  for (const std::size_t pos : held) {
    PreparedAvailabilityQuery& prepared = *prepared_[pos];
    if (prepared.sqlite) {
      sqlite_api::sqlite3_finalize(prepared.sqlite);
    } else if (prepared.postgres_prepared) {
      auto* backend =
          static_cast<soci::postgresql_session_backend*>(db_.pool().at(pos).get_backend());
      // Best effort: the statement goes with the connection anyway.
      if (backend && backend->conn_ == prepared.connection) {
        PQclear(PQexec(backend->conn_, ("DEALLOCATE " + statement_name_).c_str()));
      }
    }
    prepared = PreparedAvailabilityQuery{};
  }
  for (const std::size_t pos : held) db_.pool().give_back(pos);
  if (held.size() < prepared_.size()) {
    spdlog::warn("availability reader: {} pooled connections were busy at shutdown",
                 prepared_.size() - held.size());
  }
}

common::Result<std::optional<AvailabilityInputs>> SqlAvailabilityReader::load(
    const std::string& provider_id, const std::string& service_id, const std::string& from,
    const std::string& to) {
  // Malformed ids never reach PostgreSQL, which would answer them with an error.
  if (!common::is_uuid(provider_id)) return std::optional<AvailabilityInputs>{};
  const auto first = common::parse_date(from);
  const auto last = common::parse_date(to);
  if (!first || !last) {
    return fail(Error::invalid("Invalid date", {{"date", "must be a date (YYYY-MM-DD)"}}));
  }
  // Bit d set = weekday d (0 = Sunday) occurs in from..to.
  int weekdays = 0;
  const int span = common::days_between(*first, *last);
  for (int i = 0; i <= std::min(span, 6); ++i) {
    weekdays |= 1 << common::day_of_week(common::add_days(*first, i));
  }
  const std::string* service = common::is_uuid(service_id) ? &service_id : nullptr;
  try {
    PoolLease lease(db_.pool());
    PreparedAvailabilityQuery& prepared = *prepared_[lease.position()];
    if (db_.dialect() == Dialect::kSqlite) {
      return load_sqlite(prepared, lease.session(), query_, provider_id, service, from, to,
                         weekdays);
    }
    return load_postgres(prepared, lease.session(), query_, statement_name_, provider_id, service,
                         from, to, weekdays);
  } catch (const std::exception& e) {  // UnreadableRow, or the pool itself failing
    spdlog::error("availability query: {}", e.what());
    return fail(Error::internal());
  }
}

}  // namespace janji::db
