#pragma once

#include <chrono>
#include <optional>
#include <string>

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

// UTC instants as ISO-8601 text, "2026-11-25T10:00:00Z": the storage form on SQLite and the
// wire form in JSON. Sortable as text.
std::string format_instant(Instant t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and PostgreSQL's "YYYY-MM-DD HH:MM:SS[.ffffff]+00[:00]".
std::optional<Instant> parse_instant(const std::string& text);

int64_t to_unix_seconds(Instant t);
Instant from_unix_seconds(int64_t seconds);

}  // namespace janji::common
