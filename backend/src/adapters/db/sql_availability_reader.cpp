#include "adapters/db/sql_availability_reader.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <string_view>
#include <tuple>

#include "core/common/crypto.hpp"
#include "core/common/wall_time.hpp"

namespace janji::db {

namespace {

using availability::AvailabilityInputs;
using availability::CalendarEntry;
using availability::Schedule;
using availability::ScheduleException;
using common::Error;
using common::fail;

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
  kId = 1,        // uuid: provider, service, schedule, exception; booking: its service
  kUserId,        // uuid: provider's user
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
// Reading rows
// ---------------------------------------------------------------------------------------------

std::optional<std::string> optional_text(const NativeRow& row, int col) {
  if (row.is_null(col)) return std::nullopt;
  return std::string(row.text(col));
}

int small_integer(const NativeRow& row, int col) { return static_cast<int>(row.integer(col)); }

// Stored times are 'HH:MM:SS' on both dialects (PostgreSQL prints '24:00:00' too).
int time_of_day(const NativeRow& row, int col) {
  if (auto minutes = common::parse_time_of_day(row.short_text(col))) return *minutes;
  throw UnreadableValue("unreadable stored time of day");
}

// Dates are compared as text with the requested days: insist on 'YYYY-MM-DD' (PostgreSQL's
// ISO DateStyle) rather than silently matching nothing.
std::string date(const NativeRow& row, int col) {
  const std::string_view t = row.short_text(col);
  if (!common::parse_date(t)) throw UnreadableValue("unreadable stored date");
  return std::string(t);
}

// Instants as the repositories answer them, "2026-11-25T10:00:00Z" (normalize_instant_text),
// without its parsing on the hot path: SQLite stores that form, PostgreSQL (a UTC session)
// prints "2026-11-25 10:00:00[.ffffff]+00". Anything else takes the general way.
std::string instant(const NativeRow& row, int col) {
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

using Sizes = SqlAvailabilityReader::Sizes;

// Collects the rows of one load; `found` says whether the provider row came.
class InputsBuilder {
 public:
  // `sizes` remembers the last load's counts on this connection: reserving them spares the
  // vectors' regrowth (a load is a few dozen small allocations; these were a good part).
  // The booking `excluded` (may be null) is left out of the busy times.
  // `only_date`: the one date of a single-day load (empty otherwise): every booking has it, so
  // their dates need not be read.
  InputsBuilder(const std::string& provider_id, const std::string& only_date,
                const SqlAvailabilityReader::Excluded* excluded, Sizes& sizes)
      : provider_id_(provider_id), only_date_(only_date), excluded_(excluded), sizes_(sizes) {
    in_.schedules.reserve(sizes.schedules);
    in_.exceptions.reserve(sizes.exceptions);
    in_.bookings.reserve(sizes.bookings);
  }

  void add(const NativeRow& row) {
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
        throw UnreadableValue("unknown row kind");
    }
  }

  std::optional<AvailabilityInputs> finish() {
    sizes_ = {in_.schedules.size(), in_.exceptions.size(), in_.bookings.size()};
    if (!found_) return std::nullopt;
    for (const auto& [index, service_id] : unjoined_) join_buffers(in_.bookings[index], service_id);
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
  void add_provider(const NativeRow& row) {
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

  void add_service(const NativeRow& row) {
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

  void add_schedule(const NativeRow& row) {
    Schedule& s = in_.schedules.emplace_back();
    s.id = row.text(kId);
    s.provider_id = provider_id_;
    s.day_of_week = small_integer(row, kInt1);
    s.range = common::TimeRange{time_of_day(row, kStart), time_of_day(row, kEnd)};
    s.is_active = row.flag(kFlag);
    s.created_at = instant(row, kCreatedAt);
  }

  void add_exception(const NativeRow& row) {
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

  void add_booking(const NativeRow& row) {
    CalendarEntry& b = in_.bookings.emplace_back();
    b.date = only_date_.empty() ? date(row, kDate) : only_date_;
    b.busy.range = common::TimeRange{time_of_day(row, kStart), time_of_day(row, kEnd)};
    if (excluded_ && b.date == excluded_->date && b.busy.range == excluded_->range) {
      excluded_ = nullptr;  // only the one
      in_.bookings.pop_back();
      return;
    }
    // The buffers rows come first (branch order), so this usually joins at once, without
    // keeping the id; a database answering in another order is joined at the end.
    const std::string_view service_id = row.short_text(kId);
    if (!join_buffers(b, service_id)) unjoined_.emplace_back(in_.bookings.size() - 1, service_id);
  }

  bool join_buffers(CalendarEntry& booking, std::string_view service_id) const {
    for (const auto& b : buffers_) {
      if (b.service_id == service_id) {
        booking.busy.buffer_before = b.before;
        booking.busy.buffer_after = b.after;
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

  const std::string& provider_id_;
  std::string only_date_;
  const SqlAvailabilityReader::Excluded* excluded_;
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
    const std::string& from, const std::string& to, const Excluded* excluded) {
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
  const std::array<NativeParam, 5> params = {
      NativeParam::text(provider_id),
      // NULL matches no service.
      common::is_uuid(service_id) ? NativeParam::text(service_id) : NativeParam::null(),
      NativeParam::text(from), NativeParam::text(to), NativeParam::integer(weekdays)};
  InputsBuilder inputs(provider_id, from == to ? from : std::string(), excluded,
                       sizes_[lease.position()]);
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
