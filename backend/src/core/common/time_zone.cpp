#include "core/common/time_zone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <exception>
#include <vector>

namespace janji::common {
namespace {

// date::locate_zone throws for an unknown name; here that is an ordinary answer, not an error.
// The tz database itself is loaded once by date behind a function-local static, which is
// thread-safe, and is read-only afterwards, so nothing is cached here.
const date::time_zone* find_zone(std::string_view name) noexcept {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

bool is_valid_time_zone(std::string_view name) { return find_zone(name) != nullptr; }

std::optional<LocalDateTime> to_local(Instant t, std::string_view name) {
  const date::time_zone* zone = find_zone(name);
  if (zone == nullptr) return std::nullopt;
  // Wall-clock minutes, rounded down: 10:10:59 is still 10:10.
  const auto local = zone->to_local(std::chrono::floor<std::chrono::minutes>(t));
  const auto local_day = std::chrono::floor<std::chrono::days>(local);
  const Date date{std::chrono::sys_days{local_day.time_since_epoch()}};
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - local_day);
  return LocalDateTime{date, static_cast<int>(minutes.count())};
}

std::optional<ZoneAbbreviation> zone_abbreviation(Instant t, std::string_view name) {
  const date::time_zone* zone = find_zone(name);
  if (zone == nullptr) return std::nullopt;
  const date::sys_info info = zone->get_info(std::chrono::floor<std::chrono::seconds>(t));
  return ZoneAbbreviation{info.abbrev, static_cast<int>(info.offset.count() / 60)};
}

ZoneDay zone_day(Date date, std::string_view name) {
  const date::time_zone* zone = find_zone(name);
  if (zone == nullptr) return ZoneDay::fixed(date, 0);
  using std::chrono::days;
  const auto midnight = std::chrono::sys_days{date};
  const auto first = std::chrono::sys_seconds{midnight - days{2}};
  const auto last = std::chrono::sys_seconds{midnight + days{3}};
  std::vector<OffsetSpan> spans;
  for (auto t = first; t < last;) {
    const date::sys_info info = zone->get_info(t);
    const auto to = std::min(std::chrono::sys_seconds{info.end}, last);
    spans.push_back({Instant{t.time_since_epoch()}, Instant{to.time_since_epoch()},
                     static_cast<int>(info.offset.count() / 60)});
    t = to;
  }
  // Beyond the window the outermost offsets go on, so every reading of the day converts.
  spans.front().from = Instant::min();
  spans.back().to = Instant::max();
  return ZoneDay(date, std::move(spans));
}

ZonedNow local_now(const Clock& clock, std::string_view name) {
  const auto now = std::chrono::floor<std::chrono::minutes>(clock.now() + std::chrono::seconds{59});
  const Instant at{now.time_since_epoch()};
  if (auto local = to_local(at, name)) return {at, *local};
  return {at, *to_local(at, "UTC")};
}

}  // namespace janji::common
