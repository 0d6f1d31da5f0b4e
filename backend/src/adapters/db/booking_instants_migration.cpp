#include "adapters/db/booking_instants_migration.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/common/crypto.hpp"
#include "core/common/time_zone.hpp"
#include "core/common/wall_time.hpp"

namespace janji::db {

namespace {

constexpr std::size_t kBatch = 500;

struct StoredRow {
  std::string id, timezone, date, start, end;
};

struct FilledRow {
  std::string id, starts_at, ends_at, end_time;
};

// Values go into the batch UPDATE as literals: every one is a uuid, an instant or a time we
// parsed or formatted ourselves, so none can carry a quote; checked anyway.
std::string quoted(const std::string& value) {
  if (value.find('\'') != std::string::npos) throw std::runtime_error("unexpected quote");
  return "'" + value + "'";
}

void write_batch(soci::session& sql, Dialect dialect, const std::vector<FilledRow>& rows) {
  if (rows.empty()) return;
  const bool pg = dialect == Dialect::kPostgres;
  std::string values;
  for (const FilledRow& r : rows) {
    if (!values.empty()) values += ", ";
    values += "(" + quoted(r.id) + ", " + quoted(r.starts_at) + ", " + quoted(r.ends_at) + ", " +
              quoted(r.end_time) + ")";
  }
  // VALUES columns are column1.. on both dialects; PostgreSQL wants them typed.
  const std::string update =
      pg ? "UPDATE bookings SET starts_at = CAST(v.column2 AS timestamptz), ends_at = "
           "CAST(v.column3 AS timestamptz), end_time = CAST(v.column4 AS time) FROM (VALUES " +
               values + ") AS v WHERE bookings.id = CAST(v.column1 AS uuid)"
         : "UPDATE bookings SET starts_at = v.column2, ends_at = v.column3, end_time = v.column4 "
           "FROM (VALUES " +
               values + ") AS v WHERE bookings.id = v.column1";
  sql << update;
}

}  // namespace

void fill_booking_instants(soci::session& sql, Dialect dialect) {
  const auto began = std::chrono::steady_clock::now();
  const bool pg = dialect == Dialect::kPostgres;
  std::vector<StoredRow> stored;
  {
    StoredRow row;
    soci::statement st =
        (sql.prepare << (pg ? "SELECT CAST(b.id AS text), p.timezone, CAST(b.booking_date AS "
                              "text), CAST(b.start_time AS text), CAST(b.end_time AS text) "
                              "FROM bookings AS b JOIN service_providers AS p ON p.id = "
                              "b.provider_id ORDER BY b.id"
                            : "SELECT b.id, p.timezone, b.booking_date, b.start_time, "
                              "b.end_time FROM bookings AS b JOIN service_providers AS p ON "
                              "p.id = b.provider_id ORDER BY b.id"),
         soci::into(row.id), soci::into(row.timezone), soci::into(row.date), soci::into(row.start),
         soci::into(row.end));
    st.execute();
    while (st.fetch()) stored.push_back(row);
  }

  // SQLite keeps 001's CHECK (end_time > start_time) until 006 rebuilds the table, and a
  // fall-back night's true end reads earlier than its start.
  struct IgnoredChecks {
    soci::session& sql;
    bool active;
    explicit IgnoredChecks(soci::session& s, bool on) : sql(s), active(on) {
      if (active) sql << "PRAGMA ignore_check_constraints=ON";
    }
    ~IgnoredChecks() {
      if (!active) return;
      try {
        sql << "PRAGMA ignore_check_constraints=OFF";
      } catch (const std::exception& e) {
        spdlog::error("005: cannot turn CHECK constraints back on: {}", e.what());
      }
    }
  } ignored(sql, !pg);

  // Many bookings share a provider's day: its offsets are looked up once.
  std::map<std::pair<std::string, std::string>, common::ZoneDay> days;
  std::vector<FilledRow> batch;
  batch.reserve(kBatch);
  for (const StoredRow& row : stored) {
    const auto date = common::parse_date(row.date);
    const auto start = common::parse_time_of_day(row.start);
    const auto end = common::parse_time_of_day(row.end);
    if (!date || !start || !end || !common::is_uuid(row.id)) {
      throw std::runtime_error("005: unreadable booking " + row.id);
    }
    auto found = days.find({row.timezone, row.date});
    if (found == days.end()) {
      found = days.emplace(std::pair{row.timezone, row.date}, common::zone_day(*date, row.timezone))
                  .first;
    }
    const common::ZoneDay& day = found->second;
    const common::Instant starts_at = day.resolve(*start);
    // The old guard kept end_time > start_time, so this is positive.
    const common::Instant ends_at = starts_at + std::chrono::minutes(*end - *start);
    const long long reading = std::min<long long>(day.reading_at(ends_at), common::kMinutesPerDay);
    batch.push_back({row.id, common::format_instant(starts_at), common::format_instant(ends_at),
                     common::format_hhmmss(static_cast<int>(reading))});
    if (batch.size() == kBatch) {
      write_batch(sql, dialect, batch);
      batch.clear();
    }
  }
  write_batch(sql, dialect, batch);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - began);
  spdlog::info("005: instants filled for {} bookings in {} ms", stored.size(), took.count());
}

}  // namespace janji::db
