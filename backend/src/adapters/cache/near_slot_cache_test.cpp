#include "adapters/cache/near_slot_cache.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "adapters/cache/sample_slots.hpp"

namespace janji::cache {
namespace {

std::vector<int> starts(const std::vector<availability::Slot>& slots) {
  std::vector<int> out;
  for (const auto& s : slots) out.push_back(s.start);
  return out;
}

using namespace std::chrono_literals;
using availability::CachedDay;
using availability::SlotCacheLookup;

constexpr const char* kProvider = "p1";
constexpr const char* kService = "s1";

class FixedClock final : public common::Clock {
 public:
  common::Instant now() const override { return common::from_unix_seconds(1'800'000'000); }
};

// The shared cache as the near cache sees it: a generation counter per provider and days
// stored under it (what RedisSlotCache does), with every call counted.
class FakeSharedCache final : public availability::SlotCache {
 public:
  SlotCacheLookup lookup(const std::string& provider_id, const std::string& date,
                         const std::string& service_id) override {
    ++lookups;
    if (unreachable) return {};
    const std::string gen = std::to_string(generations[provider_id]);
    SlotCacheLookup out{gen, std::nullopt};
    const auto day = days.find({provider_id, gen, date, service_id});
    if (day != days.end()) out.day = day->second;
    return out;
  }
  void store(const std::string& provider_id, const std::string& generation, const std::string& date,
             const std::string& service_id, const CachedDay& day) override {
    ++stores;
    days[{provider_id, generation, date, service_id}] = day;
  }
  void invalidate(const std::string& provider_id) override { ++generations[provider_id]; }

  std::map<std::string, int> generations;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, CachedDay> days;
  int lookups = 0;
  int stores = 0;
  bool unreachable = false;
};

CachedDay day_with(int first) {
  CachedDay day;
  day.candidates = {slot_at(first), slot_at(first + 30)};
  day.rules = {30, 60, 90};
  day.time_zone = "Asia/Jakarta";
  return day;
}

class NearSlotCacheTest : public ::testing::Test {
 protected:
  NearSlotCacheTest()
      : near_(
            shared_, [this](std::string_view id) { return publish(id); }, clock_, 300s) {}

  bool publish(std::string_view id) {
    published_.emplace_back(id);
    return publish_works_;
  }

  // One availability request's cache traffic: lookup, and on a miss "compute" and store.
  std::vector<int> answer(const std::string& date, int computed_first) {
    auto found = near_.lookup(kProvider, date, kService);
    if (found.day) return starts(found.day->candidates);
    const CachedDay computed = day_with(computed_first);
    near_.store(kProvider, found.generation, date, kService, computed);
    return starts(computed.candidates);
  }

  bool in_memory(const std::string& date) {
    return near_.lookup_in_memory(kProvider, date, kService).day.has_value();
  }

  FixedClock clock_;
  FakeSharedCache shared_;
  std::vector<std::string> published_;
  bool publish_works_ = true;
  NearSlotCache near_;
};

TEST_F(NearSlotCacheTest, WithoutTheFeedEveryLookupGoesToTheSharedCache) {
  EXPECT_EQ(answer("2026-12-07", 540), (std::vector<int>{540, 570}));
  EXPECT_EQ(shared_.stores, 1);
  EXPECT_EQ(answer("2026-12-07", 999), (std::vector<int>{540, 570}));  // the shared hit
  EXPECT_EQ(answer("2026-12-07", 999), (std::vector<int>{540, 570}));
  EXPECT_EQ(shared_.lookups, 3);
  EXPECT_FALSE(in_memory("2026-12-07"));
  EXPECT_EQ(near_.copied_days(), 0u);
}

TEST_F(NearSlotCacheTest, WithTheFeedUpRepeatedDaysAreAnsweredFromMemory) {
  near_.feed_state(true);
  answer("2026-12-07", 540);  // first sight of the provider: stored in the shared cache only
  EXPECT_FALSE(in_memory("2026-12-07"));
  answer("2026-12-07", 999);  // a shared hit, copied
  EXPECT_EQ(shared_.lookups, 2);
  ASSERT_TRUE(in_memory("2026-12-07"));
  EXPECT_EQ(starts(near_.lookup_in_memory(kProvider, "2026-12-07", kService).day->candidates),
            (std::vector<int>{540, 570}));
  EXPECT_EQ(answer("2026-12-07", 999), (std::vector<int>{540, 570}));
  EXPECT_EQ(shared_.lookups, 2);  // answered by the copy

  // A day computed here (a shared miss) is copied as it is stored.
  answer("2026-12-08", 600);
  EXPECT_TRUE(in_memory("2026-12-08"));
  EXPECT_EQ(near_.copied_days(), 2u);
}

TEST_F(NearSlotCacheTest, GenerationsOfOneProviderAgreeAcrossCopiedAndSharedDays) {
  near_.feed_state(true);
  answer("2026-12-07", 540);
  answer("2026-12-07", 540);
  const auto copied = near_.lookup("p1", "2026-12-07", kService);
  const auto fetched = near_.lookup("p1", "2026-12-09", kService);  // not cached anywhere
  ASSERT_TRUE(copied.day);
  EXPECT_FALSE(fetched.day);
  EXPECT_EQ(copied.generation, fetched.generation);  // one range request may mix them
}

TEST_F(NearSlotCacheTest, AnInvalidationFromElsewhereDropsTheProvidersCopiedDays) {
  near_.feed_state(true);
  answer("2026-12-07", 540);
  answer("2026-12-07", 540);
  ASSERT_TRUE(in_memory("2026-12-07"));
  near_.invalidated_elsewhere("other-provider");
  EXPECT_TRUE(in_memory("2026-12-07"));

  shared_.invalidate(kProvider);  // what the other instance did before publishing
  near_.invalidated_elsewhere(kProvider);
  EXPECT_FALSE(in_memory("2026-12-07"));
  EXPECT_EQ(answer("2026-12-07", 660), (std::vector<int>{660, 690}));  // recomputed
}

TEST_F(NearSlotCacheTest, ANewerSharedGenerationSeenByALookupDropsTheCopyBeforeTheMessage) {
  near_.feed_state(true);
  answer("2026-12-07", 540);
  answer("2026-12-07", 540);
  ASSERT_TRUE(in_memory("2026-12-07"));
  shared_.invalidate(kProvider);  // another instance; its message has not arrived yet
  answer("2026-12-08", 600);      // this lookup reaches Redis and sees the new generation
  EXPECT_FALSE(in_memory("2026-12-07"));
  EXPECT_FALSE(in_memory("2026-12-08"));  // not copied on the lookup that saw the change
  answer("2026-12-08", 999);
  EXPECT_TRUE(in_memory("2026-12-08"));
}

TEST_F(NearSlotCacheTest, ADayComputedAcrossAnInvalidationIsNotCopied) {
  near_.feed_state(true);
  answer("2026-12-07", 540);  // first sight
  auto found = near_.lookup(kProvider, "2026-12-08", kService);
  ASSERT_FALSE(found.day);
  near_.invalidated_elsewhere(kProvider);  // lands while the day is computed
  near_.store(kProvider, found.generation, "2026-12-08", kService, day_with(600));
  EXPECT_FALSE(in_memory("2026-12-08"));
  EXPECT_EQ(shared_.stores, 2);  // the shared cache decides by its own generation
}

TEST_F(NearSlotCacheTest, AnOlderSharedReadIsNotCopied) {
  near_.feed_state(true);
  shared_.generations[kProvider] = 5;
  answer("2026-12-07", 540);  // first sight at generation 5
  auto old_read = near_.lookup(kProvider, "2026-12-08", kService);
  // Another thread sees generation 6 meanwhile.
  shared_.invalidate(kProvider);
  answer("2026-12-09", 700);
  // The first thread stores what it computed from its older read.
  near_.store(kProvider, old_read.generation, "2026-12-08", kService, day_with(600));
  EXPECT_FALSE(in_memory("2026-12-08"));
}

TEST_F(NearSlotCacheTest, TheFeedGoingDownOrComingBackEmptiesTheCopy) {
  near_.feed_state(true);
  answer("2026-12-07", 540);
  answer("2026-12-07", 540);
  ASSERT_TRUE(in_memory("2026-12-07"));
  near_.feed_state(false);
  EXPECT_FALSE(in_memory("2026-12-07"));
  EXPECT_EQ(near_.copied_days(), 0u);
  EXPECT_EQ(answer("2026-12-07", 999), (std::vector<int>{540, 570}));  // the shared cache
  EXPECT_EQ(near_.copied_days(), 0u);
  near_.feed_state(true);
  EXPECT_FALSE(in_memory("2026-12-07"));
  answer("2026-12-07", 999);
  answer("2026-12-07", 999);
  EXPECT_TRUE(in_memory("2026-12-07"));
}

TEST_F(NearSlotCacheTest, ADayCopiedWhileTheFeedWasDownIsNeverServed) {
  auto found = near_.lookup(kProvider, "2026-12-07", kService);  // feed down
  near_.feed_state(true);
  near_.store(kProvider, found.generation, "2026-12-07", kService, day_with(540));
  EXPECT_FALSE(in_memory("2026-12-07"));
}

TEST_F(NearSlotCacheTest, InvalidateReachesTheSharedCacheTheCopyAndTheOtherInstances) {
  near_.feed_state(true);
  answer("2026-12-07", 540);
  answer("2026-12-07", 540);
  near_.invalidate(kProvider);
  EXPECT_EQ(shared_.generations[kProvider], 1);
  EXPECT_FALSE(in_memory("2026-12-07"));
  EXPECT_EQ(published_, (std::vector<std::string>{kProvider}));
  publish_works_ = false;
  near_.invalidate(kProvider);  // logged, not thrown
  EXPECT_EQ(shared_.generations[kProvider], 2);
}

TEST_F(NearSlotCacheTest, AnUnreachableSharedCacheIsAMissWithNothingToStoreUnder) {
  near_.feed_state(true);
  shared_.unreachable = true;
  const auto found = near_.lookup(kProvider, "2026-12-07", kService);
  EXPECT_FALSE(found.day);
  EXPECT_TRUE(found.generation.empty());
  near_.store(kProvider, found.generation, "2026-12-07", kService, day_with(540));
  EXPECT_EQ(shared_.stores, 0);
  EXPECT_EQ(near_.copied_days(), 0u);
}

}  // namespace
}  // namespace janji::cache
