#include "adapters/cache/memory_slot_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

class MemorySlotCacheTest : public ::testing::Test {
 protected:
  common::ManualClock clock_;
  MemorySlotCache cache_{clock_, 300s, 1000};
};

TEST_F(MemorySlotCacheTest, FirstLookupMissesWithAGeneration) {
  const auto result = cache_.lookup(kProvider, kDate, kService);
  EXPECT_FALSE(result.day.has_value());
  EXPECT_FALSE(result.generation.empty());
  // Stable while nothing invalidates.
  EXPECT_EQ(cache_.lookup(kProvider, kDate, kService).generation, result.generation);
}

TEST_F(MemorySlotCacheTest, StoreThenHit) {
  const auto miss = cache_.lookup(kProvider, kDate, kService);
  cache_.store(kProvider, miss.generation, kDate, kService, sample_day());
  const auto hit = cache_.lookup(kProvider, kDate, kService);
  ASSERT_TRUE(hit.day.has_value());
  expect_same_day(*hit.day, sample_day());
  EXPECT_EQ(hit.generation, miss.generation);
  // Other dates and services of the same provider are separate entries.
  EXPECT_FALSE(cache_.lookup(kProvider, "2026-11-26", kService).day.has_value());
  EXPECT_FALSE(cache_.lookup(kProvider, kDate, kOther).day.has_value());
  EXPECT_EQ(cache_.size(), 1u);
}

TEST_F(MemorySlotCacheTest, InvalidateMissesAndRefusesTheOldGeneration) {
  const auto before = cache_.lookup(kProvider, kDate, kService);
  cache_.store(kProvider, before.generation, kDate, kService, sample_day());
  cache_.invalidate(kProvider);

  const auto after = cache_.lookup(kProvider, kDate, kService);
  EXPECT_FALSE(after.day.has_value());
  EXPECT_NE(after.generation, before.generation);
  EXPECT_EQ(cache_.size(), 0u);

  // A day computed before the invalidation arrives late: it must not be served.
  cache_.store(kProvider, before.generation, kDate, kService, sample_day());
  EXPECT_FALSE(cache_.lookup(kProvider, kDate, kService).day.has_value());

  cache_.store(kProvider, after.generation, kDate, kService, sample_day(600));
  const auto hit = cache_.lookup(kProvider, kDate, kService);
  ASSERT_TRUE(hit.day.has_value());
  EXPECT_EQ(hit.day->candidates.front().start, 600);
}

TEST_F(MemorySlotCacheTest, InvalidateAllDropsEveryProviderAndRefusesTheirOldGenerations) {
  const auto mine = cache_.lookup(kProvider, kDate, kService);
  const auto other = cache_.lookup(kOther, kDate, kService);
  cache_.store(kProvider, mine.generation, kDate, kService, sample_day());
  cache_.invalidate_all();
  EXPECT_EQ(cache_.size(), 0u);
  EXPECT_FALSE(cache_.lookup(kProvider, kDate, kService).day.has_value());
  EXPECT_NE(cache_.lookup(kProvider, kDate, kService).generation, mine.generation);
  cache_.store(kOther, other.generation, kDate, kService, sample_day());  // read before: refused
  EXPECT_FALSE(cache_.lookup(kOther, kDate, kService).day.has_value());
  // The in-memory lookup is the lookup.
  const auto fresh = cache_.lookup_in_memory(kOther, kDate, kService);
  cache_.store(kOther, fresh.generation, kDate, kService, sample_day());
  EXPECT_TRUE(cache_.lookup_in_memory(kOther, kDate, kService).day.has_value());
}

TEST_F(MemorySlotCacheTest, InvalidateBeforeAnyLookupStillMovesOnLaterStores) {
  cache_.invalidate(kProvider);  // unknown provider: nothing to do, must not crash
  const auto lookup = cache_.lookup(kProvider, kDate, kService);
  cache_.store(kProvider, lookup.generation, kDate, kService, sample_day());
  EXPECT_TRUE(cache_.lookup(kProvider, kDate, kService).day.has_value());
}

TEST_F(MemorySlotCacheTest, MalformedOrUnknownGenerationIsIgnored) {
  const auto lookup = cache_.lookup(kProvider, kDate, kService);
  cache_.store(kProvider, "", kDate, kService, sample_day());
  cache_.store(kProvider, "not-a-number", kDate, kService, sample_day());
  cache_.store(kProvider, lookup.generation + "0", kDate, kService, sample_day());
  cache_.store(kOther, lookup.generation, kDate, kService, sample_day());  // never looked up
  EXPECT_FALSE(cache_.lookup(kProvider, kDate, kService).day.has_value());
  EXPECT_FALSE(cache_.lookup(kOther, kDate, kService).day.has_value());
  EXPECT_EQ(cache_.size(), 0u);
}

TEST_F(MemorySlotCacheTest, EntriesExpireAfterTheTtl) {
  const auto lookup = cache_.lookup(kProvider, kDate, kService);
  cache_.store(kProvider, lookup.generation, kDate, kService, sample_day());
  clock_.advance(299s);
  EXPECT_TRUE(cache_.lookup(kProvider, kDate, kService).day.has_value());
  clock_.advance(1s);
  EXPECT_FALSE(cache_.lookup(kProvider, kDate, kService).day.has_value());
  // A fresh store replaces the expired entry in place.
  cache_.store(kProvider, lookup.generation, kDate, kService, sample_day());
  EXPECT_TRUE(cache_.lookup(kProvider, kDate, kService).day.has_value());
  EXPECT_EQ(cache_.size(), 1u);
}

TEST_F(MemorySlotCacheTest, DefaultTtlIsFiveMinutes) {
  MemorySlotCache cache(clock_);
  const auto lookup = cache.lookup(kProvider, kDate, kService);
  cache.store(kProvider, lookup.generation, kDate, kService, sample_day());
  clock_.advance(299s);
  EXPECT_TRUE(cache.lookup(kProvider, kDate, kService).day.has_value());
  clock_.advance(1s);
  EXPECT_FALSE(cache.lookup(kProvider, kDate, kService).day.has_value());
}

TEST_F(MemorySlotCacheTest, ProvidersDoNotInterfere) {
  const auto a = cache_.lookup(kProvider, kDate, kService);
  const auto b = cache_.lookup(kOther, kDate, kService);
  EXPECT_NE(a.generation, b.generation);
  cache_.store(kProvider, a.generation, kDate, kService, sample_day(540));
  cache_.store(kOther, b.generation, kDate, kService, sample_day(600));

  cache_.invalidate(kProvider);
  EXPECT_FALSE(cache_.lookup(kProvider, kDate, kService).day.has_value());
  const auto other = cache_.lookup(kOther, kDate, kService);
  ASSERT_TRUE(other.day.has_value());
  EXPECT_EQ(other.day->candidates.front().start, 600);
  EXPECT_EQ(other.generation, b.generation);
}

TEST_F(MemorySlotCacheTest, FullCacheDropsEverythingAndStaysBounded) {
  MemorySlotCache cache(clock_, 300s, 3);
  const auto gen = cache.lookup(kProvider, kDate, kService).generation;
  for (int day = 1; day <= 3; ++day) {
    cache.store(kProvider, gen, "2026-11-0" + std::to_string(day), kService, sample_day());
  }
  EXPECT_EQ(cache.size(), 3u);
  // Overwriting an existing key never evicts.
  cache.store(kProvider, gen, "2026-11-01", kService, sample_day(600));
  EXPECT_EQ(cache.size(), 3u);
  cache.store(kProvider, gen, "2026-11-04", kService, sample_day());
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(cache.lookup(kProvider, "2026-11-01", kService).day.has_value());
  EXPECT_TRUE(cache.lookup(kProvider, "2026-11-04", kService).day.has_value());
  EXPECT_EQ(cache.lookup(kProvider, kDate, kService).generation, gen);
}

TEST_F(MemorySlotCacheTest, GenerationsNeverRepeatAcrossInvalidationsAndEvictions) {
  // max_entries 2 also bounds provider records, so looking up many providers evicts records.
  MemorySlotCache cache(clock_, 300s, 2);
  std::set<std::string> seen;
  std::string previous = cache.lookup(kProvider, kDate, kService).generation;
  seen.insert(previous);
  for (int i = 0; i < 50; ++i) {
    if (i % 2 == 0) {
      cache.invalidate(kProvider);
    } else {
      cache.lookup("p-" + std::to_string(i), kDate, kService);
      cache.lookup("q-" + std::to_string(i), kDate, kService);
    }
    const auto current = cache.lookup(kProvider, kDate, kService).generation;
    if (current != previous) {
      EXPECT_TRUE(seen.insert(current).second) << "generation " << current << " repeated";
      // A store under a generation from before an eviction is refused too.
      cache.store(kProvider, previous, kDate, kService, sample_day());
      EXPECT_FALSE(cache.lookup(kProvider, kDate, kService).day.has_value());
    }
    previous = current;
  }
}

TEST_F(MemorySlotCacheTest, ConcurrentLookupsStoresAndInvalidations) {
  MemorySlotCache cache(clock_, 300s, 64);
  const std::vector<std::string> providers = {kProvider, kOther, "p3", "p4"};
  constexpr int kThreads = 6;
  constexpr int kRounds = 3000;
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const auto& provider = providers[static_cast<std::size_t>(i + t) % providers.size()];
        const std::string date = "2026-11-" + std::to_string(10 + i % 20);
        if (t == 0 && i % 50 == 0) {
          cache.invalidate(provider);
          continue;
        }
        const auto result = cache.lookup(provider, date, kService);
        if (result.day) {
          ++hits;
        } else {
          cache.store(provider, result.generation, date, kService, sample_day(i % 600));
        }
        if (t == 1 && i % 100 == 0) clock_.advance(1s);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_GT(hits.load(), 0);
  EXPECT_LE(cache.size(), 64u);
  for (const auto& provider : providers) {
    cache.invalidate(provider);
    EXPECT_FALSE(cache.lookup(provider, "2026-11-10", kService).day.has_value());
  }
}

}  // namespace
}  // namespace janji::cache
