#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace janji::common {

using Instant = std::chrono::system_clock::time_point;

// Port: the only source of "now" for core services, so tests can pin time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told (tests, simulations); safe to read and advance from
// several threads.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start);
  ManualClock();  // 2027-01-15T08:00:00Z
  Instant now() const override;
  void advance(std::chrono::system_clock::duration by);

 private:
  std::atomic<Instant> now_;
};

// Another clock shifted by an offset that may change while it is read (the test clock of
// end-to-end runs: CLOCK_OFFSET_SECONDS, PUT /api/v1/test/clock). The offset is atomic, so
// readers on any thread see either the old or the new shift, never a torn one.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(const Clock& base, std::chrono::seconds offset = std::chrono::seconds{0});
  Instant now() const override;
  std::chrono::seconds offset() const;
  void set_offset(std::chrono::seconds offset);

 private:
  const Clock& base_;
  std::atomic<std::int64_t> offset_seconds_;
};

// UTC instants as ISO-8601 text, "2026-11-25T10:00:00Z": the storage form on SQLite and the
// wire form in JSON. Sortable as text.
std::string format_instant(Instant t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and PostgreSQL's "YYYY-MM-DD HH:MM:SS[.ffffff]+00[:00]".
std::optional<Instant> parse_instant(const std::string& text);

// RFC 3339 as clients send it: "YYYY-MM-DDTHH:MM:SS[.frac]" then "Z" or "+HH:MM"/"-HH:MM"
// ('T' and 'Z' in either case). Seconds 00..59; a real calendar date; nullopt otherwise.
std::optional<Instant> parse_rfc3339(std::string_view text);

int64_t to_unix_seconds(Instant t);
Instant from_unix_seconds(int64_t seconds);

}  // namespace janji::common
