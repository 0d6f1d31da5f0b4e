#include "core/availability/slot_finder.hpp"

#include <algorithm>

namespace janji::availability {
namespace {

// Half-open interval in minutes that may reach outside the day (buffers before 00:00 or after
// 24:00), unlike an open range.
struct Interval {
  int start = 0;
  int end = 0;
};

// Sorts `ranges` and merges overlapping and touching ones in place; empty ranges are dropped.
template <typename Range>
void sort_and_merge(std::vector<Range>& ranges) {
  std::erase_if(ranges, [](const Range& r) { return r.start >= r.end; });
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.start < b.start; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (out > 0 && ranges[i].start <= ranges[out - 1].end) {
      ranges[out - 1].end = std::max(ranges[out - 1].end, ranges[i].end);
    } else {
      ranges[out++] = ranges[i];
    }
  }
  ranges.resize(out);
}

// `open` minus `blocked`, both sorted and merged; the result stays sorted and merged.
std::vector<TimeRange> subtract(const std::vector<TimeRange>& open,
                                const std::vector<TimeRange>& blocked) {
  std::vector<TimeRange> result;
  result.reserve(open.size() + blocked.size());
  std::size_t j = 0;
  for (const TimeRange& range : open) {
    int cursor = range.start;
    // Blocks ending at or before this range cannot touch it or any later one.
    while (j < blocked.size() && blocked[j].end <= cursor) ++j;
    std::size_t k = j;
    while (k < blocked.size() && blocked[k].start < range.end) {
      if (blocked[k].start > cursor) result.push_back({cursor, blocked[k].start});
      cursor = std::max(cursor, blocked[k].end);
      ++k;
    }
    if (cursor < range.end) result.push_back({cursor, range.end});
  }
  return result;
}

// Smallest value >= `target` of the form `origin + k * step` (k >= 0), for step > 0.
int next_on_grid(int origin, int step, int target) {
  if (target <= origin) return origin;
  return origin + (target - origin + step - 1) / step * step;
}

// Step 5 in place, so find_slots filters the candidates without copying them.
void keep_within_booking_window(std::vector<int>& slots, Date date, const BookingRules& rules,
                                LocalDateTime now) {
  if (slots.empty()) return;
  // Too far depends on the date alone; too soon only on a prefix of the ascending starts.
  if (booking_window(date, slots.front(), rules, now) == WindowVerdict::kTooFar) {
    slots.clear();
    return;
  }
  slots.erase(slots.begin(), std::find_if(slots.begin(), slots.end(), [&](int start) {
                return booking_window(date, start, rules, now) == WindowVerdict::kOpen;
              }));
}

// People write "until midnight" as 23:59 as often as 24:00: either ends the day, so a
// provider open until 23:59 offers the slot that ends at midnight.
int end_of_day_read(int end) {
  return end == common::kMinutesPerDay - 1 ? common::kMinutesPerDay : end;
}

}  // namespace

WindowVerdict booking_window(Date date, int start, const BookingRules& rules, LocalDateTime now) {
  const LocalDateTime earliest = common::add_minutes(now, rules.min_notice);
  if (date < now.date || date < earliest.date ||
      (date == earliest.date && start < earliest.minutes)) {
    return WindowVerdict::kTooSoon;
  }
  if (common::days_between(now.date, date) > rules.max_advance_days) {
    return WindowVerdict::kTooFar;
  }
  return WindowVerdict::kOpen;
}

std::vector<TimeRange> open_ranges(const std::vector<TimeRange>& weekly,
                                   const std::vector<DayException>& exceptions) {
  std::vector<TimeRange> special;
  std::vector<TimeRange> blocked;
  for (const DayException& e : exceptions) {
    if (!e.range) {
      // A whole-day block wins over everything; an "available" exception without hours says
      // nothing and is ignored.
      if (!e.is_available) return {};
      continue;
    }
    (e.is_available ? special : blocked).push_back(*e.range);
  }
  // Special hours replace the weekly hours rather than adding to them.
  std::vector<TimeRange> open;
  if (special.empty()) {
    open = weekly;
  } else {
    open = std::move(special);
  }
  for (TimeRange& r : open) {
    r.start = std::max(r.start, 0);
    r.end = std::min(end_of_day_read(r.end), common::kMinutesPerDay);
  }
  for (TimeRange& r : blocked) r.end = end_of_day_read(r.end);
  sort_and_merge(open);
  if (blocked.empty()) return open;
  sort_and_merge(blocked);
  return subtract(open, blocked);
}

// Cancelled (and otherwise inactive) bookings never reach this function: the caller passes only
// pending and confirmed ones in `day.busy`, so every booking here blocks time.
std::vector<int> candidate_slots(const DayPlan& day, const ServiceSpec& service,
                                 int slot_interval) {
  std::vector<int> slots;
  // Without a positive step or length there is no sensible grid (and the loop would not end).
  if (slot_interval <= 0 || service.duration <= 0) return slots;
  const std::vector<TimeRange> ranges = open_ranges(day.weekly_ranges, day.exceptions);
  if (ranges.empty()) return slots;

  const int before = std::max(service.buffer_before, 0);
  const int after = std::max(service.buffer_after, 0);

  std::vector<Interval> busy;
  busy.reserve(day.busy.size());
  for (const BusyBooking& b : day.busy) {
    busy.push_back(
        {b.range.start - std::max(b.buffer_before, 0), b.range.end + std::max(b.buffer_after, 0)});
  }
  // Merging touching busy intervals is safe: a non-empty candidate overlaps the union exactly
  // when it overlaps one of the parts.
  sort_and_merge(busy);

  // One allocation: at most one candidate per grid step of open time.
  std::size_t capacity = 0;
  for (const TimeRange& range : ranges) {
    capacity += static_cast<std::size_t>((range.end - range.start) / slot_interval + 1);
  }
  slots.reserve(capacity);

  // Candidates only move forward, so one pass over the sorted busy intervals suffices.
  std::size_t j = 0;
  for (const TimeRange& range : ranges) {
    int t = range.start;
    while (t + service.duration <= range.end) {
      const int lo = t - before;
      const int hi = t + service.duration + after;
      while (j < busy.size() && busy[j].end <= lo) ++j;
      if (j < busy.size() && busy[j].start < hi) {
        // Blocked: jump to the first grid point whose buffered start clears this busy interval.
        t = next_on_grid(range.start, slot_interval, busy[j].end + before);
        continue;
      }
      slots.push_back(t);
      t += slot_interval;
    }
  }
  return slots;
}

std::vector<int> apply_booking_window(const std::vector<int>& candidates, Date date,
                                      const BookingRules& rules, LocalDateTime now) {
  std::vector<int> kept = candidates;
  keep_within_booking_window(kept, date, rules, now);
  return kept;
}

std::vector<int> find_slots(const DayPlan& day, const ServiceSpec& service,
                            const BookingRules& rules, LocalDateTime now) {
  std::vector<int> slots = candidate_slots(day, service, rules.slot_interval);
  keep_within_booking_window(slots, day.date, rules, now);
  return slots;
}

bool is_bookable(const DayPlan& day, const ServiceSpec& service, const BookingRules& rules,
                 LocalDateTime now, int start) {
  const std::vector<int> slots = find_slots(day, service, rules, now);
  return std::binary_search(slots.begin(), slots.end(), start);
}

}  // namespace janji::availability
