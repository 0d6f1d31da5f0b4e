#include "adapters/cache/redis_slot_lock.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <latch>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "adapters/crypto/sodium_crypto.hpp"

namespace janji::cache {
namespace {

using namespace std::chrono_literals;
using bookings::SlotLockAttempt;
using bookings::SlotLockKey;
using Outcome = SlotLockAttempt::Outcome;

// Tests run only against a real Redis named by REDIS_HOST / REDIS_PORT (REDIS_PASSWORD too).
std::optional<RedisOptions> lock_redis_options() {
  const char* host = std::getenv("REDIS_HOST");
  if (host == nullptr || *host == '\0') return std::nullopt;
  RedisOptions options;
  options.host = host;
  if (const char* port = std::getenv("REDIS_PORT"); port != nullptr && *port != '\0') {
    options.port = std::atoi(port);
  }
  if (const char* password = std::getenv("REDIS_PASSWORD"); password != nullptr) {
    options.password = password;
  }
  options.pool_size = 8;
  options.connect_timeout = 1000ms;
  options.command_timeout = 2000ms;
  return options;
}

std::string random_number() {
  std::random_device device;
  std::mt19937_64 random(device());
  return std::to_string(random());
}

// A loopback port nobody listens on: bind an ephemeral port, then release it.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

const SlotLockKey kSlot{"11111111-1111-4111-8111-111111111111", "2026-11-25", "10:00"};

class RedisSlotLocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = lock_redis_options();
    if (!options) GTEST_SKIP() << "REDIS_HOST not set";
    client_ = std::make_unique<RedisClient>(*options);
    ASSERT_TRUE(client_->ping()) << "cannot reach Redis at " << options->host << ":"
                                 << options->port;
    locks_ = std::make_unique<RedisSlotLocks>(*client_, crypto_, prefix_);
  }

  void TearDown() override {
    if (!client_) return;
    std::string cursor = "0";
    do {
      auto reply = client_->command({"SCAN", cursor, "MATCH", prefix_ + "*", "COUNT", "1000"});
      if (!reply || reply->kind != RedisReply::Kind::kArray || reply->elements.size() != 2) break;
      cursor = reply->elements[0].str;
      for (const auto& key : reply->elements[1].elements) client_->del(key.str);
    } while (cursor != "0");
  }

  std::string key() const { return prefix_ + kSlot.provider_id + ":2026-11-25:10:00"; }

  crypto::SodiumCrypto crypto_;
  std::string prefix_ = "janji:test:lock:" + random_number() + ":";
  std::unique_ptr<RedisClient> client_;
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

TEST_F(RedisSlotLocksTest, DefaultPrefixFollowsTheOtherJanjiKeys) {
  RedisSlotLocks locks(*client_, crypto_);
  const SlotLockKey slot{"test-" + random_number(), "2026-11-25", "09:30"};
  const std::string expected = "janji:booking-lock:" + slot.provider_id + ":2026-11-25:09:30";
  EXPECT_EQ(locks.key_of(slot), expected);
  const auto attempt = locks.try_acquire(slot, 10s);
  ASSERT_EQ(attempt.outcome, Outcome::kAcquired);
  EXPECT_EQ(client_->get(expected), attempt.token);
  locks.release(slot, attempt.token);
  EXPECT_EQ(client_->get(expected), std::nullopt);
}

TEST(RedisSlotLocksUnreachableTest, IsUnavailableAndNeverThrows) {
  RedisOptions options;
  options.host = "127.0.0.1";
  options.port = closed_port();
  options.connect_timeout = 500ms;
  RedisClient client(options);
  crypto::SodiumCrypto crypto;
  RedisSlotLocks locks(client, crypto);
  const auto attempt = locks.try_acquire(kSlot, 10s);
  EXPECT_EQ(attempt.outcome, Outcome::kUnavailable);
  EXPECT_TRUE(attempt.token.empty());
  EXPECT_NO_THROW(locks.release(kSlot, "token"));
}

}  // namespace
}  // namespace janji::cache
