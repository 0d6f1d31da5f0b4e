#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace janji::common {

// Provider-local calendar dates and wall-clock times (DESIGN.md section 4). A time of day is
// minutes since local midnight, 0..1440 (24:00 only as an end).
using Date = std::chrono::year_month_day;

inline constexpr int kMinutesPerDay = 24 * 60;

// Half-open [start, end) in minutes since midnight.
struct TimeRange {
  int start = 0;
  int end = 0;
  bool operator==(const TimeRange&) const = default;
};

// A provider-local moment: a date plus minutes since midnight (0..1439).
struct LocalDateTime {
  Date date;
  int minutes = 0;
  bool operator==(const LocalDateTime&) const = default;
};

// Strict "YYYY-MM-DD" naming a real calendar day.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);

// "HH:MM" or "HH:MM:SS" with seconds 00; 00:00..24:00. Anything else gives nullopt.
std::optional<int> parse_time_of_day(std::string_view text);
std::string format_hhmm(int minutes);    // "09:30": the wire form of slots
std::string format_hhmmss(int minutes);  // "09:30:00": the storage form

// 0 = Sunday .. 6 = Saturday, as SPEC's day_of_week.
int day_of_week(Date date);
Date add_days(Date date, int days);
// Whole days from `from` to `to` (negative when `to` is earlier).
int days_between(Date from, Date to);
// `t` moved forward by `minutes` (may cross midnight, several days).
LocalDateTime add_minutes(LocalDateTime t, long long minutes);

}  // namespace janji::common
