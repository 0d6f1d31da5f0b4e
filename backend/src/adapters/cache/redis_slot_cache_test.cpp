#include "adapters/cache/redis_slot_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/cache/redis_test_env.hpp"
#include "adapters/cache/sample_slots.hpp"

namespace janji::cache {
namespace {

using namespace std::chrono_literals;
using availability::CachedDay;

// Field by field: CachedDay's defaulted == needs BookingRules to have one, which it lacks.
void expect_same_day(const CachedDay& actual, const CachedDay& expected) {
  EXPECT_EQ(actual.candidates, expected.candidates);
  EXPECT_EQ(actual.time_zone, expected.time_zone);
  EXPECT_EQ(actual.rules.slot_interval, expected.rules.slot_interval);
  EXPECT_EQ(actual.rules.min_notice, expected.rules.min_notice);
  EXPECT_EQ(actual.rules.max_advance_days, expected.rules.max_advance_days);
}

CachedDay sample_day(int first = 540) {
  CachedDay day;
  day.candidates = {slot_at(first), slot_at(first + 30), slot_at(first + 60)};
  day.rules = {15, 120, 30};
  day.time_zone = "Asia/Jakarta";
  return day;
}

constexpr const char* kProvider = "11111111-1111-4111-8111-111111111111";
constexpr const char* kOther = "22222222-2222-4222-8222-222222222222";
constexpr const char* kService = "33333333-3333-4333-8333-333333333333";
constexpr const char* kDate = "2026-11-25";

class RedisSlotCacheTest : public RedisTest {
 protected:
  RedisSlotCacheTest() : RedisTest("slots", 2) {}

  void on_connected() override {
    cache_ = std::make_unique<RedisSlotCache>(*client_, 300s, prefix_);
  }

  std::unique_ptr<RedisSlotCache> cache_;
};

TEST_F(RedisSlotCacheTest, FirstLookupMissesWithGenerationZero) {
  const auto result = cache_->lookup(kProvider, kDate, kService);
  EXPECT_FALSE(result.day.has_value());
  EXPECT_EQ(result.generation, "0");
}

TEST_F(RedisSlotCacheTest, StoreThenHit) {
  const auto miss = cache_->lookup(kProvider, kDate, kService);
  cache_->store(kProvider, miss.generation, kDate, kService, sample_day());
  const auto hit = cache_->lookup(kProvider, kDate, kService);
  ASSERT_TRUE(hit.day.has_value());
  expect_same_day(*hit.day, sample_day());
  EXPECT_EQ(hit.generation, miss.generation);
  EXPECT_EQ(
      client_->get(prefix_ + kProvider + ":0:" + kDate + ":" + kService),
      "v2|Asia/"
      "Jakarta|15|120|30|540:570:29926200:30:420,570:600:29926230:30:420,600:630:29926260:30:420");
  EXPECT_FALSE(cache_->lookup(kProvider, "2026-11-26", kService).day.has_value());
  EXPECT_FALSE(cache_->lookup(kProvider, kDate, kOther).day.has_value());
}

TEST_F(RedisSlotCacheTest, EmptyCandidateListRoundTrips) {
  CachedDay day = sample_day();
  day.candidates.clear();
  cache_->store(kProvider, "0", kDate, kService, day);
  const auto hit = cache_->lookup(kProvider, kDate, kService);
  ASSERT_TRUE(hit.day.has_value());
  expect_same_day(*hit.day, day);
}

TEST_F(RedisSlotCacheTest, InvalidateMissesAndRefusesTheOldGeneration) {
  const auto before = cache_->lookup(kProvider, kDate, kService);
  cache_->store(kProvider, before.generation, kDate, kService, sample_day());
  cache_->invalidate(kProvider);

  const auto after = cache_->lookup(kProvider, kDate, kService);
  EXPECT_FALSE(after.day.has_value());
  EXPECT_EQ(after.generation, "1");

  // A day computed before the invalidation arrives late: it must not be served.
  cache_->store(kProvider, before.generation, kDate, kService, sample_day());
  EXPECT_FALSE(cache_->lookup(kProvider, kDate, kService).day.has_value());

  cache_->store(kProvider, after.generation, kDate, kService, sample_day(600));
  const auto hit = cache_->lookup(kProvider, kDate, kService);
  ASSERT_TRUE(hit.day.has_value());
  EXPECT_EQ(hit.day->candidates.front().start, 600);
}

TEST_F(RedisSlotCacheTest, EmptyGenerationAndUnencodableZoneAreNotStored) {
  cache_->store(kProvider, "", kDate, kService, sample_day());
  EXPECT_FALSE(cache_->lookup(kProvider, kDate, kService).day.has_value());
  EXPECT_EQ(client_->get(prefix_ + kProvider + "::" + kDate + ":" + kService), std::nullopt);
  // A zone the format cannot carry is not stored either.
  CachedDay odd = sample_day();
  odd.time_zone = "Bad|Zone";
  cache_->store(kProvider, "0", kDate, kService, odd);
  EXPECT_FALSE(cache_->lookup(kProvider, kDate, kService).day.has_value());
}

TEST_F(RedisSlotCacheTest, EntriesCarryTheTtlAndExpire) {
  RedisSlotCache cache(*client_, 1s, prefix_);
  cache.store(kProvider, "0", kDate, kService, sample_day());
  const std::string key = prefix_ + kProvider + ":0:" + kDate + ":" + kService;
  const auto ttl = client_->command({"PTTL", key});
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 1000);
  EXPECT_TRUE(cache.lookup(kProvider, kDate, kService).day.has_value());
  std::this_thread::sleep_for(1200ms);
  EXPECT_FALSE(cache.lookup(kProvider, kDate, kService).day.has_value());

  // The generation key has no TTL: losing it would bring old generations back.
  cache.invalidate(kProvider);
  const auto gen_ttl = client_->command({"PTTL", prefix_ + "gen:" + kProvider});
  ASSERT_TRUE(gen_ttl.has_value());
  EXPECT_EQ(gen_ttl->integer, -1);
}

TEST_F(RedisSlotCacheTest, DefaultTtlIsFiveMinutes) {
  RedisSlotCache cache(*client_);
  // The default prefix: check the documented key layout, then clean up by hand.
  const std::string provider = "test-" + random_test_number();
  cache.invalidate(provider);
  const std::string gen_key = "janji:slots:gen:" + provider;
  EXPECT_EQ(client_->get(gen_key), "1");
  const auto gen = cache.lookup(provider, kDate, kService).generation;
  EXPECT_EQ(gen, "1");
  cache.store(provider, gen, kDate, kService, sample_day());
  const std::string key = "janji:slots:" + provider + ":1:" + kDate + ":" + kService;
  const auto ttl = client_->command({"PTTL", key});
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(ttl->integer, 299'000);
  EXPECT_LE(ttl->integer, 300'000);
  EXPECT_TRUE(cache.lookup(provider, kDate, kService).day.has_value());
  client_->del(key);
  client_->del(gen_key);
}

TEST_F(RedisSlotCacheTest, UnparsableEntriesAreMisses) {
  const std::string key = prefix_ + kProvider + ":0:" + kDate + ":" + kService;
  const std::string ok = "v2|Asia/Jakarta|15|120|30|540:570:29926200:30:420";
  // A v1 entry (candidates without instants) from before the upgrade is a miss too.
  for (const std::string& junk :
       {std::string(), std::string("garbage"), std::string("v1|Asia/Jakarta|15|120|30|540"),
        std::string("v2|Asia/Jakarta|15|120|30|540"), std::string("v2|Asia/Jakarta|15|120|30"),
        std::string("v2|Asia/Jakarta|x|120|30|") + "540:570:29926200:30:420", ok + ",",
        ok + ",," + "570:600:29926230:30:420", ok + "|" + "570:600:29926230:30:420", ok + ":1",
        std::string("v2|Asia/Jakarta|15|120|30|540:570:9a:30:420")}) {
    ASSERT_TRUE(client_->set(key, junk, 60s));
    const auto result = cache_->lookup(kProvider, kDate, kService);
    EXPECT_FALSE(result.day.has_value()) << junk;
    EXPECT_EQ(result.generation, "0") << junk;
  }
  // A generation key of the wrong type is an error reply: a miss with no generation.
  ASSERT_TRUE(client_->command({"HSET", prefix_ + "gen:" + kProvider, "f", "v"}).has_value());
  const auto broken = cache_->lookup(kProvider, kDate, kService);
  EXPECT_FALSE(broken.day.has_value());
  EXPECT_EQ(broken.generation, "");
  cache_->invalidate(kProvider);  // INCR fails with WRONGTYPE: logged, no throw
}

TEST_F(RedisSlotCacheTest, ProvidersDoNotInterfere) {
  cache_->store(kProvider, "0", kDate, kService, sample_day(540));
  cache_->store(kOther, "0", kDate, kService, sample_day(600));
  cache_->invalidate(kProvider);
  EXPECT_FALSE(cache_->lookup(kProvider, kDate, kService).day.has_value());
  const auto other = cache_->lookup(kOther, kDate, kService);
  ASSERT_TRUE(other.day.has_value());
  EXPECT_EQ(other.day->candidates.front().start, 600);
  EXPECT_EQ(other.generation, "0");
}

TEST_F(RedisSlotCacheTest, ConcurrentLookupsStoresAndInvalidations) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  const std::vector<std::string> providers = {kProvider, kOther};
  std::atomic<int> hits{0};
  std::atomic<int> unreachable{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const auto& provider = providers[static_cast<std::size_t>(i + t) % providers.size()];
        const std::string date = "2026-11-" + std::to_string(10 + i % 5);
        if (t == 0 && i % 20 == 0) {
          cache_->invalidate(provider);
          continue;
        }
        const auto result = cache_->lookup(provider, date, kService);
        if (result.generation.empty()) ++unreachable;
        if (result.day) {
          ++hits;
        } else {
          cache_->store(provider, result.generation, date, kService, sample_day(i));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(unreachable.load(), 0);
  EXPECT_GT(hits.load(), 0);
  for (const auto& provider : providers) {
    cache_->invalidate(provider);
    EXPECT_FALSE(cache_->lookup(provider, "2026-11-10", kService).day.has_value());
  }
}

TEST(RedisSlotCacheUnreachableTest, MissesAndNeverThrows) {
  RedisClient client(unreachable_redis_options());
  RedisSlotCache cache(client);
  const auto result = cache.lookup(kProvider, kDate, kService);
  EXPECT_EQ(result.generation, "");
  EXPECT_FALSE(result.day.has_value());
  EXPECT_NO_THROW(cache.store(kProvider, "0", kDate, kService, sample_day()));
  EXPECT_NO_THROW(cache.store(kProvider, "", kDate, kService, sample_day()));
  EXPECT_NO_THROW(cache.invalidate(kProvider));
}

TEST(RedisSlotCacheFormatTest, SerializeAndParseRoundTrip) {
  CachedDay day = sample_day();
  day.rules = {5, 0, 365};
  day.time_zone = "America/Argentina/Buenos_Aires";
  const std::string text = RedisSlotCache::serialize_day(day);
  EXPECT_EQ(text,
            "v2|America/Argentina/"
            "Buenos_Aires|5|0|365|540:570:29926200:30:420,570:600:29926230:30:420,600:630:29926260:"
            "30:420");
  const auto parsed = RedisSlotCache::parse_day(text);
  ASSERT_TRUE(parsed.has_value());
  expect_same_day(*parsed, day);
  const auto empty = RedisSlotCache::parse_day("v2||30|60|90|");
  ASSERT_TRUE(empty.has_value());
  expect_same_day(*empty, CachedDay{{}, {30, 60, 90}, ""});
  EXPECT_FALSE(RedisSlotCache::parse_day("v2|Asia/Jakarta|30|60").has_value());
}

}  // namespace
}  // namespace janji::cache
