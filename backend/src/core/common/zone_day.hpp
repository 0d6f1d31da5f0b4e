#pragma once

#include <vector>

#include "core/common/clock.hpp"
#include "core/common/wall_time.hpp"

namespace janji::common {

// Half-open [start, end) of UTC instants.
struct InstantRange {
  Instant start;
  Instant end;
  bool operator==(const InstantRange&) const = default;
};

// A stretch of UTC time [from, to) during which a zone keeps one offset, `offset` minutes east
// of UTC.
struct OffsetSpan {
  Instant from;
  Instant to;
  int offset = 0;
  bool operator==(const OffsetSpan&) const = default;
};

// One provider-local calendar day with the offsets its zone keeps around it (from two days
// before its midnight to three after), so wall-clock readings and instants convert both ways
// without the tz database: the slot finder stays a pure function (DESIGN.md section 6).
// A reading is "minutes after this day's local midnight": negative the day before, 1440 and
// more the day after.
class ZoneDay {
 public:
  ZoneDay() = default;
  ZoneDay(Date date, std::vector<OffsetSpan> spans);
  // A zone that never changes its offset (UTC, tests).
  static ZoneDay fixed(Date date, int offset_minutes);

  Date date() const { return date_; }
  const std::vector<OffsetSpan>& spans() const { return spans_; }

  // The instants at which the wall clock reads `minutes`, ascending: none inside a
  // spring-forward gap, two inside a fall-back repeat, one otherwise. At most two are written
  // to `out`; returns how many.
  int instants_at(long long minutes, Instant out[2]) const;
  // The first instant reading `minutes`, or nullopt in a gap.
  std::optional<Instant> first_instant_at(long long minutes) const;
  // The first instant reading `minutes`; inside a gap, the reading taken with the offset in
  // force before the gap (02:30 in New York's spring-forward gap is 03:30 EDT), as PostgreSQL
  // reads such a time. For times stored before Janji knew about gaps.
  Instant resolve(long long minutes) const;
  // Every instant whose reading lies in [range.start, range.end), as sorted, disjoint,
  // non-touching intervals: a gap shortens the elapsed time, a repeat lengthens it (and
  // splits a range that lies wholly inside the repeat in two).
  std::vector<InstantRange> instants_within(TimeRange range) const;
  // The reading at `t` (rounded down to the minute), and the offset in force then.
  long long reading_at(Instant t) const;
  int offset_at(Instant t) const;

 private:
  const OffsetSpan& span_at(Instant t) const;
  Instant midnight_utc() const;  // this day's 00:00 read as if it were UTC

  Date date_{};
  std::vector<OffsetSpan> spans_;
};

// "+07:00", "-04:00", "+10:30": how an offset in minutes is written in RFC 3339.
std::string format_utc_offset(int offset_minutes);

}  // namespace janji::common
