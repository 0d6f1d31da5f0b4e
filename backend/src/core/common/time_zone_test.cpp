#include "core/common/time_zone.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace janji::common {
namespace {

using std::chrono::day;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::month;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year;

Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

Instant utc(int y, unsigned m, unsigned d, int h, int mi, int s = 0) {
  return sys_days{ymd(y, m, d)} + hours{h} + minutes{mi} + seconds{s};
}

TEST(TimeZoneNames, KnowsIanaZonesAndRejectsOthers) {
  EXPECT_TRUE(is_valid_time_zone("Asia/Jakarta"));
  EXPECT_TRUE(is_valid_time_zone("America/New_York"));
  EXPECT_TRUE(is_valid_time_zone("UTC"));
  EXPECT_TRUE(is_valid_time_zone("Etc/UTC"));
  for (const char* bad : {"", "Mars/Olympus", "Asia/Jakart", "Asia/Jakarta ", "../../etc/passwd",
                          "/usr/share/zoneinfo/Asia/Jakarta", "+07:00"}) {
    EXPECT_FALSE(is_valid_time_zone(bad)) << bad;
  }
}

TEST(TimeZoneToLocal, JakartaIsSevenHoursAhead) {
  EXPECT_EQ(to_local(utc(2026, 3, 2, 2, 0), "Asia/Jakarta"),
            (LocalDateTime{ymd(2026, 3, 2), 9 * 60}));
  // Late UTC evening is already the next morning in Jakarta.
  EXPECT_EQ(to_local(utc(2026, 3, 1, 20, 15), "Asia/Jakarta"),
            (LocalDateTime{ymd(2026, 3, 2), 3 * 60 + 15}));
  // Seconds are dropped, not rounded.
  EXPECT_EQ(to_local(utc(2026, 3, 2, 2, 0, 59), "Asia/Jakarta"),
            (LocalDateTime{ymd(2026, 3, 2), 9 * 60}));
}

TEST(TimeZoneToLocal, NewYorkFollowsDaylightSavingTransitions) {
  const char* zone = "America/New_York";
  // 2026-03-08: 02:00 EST jumps to 03:00 EDT.
  EXPECT_EQ(to_local(utc(2026, 3, 8, 6, 59), zone), (LocalDateTime{ymd(2026, 3, 8), 1 * 60 + 59}));
  EXPECT_EQ(to_local(utc(2026, 3, 8, 7, 0), zone), (LocalDateTime{ymd(2026, 3, 8), 3 * 60}));
  // 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
  EXPECT_EQ(to_local(utc(2026, 11, 1, 5, 30), zone), (LocalDateTime{ymd(2026, 11, 1), 90}));
  EXPECT_EQ(to_local(utc(2026, 11, 1, 6, 30), zone), (LocalDateTime{ymd(2026, 11, 1), 90}));
  // Before midnight UTC it is still the previous evening in New York.
  EXPECT_EQ(to_local(utc(2026, 7, 1, 3, 0), zone), (LocalDateTime{ymd(2026, 6, 30), 23 * 60}));
}

TEST(TimeZoneToLocal, UnknownZoneGivesNullopt) {
  EXPECT_FALSE(to_local(utc(2026, 3, 2, 2, 0), "Mars/Olympus").has_value());
  EXPECT_FALSE(to_local(utc(2026, 3, 2, 2, 0), "").has_value());
}

TEST(TimeZoneLocalNow, RoundsUpToTheMinuteAndFallsBackToUtc) {
  // 2026-03-02 03:10:30Z is 10:10:30 in Jakarta: booking rules see 10:11.
  ManualClock clock(Instant{sys_days{ymd(2026, 3, 2)}} + hours{3} + minutes{10} + seconds{30});
  EXPECT_EQ(local_now(clock, "Asia/Jakarta").local, (LocalDateTime{ymd(2026, 3, 2), 10 * 60 + 11}));
  // A whole minute stays that minute.
  ManualClock exact(Instant{sys_days{ymd(2026, 3, 2)}} + hours{3} + minutes{10});
  EXPECT_EQ(local_now(exact, "Asia/Jakarta").local, (LocalDateTime{ymd(2026, 3, 2), 10 * 60 + 10}));
  EXPECT_EQ(local_now(exact, "Nowhere/Atlantis").local,
            (LocalDateTime{ymd(2026, 3, 2), 3 * 60 + 10}));
}

TEST(TimeZoneToLocal, IsSafeFromManyThreads) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&wrong] {
      for (int n = 0; n < 200; ++n) {
        const auto local = to_local(utc(2026, 3, 2, 2, 0), "Asia/Jakarta");
        if (!local || local->minutes != 9 * 60 || is_valid_time_zone("Nowhere/Zone")) ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace janji::common
