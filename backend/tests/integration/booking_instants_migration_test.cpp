// Migrations 005 and 006 on a real database (SQLite by default, PostgreSQL when the environment
// says DB_DRIVER=postgres): bookings written by the wall-clock schema (at 004) get their UTC
// instants, keep what points at them, and are guarded by instant afterwards; and the real
// `janji serve`, started on such a database, answers with the instants (it migrates at start).
#include <gtest/gtest.h>
#include <signal.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "adapters/crypto/bcrypt_hasher.hpp"
#include "adapters/db/database.hpp"
#include "adapters/db/sql_availability_reader.hpp"
#include "adapters/db/sql_booking_repository.hpp"
#include "core/common/clock.hpp"
#include "core/common/time_zone.hpp"
#include "support/child_process.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using availability::AvailabilityInputs;
using bookings::Booking;
using bookings::NewBooking;
using common::Result;

// A fresh, empty database of this run's backend: a file of its own on SQLite, a database of its
// own on PostgreSQL (dropped at the end).
class FreshDatabase {
 public:
  explicit FreshDatabase(const std::string& tag) : base_(test_config()) {
    static std::atomic<int> counter{0};
    const std::string unique =
        tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    if (using_postgres()) {
      name_ = "janji_mig_" + unique;
      soci::session admin(soci::postgresql, base_.postgres_connection_string());
      admin << "CREATE DATABASE " + name_;
    } else {
      dir_ = scratch_dir() / ("mig-" + unique);
      fs::create_directories(dir_);
    }
  }
  ~FreshDatabase() {
    if (name_.empty()) return;
    try {
      soci::session admin(soci::postgresql, base_.postgres_connection_string());
      admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop " << name_ << ": " << e.what();
    }
  }
  FreshDatabase(const FreshDatabase&) = delete;
  FreshDatabase& operator=(const FreshDatabase&) = delete;

  // `extra_conninfo` is appended to PostgreSQL's connection string (a later keyword wins).
  db::DatabaseOptions options(const std::string& extra_conninfo = "") const {
    db::DatabaseOptions o;
    o.pool_size = 2;
    if (using_postgres()) {
      config::Config c = base_;
      c.database.name = name_;
      o.dialect = db::Dialect::kPostgres;
      o.pg_conninfo = c.postgres_connection_string() + extra_conninfo;
    } else {
      o.dialect = db::Dialect::kSqlite;
      o.sqlite_path = (dir_ / "janji.db").string();
    }
    return o;
  }

  // What a child `janji` needs to find this database.
  void point_at_it(std::map<std::string, std::string>& env) const {
    if (using_postgres()) {
      env["DB_NAME"] = name_;
    } else {
      env["DATA_DIR"] = dir_.string();
    }
  }

  const fs::path& dir() const { return dir_; }

 private:
  config::Config base_;
  std::string name_;  // PostgreSQL
  fs::path dir_;      // SQLite
};

// The rows written at 004, ids fixed by the test.
struct OldWorld {
  std::string customer = "11111111-1111-4111-8111-111111111111";
  std::string owner = "22222222-2222-4222-8222-222222222222";
  std::string new_york = "33333333-3333-4333-8333-333333333333";
  std::string jakarta = "44444444-4444-4444-8444-444444444444";
  std::string ny_service = "55555555-5555-4555-8555-555555555555";
  std::string jakarta_service = "66666666-6666-4666-8666-666666666666";
  // New York 2027-03-14 01:30-02:30 pending: 60 minutes from 01:30 EST across the gap.
  std::string spring = "aaaaaaa1-0000-4000-8000-000000000001";
  // The same time, cancelled, rescheduled to `spring` (a link to survive the rebuild).
  std::string cancelled = "aaaaaaa1-0000-4000-8000-000000000002";
  // New York 2026-11-01 01:30-02:30 confirmed: 60 minutes from 01:30 EDT, ends 01:30 EST.
  std::string fall = "aaaaaaa1-0000-4000-8000-000000000003";
  // Jakarta 2027-03-15 09:00-09:30 confirmed, with two notifications pointing at it.
  std::string jakarta_booking = "aaaaaaa1-0000-4000-8000-000000000004";
  std::string note1 = "bbbbbbb1-0000-4000-8000-000000000001";
  std::string note2 = "bbbbbbb1-0000-4000-8000-000000000002";
  std::string password = "Rahasia-123!";
};

void write_old_world(soci::session& sql, const OldWorld& w) {
  const crypto::BcryptHasher hasher(4);
  const std::string hash = *hasher.hash(w.password);
  const std::string email = unique_email("migrated");
  sql << "INSERT INTO users (id, email, password_hash, full_name, role, is_verified) VALUES "
         "(:id, :email, :hash, 'Budi Santoso', 'customer', TRUE)",
      soci::use(w.customer), soci::use(email), soci::use(hash);
  const std::string owner_email = unique_email("migrated-owner");
  sql << "INSERT INTO users (id, email, password_hash, full_name, role, is_verified) VALUES "
         "(:id, :email, :hash, 'Sari Dewi', 'provider', TRUE)",
      soci::use(w.owner), soci::use(owner_email), soci::use(hash);
  sql << "INSERT INTO service_providers (id, user_id, business_name, business_type, timezone, "
         "min_notice_minutes, max_advance_days) VALUES ('" +
             w.new_york + "', '" + w.owner +
             "', 'Brooklyn Cuts', 'salon', 'America/New_York', 0, 730)";
  const std::string other_owner = "77777777-7777-4777-8777-777777777777";
  const std::string other_email = unique_email("migrated-owner2");
  sql << "INSERT INTO users (id, email, password_hash, full_name, role) VALUES (:id, :email, "
         ":hash, 'Dewi', 'provider')",
      soci::use(other_owner), soci::use(other_email), soci::use(hash);
  sql << "INSERT INTO service_providers (id, user_id, business_name, business_type) VALUES ('" +
             w.jakarta + "', '" + other_owner + "', 'Salon Melati', 'salon')";
  sql << "INSERT INTO services (id, provider_id, name, duration) VALUES ('" + w.ny_service +
             "', '" + w.new_york + "', 'Haircut', 60)";
  sql << "INSERT INTO services (id, provider_id, name, duration, buffer_before_minutes, "
         "buffer_after_minutes) VALUES ('" +
             w.jakarta_service + "', '" + w.jakarta + "', 'Potong rambut', 30, 5, 10)";
  // Sundays 00:00-06:00 in New York (2027-03-14 is a Sunday).
  sql << "INSERT INTO availability_schedules (id, provider_id, day_of_week, start_time, "
         "end_time) VALUES ('88888888-8888-4888-8888-888888888888', '" +
             w.new_york + "', 0, '00:00:00', '06:00:00')";
  const auto booking = [&](const std::string& id, const std::string& provider,
                           const std::string& service, const std::string& date,
                           const std::string& start, const std::string& end,
                           const std::string& status) {
    sql << "INSERT INTO bookings (id, customer_id, provider_id, service_id, booking_date, "
           "start_time, end_time, status) VALUES ('" +
               id + "', '" + w.customer + "', '" + provider + "', '" + service + "', '" + date +
               "', '" + start + "', '" + end + "', '" + status + "')";
  };
  booking(w.cancelled, w.new_york, w.ny_service, "2027-03-14", "01:30:00", "02:30:00", "cancelled");
  booking(w.spring, w.new_york, w.ny_service, "2027-03-14", "01:30:00", "02:30:00", "pending");
  sql << "UPDATE bookings SET rescheduled_to_id = '" + w.spring + "' WHERE id = '" + w.cancelled +
             "'";
  sql << "UPDATE bookings SET rescheduled_from_id = '" + w.cancelled + "' WHERE id = '" + w.spring +
             "'";
  booking(w.fall, w.new_york, w.ny_service, "2026-11-01", "01:30:00", "02:30:00", "confirmed");
  booking(w.jakarta_booking, w.jakarta, w.jakarta_service, "2027-03-15", "09:00:00", "09:30:00",
          "confirmed");
  for (const auto& [id, user] : {std::pair{w.note1, w.customer}, std::pair{w.note2, other_owner}}) {
    sql << "INSERT INTO notifications (id, user_id, booking_id, type) VALUES ('" + id + "', '" +
               user + "', '" + w.jakarta_booking + "', 'booking_created')";
  }
}

struct StoredTimes {
  std::string end_time, starts_at, ends_at, status;
};

StoredTimes stored_times(soci::session& sql, const std::string& id) {
  StoredTimes t;
  // CAST to text: TIME and TIMESTAMPTZ on PostgreSQL, text already on SQLite.
  sql << "SELECT CAST(end_time AS TEXT), CAST(starts_at AS TEXT), CAST(ends_at AS TEXT), status "
         "FROM bookings WHERE id = :id",
      soci::into(t.end_time), soci::into(t.starts_at), soci::into(t.ends_at), soci::into(t.status),
      soci::use(id);
  t.starts_at = db::normalize_instant_text(t.starts_at);
  t.ends_at = db::normalize_instant_text(t.ends_at);
  return t;
}

// A booking to insert through the repository, with exactly these fields.
NewBooking booking_at(const OldWorld& w, const std::string& id, const std::string& date, int start,
                      int end, const std::string& starts_at, const std::string& ends_at) {
  NewBooking nb;
  Booking& b = nb.booking;
  b.id = id;
  b.customer_id = w.customer;
  b.provider_id = w.new_york;
  b.service_id = w.ny_service;
  b.date = date;
  b.range = {start, end};
  b.starts_at = *common::parse_instant(starts_at);
  b.ends_at = *common::parse_instant(ends_at);
  b.created_at = b.updated_at = "2027-01-01T00:00:00Z";
  return nb;
}

Result<bookings::StoredBooking> create(db::SqlBookingRepository& repo, const NewBooking& nb) {
  return repo.create(nb.booking.provider_id, nb.booking.service_id, nb.booking.date,
                     [nb](const AvailabilityInputs&) -> Result<NewBooking> { return nb; });
}

TEST(BookingInstantsMigration, FillsInstantsKeepsWhatPointsAtBookingsAndGuardsByInstant) {
  FreshDatabase fresh("rows");
  db::Database database(fresh.options());
  EXPECT_EQ(database.migrate_to(4), 4);
  const OldWorld w;
  {
    soci::session sql(database.pool());
    write_old_world(sql, w);
  }
  EXPECT_EQ(database.migrate_to(6), 2);

  // migrate() used the first pooled connection; this is it again (the first free one).
  auto sql_holder = std::make_unique<soci::session>(database.pool());
  soci::session& sql = *sql_holder;
  const StoredTimes spring = stored_times(sql, w.spring);
  EXPECT_EQ(spring.starts_at, "2027-03-14T06:30:00Z");  // 01:30 EST
  EXPECT_EQ(spring.ends_at, "2027-03-14T07:30:00Z");    // 60 minutes later
  EXPECT_EQ(spring.end_time, "03:30:00");               // which New York reads as 03:30 EDT
  EXPECT_EQ(spring.status, "pending");
  const StoredTimes cancelled = stored_times(sql, w.cancelled);
  EXPECT_EQ(cancelled.starts_at, "2027-03-14T06:30:00Z");
  EXPECT_EQ(cancelled.ends_at, "2027-03-14T07:30:00Z");
  EXPECT_EQ(cancelled.status, "cancelled");
  const StoredTimes fall = stored_times(sql, w.fall);
  EXPECT_EQ(fall.starts_at, "2026-11-01T05:30:00Z");  // 01:30 EDT, the first occurrence
  EXPECT_EQ(fall.ends_at, "2026-11-01T06:30:00Z");
  EXPECT_EQ(fall.end_time, "01:30:00");  // 01:30 EST: earlier than its start on the wall
  const StoredTimes jakarta = stored_times(sql, w.jakarta_booking);
  EXPECT_EQ(jakarta.starts_at, "2027-03-15T02:00:00Z");
  EXPECT_EQ(jakarta.ends_at, "2027-03-15T02:30:00Z");
  EXPECT_EQ(jakarta.end_time, "09:30:00");

  // What pointed at the bookings still does (SQLite rebuilt the table under them).
  long long notes = 0;
  sql << "SELECT COUNT(*) FROM notifications WHERE booking_id = :id AND id IN (:a, :b)",
      soci::into(notes), soci::use(w.jakarta_booking), soci::use(w.note1), soci::use(w.note2);
  EXPECT_EQ(notes, 2);
  std::string to, from;
  sql << "SELECT CAST(rescheduled_to_id AS TEXT) FROM bookings WHERE id = :id", soci::into(to),
      soci::use(w.cancelled);
  sql << "SELECT CAST(rescheduled_from_id AS TEXT) FROM bookings WHERE id = :id", soci::into(from),
      soci::use(w.spring);
  EXPECT_EQ(to, w.spring);
  EXPECT_EQ(from, w.cancelled);
  if (database.dialect() == db::Dialect::kSqlite) {
    int foreign_keys = 0;
    sql << "PRAGMA foreign_keys", soci::into(foreign_keys);
    EXPECT_EQ(foreign_keys, 1) << "foreign keys must be back on after the rebuild";
    // ... and still enforced: a notification for a booking that does not exist is refused.
    EXPECT_THROW(sql << "INSERT INTO notifications (id, user_id, booking_id, type) VALUES "
                        "('bbbbbbb1-0000-4000-8000-000000000009', '" +
                            w.customer +
                            "', 'aaaaaaa1-0000-4000-8000-00000000ffff', 'booking_created')",
                 soci::soci_error);
  }

  sql_holder.reset();
  // The repositories read the current schema (008 added columns they read).
  database.migrate();

  // The guard compares instants: 03:00-04:00 EDT overlaps the migrated 01:30 booking (ends
  // 03:30 EDT), 03:30-04:30 touches it.
  db::SqlAvailabilityReader reader(database);
  db::SqlBookingRepository repo(database, reader);
  auto overlapping =
      create(repo, booking_at(w, "ccccccc1-0000-4000-8000-000000000001", "2027-03-14", 3 * 60,
                              4 * 60, "2027-03-14T07:00:00Z", "2027-03-14T08:00:00Z"));
  ASSERT_FALSE(overlapping);
  EXPECT_EQ(overlapping.error().code, "BOOKING_001");
  auto touching =
      create(repo, booking_at(w, "ccccccc1-0000-4000-8000-000000000002", "2027-03-14", 3 * 60 + 30,
                              4 * 60 + 30, "2027-03-14T07:30:00Z", "2027-03-14T08:30:00Z"));
  ASSERT_TRUE(touching) << touching.error().code;
  // The migrated booking reads back with its instants.
  auto found = repo.find(w.spring);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(common::format_instant((*found)->starts_at), "2027-03-14T06:30:00Z");
  EXPECT_EQ(common::format_instant((*found)->ends_at), "2027-03-14T07:30:00Z");
  EXPECT_EQ((*found)->range, (common::TimeRange{90, 210}));
}

// The real server, started on a database at 004 that holds a booking made before the
// migration: it migrates at start and the booking keeps its meaning (60 minutes from 01:30 EST
// on New York's spring-forward night end at 03:30 EDT).
TEST(BookingInstantsMigration, ServerStartedOnAnOldDatabaseAnswersWithTheInstants) {
  FreshDatabase fresh("serve");
  const OldWorld w;
  {
    db::Database database(fresh.options());
    ASSERT_EQ(database.migrate_to(4), 4);
    soci::session sql(database.pool());
    write_old_world(sql, w);
  }
  const auto dir = scratch_dir() / ("serve-migrated-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto env = child_env_with_services();
  fresh.point_at_it(env);
  env["BCRYPT_COST"] = "4";
  env["LOG_LEVEL"] = "info";
  env["JWT_SECRET"] = "migration-test-jwt-secret-that-is-certainly-long-enough";
  env["HOST"] = "127.0.0.1";
  env["LOGIN_MAX_FAILURES_PER_IP"] = "100000";
  std::string failure;
  auto server = start_serve(JANJI_BINARY, env, dir, 60s, failure);
  ASSERT_TRUE(server) << failure;

  // The customer (whose row the old schema holds) signs in and reads the booking.
  db::Database database(fresh.options());
  soci::session lookup(database.pool());
  std::string email;
  lookup << "SELECT email FROM users WHERE id = :id", soci::into(email), soci::use(w.customer);
  auto login =
      server->client.post("/api/v1/auth/login", {{"email", email}, {"password", w.password}});
  ASSERT_EQ(login.status, 200) << login.body << server->child->err();
  const std::string token = login.json["data"]["access_token"].get<std::string>();

  auto r = server->client.get("/api/v1/bookings/" + w.spring, {"Authorization: Bearer " + token});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& b = r.json["data"]["booking"];
  EXPECT_EQ(b["starts_at"], "2027-03-14T06:30:00Z") << r.body;
  EXPECT_EQ(b["ends_at"], "2027-03-14T07:30:00Z") << r.body;
  EXPECT_EQ(b["booking_date"], "2027-03-14");
  EXPECT_EQ(b["start_time"], "01:30");
  EXPECT_EQ(b["end_time"], "03:30");

  // Availability that day does not offer a start its instants block: 03:00 EDT (07:00Z) would
  // overlap it; the wall-clock reading of the old row (ends 02:30) would have let it through.
  auto a = server->client.get("/api/v1/providers/" + w.new_york +
                              "/availability?date=2027-03-14&service_id=" + w.ny_service);
  ASSERT_EQ(a.status, 200) << a.body;
  const auto offered = a.json["data"]["available_slots"].get<std::vector<std::string>>();
  const auto has = [&](const std::string& t) {
    return std::find(offered.begin(), offered.end(), t) != offered.end();
  };
  EXPECT_FALSE(has("01:00")) << a.body;
  EXPECT_FALSE(has("01:30")) << a.body;
  EXPECT_FALSE(has("03:00")) << a.body;
  EXPECT_TRUE(has("00:30")) << a.body;
  EXPECT_TRUE(has("03:30")) << a.body;

  server->child->signal(SIGTERM);
  EXPECT_TRUE(server->child->wait(20s));
}

}  // namespace
}  // namespace janji::testing
