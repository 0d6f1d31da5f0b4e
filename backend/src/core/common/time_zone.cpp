#include "core/common/time_zone.hpp"

#include <date/tz.h>

#include <exception>

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

LocalDateTime local_now(const Clock& clock, std::string_view name) {
  const auto now = clock.now() + std::chrono::seconds{59};
  if (auto local = to_local(now, name)) return *local;
  return *to_local(now, "UTC");
}

}  // namespace janji::common
