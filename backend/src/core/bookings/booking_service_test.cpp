// BookingService::create() and the booking lock (SlotLocks), with fakes for every port: when
// the lock is taken and released, and that a lock held elsewhere answers 409 without the
// database unless the request carries an Idempotency-Key. The database path itself is covered
// by the HTTP integration tests.
#include "core/bookings/booking_service.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace janji::bookings {
namespace {

using common::Error;
using common::fail;
using Outcome = SlotLockAttempt::Outcome;

constexpr const char* kProvider = "11111111-1111-4111-8111-111111111111";
constexpr const char* kService = "33333333-3333-4333-8333-333333333333";
constexpr const char* kCustomer = "44444444-4444-4444-8444-444444444444";

Error unused() { return Error::internal("not used by create()"); }

// Everything the lock and the repository see, in order.
using Events = std::vector<std::string>;

class FakeLocks final : public SlotLocks {
 public:
  explicit FakeLocks(Events& events) : events_(events) {}
  SlotLockAttempt try_acquire(const SlotLockKey& slot, std::chrono::milliseconds ttl) override {
    events_.push_back("acquire " + slot.provider_id + " " + slot.date + " " + slot.start_time +
                      " " + std::to_string(ttl.count()) + "ms");
    return {outcome, outcome == Outcome::kAcquired ? "token-1" : ""};
  }
  void release(const SlotLockKey& slot, const std::string& token) override {
    events_.push_back("release " + slot.start_time + " " + token);
  }
  Outcome outcome = Outcome::kAcquired;

 private:
  Events& events_;
};

class FakeCrypto final : public common::Crypto {
 public:
  std::string random_token() const override { return "random-token"; }
  std::string new_uuid() const override {
    last = "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++count);
    return last;
  }
  std::string sha256_hex(std::string_view) const override { return "hash"; }
  bool equal_constant_time(std::string_view a, std::string_view b) const override { return a == b; }
  mutable int count = 0;
  mutable std::string last;
};

class FixedClock final : public common::Clock {
 public:
  common::Instant now() const override { return common::from_unix_seconds(1'790'000'000); }
};

// create() stores the request as given (or answers `result` when set); the slot rules inside
// the transaction are not this test's business.
class FakeBookings final : public BookingRepository {
 public:
  FakeBookings(Events& events, const FakeCrypto& crypto) : events_(events), crypto_(crypto) {}

  Result<StoredBooking> create(const std::string& provider_id, const std::string& service_id,
                               const std::string& date, const BookingDecision&) override {
    events_.push_back("create");
    if (result) {
      if (!*result) return common::fail(result->error());
      return StoredBooking{**result, (*result)->id == crypto_.last};
    }
    Booking b;
    b.id = crypto_.last;
    b.customer_id = kCustomer;
    b.provider_id = provider_id;
    b.service_id = service_id;
    b.date = date;
    b.range = {600, 660};
    return StoredBooking{b, true};
  }
  Result<std::optional<Booking>> find(const std::string&) override { return fail(unused()); }
  Result<std::optional<Booking>> find_by_idempotency_key(const std::string&,
                                                         const std::string&) override {
    events_.push_back("find key");
    return stored;
  }
  Result<BookingPage> list(const BookingFilter&) override { return fail(unused()); }
  Result<Booking> update(const Booking&, BookingStatus,
                         const std::vector<NotificationRow>&) override {
    return fail(unused());
  }
  Result<std::pair<Booking, Booking>> reschedule(const std::string&, BookingStatus,
                                                 const std::string&, const BookingDecision&,
                                                 const std::function<Booking(Booking)>&) override {
    return fail(unused());
  }

  std::optional<Result<Booking>> result;
  std::optional<Booking> stored;

 private:
  Events& events_;
  const FakeCrypto& crypto_;
};

class UnusedProviders final : public providers::ProviderRepository {
 public:
  Result<providers::ProviderPage> list(const providers::ProviderFilter&) override {
    return fail(unused());
  }
  Result<std::optional<providers::Provider>> find(const std::string&) override {
    return fail(unused());
  }
  Result<std::optional<providers::Provider>> find_by_user(const std::string&) override {
    return fail(unused());
  }
  Result<providers::Provider> create(const providers::Provider&) override { return fail(unused()); }
  Result<providers::Provider> update(const providers::Provider&) override { return fail(unused()); }
  Status soft_delete(const std::string&, common::Instant) override { return fail(unused()); }
};

class UnusedServices final : public providers::ServiceRepository {
 public:
  Result<std::vector<providers::Service>> list(const std::string&, bool) override {
    return fail(unused());
  }
  Result<std::optional<providers::Service>> find(const std::string&, const std::string&) override {
    return fail(unused());
  }
  Result<providers::Service> create(const providers::Service&) override { return fail(unused()); }
  Result<providers::Service> update(const providers::Service&) override { return fail(unused()); }
  Status soft_delete(const std::string&, const std::string&, common::Instant) override {
    return fail(unused());
  }
};

class UnusedUsers final : public auth::UserRepository {
 public:
  Result<auth::User> create(const auth::User&) override { return fail(unused()); }
  Result<std::optional<auth::User>> find_by_email(const std::string&) override {
    return fail(unused());
  }
  Result<std::optional<auth::User>> find_by_id(const std::string&) override {
    return fail(unused());
  }
  Status set_verified(const std::string&, common::Instant) override { return fail(unused()); }
  Status set_password_hash(const std::string&, const std::string&, common::Instant) override {
    return fail(unused());
  }
  Status update_profile(const auth::User&) override { return fail(unused()); }
  Result<auth::AccountStanding> find_standing(const std::string&, common::Instant) override {
    return fail(unused());
  }
};

class UnusedAvailability final : public availability::AvailabilityReader {
 public:
  Result<std::optional<availability::AvailabilityInputs>> load(const std::string&,
                                                               const std::string&,
                                                               const std::string&,
                                                               const std::string&) override {
    return fail(unused());
  }
};

class RecordingChanges final : public providers::ChangeListener {
 public:
  explicit RecordingChanges(Events& events) : events_(events) {}
  void provider_changed(const std::string&) override { events_.push_back("changed"); }

 private:
  Events& events_;
};

class BookingServiceLockTest : public ::testing::Test {
 protected:
  static CreateBookingCommand input(std::optional<std::string> key = std::nullopt) {
    CreateBookingCommand in;
    in.provider_id = kProvider;
    in.service_id = kService;
    in.start = LocalStart{*common::parse_date("2026-11-25"), 10 * 60};
    in.idempotency_key = std::move(key);
    return in;
  }

  Result<Booking> create(const CreateBookingCommand& in, bool* replayed = nullptr) {
    return service_.create(who_, in, replayed);
  }

  std::string acquire_event() const {
    return std::string("acquire ") + kProvider + " 2026-11-25 10:00 1500ms";
  }

  Events events_;
  FakeLocks locks_{events_};
  FakeCrypto crypto_;
  FixedClock clock_;
  FakeBookings bookings_{events_, crypto_};
  UnusedProviders providers_;
  UnusedServices services_;
  UnusedUsers users_;
  UnusedAvailability availability_;
  RecordingChanges changes_{events_};
  BookingService service_{BookingDependencies{bookings_, providers_, services_, users_, changes_,
                                              availability_, crypto_, clock_, locks_},
                          BookingSettings{}};
  auth::Principal who_{kCustomer, "budi@example.com", auth::Role::kCustomer};
};

TEST_F(BookingServiceLockTest, TheLockIsTakenBeforeTheDatabaseAndReleasedAfterIt) {
  auto created = create(input());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(events_, (Events{acquire_event(), "create", "changed", "release 10:00 token-1"}));
}

TEST_F(BookingServiceLockTest, ALockHeldElsewhereIs409WithoutTheDatabase) {
  locks_.outcome = Outcome::kHeld;
  auto created = create(input());
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, common::ErrorKind::kConflict);
  EXPECT_EQ(created.error().code, "BOOKING_001");
  EXPECT_EQ(created.error().message, "This time slot is no longer available");
  EXPECT_EQ(events_, (Events{acquire_event()}));  // no create, nothing to release
}

TEST_F(BookingServiceLockTest, WithAnIdempotencyKeyAHeldLockGoesOnToTheDatabase) {
  // The holder may be this client's own twin request: the database answers with a replay.
  locks_.outcome = Outcome::kHeld;
  auto created = create(input("retry-key"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(events_, (Events{"find key", acquire_event(), "create", "changed"}));
}

TEST_F(BookingServiceLockTest, AFailingLockStoreNeverFailsTheBooking) {
  locks_.outcome = Outcome::kUnavailable;
  auto created = create(input());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(events_, (Events{acquire_event(), "create", "changed"}));
}

TEST_F(BookingServiceLockTest, TheLockIsReleasedWhenTheDatabaseRefuses) {
  for (const Error& error :
       {Error::conflict("BOOKING_001", "This time slot is no longer available"),
        Error::precondition("BOOKING_006", "The provider does not offer this service"),
        Error::unavailable("database down")}) {
    events_.clear();
    bookings_.result = fail(error);
    auto created = create(input());
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, error.code);
    EXPECT_EQ(events_, (Events{acquire_event(), "create", "release 10:00 token-1"})) << error.code;
  }
}

TEST_F(BookingServiceLockTest, ReplaysNeverTakeTheLock) {
  Booking stored;
  stored.id = "55555555-5555-4555-8555-555555555555";
  stored.provider_id = kProvider;
  stored.service_id = kService;
  stored.date = "2026-11-25";
  stored.range = {600, 660};
  bookings_.stored = stored;
  bool replayed = false;
  auto again = create(input("retry-key"), &replayed);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again->id, stored.id);
  EXPECT_EQ(events_, (Events{"find key"}));
}

}  // namespace
}  // namespace janji::bookings
