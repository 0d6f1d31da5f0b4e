#pragma once

#include <optional>
#include <vector>

#include "core/common/time_zone.hpp"
#include "core/common/wall_time.hpp"
#include "core/common/zone_day.hpp"

namespace janji::availability {

using common::Date;
using common::LocalDateTime;
using common::TimeRange;

// One exception on the day being computed (DESIGN.md section 6, step 2).
struct DayException {
  std::optional<TimeRange> range;  // nullopt = the whole day
  bool is_available = false;       // true = special hours (needs a range), false = blocked
};

// A pending or confirmed booking as the finder weighs it: its instants (they decide) and its
// own service's buffers, in elapsed minutes.
struct BusyTime {
  common::InstantRange range;
  int buffer_before = 0;
  int buffer_after = 0;
};

struct ServiceSpec {
  int duration = 30;  // minutes
  int buffer_before = 0;
  int buffer_after = 0;
};

struct BookingRules {
  int slot_interval = 30;     // minutes between candidate starts
  int min_notice = 60;        // minutes between now and the earliest bookable start
  int max_advance_days = 90;  // the last bookable date is today + this
  bool operator==(const BookingRules&) const = default;
};

// Everything the finder needs about one provider-local date.
struct DayPlan {
  Date date;
  std::vector<TimeRange> weekly_ranges;     // active weekly schedules for this weekday
  std::vector<DayException> exceptions;     // exceptions dated on this day
  std::vector<BusyTime> busy;               // active bookings that may reach into this day
  std::vector<common::OffsetSpan> offsets;  // the provider's zone around `date`; empty = UTC
};

// A bookable appointment: where it starts and ends on the provider's wall clock (minutes after
// the day's local midnight; the end may be 24:00, and on a fall-back night may read earlier
// than the start) and as instants, with the UTC offset in force at its start.
struct Slot {
  int start = 0;
  int end = 0;
  common::Instant starts_at;
  common::Instant ends_at;
  int utc_offset = 0;  // minutes east of UTC
  bool operator==(const Slot&) const = default;
};

// Step 1-2: the open ranges of the day, sorted, with overlapping and touching ranges merged.
std::vector<TimeRange> open_ranges(const std::vector<TimeRange>& weekly,
                                   const std::vector<DayException>& exceptions);

// Steps 1-4 and 6: the appointments of `service` that fit the open hours and avoid the busy
// times, before any rule that depends on "now"; ascending by instant. Candidates lie on the
// provider's wall-clock grid (range start + k * slot_interval); a grid time that does not exist
// (spring-forward gap) gives none, one that happens twice (fall-back) gives two. Durations and
// buffers are elapsed time, so an appointment may cross a transition. What the slot cache
// stores.
std::vector<Slot> candidate_slots(const DayPlan& day, const ServiceSpec& service,
                                  int slot_interval);

// Step 5 for one appointment of `date` starting at `starts_at`: too soon (before today in the
// provider's zone, or before now + min_notice in elapsed time), too far (after today +
// max_advance_days), or open. Availability filters its slots with it and a booking is judged
// by it, so the two always agree.
enum class WindowVerdict { kOpen, kTooSoon, kTooFar };
WindowVerdict booking_window(Date date, common::Instant starts_at, const BookingRules& rules,
                             const common::ZonedNow& now);

// Step 5 over a day's candidates (ascending by instant), in place.
void apply_booking_window(std::vector<Slot>& slots, Date date, const BookingRules& rules,
                          const common::ZonedNow& now);

}  // namespace janji::availability
