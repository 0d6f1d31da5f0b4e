// The SQL booking repository against the real database: SQLite by default, PostgreSQL when the
// environment says DB_DRIVER=postgres. The contention tests are the point: double booking must
// be impossible by construction (DESIGN.md section 5), with no check in decide().
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>

#include "adapters/db/database.hpp"
#include "adapters/db/sql_availability_reader.hpp"
#include "adapters/db/sql_booking_repository.hpp"
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
using availability::Schedule;
using bookings::Booking;
using bookings::BookingFilter;
using bookings::BookingStatus;
using bookings::NewBooking;
using bookings::NotificationRow;
using common::ErrorKind;
using common::Result;
using common::TimeRange;

constexpr const char* kCreatedAt = "2026-01-02T03:04:05Z";
constexpr const char* kUpdatedAt = "2026-02-03T04:05:06Z";
// A Tuesday (day_of_week 2), far enough ahead to be in nobody else's way.
constexpr const char* kDate = "2031-03-04";
constexpr int kTuesday = 2;

class SqlBookingRepository : public SqlRepositorySuite {
 protected:
  void SetUp() override {
    provider_id_ = make_provider();
    service_id_ = make_service(provider_id_, 60, 5, 10);
    customer_id_ = make_user(auth::Role::kCustomer);
  }

  std::string make_user(auth::Role role) {
    return SqlRepositorySuite::make_user(role, "booking", "Budi Santoso");
  }

  std::string make_provider() {
    providers::Provider p;
    p.id = new_id();
    p.user_id = make_user(auth::Role::kProvider);
    p.business_name = "Salon Melati";
    p.business_type = "salon";
    p.created_at = p.updated_at = kCreatedAt;
    auto created = providers_.create(p);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return p.id;
  }

  std::string make_service(const std::string& provider_id, int duration, int before, int after) {
    providers::Service s;
    s.id = new_id();
    s.provider_id = provider_id;
    s.name = "Potong rambut";
    s.duration = duration;
    s.buffer_before_minutes = before;
    s.buffer_after_minutes = after;
    s.created_at = s.updated_at = kCreatedAt;
    auto created = services_.create(s);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return s.id;
  }

  void make_schedule(int day, TimeRange range) {
    Schedule s;
    s.id = new_id();
    s.provider_id = provider_id_;
    s.day_of_week = day;
    s.range = range;
    s.created_at = kCreatedAt;
    ASSERT_TRUE(schedules_.create_schedule(s).has_value());
  }

  // What a service's decide() would return, minus every check: the database must be the guard.
  NewBooking draft(int start, int duration, std::optional<std::string> key = std::nullopt,
                   std::string customer_id = "") const {
    NewBooking out;
    Booking& b = out.booking;
    b.id = new_id();
    b.customer_id = customer_id.empty() ? customer_id_ : customer_id;
    b.provider_id = provider_id_;
    b.service_id = service_id_;
    b.date = kDate;
    b.range = TimeRange{start, start + duration};
    set_instants(b);
    b.customer_notes = "Tolong potong pendek";
    b.idempotency_key = std::move(key);
    b.created_at = b.updated_at = kCreatedAt;
    out.notifications.push_back(
        {new_id(), b.customer_id, b.id, "booking_created", kCreatedAt, "customer", "customer", {}});
    out.notifications.push_back({new_id(),
                                 provider_user_id(),
                                 b.id,
                                 "booking_created",
                                 kCreatedAt,
                                 "provider",
                                 "customer",
                                 {}});
    return out;
  }

  // The instants of b's date and wall-clock range in the provider's zone (Jakarta, UTC+7).
  static void set_instants(Booking& b) {
    b.starts_at =
        common::zone_day(*common::parse_date(b.date), "Asia/Jakarta").resolve(b.range.start);
    b.ends_at = b.starts_at + std::chrono::minutes(b.range.end - b.range.start);
  }

  Result<Booking> create(NewBooking nb) {
    auto stored =
        bookings_.create(provider_id_, service_id_, kDate,
                         [nb](const AvailabilityInputs&) -> Result<NewBooking> { return nb; });
    if (!stored) return common::fail(stored.error());
    return stored->booking;
  }

  std::string provider_user_id() const {
    soci::session sql(database().pool());
    std::string user_id;
    sql << "SELECT user_id FROM service_providers WHERE id = :id", soci::into(user_id),
        soci::use(provider_id_);
    return user_id;
  }

  long long count(const std::string& query, const std::string& id) {
    soci::session sql(database().pool());
    long long n = 0;
    sql << query, soci::into(n), soci::use(id);
    return n;
  }
  long long bookings_of_provider() {
    return count("SELECT COUNT(*) FROM bookings WHERE provider_id = :id", provider_id_);
  }
  long long notifications_of(const std::string& booking_id) {
    return count("SELECT COUNT(*) FROM notifications WHERE booking_id = :id", booking_id);
  }

  struct Tally {
    int ok = 0;
    int conflicts = 0;
    int other = 0;
  };

  // Runs `threads` creates at once (a start barrier); create k books draft(start(k), len(k)).
  template <typename Start, typename Length>
  Tally race(int threads, Start start, Length length) {
    std::vector<NewBooking> drafts;
    for (int k = 0; k < threads; ++k) drafts.push_back(draft(start(k), length(k)));
    std::latch go(threads);
    std::mutex mutex;
    Tally tally;
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k) {
      pool.emplace_back([&, k] {
        go.arrive_and_wait();
        auto result = create(drafts[k]);
        std::lock_guard lock(mutex);
        if (result) {
          ++tally.ok;
        } else if (result.error().kind == ErrorKind::kConflict &&
                   result.error().code == "BOOKING_001") {
          ++tally.conflicts;
        } else {
          ++tally.other;
          ADD_FAILURE() << "unexpected error " << result.error().code << ": "
                        << result.error().message;
        }
      });
    }
    for (auto& t : pool) t.join();
    std::printf("[ race     ] %s: %d succeeded, %d conflicts, %d other errors\n",
                using_postgres() ? "postgres" : "sqlite", tally.ok, tally.conflicts, tally.other);
    return tally;
  }

  db::SqlProviderRepository providers_{database()};
  db::SqlServiceRepository services_{database()};
  db::SqlScheduleRepository schedules_{database()};
  db::SqlAvailabilityReader day_reader_{database()};
  db::SqlBookingRepository bookings_{database(), day_reader_};
  std::string provider_id_;
  std::string service_id_;
  std::string customer_id_;
};

TEST_F(SqlBookingRepository, CreateStoresTheBookingAndItsNotificationsAndShowsDecideTheDay) {
  make_schedule(kTuesday, {9 * 60, 12 * 60});
  make_schedule(kTuesday, {13 * 60, 17 * 60});
  make_schedule(kTuesday + 1, {9 * 60, 17 * 60});  // another weekday: not shown
  auto first = create(draft(9 * 60, 60));
  ASSERT_TRUE(first) << first.error().code;

  NewBooking second = draft(14 * 60, 60);
  second.booking.admin_notes = "VIP";
  std::optional<AvailabilityInputs> seen;
  auto created = bookings_.create(provider_id_, service_id_, kDate,
                                  [&](const AvailabilityInputs& day) -> Result<NewBooking> {
                                    seen = day;
                                    return second;
                                  });
  ASSERT_TRUE(created) << created.error().code;
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->provider.id, provider_id_);
  ASSERT_TRUE(seen->service);
  EXPECT_EQ(seen->service->id, service_id_);
  ASSERT_EQ(seen->schedules.size(), 2u);
  EXPECT_EQ(seen->schedules[0].range, (TimeRange{9 * 60, 12 * 60}));
  EXPECT_EQ(seen->schedules[1].range, (TimeRange{13 * 60, 17 * 60}));
  EXPECT_TRUE(seen->exceptions.empty());
  ASSERT_EQ(seen->bookings.size(), 1u);
  EXPECT_EQ(seen->bookings[0].date, kDate);
  EXPECT_EQ(seen->bookings[0].instants, (common::InstantRange{first->starts_at, first->ends_at}));
  EXPECT_EQ(seen->bookings[0].buffer_before, 5);
  EXPECT_EQ(seen->bookings[0].buffer_after, 10);

  auto stored = bookings_.find(second.booking.id);
  ASSERT_TRUE(stored && *stored);
  for (const Booking& b : {created->booking, **stored}) {
    EXPECT_EQ(b.id, second.booking.id);
    EXPECT_EQ(b.customer_id, customer_id_);
    EXPECT_EQ(b.provider_id, provider_id_);
    EXPECT_EQ(b.service_id, service_id_);
    EXPECT_EQ(b.date, kDate);
    EXPECT_EQ(b.range, (TimeRange{14 * 60, 15 * 60}));
    EXPECT_EQ(b.status, BookingStatus::kPending);
    EXPECT_EQ(b.payment_status, bookings::PaymentStatus::kUnpaid);
    EXPECT_EQ(b.customer_notes, "Tolong potong pendek");
    EXPECT_EQ(b.admin_notes, "VIP");
    EXPECT_FALSE(b.cancellation_reason);
    EXPECT_FALSE(b.cancelled_at);
    EXPECT_FALSE(b.idempotency_key);
    EXPECT_EQ(b.created_at, kCreatedAt);
    EXPECT_EQ(b.updated_at, kCreatedAt);
  }
  EXPECT_EQ(notifications_of(second.booking.id), 2);
  soci::session sql(database().pool());
  std::string channel, status;
  sql << "SELECT channel, status FROM notifications WHERE booking_id = :id AND user_id = :u",
      soci::into(channel), soci::into(status), soci::use(second.booking.id),
      soci::use(customer_id_);
  EXPECT_EQ(channel, "email");
  EXPECT_EQ(status, "pending");
}

TEST_F(SqlBookingRepository, UnknownOrMalformedProviderIsNotFound) {
  int calls = 0;
  const auto decide = [&](const AvailabilityInputs&) -> Result<NewBooking> {
    ++calls;
    return draft(600, 30);
  };
  for (const std::string& id : {new_id(), std::string("not-a-uuid")}) {
    auto r = bookings_.create(id, service_id_, kDate, decide);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "PROVIDER_001");
  }
  EXPECT_EQ(calls, 0);
}

TEST_F(SqlBookingRepository, DecideErrorInsertsNothing) {
  auto r = bookings_.create(
      provider_id_, service_id_, kDate, [](const AvailabilityInputs&) -> Result<NewBooking> {
        return common::fail(common::Error::conflict("BOOKING_001", "Slot not available"));
      });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "BOOKING_001");
  EXPECT_EQ(bookings_of_provider(), 0);
}

// The customer's row went after their token was checked: the foreign key fails, and that is
// the caller's (401), not a server error.
TEST_F(SqlBookingRepository, VanishedCustomerIsUnauthenticatedNotInternal) {
  make_schedule(kTuesday, {9 * 60, 17 * 60});
  auto r = create(draft(9 * 60, 60, std::nullopt, new_id()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthenticated);
  EXPECT_EQ(r.error().code, "INVALID_TOKEN");
  EXPECT_EQ(bookings_of_provider(), 0);
}

TEST_F(SqlBookingRepository, SameIdempotencyKeyReturnsTheFirstBooking) {
  auto first = create(draft(600, 30, "key-1"));
  ASSERT_TRUE(first) << first.error().code;
  auto again = create(draft(660, 30, "key-1"));  // a different slot, even: the key decides
  ASSERT_TRUE(again) << again.error().code;
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->range, first->range);
  EXPECT_EQ(bookings_of_provider(), 1);

  // Another customer's key is theirs alone.
  auto other = create(draft(720, 30, "key-1", make_user(auth::Role::kCustomer)));
  ASSERT_TRUE(other) << other.error().code;
  EXPECT_NE(other->id, first->id);
  EXPECT_EQ(bookings_of_provider(), 2);
}

TEST_F(SqlBookingRepository, FiftyOverlappingCreatesAtOnceOnlyOneWins) {
  // Starts 10:00 + s (s = k*5 min, k in 0..9), lengths 30..90 but at least 50 - s: every range
  // covers 10:45, so every pair overlaps (mostly with different starts: the unique slot index
  // alone would not stop them).
  const auto offset = [](int k) { return (k % 10) * 5; };
  const auto tally = race(
      50, [&](int k) { return 10 * 60 + offset(k); },
      [&](int k) { return std::max(30 + (k % 7) * 10, 50 - offset(k)); });
  EXPECT_EQ(tally.ok, 1);
  EXPECT_EQ(tally.conflicts, 49);
  EXPECT_EQ(tally.other, 0);
  EXPECT_EQ(bookings_of_provider(), 1);
}

TEST_F(SqlBookingRepository, FiftyDistinctSlotsAtOnceAllSucceed) {
  // 15-minute slots from 06:00 (50 of them end at 18:30), touching but not overlapping.
  const auto tally = race(
      50, [](int k) { return 6 * 60 + k * 15; }, [](int) { return 15; });
  EXPECT_EQ(tally.ok, 50);
  EXPECT_EQ(tally.conflicts, 0);
  EXPECT_EQ(tally.other, 0);
  EXPECT_EQ(bookings_of_provider(), 50);
}

TEST_F(SqlBookingRepository, SameIdempotencyKeyRacingStoresOneBookingForAll) {
  // Distinct slots, so only the key's unique index can make them one booking.
  constexpr int kThreads = 20;
  std::vector<NewBooking> drafts;
  for (int k = 0; k < kThreads; ++k) drafts.push_back(draft(6 * 60 + k * 30, 30, "same-key"));
  std::latch go(kThreads);
  std::mutex mutex;
  std::vector<std::string> ids;
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      go.arrive_and_wait();
      auto r = create(drafts[k]);
      std::lock_guard lock(mutex);
      ids.push_back(r ? r->id : "error " + r.error().code);
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kThreads));
  for (const auto& id : ids) EXPECT_EQ(id, ids.front());
  EXPECT_EQ(bookings_of_provider(), 1);
}

TEST_F(SqlBookingRepository, UpdateIsACompareAndSetOnStatus) {
  auto created = create(draft(600, 60));
  ASSERT_TRUE(created) << created.error().code;

  Booking confirmed = *created;
  confirmed.status = BookingStatus::kConfirmed;
  confirmed.updated_at = kUpdatedAt;
  Booking cancelled = *created;
  cancelled.status = BookingStatus::kCancelled;
  cancelled.cancellation_reason = "Sakit";
  cancelled.cancelled_at = kUpdatedAt;
  cancelled.updated_at = kUpdatedAt;

  const std::vector<NotificationRow> note = {{new_id(),
                                              customer_id_,
                                              created->id,
                                              "booking_confirmed",
                                              kUpdatedAt,
                                              "customer",
                                              "provider",
                                              {}}};
  auto first = bookings_.update(confirmed, BookingStatus::kPending, note);
  ASSERT_TRUE(first) << first.error().code;
  EXPECT_EQ(first->status, BookingStatus::kConfirmed);
  EXPECT_EQ(first->updated_at, kUpdatedAt);
  EXPECT_EQ(notifications_of(created->id), 3);

  auto second = bookings_.update(cancelled, BookingStatus::kPending, {});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(second.error().code, "BOOKING_004");

  Booking missing = confirmed;
  missing.id = new_id();
  auto none = bookings_.update(missing, BookingStatus::kPending, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "BOOKING_002");

  // The slot is held until the booking is cancelled.
  auto taken = create(draft(600, 60));
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, "BOOKING_001");

  auto freed = bookings_.update(cancelled, BookingStatus::kConfirmed, {});
  ASSERT_TRUE(freed) << freed.error().code;
  EXPECT_EQ(freed->status, BookingStatus::kCancelled);
  EXPECT_EQ(freed->cancellation_reason, "Sakit");
  EXPECT_EQ(freed->cancelled_at, kUpdatedAt);
  auto rebooked = create(draft(600, 60));
  ASSERT_TRUE(rebooked) << rebooked.error().code;

  // Reactivating the cancelled one would double-book: the database refuses.
  Booking reactivated = *freed;
  reactivated.status = BookingStatus::kPending;
  auto back = bookings_.update(reactivated, BookingStatus::kCancelled, {});
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, "BOOKING_001");
}

TEST_F(SqlBookingRepository, ConcurrentUpdatesFromTheSameStatusOnlyOneWins) {
  auto created = create(draft(600, 60));
  ASSERT_TRUE(created) << created.error().code;
  constexpr int kThreads = 8;
  std::latch go(kThreads);
  std::atomic<int> ok{0}, changed{0}, other{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      Booking next = *created;
      next.status = k % 2 ? BookingStatus::kConfirmed : BookingStatus::kCancelled;
      go.arrive_and_wait();
      auto r = bookings_.update(next, BookingStatus::kPending, {});
      if (r) {
        ++ok;
      } else if (r.error().code == "BOOKING_004") {
        ++changed;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(changed, kThreads - 1);
  EXPECT_EQ(other, 0);
}

TEST_F(SqlBookingRepository, ListFiltersSortsAndPaginates) {
  const std::string other_customer = make_user(auth::Role::kCustomer);
  std::vector<std::string> ids;
  // Five bookings over two days; one of them by another customer, one cancelled.
  for (const auto& [date, start, customer] : std::vector<std::tuple<std::string, int, std::string>>{
           {"2031-03-04", 9 * 60, customer_id_},
           {"2031-03-04", 11 * 60, customer_id_},
           {"2031-03-05", 9 * 60, customer_id_},
           {"2031-03-05", 10 * 60, other_customer},
           {"2031-03-06", 9 * 60, customer_id_}}) {
    NewBooking nb = draft(start, 30, std::nullopt, customer);
    nb.booking.date = date;
    set_instants(nb.booking);
    auto r = bookings_.create(provider_id_, service_id_, date,
                              [nb](const AvailabilityInputs&) -> Result<NewBooking> { return nb; });
    ASSERT_TRUE(r) << r.error().code;
    ids.push_back(r->booking.id);
  }
  Booking cancelled = **bookings_.find(ids[4]);
  cancelled.status = BookingStatus::kCancelled;
  ASSERT_TRUE(bookings_.update(cancelled, BookingStatus::kPending, {}));

  const auto ids_of = [](const bookings::BookingPage& page) {
    std::vector<std::string> out;
    for (const auto& b : page.items) out.push_back(b.booking.id);
    return out;
  };

  BookingFilter by_provider;
  by_provider.provider_id = provider_id_;
  by_provider.limit = 100;
  auto all = bookings_.list(by_provider);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total_items, 5);
  EXPECT_EQ(ids_of(*all), (std::vector<std::string>{ids[4], ids[3], ids[2], ids[1], ids[0]}));

  BookingFilter mine = by_provider;
  mine.customer_id = customer_id_;
  mine.status = BookingStatus::kPending;
  mine.start_date = "2031-03-04";
  mine.end_date = "2031-03-05";
  auto filtered = bookings_.list(mine);
  ASSERT_TRUE(filtered);
  EXPECT_EQ(filtered->total_items, 3);
  EXPECT_EQ(ids_of(*filtered), (std::vector<std::string>{ids[2], ids[1], ids[0]}));

  BookingFilter paged = by_provider;
  paged.limit = 2;
  paged.page = 2;
  auto page2 = bookings_.list(paged);
  ASSERT_TRUE(page2);
  EXPECT_EQ(page2->total_items, 5);
  EXPECT_EQ(ids_of(*page2), (std::vector<std::string>{ids[2], ids[1]}));
  paged.page = 4;
  auto beyond = bookings_.list(paged);
  ASSERT_TRUE(beyond);
  EXPECT_EQ(beyond->total_items, 5);
  EXPECT_TRUE(beyond->items.empty());

  BookingFilter cancelled_only = by_provider;
  cancelled_only.status = BookingStatus::kCancelled;
  auto c = bookings_.list(cancelled_only);
  ASSERT_TRUE(c);
  EXPECT_EQ(ids_of(*c), (std::vector<std::string>{ids[4]}));

  BookingFilter malformed;
  malformed.customer_id = "nope";
  auto none = bookings_.list(malformed);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total_items, 0);
  BookingFilter bad_date = by_provider;
  bad_date.start_date = "2031-02-30";
  auto bad = bookings_.list(bad_date);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Instants decide (DESIGN.md section 6, item 6)
// ---------------------------------------------------------------------------------------------

// A booking with these local fields and these instants, whatever they say.
NewBooking with_instants(NewBooking nb, const std::string& date, TimeRange local,
                         const std::string& starts_at, const std::string& ends_at) {
  nb.booking.date = date;
  nb.booking.range = local;
  nb.booking.starts_at = *common::parse_instant(starts_at);
  nb.booking.ends_at = *common::parse_instant(ends_at);
  return nb;
}

TEST_F(SqlBookingRepository, InstantsRoundTripAndLocalFieldsMayReadBackwards) {
  // New York's fall-back night: 60 minutes from 01:30 EDT end at 01:30 EST.
  auto created = create(
      with_instants(draft(0, 60), kDate, {90, 90}, "2031-03-04T05:30:00Z", "2031-03-04T06:30:00Z"));
  ASSERT_TRUE(created) << created.error().code;
  auto stored = bookings_.find(created->id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ(common::format_instant((*stored)->starts_at), "2031-03-04T05:30:00Z");
  EXPECT_EQ(common::format_instant((*stored)->ends_at), "2031-03-04T06:30:00Z");
  EXPECT_EQ((*stored)->range, (TimeRange{90, 90}));
  BookingFilter mine;
  mine.provider_id = provider_id_;
  auto page = bookings_.list(mine);
  ASSERT_TRUE(page && page->items.size() == 1);
  EXPECT_EQ(page->items[0].booking.starts_at, (*stored)->starts_at);
  EXPECT_EQ(page->items[0].booking.ends_at, (*stored)->ends_at);
  // The day's read carries them too.
  std::optional<AvailabilityInputs> seen;
  auto next = bookings_.create(provider_id_, service_id_, kDate,
                               [&](const AvailabilityInputs& day) -> Result<NewBooking> {
                                 seen = day;
                                 return common::fail(common::Error::internal());
                               });
  EXPECT_FALSE(next);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->bookings.size(), 1u);
  EXPECT_EQ(seen->bookings[0].instants.start, (*stored)->starts_at);
  EXPECT_EQ(seen->bookings[0].instants.end, (*stored)->ends_at);
}

TEST_F(SqlBookingRepository, GuardComparesInstantsNotLocalFields) {
  // The two occurrences of a repeated hour: same date and start time, different instants.
  auto first = create(with_instants(draft(0, 30), kDate, {90, 120}, "2031-03-04T05:30:00Z",
                                    "2031-03-04T06:00:00Z"));
  ASSERT_TRUE(first) << first.error().code;
  auto second = create(with_instants(draft(0, 30), kDate, {90, 120}, "2031-03-04T06:30:00Z",
                                     "2031-03-04T07:00:00Z"));
  ASSERT_TRUE(second) << second.error().code;
  // Local fields far apart (another day even), instants overlapping the first: refused.
  auto overlapping = create(with_instants(draft(0, 30), "2031-03-05", {600, 660},
                                          "2031-03-04T05:45:00Z", "2031-03-04T06:15:00Z"));
  ASSERT_FALSE(overlapping);
  EXPECT_EQ(overlapping.error().code, "BOOKING_001");
  // Local fields overlapping the first, instants in between the two: accepted.
  auto between = create(with_instants(draft(0, 30), kDate, {90, 120}, "2031-03-04T06:00:00Z",
                                      "2031-03-04T06:30:00Z"));
  ASSERT_TRUE(between) << between.error().code;
  EXPECT_EQ(bookings_of_provider(), 3);

  // Reactivating a cancelled booking into instants taken meanwhile is refused too.
  Booking cancelled = *first;
  cancelled.status = BookingStatus::kCancelled;
  ASSERT_TRUE(bookings_.update(cancelled, BookingStatus::kPending, {}));
  auto retaken = create(with_instants(draft(0, 30), "2031-03-06", {0, 30}, "2031-03-04T05:40:00Z",
                                      "2031-03-04T05:50:00Z"));
  ASSERT_TRUE(retaken) << retaken.error().code;
  Booking back = cancelled;
  back.status = BookingStatus::kPending;
  auto reactivated = bookings_.update(back, BookingStatus::kCancelled, {});
  ASSERT_FALSE(reactivated);
  EXPECT_EQ(reactivated.error().code, "BOOKING_001");
}

TEST_F(SqlBookingRepository, TwentyCreatesWithOverlappingInstantsButApartLocallyOnlyOneWins) {
  // Local starts an hour apart (no two alike, so neither the old wall-clock guard nor the old
  // unique slot would stop them); instants all cover 10:00:30Z.
  constexpr int kThreads = 20;
  std::vector<NewBooking> drafts;
  for (int k = 0; k < kThreads; ++k) {
    const std::string minute = (k < 10 ? "0" : "") + std::to_string(k);
    drafts.push_back(with_instants(draft(0, 30), kDate, {k * 60, k * 60 + 30},
                                   "2031-03-04T09:" + minute + ":00Z",
                                   "2031-03-04T10:" + minute + ":00Z"));
  }
  std::latch go(kThreads);
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      go.arrive_and_wait();
      auto r = create(drafts[k]);
      if (r) {
        ++ok;
      } else if (r.error().code == "BOOKING_001") {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflicts, kThreads - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(bookings_of_provider(), 1);
}

TEST_F(SqlBookingRepository, RescheduleStoresTheLinksTheServiceDecided) {
  auto old = create(draft(9 * 60, 60));
  ASSERT_TRUE(old) << old.error().code;
  const auto reschedule = [&](bool link_back, bool link_forward) {
    NewBooking moved = draft(9 * 60 + 30, 60);  // overlaps the old one: its own time is free
    if (link_back) moved.booking.rescheduled_from_id = old->id;
    return bookings_.reschedule(
        old->id, BookingStatus::kPending, kDate,
        [moved](const AvailabilityInputs& day) -> Result<NewBooking> {
          EXPECT_TRUE(day.bookings.empty());  // left out by id
          return moved;
        },
        [&, id = moved.booking.id](Booking b) {
          b.status = BookingStatus::kCancelled;
          if (link_forward) b.rescheduled_to_id = id;
          return b;
        });
  };
  // Links missing: the repository does not invent them.
  for (const auto& [back, forward] : {std::pair{false, true}, std::pair{true, false}}) {
    auto r = reschedule(back, forward);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kInternal);
    EXPECT_EQ(bookings_of_provider(), 1);
  }
  auto r = reschedule(true, true);
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(r->first.rescheduled_from_id, old->id);
  EXPECT_EQ(r->second.rescheduled_to_id, r->first.id);
  EXPECT_EQ(r->second.status, BookingStatus::kCancelled);
  auto stored_old = bookings_.find(old->id);
  ASSERT_TRUE(stored_old && *stored_old);
  EXPECT_EQ((*stored_old)->rescheduled_to_id, r->first.id);
}

// PostgreSQL renders TIMESTAMPTZ in the session's zone: a connection that asks for another
// zone (here through its connection string, as a server or role default would) still reads
// the instants right, because Database sets the session to UTC.
TEST_F(SqlBookingRepository, ReadsAreRightWhateverZoneTheSessionAskedFor) {
  if (!using_postgres()) GTEST_SKIP() << "PostgreSQL only";
  auto created = create(draft(10 * 60, 60));  // 10:00 Jakarta = 03:00Z
  ASSERT_TRUE(created) << created.error().code;
  db::DatabaseOptions options;
  options.dialect = db::Dialect::kPostgres;
  options.pg_conninfo =
      test_config().postgres_connection_string() + " options='-c TimeZone=America/Los_Angeles'";
  options.pool_size = 2;
  db::Database elsewhere(options);
  db::SqlAvailabilityReader reader(elsewhere);
  db::SqlBookingRepository repo(elsewhere, reader);
  auto found = repo.find(created->id);
  ASSERT_TRUE(found) << found.error().code;
  ASSERT_TRUE(*found);
  EXPECT_EQ(common::format_instant((*found)->starts_at), "2031-03-04T03:00:00Z");
  EXPECT_EQ(common::format_instant((*found)->ends_at), "2031-03-04T04:00:00Z");
  auto day = reader.load(provider_id_, service_id_, kDate, kDate);
  ASSERT_TRUE(day && *day) << (day ? "" : day.error().code);
  ASSERT_EQ((*day)->bookings.size(), 1u);
  EXPECT_EQ(common::format_instant((*day)->bookings[0].instants.start), "2031-03-04T03:00:00Z");
  // Writes through it land at the same instants.
  NewBooking next = draft(12 * 60, 30);
  auto written =
      repo.create(provider_id_, service_id_, kDate,
                  [next](const AvailabilityInputs&) -> Result<NewBooking> { return next; });
  ASSERT_TRUE(written) << written.error().code;
  auto again = bookings_.find(next.booking.id);
  ASSERT_TRUE(again && *again);
  EXPECT_EQ(common::format_instant((*again)->starts_at), "2031-03-04T05:00:00Z");
}

}  // namespace
}  // namespace janji::testing
