#include "core/common/zone_day.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace janji::common {

using std::chrono::minutes;

ZoneDay::ZoneDay(Date date, std::vector<OffsetSpan> spans) : date_(date), spans_(std::move(spans)) {
  if (spans_.empty()) spans_.push_back({Instant::min(), Instant::max(), 0});
}

ZoneDay ZoneDay::fixed(Date date, int offset_minutes) {
  return ZoneDay(date, {{Instant::min(), Instant::max(), offset_minutes}});
}

Instant ZoneDay::midnight_utc() const {
  return Instant{std::chrono::sys_days{date_}.time_since_epoch()};
}

int ZoneDay::instants_at(long long reading, Instant out[2]) const {
  int found = 0;
  const Instant as_utc = midnight_utc() + minutes{reading};
  for (const OffsetSpan& span : spans_) {
    const Instant t = as_utc - minutes{span.offset};
    if (t >= span.from && t < span.to) {
      out[found++] = t;
      if (found == 2) break;
    }
  }
  // Spans are ascending in UTC, so the instants are too.
  return found;
}

std::optional<Instant> ZoneDay::first_instant_at(long long reading) const {
  Instant found[2];
  if (instants_at(reading, found) == 0) return std::nullopt;
  return found[0];
}

Instant ZoneDay::resolve(long long reading) const {
  if (auto t = first_instant_at(reading)) return *t;
  const Instant as_utc = midnight_utc() + minutes{reading};
  // In a gap, the reading lies after the instant the clock jumped: the earlier span's offset
  // maps it past that jump.
  const OffsetSpan* before = &spans_.front();
  for (const OffsetSpan& span : spans_) {
    if (as_utc - minutes{span.offset} < span.from) break;
    before = &span;
  }
  return as_utc - minutes{before->offset};
}

std::vector<InstantRange> ZoneDay::instants_within(TimeRange range) const {
  std::vector<InstantRange> out;
  if (range.start >= range.end) return out;
  const Instant base = midnight_utc();
  for (const OffsetSpan& span : spans_) {
    const Instant lo = std::max(span.from, base + minutes{range.start - span.offset});
    const Instant hi = std::min(span.to, base + minutes{range.end - span.offset});
    if (lo >= hi) continue;
    if (!out.empty() && out.back().end >= lo) {
      out.back().end = std::max(out.back().end, hi);
    } else {
      out.push_back({lo, hi});
    }
  }
  return out;
}

const OffsetSpan& ZoneDay::span_at(Instant t) const {
  for (const OffsetSpan& span : spans_) {
    if (t < span.to) return span;
  }
  return spans_.back();
}

long long ZoneDay::reading_at(Instant t) const {
  const auto local = std::chrono::floor<minutes>(t - midnight_utc()) + minutes{offset_at(t)};
  return local.count();
}

int ZoneDay::offset_at(Instant t) const { return span_at(t).offset; }

std::string format_utc_offset(int offset_minutes) {
  const int magnitude = std::abs(offset_minutes);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return buf;
}

}  // namespace janji::common
