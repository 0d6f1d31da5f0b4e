#include "adapters/cache/account_standing_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace janji::cache {
namespace {

using namespace std::chrono_literals;

class AccountStandingCacheTest : public ::testing::Test {
 protected:
  AccountStandingCache make(std::chrono::seconds ttl) {
    return AccountStandingCache(
        [this](const std::string& user_id) -> common::Result<auth::AccountStanding> {
          ++loads_;
          if (during_load_) during_load_();
          auth::AccountStanding s;
          s.active = true;
          s.token_generation = generation_;
          (void)user_id;
          return s;
        },
        [this](std::string_view user_id) {
          published_.emplace_back(user_id);
          return true;
        },
        clock_, ttl);
  }

  common::ManualClock clock_;
  int loads_ = 0;
  std::int64_t generation_ = 0;
  std::function<void()> during_load_;
  std::vector<std::string> published_;
};

TEST_F(AccountStandingCacheTest, ServesFromMemoryUntilTheTtlEnds) {
  auto cache = make(10s);
  EXPECT_EQ(cache.standing("u1")->token_generation, 0);
  generation_ = 1;  // changed behind the cache's back (no notice)
  clock_.advance(9s);
  EXPECT_EQ(cache.standing("u1")->token_generation, 0);
  EXPECT_EQ(loads_, 1);
  clock_.advance(1s);
  EXPECT_EQ(cache.standing("u1")->token_generation, 1);
  EXPECT_EQ(loads_, 2);
}

TEST_F(AccountStandingCacheTest, ChangedDropsTheEntryAtOnceAndPublishes) {
  auto cache = make(3600s);
  ASSERT_TRUE(cache.standing("u1"));
  generation_ = 5;
  cache.changed("u1");
  EXPECT_EQ(cache.standing("u1")->token_generation, 5);
  EXPECT_EQ(published_, std::vector<std::string>{"u1"});
}

TEST_F(AccountStandingCacheTest, NoticeFromElsewhereAndFeedChangesDropEntries) {
  auto cache = make(3600s);
  ASSERT_TRUE(cache.standing("u1"));
  ASSERT_TRUE(cache.standing("u2"));
  cache.invalidated_elsewhere("u1");
  EXPECT_EQ(cache.cached_users(), 1u);
  EXPECT_TRUE(published_.empty());  // a notice from elsewhere is not sent on again
  cache.feed_state(false);
  EXPECT_EQ(cache.cached_users(), 0u);
}

// A load that overlaps a change may have read the old standing: answered, but not kept.
TEST_F(AccountStandingCacheTest, LoadRacingAChangeIsNotKept) {
  auto cache = make(3600s);
  during_load_ = [&] { cache.changed("u1"); };
  ASSERT_TRUE(cache.standing("u1"));
  during_load_ = nullptr;
  EXPECT_EQ(cache.cached_users(), 0u);
  ASSERT_TRUE(cache.standing("u1"));
  EXPECT_EQ(cache.cached_users(), 1u);
  EXPECT_EQ(loads_, 2);
}

TEST_F(AccountStandingCacheTest, TtlZeroReadsEveryTime) {
  auto cache = make(0s);
  ASSERT_TRUE(cache.standing("u1"));
  ASSERT_TRUE(cache.standing("u1"));
  EXPECT_EQ(loads_, 2);
}

}  // namespace
}  // namespace janji::cache
