// The uncached availability read on its own (SQLite, no HTTP): the one prepared query and the
// decoding of its rows into AvailabilityInputs, for the busy day of bench/availability.sh (three
// ranges, 40 bookings) against the same provider's quiet day (no bookings) as the baseline.
// Built with -DJANJI_BUILD_BENCH=ON; the database is a fresh file under /tmp.
#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "adapters/db/database.hpp"
#include "adapters/db/sql_availability_reader.hpp"

namespace janji::db {
namespace {

constexpr const char* kProvider = "0b6f3a52-4c1d-4e7a-9a52-3f6d2c1e8a01";
constexpr const char* kService = "0b6f3a52-4c1d-4e7a-9a52-3f6d2c1e8a02";
constexpr const char* kUser = "0b6f3a52-4c1d-4e7a-9a52-3f6d2c1e8a03";
constexpr const char* kBusyDay = "2026-03-02";  // a Monday
// Two days after the busy day: the reader also takes the bookings of the days either side.
constexpr const char* kQuietDay = "2026-03-04";  // a Wednesday

std::string hhmmss(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:00", minutes / 60, minutes % 60);
  return buf;
}

// One database for the whole run: migrated, then seeded with plain SQL.
struct Seeded {
  Seeded() {
    path = std::filesystem::temp_directory_path() / "janji-reader-bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
    DatabaseOptions o;
    o.dialect = Dialect::kSqlite;
    o.sqlite_path = path.string();
    o.pool_size = 1;
    db = std::make_unique<Database>(o);
    db->migrate();
    soci::session sql(db->pool());
    sql << "INSERT INTO users (id, email, password_hash, full_name, role) VALUES ('" << kUser
        << "', 'bench@example.com', 'x', 'Bench', 'provider')";
    sql << "INSERT INTO service_providers (id, user_id, business_name, business_type, "
           "slot_interval_minutes) VALUES ('"
        << kProvider << "', '" << kUser << "', 'Bench', 'studio', 5)";
    sql << "INSERT INTO services (id, provider_id, name, duration, buffer_after_minutes) VALUES ('"
        << kService << "', '" << kProvider << "', 'Session', 30, 10)";
    int n = 0;
    for (int day = 0; day < 7; ++day) {
      for (const auto& [start, end] :
           {std::pair{8 * 60, 12 * 60}, {13 * 60, 17 * 60}, {18 * 60, 21 * 60}}) {
        sql << "INSERT INTO availability_schedules (id, provider_id, day_of_week, start_time, "
               "end_time) VALUES ('0b6f3a52-4c1d-4e7a-9a52-"
            << 100000000000 + n++ << "', '" << kProvider << "', " << day << ", '" << hhmmss(start)
            << "', '" << hhmmss(end) << "')";
      }
    }
    // 40 ten-minute bookings in runs of eight with an hour free after each run.
    int booked = 0;
    for (const auto& [start, end] :
         {std::pair{8 * 60, 12 * 60}, {13 * 60, 17 * 60}, {18 * 60, 21 * 60}}) {
      for (int t = start; t + 10 <= end && booked < 40; t += 10) {
        // Jakarta (the default zone) is UTC+7: kBusyDay's local t is (t - 7 h) UTC that day.
        sql << "INSERT INTO bookings (id, customer_id, provider_id, service_id, booking_date, "
               "start_time, end_time, status, starts_at, ends_at) VALUES "
               "('0b6f3a52-4c1d-4e7a-9a52-"
            << 200000000000 + booked << "', '" << kUser << "', '" << kProvider << "', '" << kService
            << "', '" << kBusyDay << "', '" << hhmmss(t) << "', '" << hhmmss(t + 10)
            << "', 'confirmed', '" << kBusyDay << "T" << hhmmss(t - 7 * 60) << "Z', '" << kBusyDay
            << "T" << hhmmss(t + 10 - 7 * 60) << "Z')";
        if (++booked % 8 == 0) t += 60;
      }
    }
    reader = std::make_unique<SqlAvailabilityReader>(*db);
  }
  ~Seeded() {
    reader.reset();
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
  }
  std::filesystem::path path;
  std::unique_ptr<Database> db;
  std::unique_ptr<SqlAvailabilityReader> reader;
};

Seeded& seeded() {
  static Seeded s;
  return s;
}

void load_day(benchmark::State& state, const char* date, std::size_t bookings) {
  SqlAvailabilityReader& reader = *seeded().reader;
  for (auto _ : state) {
    auto in = reader.load(kProvider, kService, date, date);
    if (!in || !*in || (*in)->bookings.size() != bookings) {
      state.SkipWithError("unexpected answer");
      break;
    }
    benchmark::DoNotOptimize(in);
  }
}

void BM_ReaderLoadBusyDay(benchmark::State& state) { load_day(state, kBusyDay, 40); }
void BM_ReaderLoadQuietDay(benchmark::State& state) { load_day(state, kQuietDay, 0); }
BENCHMARK(BM_ReaderLoadBusyDay);
BENCHMARK(BM_ReaderLoadQuietDay);

}  // namespace
}  // namespace janji::db
