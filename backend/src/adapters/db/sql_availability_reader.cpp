#include "adapters/db/sql_availability_reader.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <string_view>
#include <tuple>

#include "core/common/crypto.hpp"
#include "core/common/wall_time.hpp"

namespace janji::db {

namespace {

using availability::AvailabilityInputs;
using availability::CalendarEntry;
using availability::CalendarProvider;
using availability::CalendarService;
using availability::DatedException;
using availability::WeeklyRange;
using common::Error;
using common::fail;

// ---------------------------------------------------------------------------------------------
// The query: one UNION ALL with a kind discriminator in column 0.
// ---------------------------------------------------------------------------------------------

enum Kind : int {
  kProvider = 0,
  kService = 1,  // the requested service (its buffers count as a kBuffers row too)
  kSchedule = 2,
  kException = 3,
  kBooking = 4,
  kBuffers = 5,  // buffers of every service of the provider, for the bookings
  // The same rows with a flag each (issue 13), told by the kind rather than by a column of their
  // own, which every row of the UNION would pay for.
  kPayingProvider = 6,  // a kProvider that requires payment
  kPricedService = 7,   // a kService with a price
};

// The columns after the kind. Each has one type, shared by the kinds that use it and NULL in the
// others: PostgreSQL needs one type per UNION column, and typed columns cost it less than
// casting everything to text (measured: ~15% more queries per second). Only what availability
// and booking decisions use is read: every column is paid for on every row, NULL or not (the
// catalogue's 21-column layout cost SQLite a quarter more per load).
enum Column : int {
  kId = 1,    // uuid: provider, service, buffers' service; booking: its service
  kUserId,    // uuid: provider's owner
  kTimezone,  // text
  kFlag,      // boolean: is_active, exception is_available
  kInt1,      // integer: slot interval, duration, day of week
  kInt2,      // integer: min notice, buffer before
  kInt3,      // integer: max advance days, buffer after
  kStart,     // time
  kEnd,       // time
  kDate,      // date: exception date, booking date
  kStartsAt,  // instant: booking starts_at
  kEndsAt,    // instant: booking ends_at
  kColumnCount,
};

// PostgreSQL's type of each column (the kind first), for its typed NULLs.
constexpr const char* kPostgresTypes[] = {
    "integer",                            // kind
    "uuid",    "uuid",        "text",     // ids, time zone
    "boolean",                            // flag
    "integer", "integer",     "integer",  // ints
    "time",    "time",                    // range
    "date",    "timestamptz", "timestamptz",
};
static_assert(std::size(kPostgresTypes) == kColumnCount);

// Builds the statement for a dialect. Parameters: 1 provider id, 2 service id (NULL when
// malformed), 3-4 the dates, 5 their weekdays, 6-7 the bookings' dates (a day wider on each
// side), 8 the id of a booking to leave out (NULL for none). PostgreSQL answers in text:
// booleans 't'/'f', instants "2026-11-25 10:00:00+00" (the session is UTC); SQLite keeps its
// native values.
class QueryBuilder {
 public:
  explicit QueryBuilder(Dialect dialect) : pg_(dialect == Dialect::kPostgres) {}

  std::string build() {
    const std::string provider = pg_ ? "CAST($1 AS uuid)" : "?1";
    const std::string service = pg_ ? "CAST($2 AS uuid)" : "?2";
    const std::string window =
        pg_ ? " BETWEEN CAST($3 AS date) AND CAST($4 AS date)" : " BETWEEN ?3 AND ?4";
    branch("CASE WHEN " + std::string(pg_ ? "requires_payment" : "requires_payment <> 0") +
               " THEN " + kind(kPayingProvider) + " ELSE " + kind(kProvider) + " END",
           {{kId, "id"},
            {kUserId, "user_id"},
            {kTimezone, "timezone"},
            {kFlag, "is_active"},
            {kInt1, "slot_interval_minutes"},
            {kInt2, "min_notice_minutes"},
            {kInt3, "max_advance_days"}},
           "service_providers WHERE id = " + provider + " AND deleted_at IS NULL");
    // Every service of the provider, for the bookings' buffers: a booking keeps its service's
    // buffers even if the service was deleted since. They are joined in C++ from this short
    // list (joining per booking cost one index lookup per row). The requested live service is
    // the row marked kService: one search of services instead of two (0.8 us less per load).
    branch("CASE WHEN id = " + service + " AND deleted_at IS NULL THEN (CASE WHEN price > 0 THEN " +
               kind(kPricedService) + " ELSE " + kind(kService) + " END) ELSE " + kind(kBuffers) +
               " END",
           {{kId, "id"},
            {kFlag, "is_active"},
            {kInt1, "duration"},
            {kInt2, "buffer_before_minutes"},
            {kInt3, "buffer_after_minutes"}},
           "services WHERE provider_id = " + provider);
    branch(kSchedule, {{kInt1, "day_of_week"}, {kStart, "start_time"}, {kEnd, "end_time"}},
           // Only what the days need: active ranges on the weekdays of from..to (a bit mask).
           "availability_schedules WHERE provider_id = " + provider +
               (pg_ ? " AND is_active AND ((CAST($5 AS integer) >> day_of_week) & 1) = 1"
                    : " AND is_active = 1 AND ((?5 >> day_of_week) & 1) = 1"));
    branch(
        kException,
        {{kDate, "exception_date"},
         {kStart, "start_time"},
         {kEnd, "end_time"},
         {kFlag, "is_available"}},
        "availability_exceptions WHERE provider_id = " + provider + " AND exception_date" + window);
    // Left out by id in SQL (the covering index holds the id): `IS DISTINCT FROM NULL` keeps
    // every row.
    branch(kBooking,
           {{kId, "service_id"},
            {kDate, "booking_date"},
            {kStartsAt, "starts_at"},
            {kEndsAt, "ends_at"}},
           "bookings WHERE provider_id = " + provider + " AND booking_date" +
               (pg_ ? " BETWEEN CAST($6 AS date) AND CAST($7 AS date)" : " BETWEEN ?6 AND ?7") +
               " AND status IN ('pending', 'confirmed')" +
               (pg_ ? " AND id IS DISTINCT FROM CAST($8 AS uuid)" : " AND id IS NOT ?8"));
    return sql_;
  }

 private:
  static std::string kind(Kind k) { return std::to_string(static_cast<int>(k)); }

  void branch(Kind k, std::initializer_list<std::pair<Column, std::string>> columns,
              const std::string& from) {
    branch(kind(k), columns, from);
  }

  // `kind`: the expression of column 0, a constant or a CASE over the row.
  void branch(const std::string& kind,
              std::initializer_list<std::pair<Column, std::string>> columns,
              const std::string& from) {
    std::array<std::string, kColumnCount> select;
    for (int c = kId; c < kColumnCount; ++c) {
      // A typed NULL: an untyped one would make the column text on PostgreSQL.
      select[c] = pg_ ? std::string("CAST(NULL AS ") + kPostgresTypes[c] + ")" : "NULL";
    }
    for (const auto& [column, expression] : columns) select[column] = expression;
    select[0] = kind;
    if (!sql_.empty()) sql_ += " UNION ALL ";
    sql_ += "SELECT ";
    for (int c = 0; c < kColumnCount; ++c) sql_ += (c ? ", " : "") + select[c];
    sql_ += " FROM " + from;
  }

  bool pg_;
  std::string sql_;
};

// ---------------------------------------------------------------------------------------------
// Reading rows
// ---------------------------------------------------------------------------------------------

int small_integer(const NativeRow& row, int col) { return static_cast<int>(row.integer(col)); }

// Stored times are 'HH:MM:SS' on both dialects (PostgreSQL prints '24:00:00' too).
int time_of_day(const NativeRow& row, int col) {
  if (auto minutes = common::parse_time_of_day(row.short_text(col))) return *minutes;
  throw UnreadableValue("unreadable stored time of day");
}

// Instants: "2026-11-25T10:00:00Z" on SQLite (a CHECK keeps that form), "2026-11-25
// 10:00:00+00" from PostgreSQL (the session is UTC, set by Database). Read by position:
// common::parse_instant (sscanf) cost 0.2 us a value, twice per booking row on the hot path.
common::Instant instant(const NativeRow& row, int col) {
  const std::string_view t = row.short_text(col);
  const auto digits = [&](std::size_t at, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  const bool zulu = t.size() == 20 && t[10] == 'T' && t[19] == 'Z';
  const bool utc = t.size() == 22 && t[10] == ' ' && t.substr(19) == "+00";
  if ((zulu || utc) && t[4] == '-' && t[7] == '-' && t[13] == ':' && t[16] == ':' &&
      digits(0, 4, y) && digits(5, 2, mo) && digits(8, 2, d) && digits(11, 2, h) &&
      digits(14, 2, mi) && digits(17, 2, sec) && h < 24 && mi < 60 && sec < 60) {
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (ymd.ok()) return sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec};
  }
  // Anything else (fractions, another offset) through the general parser, or refused.
  if (auto parsed = common::parse_instant(std::string(t))) return *parsed;
  throw UnreadableValue("unreadable stored instant");
}

// Dates are compared as text with the requested days: insist on 'YYYY-MM-DD' (PostgreSQL's
// ISO DateStyle) rather than silently matching nothing.
std::string date(const NativeRow& row, int col) {
  const std::string_view t = row.short_text(col);
  if (!common::parse_date(t)) throw UnreadableValue("unreadable stored date");
  return std::string(t);
}

using Sizes = SqlAvailabilityReader::Sizes;

// Collects the rows of one load; `found` says whether the provider row came.
class InputsBuilder {
 public:
  // `sizes` remembers the last load's counts on this connection: reserving them spares the
  // vectors' regrowth (a load is a few dozen small allocations; these were a good part).
  explicit InputsBuilder(Sizes& sizes) : sizes_(sizes) {
    in_.schedules.reserve(sizes.schedules);
    in_.exceptions.reserve(sizes.exceptions);
    in_.bookings.reserve(sizes.bookings);
  }

  void add(const NativeRow& row) {
    switch (row.integer(0)) {
      case kProvider:
        return add_provider(row);
      case kPayingProvider:
        add_provider(row);
        in_.provider.requires_payment = true;
        return;
      case kService:
        add_service(row);
        return add_buffers(row);
      case kPricedService:
        add_service(row).priced = true;
        return add_buffers(row);
      case kSchedule:
        return add_schedule(row);
      case kException:
        return add_exception(row);
      case kBooking:
        return add_booking(row);
      case kBuffers:
        return add_buffers(row);
      default:
        throw UnreadableValue("unknown row kind");
    }
  }

  std::optional<AvailabilityInputs> finish() {
    sizes_ = {in_.schedules.size(), in_.exceptions.size(), in_.bookings.size()};
    if (!found_) return std::nullopt;
    for (const auto& [index, service_id] : unjoined_) join_buffers(in_.bookings[index], service_id);
    // The order the repositories answer in (the slot finder does not depend on it). The
    // indexes mostly deliver it already.
    sort_if_needed(in_.schedules, [](const WeeklyRange& a, const WeeklyRange& b) {
      return std::tie(a.day_of_week, a.range.start) < std::tie(b.day_of_week, b.range.start);
    });
    sort_if_needed(in_.exceptions, [](const DatedException& a, const DatedException& b) {
      // The whole-day exception (no range) first, like NULLS FIRST.
      const int a_start = a.exception.range ? a.exception.range->start : -1;
      const int b_start = b.exception.range ? b.exception.range->start : -1;
      return std::tie(a.date, a_start) < std::tie(b.date, b_start);
    });
    sort_if_needed(in_.bookings, [](const CalendarEntry& a, const CalendarEntry& b) {
      return a.instants.start < b.instants.start;
    });
    return std::move(in_);
  }

 private:
  void add_provider(const NativeRow& row) {
    CalendarProvider& p = in_.provider;
    p.id = row.short_text(kId);
    p.user_id = row.short_text(kUserId);
    p.timezone = row.text(kTimezone);
    p.is_active = row.flag(kFlag);
    p.rules = {small_integer(row, kInt1), small_integer(row, kInt2), small_integer(row, kInt3)};
    found_ = true;
  }

  CalendarService& add_service(const NativeRow& row) {
    CalendarService& s = in_.service.emplace();
    s.id = row.short_text(kId);
    s.is_active = row.flag(kFlag);
    s.spec = {small_integer(row, kInt1), small_integer(row, kInt2), small_integer(row, kInt3)};
    return s;
  }

  void add_buffers(const NativeRow& row) {
    buffers_.push_back(
        {std::string(row.short_text(kId)), small_integer(row, kInt2), small_integer(row, kInt3)});
  }

  void add_schedule(const NativeRow& row) {
    in_.schedules.push_back(
        {small_integer(row, kInt1), {time_of_day(row, kStart), time_of_day(row, kEnd)}});
  }

  void add_exception(const NativeRow& row) {
    DatedException& e = in_.exceptions.emplace_back();
    e.date = date(row, kDate);
    // Both times or neither (a CHECK in both schemas); neither = the whole day.
    if (!row.is_null(kStart) && !row.is_null(kEnd)) {
      e.exception.range = common::TimeRange{time_of_day(row, kStart), time_of_day(row, kEnd)};
    }
    e.exception.is_available = row.flag(kFlag);
  }

  void add_booking(const NativeRow& row) {
    CalendarEntry& b = in_.bookings.emplace_back();
    b.date = date(row, kDate);
    b.instants = {instant(row, kStartsAt), instant(row, kEndsAt)};
    // The buffers rows come first (branch order), so this usually joins at once, without
    // keeping the id; a database answering in another order is joined at the end.
    const std::string_view service_id = row.short_text(kId);
    if (!join_buffers(b, service_id)) unjoined_.emplace_back(in_.bookings.size() - 1, service_id);
  }

  bool join_buffers(CalendarEntry& booking, std::string_view service_id) const {
    for (const auto& b : buffers_) {
      if (b.service_id == service_id) {
        booking.buffer_before = b.before;
        booking.buffer_after = b.after;
        return true;
      }
    }
    return false;
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

  Sizes& sizes_;
  AvailabilityInputs in_;
  std::vector<Buffers> buffers_;
  std::vector<std::pair<std::size_t, std::string>> unjoined_;  // booking index, service id
  bool found_ = false;
};

}  // namespace

SqlAvailabilityReader::SqlAvailabilityReader(Database& db)
    : db_(db), query_(db, QueryBuilder(db.dialect()).build()), sizes_(db.pool_size()) {}

SqlAvailabilityReader::~SqlAvailabilityReader() = default;

std::optional<AvailabilityInputs> SqlAvailabilityReader::load_on(
    PoolLease& lease, const std::string& provider_id, const std::string& service_id,
    const std::string& from, const std::string& to, const std::string* excluded_id) {
  // Malformed ids never reach PostgreSQL, which would answer them with an error.
  if (!common::is_uuid(provider_id)) return std::nullopt;
  const auto first = common::parse_date(from);
  const auto last = common::parse_date(to);
  if (!first || !last) throw UnreadableValue("availability read with malformed dates");
  // Bit d set = weekday d (0 = Sunday) occurs in from..to.
  int weekdays = 0;
  const int span = common::days_between(*first, *last);
  for (int i = 0; i <= std::min(span, 6); ++i) {
    weekdays |= 1 << common::day_of_week(common::add_days(*first, i));
  }
  const std::string bookings_from = common::format_date(common::add_days(*first, -1));
  const std::string bookings_to = common::format_date(common::add_days(*last, 1));
  const bool excluding = excluded_id && common::is_uuid(*excluded_id);
  const std::array<NativeParam, 8> params = {
      NativeParam::text(provider_id),
      // NULL matches no service.
      common::is_uuid(service_id) ? NativeParam::text(service_id) : NativeParam::null(),
      NativeParam::text(from), NativeParam::text(to), NativeParam::integer(weekdays),
      NativeParam::text(bookings_from), NativeParam::text(bookings_to),
      excluding ? NativeParam::text(*excluded_id) : NativeParam::null()};
  InputsBuilder inputs(sizes_[lease.position()]);
  query_.run(lease, params, [&](const NativeRow& row) { inputs.add(row); });
  return inputs.finish();
}

common::Result<std::optional<AvailabilityInputs>> SqlAvailabilityReader::load(
    const std::string& provider_id, const std::string& service_id, const std::string& from,
    const std::string& to) {
  if (!common::is_uuid(provider_id)) return std::optional<AvailabilityInputs>{};
  if (!common::parse_date(from) || !common::parse_date(to)) {
    return fail(Error::invalid("Invalid date", {{"date", "must be a date (YYYY-MM-DD)"}}));
  }
  try {
    PoolLease lease(db_.pool());
    return load_on(lease, provider_id, service_id, from, to);
  } catch (const soci::soci_error& e) {  // an unreadable row, the database failing
    return fail(translate_sql_error(e));
  } catch (const std::exception& e) {  // the pool itself failing
    spdlog::error("availability query: {}", e.what());
    return fail(Error::internal());
  }
}

}  // namespace janji::db
