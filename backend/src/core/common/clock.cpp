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

OffsetClock::OffsetClock(const Clock& base, std::chrono::seconds offset)
    : base_(base), offset_seconds_(offset.count()) {}

Instant OffsetClock::now() const { return base_.now() + offset(); }

std::chrono::seconds OffsetClock::offset() const {
  return std::chrono::seconds{offset_seconds_.load()};
}

void OffsetClock::set_offset(std::chrono::seconds offset) { offset_seconds_.store(offset.count()); }

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

namespace {

// The number in text[pos, pos + width) if all of it is digits, else -1.
int digits_at(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int n = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

}  // namespace

std::optional<Instant> parse_rfc3339(std::string_view text) {
  // 2027-03-14T06:30:00Z: fixed positions up to the seconds.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const int y = digits_at(text, 0, 4), mo = digits_at(text, 5, 2), d = digits_at(text, 8, 2);
  const int h = digits_at(text, 11, 2), mi = digits_at(text, 14, 2), s = digits_at(text, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 ||
      s > 59) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const auto ymd = year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)};
  if (!ymd.ok()) return std::nullopt;
  std::size_t pos = 19;
  nanoseconds fraction{0};
  if (text[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    long long scale = 100'000'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += nanoseconds{(text[pos] - '0') * scale};  // digits past nanoseconds add 0
      scale /= 10;
      ++pos;
    }
    if (pos == first) return std::nullopt;
  }
  const std::string_view zone = text.substr(pos);
  minutes offset{0};
  if (zone != "Z" && zone != "z") {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') {
      return std::nullopt;
    }
    const int oh = digits_at(zone, 1, 2), om = digits_at(zone, 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset = minutes{oh * 60 + om};
    if (zone[0] == '-') offset = -offset;
  }
  // The local reading minus its offset is UTC.
  const auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} - offset;
  return time_point_cast<Instant::duration>(local) + duration_cast<Instant::duration>(fraction);
}

int64_t to_unix_seconds(Instant t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Instant from_unix_seconds(int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }

}  // namespace janji::common
