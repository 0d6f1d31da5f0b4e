#include "adapters/cache/redis_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/cache/redis_test_env.hpp"

namespace janji::cache {
namespace {

using namespace std::chrono_literals;

class RedisRateLimiterTest : public RedisTest {
 protected:
  RedisRateLimiterTest() : RedisTest("rl") {}

  void on_connected() override { limiter_ = std::make_unique<RedisRateLimiter>(*client_, prefix_); }

  std::unique_ptr<RedisRateLimiter> limiter_;
};

TEST_F(RedisRateLimiterTest, UnknownKeyIsAllowed) {
  const auto decision = limiter_->check("login:a@example.com", 5);
  EXPECT_TRUE(decision.allowed);
  EXPECT_EQ(decision.retry_after_seconds, 0);
}

TEST_F(RedisRateLimiterTest, AllowsUpToLimitThenBlocksWithRetryAfter) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter_->check("k", 5).allowed) << "before event " << i;
    limiter_->add("k", 60s);
  }
  const auto blocked = limiter_->check("k", 5);
  EXPECT_FALSE(blocked.allowed);
  EXPECT_GE(blocked.retry_after_seconds, 59);
  EXPECT_LE(blocked.retry_after_seconds, 60);
  EXPECT_TRUE(limiter_->check("k", 6).allowed);
}

TEST_F(RedisRateLimiterTest, CounterLivesUnderThePrefixWithTheWindowAsTtl) {
  for (int i = 0; i < 3; ++i) limiter_->add("k", 30s);
  EXPECT_EQ(client_->get(prefix_ + "k"), "3");
  const auto pttl = client_->command({"PTTL", prefix_ + "k"});
  ASSERT_TRUE(pttl);
  EXPECT_GT(pttl->integer, 29'000);
  EXPECT_LE(pttl->integer, 30'000);
}

TEST_F(RedisRateLimiterTest, WindowExpiryFreesTheKey) {
  limiter_->add("k", 1s);
  limiter_->add("k", 1s);
  auto decision = limiter_->check("k", 2);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.retry_after_seconds, 1);
  std::this_thread::sleep_for(1100ms);
  EXPECT_TRUE(limiter_->check("k", 2).allowed);
  EXPECT_TRUE(limiter_->check("k", 1).allowed);

  // A new event opens a fresh window counting from one.
  limiter_->add("k", 2s);
  EXPECT_TRUE(limiter_->check("k", 2).allowed);
  decision = limiter_->check("k", 1);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.retry_after_seconds, 2);
}

TEST_F(RedisRateLimiterTest, AddsInsideTheWindowDoNotExtendIt) {
  limiter_->add("k", 2s);
  std::this_thread::sleep_for(1200ms);
  limiter_->add("k", 2s);
  EXPECT_EQ(limiter_->check("k", 2).retry_after_seconds, 1);
  std::this_thread::sleep_for(900ms);
  EXPECT_TRUE(limiter_->check("k", 2).allowed);
}

TEST_F(RedisRateLimiterTest, ResetClearsTheKey) {
  for (int i = 0; i < 3; ++i) limiter_->add("k", 60s);
  EXPECT_FALSE(limiter_->check("k", 3).allowed);
  limiter_->reset("k");
  EXPECT_TRUE(limiter_->check("k", 3).allowed);
  EXPECT_TRUE(limiter_->check("k", 1).allowed);
  EXPECT_EQ(client_->get(prefix_ + "k"), std::nullopt);
  limiter_->reset("never-seen");
}

TEST_F(RedisRateLimiterTest, KeysAreIndependentAndMayHoldAnyBytes) {
  const std::string odd_key = std::string("login:a b%s%n\0c@example.com", 27);
  for (int i = 0; i < 3; ++i) limiter_->add(odd_key, 60s);
  EXPECT_FALSE(limiter_->check(odd_key, 3).allowed);
  EXPECT_TRUE(limiter_->check("login:a b%s%n", 3).allowed);
  EXPECT_TRUE(limiter_->check("ip:5.6.7.8", 3).allowed);
  limiter_->add("ip:5.6.7.8", 60s);
  limiter_->reset("ip:5.6.7.8");
  EXPECT_FALSE(limiter_->check(odd_key, 3).allowed);
  limiter_->reset(odd_key);
}

TEST_F(RedisRateLimiterTest, ConcurrentAddsFromTwoInstancesCountExactly) {
  // Two clients and two limiters stand in for two janji instances.
  auto options = options_;
  options.pool_size = 3;
  RedisClient client_a(options);
  RedisClient client_b(options);
  RedisRateLimiter limiter_a(client_a, prefix_);
  RedisRateLimiter limiter_b(client_b, prefix_);
  constexpr int kThreads = 8;
  constexpr int kAddsPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto& limiter = t % 2 == 0 ? limiter_a : limiter_b;
      for (int i = 0; i < kAddsPerThread; ++i) limiter.add("shared", 60s);
    });
  }
  for (auto& thread : threads) thread.join();
  constexpr int kTotal = kThreads * kAddsPerThread;
  EXPECT_FALSE(limiter_->check("shared", kTotal).allowed);
  EXPECT_TRUE(limiter_->check("shared", kTotal + 1).allowed);
  const auto pttl = client_->command({"PTTL", prefix_ + "shared"});
  ASSERT_TRUE(pttl);
  EXPECT_GT(pttl->integer, 0) << "the counter always carries the window's expiry";
  limiter_->reset("shared");
}

TEST_F(RedisRateLimiterTest, ACounterWithoutTtlIsHealedOnTheNextAdd) {
  ASSERT_TRUE(client_->set(prefix_ + "stuck", "7", 0ms));
  limiter_->add("stuck", 5s);
  const auto pttl = client_->command({"PTTL", prefix_ + "stuck"});
  ASSERT_TRUE(pttl);
  EXPECT_GT(pttl->integer, 0);
  EXPECT_LE(pttl->integer, 5000);
  limiter_->reset("stuck");
}

// Runs without a Redis: the point is that nobody answers.
TEST(RedisRateLimiterUnreachableTest, FailsOpenWithoutThrowing) {
  RedisClient client(unreachable_redis_options());
  RedisRateLimiter limiter(client, unique_test_prefix("rl"));
  for (int i = 0; i < 10; ++i) EXPECT_NO_THROW(limiter.add("login:x", 60s));
  auto decision = limiter.check("login:x", 1);
  EXPECT_TRUE(decision.allowed);
  EXPECT_EQ(decision.retry_after_seconds, 0);
  decision = limiter.check("login:x", 0);
  EXPECT_TRUE(decision.allowed);
  EXPECT_NO_THROW(limiter.reset("login:x"));
}

}  // namespace
}  // namespace janji::cache
