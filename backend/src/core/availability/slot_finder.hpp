#pragma once

#include <optional>
#include <vector>

#include "core/common/wall_time.hpp"

namespace janji::availability {

using common::Date;
using common::LocalDateTime;
using common::TimeRange;

// One exception on the day being computed (DESIGN.md section 6, step 2).
struct DayException {
  std::optional<TimeRange> range;  // nullopt = the whole day
  bool is_available = false;       // true = special hours (needs a range), false = blocked
};

// A pending or confirmed booking on the day, with its own service's buffers.
struct BusyBooking {
  TimeRange range;
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
  std::vector<TimeRange> weekly_ranges;  // active weekly schedules for this weekday
  std::vector<DayException> exceptions;  // exceptions dated on this day
  std::vector<BusyBooking> busy;         // active bookings on this day
};

// Step 1-2: the open ranges of the day, sorted, with overlapping and touching ranges merged.
std::vector<TimeRange> open_ranges(const std::vector<TimeRange>& weekly,
                                   const std::vector<DayException>& exceptions);

// Steps 1-4: candidate starts that fit the open ranges and avoid the busy intervals, before
// any rule that depends on "now". This is what the slot cache stores.
std::vector<int> candidate_slots(const DayPlan& day, const ServiceSpec& service, int slot_interval);

// Step 5 for one start: whether `start` on `date` lies in the booking window seen at `now`:
// too soon (in the past or inside the minimum notice), too far (after today +
// max_advance_days), or open. Availability filters its slots with it and a booking is judged
// by it, so the two always agree.
enum class WindowVerdict { kOpen, kTooSoon, kTooFar };
WindowVerdict booking_window(Date date, int start, const BookingRules& rules, LocalDateTime now);

// Step 5: keeps the starts of `candidates` on `date` that honour the booking window at `now`
// (past dates and dates after today + max_advance_days give none; starts before now +
// min_notice are dropped).
std::vector<int> apply_booking_window(const std::vector<int>& candidates, Date date,
                                      const BookingRules& rules, LocalDateTime now);

// Steps 1-5: the start times (minutes since midnight, ascending) at which `service` can be
// booked on `day`, given the provider-local `now`. A pure function: no clock, no I/O.
std::vector<int> find_slots(const DayPlan& day, const ServiceSpec& service,
                            const BookingRules& rules, LocalDateTime now);

// True when `start` is one of find_slots(...): how a booking is validated.
bool is_bookable(const DayPlan& day, const ServiceSpec& service, const BookingRules& rules,
                 LocalDateTime now, int start);

}  // namespace janji::availability
