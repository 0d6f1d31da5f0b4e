#include "core/common/clock.hpp"

#include <cstdio>
#include <ctime>

namespace janji::common {

ManualClock::ManualClock(Instant start) : now_(start) {}

ManualClock::ManualClock() : ManualClock(from_unix_seconds(1'800'000'000)) {}

Instant ManualClock::now() const { return now_.load(); }

void ManualClock::advance(std::chrono::system_clock::duration by) {
  auto current = now_.load();
  while (!now_.compare_exchange_weak(current, current + by)) {
  }
}

std::string format_instant(Instant t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<Instant> parse_instant(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char sep = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &s,
                  &consumed) != 7 ||
      (sep != 'T' && sep != ' ')) {
    return std::nullopt;
  }
  std::size_t pos = static_cast<std::size_t>(consumed);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  }
  const std::string zone = text.substr(pos);
  if (!(zone == "Z" || zone == "+00" || zone == "+00:00" || zone.empty())) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  using namespace std::chrono;
  const auto ymd = year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
}

int64_t to_unix_seconds(Instant t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Instant from_unix_seconds(int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }

}  // namespace janji::common
