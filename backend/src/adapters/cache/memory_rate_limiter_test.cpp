#include "adapters/cache/memory_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace janji::cache {
namespace {

using namespace std::chrono_literals;

class MemoryRateLimiterTest : public ::testing::Test {
 protected:
  common::ManualClock clock_;
  MemoryRateLimiter limiter_{clock_};
};

TEST_F(MemoryRateLimiterTest, UnknownKeyIsAllowed) {
  const auto decision = limiter_.check("login:a@example.com", 5);
  EXPECT_TRUE(decision.allowed);
  EXPECT_EQ(decision.retry_after_seconds, 0);
}

TEST_F(MemoryRateLimiterTest, AllowsUpToLimitThenBlocksWithRetryAfter) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter_.check("k", 5).allowed) << "before event " << i;
    limiter_.add("k", 900s);
    clock_.advance(1s);
  }
  // Window began at t0 and lasts 900 s; 5 s have passed.
  const auto blocked = limiter_.check("k", 5);
  EXPECT_FALSE(blocked.allowed);
  EXPECT_EQ(blocked.retry_after_seconds, 895);
  // A higher limit for the same key is still open.
  EXPECT_TRUE(limiter_.check("k", 6).allowed);
}

TEST_F(MemoryRateLimiterTest, RetryAfterRoundsUpAndIsAtLeastOne) {
  limiter_.add("k", 10s);
  clock_.advance(9500ms);
  auto decision = limiter_.check("k", 1);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.retry_after_seconds, 1);
  clock_.advance(499ms);
  decision = limiter_.check("k", 1);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.retry_after_seconds, 1);
}

TEST_F(MemoryRateLimiterTest, WindowExpiryFreesTheKeyAndStartsAFreshWindow) {
  limiter_.add("k", 60s);
  limiter_.add("k", 60s);
  EXPECT_FALSE(limiter_.check("k", 2).allowed);
  clock_.advance(59s);
  EXPECT_FALSE(limiter_.check("k", 2).allowed);
  clock_.advance(1s);
  EXPECT_TRUE(limiter_.check("k", 2).allowed);

  // The next add starts a new window counting from one, lasting from now.
  limiter_.add("k", 60s);
  EXPECT_TRUE(limiter_.check("k", 2).allowed);
  EXPECT_FALSE(limiter_.check("k", 1).allowed);
  EXPECT_EQ(limiter_.check("k", 1).retry_after_seconds, 60);
}

TEST_F(MemoryRateLimiterTest, AddsInsideTheWindowDoNotExtendIt) {
  limiter_.add("k", 10s);
  clock_.advance(8s);
  limiter_.add("k", 10s);
  EXPECT_EQ(limiter_.check("k", 2).retry_after_seconds, 2);
  clock_.advance(2s);
  EXPECT_TRUE(limiter_.check("k", 2).allowed);
}

TEST_F(MemoryRateLimiterTest, ResetClearsTheKey) {
  for (int i = 0; i < 3; ++i) limiter_.add("k", 60s);
  EXPECT_FALSE(limiter_.check("k", 3).allowed);
  limiter_.reset("k");
  EXPECT_TRUE(limiter_.check("k", 3).allowed);
  EXPECT_TRUE(limiter_.check("k", 1).allowed);
  limiter_.reset("never-seen");  // harmless
}

TEST_F(MemoryRateLimiterTest, KeysAreIndependent) {
  for (int i = 0; i < 3; ++i) limiter_.add("ip:1.2.3.4", 60s);
  EXPECT_FALSE(limiter_.check("ip:1.2.3.4", 3).allowed);
  EXPECT_TRUE(limiter_.check("ip:5.6.7.8", 3).allowed);
  limiter_.add("ip:5.6.7.8", 60s);
  limiter_.reset("ip:5.6.7.8");
  EXPECT_FALSE(limiter_.check("ip:1.2.3.4", 3).allowed);
}

TEST_F(MemoryRateLimiterTest, ConcurrentAddsCountExactly) {
  constexpr int kThreads = 8;
  constexpr int kAddsPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kAddsPerThread; ++i) {
        limiter_.add("shared", 3600s);
        limiter_.add("own:" + std::to_string(t), 3600s);
        (void)limiter_.check("shared", 1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  constexpr int kTotal = kThreads * kAddsPerThread;
  EXPECT_FALSE(limiter_.check("shared", kTotal).allowed);
  EXPECT_TRUE(limiter_.check("shared", kTotal + 1).allowed);
  for (int t = 0; t < kThreads; ++t) {
    const auto key = "own:" + std::to_string(t);
    EXPECT_FALSE(limiter_.check(key, kAddsPerThread).allowed);
    EXPECT_TRUE(limiter_.check(key, kAddsPerThread + 1).allowed);
  }
}

TEST_F(MemoryRateLimiterTest, ExpiredKeysArePrunedSoMemoryStaysBounded) {
  for (int i = 0; i < 3000; ++i) limiter_.add("old:" + std::to_string(i), 10s);
  EXPECT_EQ(limiter_.tracked_keys(), 3000u);
  clock_.advance(11s);
  for (int i = 0; i < 2048; ++i) limiter_.add("fresh", 10s);
  EXPECT_EQ(limiter_.tracked_keys(), 1u);
  EXPECT_FALSE(limiter_.check("fresh", 2048).allowed);
}

}  // namespace
}  // namespace janji::cache
