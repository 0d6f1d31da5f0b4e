#include "core/common/wall_time.hpp"

#include <gtest/gtest.h>

namespace janji::common {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

TEST(WallTimeDate, ParsesStrictIsoDates) {
  EXPECT_EQ(parse_date("2026-03-02"), ymd(2026, 3, 2));
  EXPECT_EQ(parse_date("2024-02-29"), ymd(2024, 2, 29));
  EXPECT_EQ(parse_date("1999-12-31"), ymd(1999, 12, 31));
}

TEST(WallTimeDate, RejectsAnythingElse) {
  for (const char* bad :
       {"2026-02-30",  "2025-02-29",       "2026-13-01",  "2026-00-10", "2026-01-00", "2026-04-31",
        "0000-01-01",  "2026-3-02",        "2026-03-2",   "26-03-02",   "2026/03/02", "2026-03-02 ",
        " 2026-03-02", "2026-03-02T00:00", "+2026-03-02", "2026-+3-02", "2026-03--2", "",
        "abcd-ef-gh",  "20260302"}) {
    EXPECT_FALSE(parse_date(bad).has_value()) << bad;
  }
}

TEST(WallTimeDate, FormatsZeroPadded) {
  EXPECT_EQ(format_date(ymd(2026, 3, 2)), "2026-03-02");
  EXPECT_EQ(format_date(ymd(987, 12, 31)), "0987-12-31");
  EXPECT_EQ(format_date(*parse_date("2026-11-25")), "2026-11-25");
}

TEST(WallTimeTimeOfDay, ParsesBothForms) {
  EXPECT_EQ(parse_time_of_day("00:00"), 0);
  EXPECT_EQ(parse_time_of_day("09:30"), 570);
  EXPECT_EQ(parse_time_of_day("09:30:00"), 570);
  EXPECT_EQ(parse_time_of_day("23:59"), 1439);
  EXPECT_EQ(parse_time_of_day("24:00"), 1440);
  EXPECT_EQ(parse_time_of_day("24:00:00"), 1440);
}

TEST(WallTimeTimeOfDay, RejectsAnythingElse) {
  for (const char* bad :
       {"24:01",       "25:00",    "12:60",    "9:30",      "09:3",     "0930",
        "09:30:01",    "09:30:60", "09:30:0",  "09:30:",    "-1:00",    "+9:30",
        " 09:30",      "09:30 ",   "09-30",    "09:30:00Z", "",         "ab:cd",
        "09:30:00:00", "24:00:01", "09:30;00", "0x:30:00",  "09:3x:00", "09.30:00"}) {
    EXPECT_FALSE(parse_time_of_day(bad).has_value()) << bad;
  }
}

TEST(WallTimeTimeOfDay, FormatsWireAndStorageForms) {
  EXPECT_EQ(format_hhmm(0), "00:00");
  EXPECT_EQ(format_hhmm(570), "09:30");
  EXPECT_EQ(format_hhmm(1439), "23:59");
  EXPECT_EQ(format_hhmm(1440), "24:00");
  EXPECT_EQ(format_hhmmss(570), "09:30:00");
  EXPECT_EQ(format_hhmmss(1440), "24:00:00");
}

TEST(WallTimeCalendar, DayOfWeekCountsFromSunday) {
  EXPECT_EQ(day_of_week(ymd(2026, 3, 1)), 0);  // Sunday
  EXPECT_EQ(day_of_week(ymd(2026, 3, 2)), 1);  // Monday
  EXPECT_EQ(day_of_week(ymd(2026, 3, 7)), 6);  // Saturday
}

TEST(WallTimeCalendar, AddsAndCountsDaysAcrossMonthsAndYears) {
  EXPECT_EQ(add_days(ymd(2026, 2, 28), 1), ymd(2026, 3, 1));
  EXPECT_EQ(add_days(ymd(2024, 2, 28), 1), ymd(2024, 2, 29));
  EXPECT_EQ(add_days(ymd(2026, 12, 31), 1), ymd(2027, 1, 1));
  EXPECT_EQ(add_days(ymd(2026, 1, 1), -1), ymd(2025, 12, 31));
  EXPECT_EQ(add_days(ymd(2026, 3, 2), 90), ymd(2026, 5, 31));
  EXPECT_EQ(days_between(ymd(2026, 3, 2), ymd(2026, 5, 31)), 90);
  EXPECT_EQ(days_between(ymd(2026, 5, 31), ymd(2026, 3, 2)), -90);
  EXPECT_EQ(days_between(ymd(2026, 3, 2), ymd(2026, 3, 2)), 0);
}

TEST(WallTimeCalendar, AddMinutesCrossesMidnight) {
  const LocalDateTime t{ymd(2026, 3, 2), 23 * 60 + 30};
  EXPECT_EQ(add_minutes(t, 0), t);
  EXPECT_EQ(add_minutes(t, 29), (LocalDateTime{ymd(2026, 3, 2), 1439}));
  EXPECT_EQ(add_minutes(t, 30), (LocalDateTime{ymd(2026, 3, 3), 0}));
  EXPECT_EQ(add_minutes(t, 60), (LocalDateTime{ymd(2026, 3, 3), 30}));
  EXPECT_EQ(add_minutes(t, 3 * 1440), (LocalDateTime{ymd(2026, 3, 5), 1410}));
  EXPECT_EQ(add_minutes(LocalDateTime{ymd(2026, 12, 31), 1439}, 1),
            (LocalDateTime{ymd(2027, 1, 1), 0}));
  // Backwards too, so a negative offset never leaves minutes outside 0..1439.
  EXPECT_EQ(add_minutes(LocalDateTime{ymd(2026, 3, 2), 10}, -20),
            (LocalDateTime{ymd(2026, 3, 1), 1430}));
}

}  // namespace
}  // namespace janji::common
