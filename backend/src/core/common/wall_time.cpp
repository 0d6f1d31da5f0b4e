#include "core/common/wall_time.hpp"

#include <cstdio>

namespace janji::common {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads text[pos, pos + count) as an unsigned decimal; the caller has checked the digits.
int read_number(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// True when every position of text except those in `separators` is a digit and each separator
// position holds `separator` (so no signs, spaces or extra characters slip through).
bool matches_pattern(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (pattern[i] == 'd' ? !is_digit(text[i]) : text[i] != pattern[i]) return false;
  }
  return true;
}

// Floor division, so negative minute offsets land on the previous day.
long long floor_div(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (!matches_pattern(text, "dddd-dd-dd")) return std::nullopt;
  const int y = read_number(text, 0, 4);
  const int m = read_number(text, 5, 2);
  const int d = read_number(text, 8, 2);
  // Year 0 is not a date PostgreSQL accepts, so it is not one we accept either.
  if (y == 0) return std::nullopt;
  const Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_date(Date date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::optional<int> parse_time_of_day(std::string_view text) {
  // "HH:MM", or "HH:MM:00" as both databases store times. Checked by hand rather than with
  // matches_pattern: every availability read parses two of these per booking.
  const std::size_t n = text.size();
  if (n == 8) {
    if (text[5] != ':' || text[6] != '0' || text[7] != '0') return std::nullopt;
  } else if (n != 5) {
    return std::nullopt;
  }
  if (!is_digit(text[0]) || !is_digit(text[1]) || text[2] != ':' || !is_digit(text[3]) ||
      !is_digit(text[4])) {
    return std::nullopt;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string format_hhmm(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

std::string format_hhmmss(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:00", minutes / 60, minutes % 60);
  return buf;
}

int day_of_week(Date date) {
  return static_cast<int>(std::chrono::weekday{sys_days{date}}.c_encoding());
}

Date add_days(Date date, int days_to_add) { return Date{sys_days{date} + days{days_to_add}}; }

int days_between(Date from, Date to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

LocalDateTime add_minutes(LocalDateTime t, long long minutes) {
  const long long total = static_cast<long long>(t.minutes) + minutes;
  const long long day_shift = floor_div(total, kMinutesPerDay);
  const long long minute_of_day = total - day_shift * kMinutesPerDay;
  return LocalDateTime{add_days(t.date, static_cast<int>(day_shift)),
                       static_cast<int>(minute_of_day)};
}

}  // namespace janji::common
