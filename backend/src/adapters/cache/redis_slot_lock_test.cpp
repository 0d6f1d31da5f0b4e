#include "adapters/cache/redis_slot_lock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "adapters/cache/redis_test_env.hpp"
#include "adapters/crypto/sodium_crypto.hpp"
#include "core/bookings/booking_service.hpp"

namespace janji::cache {
namespace {

using namespace std::chrono_literals;
using bookings::SlotLockAttempt;
using bookings::SlotLockKey;
using Outcome = SlotLockAttempt::Outcome;

const SlotLockKey kSlot{"11111111-1111-4111-8111-111111111111", "2026-11-25", "10:00"};

class RedisSlotLocksTest : public RedisTest {
 protected:
  RedisSlotLocksTest() : RedisTest("lock", 8) {}

  void on_connected() override {
    locks_ = std::make_unique<RedisSlotLocks>(*client_, crypto_, prefix_);
  }

  std::string key() const { return prefix_ + kSlot.provider_id + ":2026-11-25:10:00"; }

  crypto::SodiumCrypto crypto_;
  std::unique_ptr<RedisSlotLocks> locks_;
};

TEST_F(RedisSlotLocksTest, AcquireStoresARandomTokenWithTheTtl) {
  EXPECT_EQ(locks_->key_of(kSlot), key());
  const auto attempt = locks_->try_acquire(kSlot, 10s);
  ASSERT_EQ(attempt.outcome, Outcome::kAcquired);
  EXPECT_GE(attempt.token.size(), 32u);
  EXPECT_EQ(client_->get(key()), attempt.token);
  const auto ttl = client_->command({"PTTL", key()});
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->integer, 9'000);
  EXPECT_LE(ttl->integer, 10'000);
}

TEST_F(RedisSlotLocksTest, ASecondAcquireOfTheSameStartIsHeld) {
  const auto first = locks_->try_acquire(kSlot, 10s);
  ASSERT_EQ(first.outcome, Outcome::kAcquired);
  const auto second = locks_->try_acquire(kSlot, 10s);
  EXPECT_EQ(second.outcome, Outcome::kHeld);
  EXPECT_TRUE(second.token.empty());
  EXPECT_EQ(client_->get(key()), first.token);  // the holder's lock is untouched
}

TEST_F(RedisSlotLocksTest, OtherStartsDatesAndProvidersAreSeparateLocks) {
  ASSERT_EQ(locks_->try_acquire(kSlot, 10s).outcome, Outcome::kAcquired);
  for (const SlotLockKey& other :
       {SlotLockKey{kSlot.provider_id, kSlot.date, "10:05"},
        SlotLockKey{kSlot.provider_id, "2026-11-26", kSlot.start_time},
        SlotLockKey{"22222222-2222-4222-8222-222222222222", kSlot.date, kSlot.start_time}}) {
    EXPECT_EQ(locks_->try_acquire(other, 10s).outcome, Outcome::kAcquired) << locks_->key_of(other);
  }
}

TEST_F(RedisSlotLocksTest, ReleaseFreesTheStart) {
  const auto first = locks_->try_acquire(kSlot, 10s);
  ASSERT_EQ(first.outcome, Outcome::kAcquired);
  locks_->release(kSlot, first.token);
  EXPECT_EQ(client_->get(key()), std::nullopt);
  const auto again = locks_->try_acquire(kSlot, 10s);
  ASSERT_EQ(again.outcome, Outcome::kAcquired);
  EXPECT_NE(again.token, first.token);
  locks_->release(kSlot, again.token);  // twice: a no-op
  locks_->release(kSlot, again.token);
  EXPECT_EQ(client_->get(key()), std::nullopt);
}

TEST_F(RedisSlotLocksTest, AnExpiredLockIsFreeAndItsLateReleaseSparesTheNewHolder) {
  const auto slow = locks_->try_acquire(kSlot, 100ms);
  ASSERT_EQ(slow.outcome, Outcome::kAcquired);
  std::this_thread::sleep_for(250ms);
  const auto next = locks_->try_acquire(kSlot, 10s);
  ASSERT_EQ(next.outcome, Outcome::kAcquired);
  // The first request finishes only now: its release must not delete the new holder's lock.
  locks_->release(kSlot, slow.token);
  EXPECT_EQ(client_->get(key()), next.token);
  EXPECT_EQ(locks_->try_acquire(kSlot, 10s).outcome, Outcome::kHeld);
  // Neither do an empty token or a stranger's.
  locks_->release(kSlot, "");
  locks_->release(kSlot, "not-the-token");
  EXPECT_EQ(client_->get(key()), next.token);
}

// A process killed while holding locks never releases them: with the TTL create() uses they
// refuse their starts for at most 1.5 s (the spec's 10 s refused free slots for 10 s).
TEST_F(RedisSlotLocksTest, ALockNeverReleasedExpiresWithTheBookingTtl) {
  ASSERT_LE(bookings::kSlotLockTtl, 2000ms);
  const auto start = std::chrono::steady_clock::now();
  const auto crashed = locks_->try_acquire(kSlot, bookings::kSlotLockTtl);
  ASSERT_EQ(crashed.outcome, Outcome::kAcquired);
  const auto ttl = client_->command({"PTTL", key()});
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, bookings::kSlotLockTtl.count());
  EXPECT_EQ(locks_->try_acquire(kSlot, bookings::kSlotLockTtl).outcome, Outcome::kHeld);
  // Redis expires the key on its own clock; poll (generously, the machine may be loaded).
  while (client_->get(key()) && std::chrono::steady_clock::now() - start < 10s) {
    std::this_thread::sleep_for(20ms);
  }
  const auto gone_after = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(client_->get(key()), std::nullopt);
  EXPECT_GE(gone_after, bookings::kSlotLockTtl - 50ms);  // not released early either
  const auto next = locks_->try_acquire(kSlot, bookings::kSlotLockTtl);
  EXPECT_EQ(next.outcome, Outcome::kAcquired);
  locks_->release(kSlot, next.token);
}

TEST_F(RedisSlotLocksTest, ANonPositiveTtlStillExpires) {
  ASSERT_EQ(locks_->try_acquire(kSlot, 0ms).outcome, Outcome::kAcquired);
  const auto ttl = client_->command({"PTTL", key()});
  ASSERT_TRUE(ttl.has_value());
  EXPECT_NE(ttl->integer, -1);  // -2 (already gone) or a few milliseconds, never "no expiry"
}

TEST_F(RedisSlotLocksTest, ReleaseOfAKeyOfAnotherTypeIsLoggedAndLeavesIt) {
  ASSERT_TRUE(client_->command({"HSET", key(), "f", "v"}).has_value());
  EXPECT_EQ(locks_->try_acquire(kSlot, 10s).outcome, Outcome::kHeld);
  EXPECT_NO_THROW(locks_->release(kSlot, "token"));  // GET fails with WRONGTYPE
  const auto type = client_->command({"TYPE", key()});
  ASSERT_TRUE(type.has_value());
  EXPECT_EQ(type->str, "hash");
}

TEST_F(RedisSlotLocksTest, ConcurrentAcquiresHaveExactlyOneWinner) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const SlotLockKey slot{kSlot.provider_id, kSlot.date, "10:" + std::to_string(10 + round)};
    std::atomic<int> acquired{0};
    std::atomic<int> held{0};
    std::latch go(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        go.arrive_and_wait();
        const auto attempt = locks_->try_acquire(slot, 10s);
        if (attempt.outcome == Outcome::kAcquired) ++acquired;
        if (attempt.outcome == Outcome::kHeld) ++held;
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(acquired.load(), 1) << "round " << round;
    EXPECT_EQ(held.load(), kThreads - 1) << "round " << round;
  }
}

TEST_F(RedisSlotLocksTest, OneLockPerProviderHoweverItsIdIsSpelled) {
  RedisSlotLocks locks(*client_, crypto_, prefix_);
  const std::string id = "abcdef01-" + random_test_number();
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto mine = locks.try_acquire({id, "2026-11-25", "09:30"}, 10s);
  ASSERT_EQ(mine.outcome, Outcome::kAcquired);
  EXPECT_EQ(locks.try_acquire({upper, "2026-11-25", "09:30"}, 10s).outcome, Outcome::kHeld);
  locks.release({upper, "2026-11-25", "09:30"}, mine.token);
  EXPECT_EQ(locks.try_acquire({id, "2026-11-25", "09:30"}, 10s).outcome, Outcome::kAcquired);
}

TEST_F(RedisSlotLocksTest, DefaultPrefixFollowsTheOtherJanjiKeys) {
  RedisSlotLocks locks(*client_, crypto_);
  const SlotLockKey slot{"test-" + random_test_number(), "2026-11-25", "09:30"};
  const std::string expected = "janji:booking-lock:" + slot.provider_id + ":2026-11-25:09:30";
  EXPECT_EQ(locks.key_of(slot), expected);
  const auto attempt = locks.try_acquire(slot, 10s);
  ASSERT_EQ(attempt.outcome, Outcome::kAcquired);
  EXPECT_EQ(client_->get(expected), attempt.token);
  locks.release(slot, attempt.token);
  EXPECT_EQ(client_->get(expected), std::nullopt);
}

TEST(RedisSlotLocksUnreachableTest, IsUnavailableAndNeverThrows) {
  RedisClient client(unreachable_redis_options());
  crypto::SodiumCrypto crypto;
  RedisSlotLocks locks(client, crypto);
  const auto attempt = locks.try_acquire(kSlot, 10s);
  EXPECT_EQ(attempt.outcome, Outcome::kUnavailable);
  EXPECT_TRUE(attempt.token.empty());
  EXPECT_NO_THROW(locks.release(kSlot, "token"));
}

}  // namespace
}  // namespace janji::cache
