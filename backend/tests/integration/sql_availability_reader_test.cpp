// The availability reader (one native prepared statement per pooled connection) against the
// real database: SQLite by default, PostgreSQL when the environment says DB_DRIVER=postgres.
// Its answers are checked against the SOCI repositories, which read the same rows, and (the
// bookings) against explicit expectations.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include "adapters/db/database.hpp"
#include "adapters/db/sql_availability_reader.hpp"
#include "adapters/db/sql_provider_repository.hpp"
#include "adapters/db/sql_schedule_repository.hpp"
#include "adapters/db/sql_user_repository.hpp"
#include "app/application.hpp"
#include "core/common/time_zone.hpp"
#include "support/sql_repository_suite.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

using availability::AvailabilityInputs;
using availability::CalendarEntry;
using availability::CalendarProvider;
using availability::CalendarService;
using availability::DatedException;
using availability::Schedule;
using availability::ScheduleException;
using availability::WeeklyRange;
using common::TimeRange;
using providers::Provider;
using providers::Service;

constexpr const char* kCreatedAt = "2026-01-02T03:04:05Z";
constexpr int kMonday = 1;
constexpr int kTuesday = 2;

std::string unique_name(const std::string& prefix) {
  static std::atomic<int> counter{0};
  static const auto run = std::random_device{}() % 100000000;
  return prefix + " " + std::to_string(run) + "-" + std::to_string(++counter);
}

// Field by field against what the repositories answer for the same rows (the core's structs
// have no equality): the reader answers only what availability decisions use.
void expect_same(const CalendarProvider& a, const Provider& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(a.is_active, b.is_active);
  EXPECT_EQ(a.timezone, b.timezone);
  EXPECT_EQ(a.rules.slot_interval, b.slot_interval_minutes);
  EXPECT_EQ(a.rules.min_notice, b.min_notice_minutes);
  EXPECT_EQ(a.rules.max_advance_days, b.max_advance_days);
}

void expect_same(const CalendarService& a, const Service& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.is_active, b.is_active);
  EXPECT_EQ(a.spec.duration, b.duration);
  EXPECT_EQ(a.spec.buffer_before, b.buffer_before_minutes);
  EXPECT_EQ(a.spec.buffer_after, b.buffer_after_minutes);
}

void expect_same(const std::vector<WeeklyRange>& a, const std::vector<Schedule>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].day_of_week, b[i].day_of_week);
    EXPECT_EQ(a[i].range, b[i].range);
  }
}

void expect_same(const std::vector<DatedException>& a, const std::vector<ScheduleException>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].date, b[i].date);
    EXPECT_EQ(a[i].exception.range, b[i].range);
    EXPECT_EQ(a[i].exception.is_available, b[i].is_available);
  }
}

// date start-end +before +after (the instants read on the provider's wall clock in
// Asia/Makassar, UTC+8 all year), for readable failures.
std::vector<std::string> describe(const std::vector<CalendarEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    const common::ZoneDay day = common::zone_day(*common::parse_date(e.date), "Asia/Makassar");
    const auto hhmm = [&day](common::Instant t) {
      return common::format_hhmm(static_cast<int>(day.reading_at(t)));
    };
    out.push_back(e.date + " " + hhmm(e.instants.start) + "-" + hhmm(e.instants.end) + " +" +
                  std::to_string(e.buffer_before) + " +" + std::to_string(e.buffer_after));
  }
  return out;
}

// A compact fingerprint of everything a load answered, to compare many concurrent loads.
std::string fingerprint(const AvailabilityInputs& in) {
  std::string out = in.provider.id + in.provider.timezone + (in.provider.is_active ? "A" : "I");
  out += in.service ? in.service->id + std::to_string(in.service->spec.duration) : "-";
  for (const auto& s : in.schedules) {
    out += "|" + std::to_string(s.day_of_week) + ":" + std::to_string(s.range.start) + "-" +
           std::to_string(s.range.end);
  }
  for (const auto& e : in.exceptions) {
    out += "|" + e.date + (e.exception.range ? std::to_string(e.exception.range->start) : "all") +
           (e.exception.is_available ? "+" : "-");
  }
  for (const auto& d : describe(in.bookings)) out += "|" + d;
  return out;
}

class SqlAvailabilityReaderTest : public SqlRepositorySuite {
 protected:
  std::string make_user(auth::Role role = auth::Role::kProvider) {
    return SqlRepositorySuite::make_user(role, "reader");
  }

  Provider create_provider() {
    Provider p;
    p.id = new_id();
    p.user_id = make_user();
    p.business_name = unique_name("Klinik");
    p.business_type = "doctor";
    p.description = "Gigi & mulut";
    p.latitude = -6.2;
    p.longitude = 106.816666;
    p.pricing_info = R"({"from": 150000})";
    p.timezone = "Asia/Makassar";
    p.slot_interval_minutes = 15;
    p.min_notice_minutes = 120;
    p.max_advance_days = 30;
    p.created_at = p.updated_at = kCreatedAt;
    auto created = providers_.create(p);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return created ? *created : p;
  }

  Service create_service(const std::string& provider_id, int before, int after,
                         bool active = true) {
    Service s;
    s.id = new_id();
    s.provider_id = provider_id;
    s.name = unique_name("Scaling");
    s.description = "Pembersihan karang gigi";
    s.duration = 45;
    s.price = 350000;
    s.buffer_before_minutes = before;
    s.buffer_after_minutes = after;
    s.is_active = active;
    s.created_at = s.updated_at = kCreatedAt;
    auto created = services_.create(s);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return created ? *created : s;
  }

  void add_schedule(const std::string& provider_id, int day, TimeRange range, bool active = true) {
    Schedule s;
    s.id = new_id();
    s.provider_id = provider_id;
    s.day_of_week = day;
    s.range = range;
    s.is_active = active;
    s.created_at = kCreatedAt;
    auto created = schedules_.create_schedule(s);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
  }

  void add_exception(const std::string& provider_id, const std::string& date,
                     std::optional<TimeRange> range, bool available,
                     std::optional<std::string> reason) {
    ScheduleException e;
    e.id = new_id();
    e.provider_id = provider_id;
    e.date = date;
    e.range = range;
    e.is_available = available;
    e.reason = std::move(reason);
    e.created_at = kCreatedAt;
    auto created = schedules_.create_exception(e);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
  }

  // Bookings are written with plain SQL: the booking repository is not under test here. Their
  // instants are the wall-clock times read in the provider's zone.
  std::string insert_booking(const std::string& customer_id, const std::string& provider_id,
                             const std::string& service_id, const std::string& date,
                             const std::string& start, const std::string& end,
                             const std::string& status) {
    soci::session sql(database().pool());
    return insert_booking(sql, customer_id, provider_id, service_id, date, start, end, status);
  }
  std::string insert_booking(soci::session& sql, const std::string& customer_id,
                             const std::string& provider_id, const std::string& service_id,
                             const std::string& date, const std::string& start,
                             const std::string& end, const std::string& status) {
    const std::string id = new_id();
    std::string timezone;
    sql << "SELECT timezone FROM service_providers WHERE id = :id", soci::into(timezone),
        soci::use(provider_id);
    const auto day = common::zone_day(*common::parse_date(date), timezone);
    const auto starts = day.resolve(*common::parse_time_of_day(start));
    const std::string starts_at = common::format_instant(starts);
    const std::string ends_at =
        common::format_instant(starts + std::chrono::minutes(*common::parse_time_of_day(end) -
                                                             *common::parse_time_of_day(start)));
    sql << "INSERT INTO bookings (id, customer_id, provider_id, service_id, booking_date, "
           "start_time, end_time, status, starts_at, ends_at) VALUES (:id, :customer, "
           ":provider, :service, :date, :start, :end, :status, :starts_at, :ends_at)",
        soci::use(id), soci::use(customer_id), soci::use(provider_id), soci::use(service_id),
        soci::use(date), soci::use(start), soci::use(end), soci::use(status), soci::use(starts_at),
        soci::use(ends_at);
    return id;
  }

  std::optional<AvailabilityInputs> load(const std::string& provider_id,
                                         const std::string& service_id,
                                         const std::string& from = "2026-03-01",
                                         const std::string& to = "2026-03-31") {
    auto loaded = reader_.load(provider_id, service_id, from, to);
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().code);
    return loaded ? std::move(*loaded) : std::nullopt;
  }

  db::SqlProviderRepository providers_{database()};
  db::SqlServiceRepository services_{database()};
  db::SqlScheduleRepository schedules_{database()};
  db::SqlAvailabilityReader reader_{database()};
};

TEST_F(SqlAvailabilityReaderTest, UnknownMalformedAndDeletedProvidersAreNotFound) {
  const Provider p = create_provider();
  const Service s = create_service(p.id, 0, 0);
  EXPECT_FALSE(load(new_id(), s.id));
  EXPECT_FALSE(load("nope", s.id));
  EXPECT_FALSE(load("", s.id));
  EXPECT_FALSE(load("'; DROP TABLE bookings; --", s.id));
  ASSERT_TRUE(load(p.id, s.id));

  ASSERT_TRUE(providers_.soft_delete(p.id, std::chrono::system_clock::now()));
  EXPECT_FALSE(load(p.id, s.id));
}

TEST_F(SqlAvailabilityReaderTest, MalformedDatesAreRejectedBeforeTheDatabase) {
  const Provider p = create_provider();
  auto loaded = reader_.load(p.id, new_id(), "2026-02-30", "2026-03-01");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, common::ErrorKind::kInvalidArgument);
}

TEST_F(SqlAvailabilityReaderTest, InactiveProviderAndServiceAreReturned) {
  Provider p = create_provider();
  const Service s = create_service(p.id, 5, 10, /*active=*/false);
  p.is_active = false;
  ASSERT_TRUE(providers_.update(p));

  auto in = load(p.id, s.id);
  ASSERT_TRUE(in);
  EXPECT_FALSE(in->provider.is_active);
  ASSERT_TRUE(in->service);
  EXPECT_FALSE(in->service->is_active);
  expect_same(in->provider, **providers_.find(p.id));
  expect_same(*in->service, **services_.find(p.id, s.id));
}

TEST_F(SqlAvailabilityReaderTest, ServiceMustBeALiveServiceOfThisProvider) {
  const Provider p = create_provider();
  const Provider other = create_provider();
  const Service foreign = create_service(other.id, 0, 0);
  const Service mine = create_service(p.id, 0, 0);
  const Service gone = create_service(p.id, 0, 0);
  ASSERT_TRUE(services_.soft_delete(p.id, gone.id, std::chrono::system_clock::now()));

  for (const std::string& id : {foreign.id, gone.id, new_id(), std::string("nope")}) {
    auto in = load(p.id, id);
    ASSERT_TRUE(in) << id;
    expect_same(in->provider, p);
    EXPECT_FALSE(in->service) << id;
  }
  auto in = load(p.id, mine.id);
  ASSERT_TRUE(in);
  ASSERT_TRUE(in->service);
  expect_same(*in->service, mine);
}

TEST_F(SqlAvailabilityReaderTest, MatchesTheRepositoriesForSchedulesExceptionsAndBookings) {
  const Provider p = create_provider();
  const Provider other = create_provider();
  const Service a = create_service(p.id, 5, 10);
  const Service b = create_service(p.id, 0, 30);
  const Service foreign = create_service(other.id, 0, 0);
  const std::string customer = make_user(auth::Role::kCustomer);

  // Inserted out of order; one inactive range; one that ends at 24:00.
  add_schedule(p.id, kTuesday, {13 * 60, 17 * 60});
  add_schedule(p.id, kMonday, {22 * 60, 24 * 60});
  add_schedule(p.id, kMonday, {8 * 60, 12 * 60});
  add_schedule(p.id, kMonday, {13 * 60, 15 * 60}, /*active=*/false);
  add_schedule(other.id, kMonday, {8 * 60, 12 * 60});
  {
    // Written by plain SQL with the database's defaults (is_active, created_at).
    soci::session sql(database().pool());
    const std::string id = new_id();
    sql << "INSERT INTO availability_schedules (id, provider_id, day_of_week, start_time, "
           "end_time) VALUES (:id, :provider, 3, '06:00:00', '07:00:00')",
        soci::use(id), soci::use(p.id);
  }

  add_exception(p.id, "2026-02-28", std::nullopt, false, "before the window");
  add_exception(p.id, "2026-03-02", TimeRange{13 * 60, 15 * 60}, true, std::nullopt);
  add_exception(p.id, "2026-03-02", std::nullopt, false, "Nyepi");
  add_exception(p.id, "2026-03-04", TimeRange{9 * 60, 10 * 60}, false, "Dentist");
  add_exception(p.id, "2026-03-05", std::nullopt, false, "after the window");
  add_exception(other.id, "2026-03-03", std::nullopt, false, std::nullopt);

  insert_booking(customer, p.id, a.id, "2026-03-02", "09:00:00", "10:00:00", "pending");
  insert_booking(customer, p.id, b.id, "2026-03-02", "13:00:00", "14:00:00", "confirmed");
  insert_booking(customer, p.id, a.id, "2026-03-02", "10:00:00", "11:00:00", "cancelled");
  insert_booking(customer, p.id, a.id, "2026-03-03", "09:00:00", "10:00:00", "completed");
  insert_booking(customer, p.id, a.id, "2026-03-03", "11:00:00", "12:00:00", "no_show");
  insert_booking(customer, p.id, b.id, "2026-03-04", "23:00:00", "24:00:00", "pending");
  insert_booking(customer, p.id, a.id, "2026-03-04", "08:00:00", "08:30:00", "confirmed");
  insert_booking(customer, p.id, a.id, "2026-03-05", "10:00:00", "11:00:00", "pending");
  insert_booking(customer, p.id, a.id, "2026-03-01", "10:00:00", "11:00:00", "confirmed");
  insert_booking(customer, other.id, foreign.id, "2026-03-02", "09:00:00", "10:00:00", "pending");
  // A booking keeps its service's buffers after the service is deleted.
  ASSERT_TRUE(services_.soft_delete(p.id, b.id, std::chrono::system_clock::now()));

  auto in = load(p.id, a.id, "2026-03-02", "2026-03-04");
  ASSERT_TRUE(in);
  expect_same(in->provider, **providers_.find(p.id));
  ASSERT_TRUE(in->service);
  expect_same(*in->service, **services_.find(p.id, a.id));
  EXPECT_EQ(in->service->spec.buffer_before, 5);
  EXPECT_EQ(in->service->spec.buffer_after, 10);

  // Only active ranges on the window's weekdays (Mon..Wed): the inactive Monday one is left out.
  ASSERT_EQ(in->schedules.size(), 4u);
  EXPECT_EQ(in->schedules[1].range, (TimeRange{22 * 60, 24 * 60}));
  EXPECT_EQ(in->schedules[3].range, (TimeRange{6 * 60, 7 * 60}));
  std::vector<availability::Schedule> expected;
  const auto all = schedules_.list_schedules(p.id);
  ASSERT_TRUE(all);
  for (const auto& s : *all) {
    if (s.is_active) expected.push_back(s);
  }
  expect_same(in->schedules, expected);

  ASSERT_EQ(in->exceptions.size(), 3u);
  EXPECT_FALSE(in->exceptions[0].exception.range);  // the whole day sorts first
  expect_same(in->exceptions, *schedules_.list_exceptions(p.id, "2026-03-02", "2026-03-04"));

  using Lines = std::vector<std::string>;
  // Bookings a day wider on each side (instants decide: one of the day before or after may
  // reach into the window), sorted by instant.
  EXPECT_EQ(describe(in->bookings),
            (Lines{"2026-03-01 10:00-11:00 +5 +10", "2026-03-02 09:00-10:00 +5 +10",
                   "2026-03-02 13:00-14:00 +0 +30", "2026-03-04 08:00-08:30 +5 +10",
                   "2026-03-04 23:00-24:00 +0 +30", "2026-03-05 10:00-11:00 +5 +10"}));
  // As stored: Makassar is UTC+8.
  EXPECT_EQ(common::format_instant(in->bookings[4].instants.start), "2026-03-04T15:00:00Z");
  EXPECT_EQ(common::format_instant(in->bookings[4].instants.end), "2026-03-04T16:00:00Z");

  // The window is inclusive at both ends and may be one day.
  auto one_day = load(p.id, a.id, "2026-03-05", "2026-03-05");
  ASSERT_TRUE(one_day);
  EXPECT_EQ(describe(one_day->bookings),
            (Lines{"2026-03-04 08:00-08:30 +5 +10", "2026-03-04 23:00-24:00 +0 +30",
                   "2026-03-05 10:00-11:00 +5 +10"}));
  ASSERT_EQ(one_day->exceptions.size(), 1u);
  EXPECT_EQ(one_day->exceptions[0].date, "2026-03-05");
  EXPECT_FALSE(one_day->exceptions[0].exception.range);
  EXPECT_FALSE(one_day->exceptions[0].exception.is_available);
  EXPECT_TRUE(one_day->schedules.empty());  // a Thursday: no ranges

  auto quiet = load(p.id, "nope", "2026-04-01", "2026-04-30");
  ASSERT_TRUE(quiet);
  EXPECT_FALSE(quiet->service);
  EXPECT_TRUE(quiet->exceptions.empty());
  EXPECT_TRUE(quiet->bookings.empty());
  EXPECT_EQ(quiet->schedules.size(), 4u);  // a month covers every weekday
}

// Every pooled connection reuses its statement: many loads from several threads, with
// different parameters interleaved (and a NULL service id after a bound one), agree.
TEST_F(SqlAvailabilityReaderTest, ConcurrentLoadsReuseStatementsConsistently) {
  struct Case {
    std::string provider_id;
    std::string service_id;
    std::string expected;
  };
  std::vector<Case> cases;
  const std::string customer = make_user(auth::Role::kCustomer);
  for (int i = 0; i < 3; ++i) {
    const Provider p = create_provider();
    const Service s = create_service(p.id, i, 2 * i);
    for (int d = 0; d <= i + 1; ++d) add_schedule(p.id, d, {8 * 60, (12 + d) * 60});
    add_exception(p.id, "2026-03-0" + std::to_string(i + 2), std::nullopt, false, "off");
    insert_booking(customer, p.id, s.id, "2026-03-1" + std::to_string(i), "09:00:00", "10:00:00",
                   "confirmed");
    cases.push_back({p.id, s.id, ""});
    cases.push_back({p.id, "not-a-uuid", ""});
  }
  for (auto& c : cases) {
    auto in = load(c.provider_id, c.service_id);
    ASSERT_TRUE(in);
    c.expected = fingerprint(*in);
  }

  std::atomic<int> mismatches{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        const Case& c = cases[static_cast<std::size_t>(t + i) % cases.size()];
        auto loaded = reader_.load(c.provider_id, c.service_id, "2026-03-01", "2026-03-31");
        if (!loaded || !*loaded) {
          ++failures;
        } else if (fingerprint(**loaded) != c.expected) {
          ++mismatches;
        }
        // Unknown providers in between must not disturb the next load on that connection.
        if (i % 10 == 0 && reader_.load(new_id(), c.service_id, "2026-03-01", "2026-03-31")
                               .value_or(std::nullopt)) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
}

// A booking transaction reads the day on its own connection: it sees its own uncommitted rows,
// and a reschedule leaves the moved booking out.
TEST_F(SqlAvailabilityReaderTest, LoadOnSeesItsTransactionAndLeavesOneBookingOut) {
  const Provider p = create_provider();
  const Service s = create_service(p.id, 0, 0);
  add_schedule(p.id, kMonday, {9 * 60, 17 * 60});
  const std::string customer = make_user(auth::Role::kCustomer);
  const auto insert = [&](soci::session& sql, const std::string& start, const std::string& end) {
    return insert_booking(sql, customer, p.id, s.id, "2026-03-02", start, end, "pending");
  };
  std::string first_id;
  {
    soci::session sql(database().pool());
    first_id = insert(sql, "09:00:00", "10:00:00");
  }
  using Lines = std::vector<std::string>;
  {
    db::PoolLease lease(database().pool());
    db::WriteTransaction tx(lease.session(), database().dialect());
    insert(lease.session(), "13:00:00", "14:00:00");
    auto all = reader_.load_on(lease, p.id, s.id, "2026-03-02", "2026-03-02");
    ASSERT_TRUE(all);
    EXPECT_EQ(describe(all->bookings),
              (Lines{"2026-03-02 09:00-10:00 +0 +0", "2026-03-02 13:00-14:00 +0 +0"}));
    auto without = reader_.load_on(lease, p.id, s.id, "2026-03-02", "2026-03-02", &first_id);
    ASSERT_TRUE(without);
    EXPECT_EQ(describe(without->bookings), (Lines{"2026-03-02 13:00-14:00 +0 +0"}));
    EXPECT_FALSE(reader_.load_on(lease, new_id(), s.id, "2026-03-02", "2026-03-02"));
  }  // rolled back
  auto after = load(p.id, s.id, "2026-03-02", "2026-03-02");
  ASSERT_TRUE(after);
  EXPECT_EQ(describe(after->bookings), (Lines{"2026-03-02 09:00-10:00 +0 +0"}));
}

// Two readers on one database, and a reader made after another was destroyed, each keep their
// own statements.
TEST_F(SqlAvailabilityReaderTest, ReadersComeAndGo) {
  const Provider p = create_provider();
  const Service s = create_service(p.id, 0, 0);
  add_schedule(p.id, kMonday, {9 * 60, 10 * 60});
  for (int round = 0; round < 3; ++round) {
    db::SqlAvailabilityReader extra(database());
    for (int i = 0; i < 8; ++i) {
      auto mine = extra.load(p.id, s.id, "2026-03-01", "2026-03-31");
      ASSERT_TRUE(mine && *mine);
      EXPECT_EQ((*mine)->schedules.size(), 1u);
      ASSERT_TRUE(load(p.id, s.id));
    }
  }
}

// PostgreSQL drops prepared statements with the server session (a reset connection); the
// reader prepares again instead of failing.
TEST_F(SqlAvailabilityReaderTest, PreparesAgainWhenTheServerForgotTheStatement) {
  if (!using_postgres()) GTEST_SKIP() << "PostgreSQL only";
  const Provider p = create_provider();
  const Service s = create_service(p.id, 0, 0);
  const std::size_t n = database().pool_size();
  for (std::size_t i = 0; i < 2 * n; ++i) ASSERT_TRUE(load(p.id, s.id));
  {
    // Every connection at once, so each one forgets.
    std::vector<std::unique_ptr<soci::session>> all;
    for (std::size_t i = 0; i < n; ++i) {
      all.push_back(std::make_unique<soci::session>(database().pool()));
      *all.back() << "DEALLOCATE ALL";
    }
  }
  for (std::size_t i = 0; i < 2 * n; ++i) {
    auto in = load(p.id, s.id);
    ASSERT_TRUE(in);
    ASSERT_TRUE(in->service);
  }
}

}  // namespace
}  // namespace janji::testing
