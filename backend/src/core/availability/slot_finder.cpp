#include "core/availability/slot_finder.hpp"

#include <algorithm>

namespace janji::availability {

using common::Instant;
using common::InstantRange;
using std::chrono::minutes;

namespace {

// Sorts `ranges` (wall-clock or instants) and merges overlapping and touching ones in place;
// empty ranges are dropped.
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

// True when [start, end) lies inside one of `open` (sorted, merged).
bool fits(const std::vector<InstantRange>& open, Instant start, Instant end) {
  auto it = std::upper_bound(open.begin(), open.end(), start,
                             [](Instant t, const InstantRange& r) { return t < r.start; });
  if (it == open.begin()) return false;
  --it;
  return start < it->end && end <= it->end;
}

// True when [start, end) overlaps one of `busy` (sorted, merged: ends ascend too).
bool overlaps(const std::vector<InstantRange>& busy, Instant start, Instant end) {
  auto it = std::upper_bound(busy.begin(), busy.end(), start,
                             [](Instant t, const InstantRange& r) { return t < r.end; });
  return it != busy.end() && it->start < end;
}

// People write "until midnight" as 23:59 as often as 24:00: either ends the day, so a
// provider open until 23:59 offers the slot that ends at midnight.
int end_of_day_read(int end) {
  return end == common::kMinutesPerDay - 1 ? common::kMinutesPerDay : end;
}

}  // namespace

WindowVerdict booking_window(Date date, Instant starts_at, const BookingRules& rules,
                             const common::ZonedNow& now) {
  if (date < now.local.date || starts_at < now.at + minutes{rules.min_notice}) {
    return WindowVerdict::kTooSoon;
  }
  if (common::days_between(now.local.date, date) > rules.max_advance_days) {
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
std::vector<Slot> candidate_slots(const DayPlan& day, const ServiceSpec& service,
                                  int slot_interval) {
  std::vector<Slot> slots;
  // Without a positive step or length there is no sensible grid (and the loop would not end).
  if (slot_interval <= 0 || service.duration <= 0) return slots;
  const std::vector<TimeRange> ranges = open_ranges(day.weekly_ranges, day.exceptions);
  if (ranges.empty()) return slots;
  const common::ZoneDay zone(day.date, day.offsets);

  // The open hours as instants: a gap shortens them, a repeat lengthens them.
  std::vector<InstantRange> open;
  for (const TimeRange& range : ranges) {
    for (const InstantRange& r : zone.instants_within(range)) open.push_back(r);
  }
  sort_and_merge(open);

  // Merging touching busy intervals is safe: a non-empty candidate overlaps the union exactly
  // when it overlaps one of the parts.
  std::vector<InstantRange> busy;
  busy.reserve(day.busy.size());
  for (const BusyTime& b : day.busy) {
    busy.push_back({b.range.start - minutes{std::max(b.buffer_before, 0)},
                    b.range.end + minutes{std::max(b.buffer_after, 0)}});
  }
  sort_and_merge(busy);

  const minutes length{service.duration};
  const minutes before{std::max(service.buffer_before, 0)};
  const minutes after{std::max(service.buffer_after, 0)};
  bool ascending = true;
  for (const TimeRange& range : ranges) {
    for (int t = range.start; t < range.end; t += slot_interval) {
      Instant starts[2];
      const int count = zone.instants_at(t, starts);
      for (int k = 0; k < count; ++k) {
        const Instant start = starts[k];
        const Instant end = start + length;
        if (!fits(open, start, end) || overlaps(busy, start - before, end + after)) continue;
        if (!slots.empty() && start < slots.back().starts_at) ascending = false;
        slots.push_back(
            Slot{t, static_cast<int>(zone.reading_at(end)), start, end, zone.offset_at(start)});
      }
    }
  }
  // Only a repeated hour puts a later reading before an earlier instant.
  if (!ascending) {
    std::stable_sort(slots.begin(), slots.end(),
                     [](const Slot& a, const Slot& b) { return a.starts_at < b.starts_at; });
  }
  return slots;
}

void apply_booking_window(std::vector<Slot>& slots, Date date, const BookingRules& rules,
                          const common::ZonedNow& now) {
  if (slots.empty()) return;
  // Too far depends on the date alone; too soon only on a prefix of the ascending starts.
  if (booking_window(date, slots.front().starts_at, rules, now) == WindowVerdict::kTooFar) {
    slots.clear();
    return;
  }
  slots.erase(slots.begin(), std::find_if(slots.begin(), slots.end(), [&](const Slot& slot) {
                return booking_window(date, slot.starts_at, rules, now) == WindowVerdict::kOpen;
              }));
}

}  // namespace janji::availability
