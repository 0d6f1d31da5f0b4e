#include "core/availability/slot_finder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>

namespace janji::availability {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }
constexpr int hm(int h, int m) { return h * 60 + m; }

const Date kMonday = ymd(2026, 3, 2);
const Date kSunday = ymd(2026, 3, 1);
// Well before the days under test, so minimum notice never interferes.
const LocalDateTime kLongBefore{ymd(2026, 2, 20), hm(8, 0)};

// The tests below read wall-clock minutes in UTC (an empty DayPlan::offsets), so instants are
// the date's midnight plus minutes; slot_finder_dst_test.cpp covers real zones.
common::Instant utc(Date date, long long minutes) {
  return common::Instant{std::chrono::sys_days{date}.time_since_epoch()} +
         std::chrono::minutes{minutes};
}

BusyTime local_busy(int start, int end, int before = 0, int after = 0) {
  return BusyTime{{utc(kMonday, start), utc(kMonday, end)}, before, after};
}

common::ZonedNow utc_now(LocalDateTime now) { return {utc(now.date, now.minutes), now}; }

std::vector<int> starts(const std::vector<Slot>& slots) {
  std::vector<int> out;
  for (const Slot& s : slots) out.push_back(s.start);
  return out;
}

std::vector<int> candidate_starts(const DayPlan& day, const ServiceSpec& s, int interval) {
  return starts(candidate_slots(day, s, interval));
}

// Steps 1-5 as availability runs them: the candidates, then the window at `now`.
std::vector<int> find_slots(const DayPlan& day, const ServiceSpec& s, const BookingRules& rules,
                            LocalDateTime now) {
  std::vector<Slot> slots = candidate_slots(day, s, rules.slot_interval);
  apply_booking_window(slots, day.date, rules, utc_now(now));
  return starts(slots);
}

bool is_bookable(const DayPlan& day, const ServiceSpec& s, const BookingRules& rules,
                 LocalDateTime now, int start) {
  const auto found = find_slots(day, s, rules, now);
  return std::find(found.begin(), found.end(), start) != found.end();
}

WindowVerdict verdict(Date date, int start, const BookingRules& rules, LocalDateTime now) {
  return booking_window(date, utc(date, start), rules, utc_now(now));
}

std::vector<int> window_starts(const std::vector<int>& candidates, Date date,
                               const BookingRules& rules, LocalDateTime now) {
  std::vector<Slot> slots;
  for (int start : candidates)
    slots.push_back({start, start + 30, utc(date, start), utc(date, start + 30), 0});
  apply_booking_window(slots, date, rules, utc_now(now));
  return starts(slots);
}

DayPlan monday(std::vector<TimeRange> weekly) {
  return DayPlan{kMonday, std::move(weekly), {}, {}, {}};
}

ServiceSpec service(int duration, int before = 0, int after = 0) {
  return ServiceSpec{duration, before, after};
}

BookingRules every(int interval) {
  BookingRules rules;
  rules.slot_interval = interval;
  return rules;
}

// --- The cases the design asks for ---

TEST(SlotFinder, MorningWithHourLongService) {
  EXPECT_THAT(find_slots(monday({{hm(9, 0), hm(12, 0)}}), service(60), every(30), kLongBefore),
              ElementsAre(hm(9, 0), hm(9, 30), hm(10, 0), hm(10, 30), hm(11, 0)));
}

TEST(SlotFinder, BookingRemovesOverlappingStartsButTouchingIsFine) {
  DayPlan day = monday({{hm(9, 0), hm(12, 0)}});
  day.busy.push_back(local_busy(hm(10, 0), hm(11, 0)));
  EXPECT_THAT(find_slots(day, service(60), every(30), kLongBefore),
              ElementsAre(hm(9, 0), hm(11, 0)));
}

TEST(SlotFinder, CandidateAndBookingBuffersStack) {
  DayPlan day = monday({{hm(9, 0), hm(17, 0)}});
  // A booking of the same service: 30 minutes plus a 30-minute after-buffer.
  day.busy.push_back(local_busy(hm(12, 30), hm(13, 0), 0, 30));
  const auto slots = find_slots(day, service(30, 0, 30), every(15), kLongBefore);

  std::vector<int> expected;
  for (int t = hm(9, 0); t + 30 <= hm(17, 0); t += 15) {
    if (t < hm(11, 45) || t > hm(13, 15)) expected.push_back(t);
  }
  EXPECT_EQ(slots, expected);
  EXPECT_TRUE(std::binary_search(slots.begin(), slots.end(), hm(11, 30)));
  EXPECT_TRUE(std::binary_search(slots.begin(), slots.end(), hm(13, 30)));
  for (int t = hm(11, 45); t <= hm(13, 15); t += 15) {
    EXPECT_FALSE(std::binary_search(slots.begin(), slots.end(), t)) << t;
  }
}

TEST(SlotFinder, WholeDayExceptionClosesTheDay) {
  DayPlan day = monday({{hm(9, 0), hm(17, 0)}});
  day.exceptions.push_back({std::nullopt, false});
  EXPECT_THAT(find_slots(day, service(30), every(30), kLongBefore), IsEmpty());
}

TEST(SlotFinder, SpecialHoursOpenAClosedSunday) {
  DayPlan day{kSunday, {}, {{TimeRange{hm(10, 0), hm(11, 0)}, true}}, {}, {}};
  EXPECT_THAT(find_slots(day, service(30), every(30), kLongBefore),
              ElementsAre(hm(10, 0), hm(10, 30)));
  // Without the exception Sunday has no hours at all.
  day.exceptions.clear();
  EXPECT_THAT(find_slots(day, service(30), every(30), kLongBefore), IsEmpty());
}

// --- Open ranges ---

TEST(SlotFinderOpenRanges, SeveralRangesPerDayInAnyOrder) {
  const DayPlan day = monday({{hm(13, 0), hm(15, 0)}, {hm(9, 0), hm(12, 0)}});
  EXPECT_THAT(open_ranges(day.weekly_ranges, {}),
              ElementsAre(TimeRange{hm(9, 0), hm(12, 0)}, TimeRange{hm(13, 0), hm(15, 0)}));
  // A 60-minute service never straddles the lunch gap.
  EXPECT_THAT(find_slots(day, service(60), every(30), kLongBefore),
              ElementsAre(hm(9, 0), hm(9, 30), hm(10, 0), hm(10, 30), hm(11, 0), hm(13, 0),
                          hm(13, 30), hm(14, 0)));
}

TEST(SlotFinderOpenRanges, TouchingAndOverlappingRangesMerge) {
  EXPECT_THAT(open_ranges({{hm(9, 0), hm(10, 0)}, {hm(10, 0), hm(11, 0)}}, {}),
              ElementsAre(TimeRange{hm(9, 0), hm(11, 0)}));
  EXPECT_THAT(
      open_ranges({{hm(9, 0), hm(10, 30)}, {hm(10, 0), hm(11, 0)}, {hm(9, 30), hm(9, 45)}}, {}),
      ElementsAre(TimeRange{hm(9, 0), hm(11, 0)}));
  // So an appointment may run across the seam of two adjacent schedules.
  EXPECT_THAT(find_slots(monday({{hm(9, 0), hm(10, 0)}, {hm(10, 0), hm(11, 0)}}), service(60),
                         every(30), kLongBefore),
              ElementsAre(hm(9, 0), hm(9, 30), hm(10, 0)));
}

TEST(SlotFinderOpenRanges, PartialBlockRemovesItsRange) {
  DayPlan day = monday({{hm(9, 0), hm(17, 0)}});
  day.exceptions.push_back({TimeRange{hm(12, 0), hm(13, 0)}, false});
  EXPECT_THAT(open_ranges(day.weekly_ranges, day.exceptions),
              ElementsAre(TimeRange{hm(9, 0), hm(12, 0)}, TimeRange{hm(13, 0), hm(17, 0)}));
  const auto slots = find_slots(day, service(60), every(60), kLongBefore);
  EXPECT_THAT(slots, ElementsAre(hm(9, 0), hm(10, 0), hm(11, 0), hm(13, 0), hm(14, 0), hm(15, 0),
                                 hm(16, 0)));
}

TEST(SlotFinderOpenRanges, SeveralExceptionsCombine) {
  const std::vector<TimeRange> weekly{{hm(9, 0), hm(17, 0)}};
  // Two special ranges replace the weekly hours; two blocks then cut into them.
  const std::vector<DayException> exceptions{
      {TimeRange{hm(14, 0), hm(16, 0)}, true},
      {TimeRange{hm(8, 0), hm(10, 0)}, true},
      {TimeRange{hm(15, 0), hm(15, 30)}, false},
      {TimeRange{hm(7, 0), hm(8, 30)}, false},
      {std::nullopt, true},  // "available" without hours says nothing
  };
  EXPECT_THAT(open_ranges(weekly, exceptions),
              ElementsAre(TimeRange{hm(8, 30), hm(10, 0)}, TimeRange{hm(14, 0), hm(15, 0)},
                          TimeRange{hm(15, 30), hm(16, 0)}));
  DayPlan day{kMonday, weekly, exceptions, {}, {}};
  EXPECT_THAT(find_slots(day, service(30), every(30), kLongBefore),
              ElementsAre(hm(8, 30), hm(9, 0), hm(9, 30), hm(14, 0), hm(14, 30), hm(15, 30)));

  // A whole-day block beats any special hours.
  day.exceptions.push_back({std::nullopt, false});
  EXPECT_THAT(open_ranges(day.weekly_ranges, day.exceptions), IsEmpty());
  EXPECT_THAT(find_slots(day, service(30), every(30), kLongBefore), IsEmpty());
}

TEST(SlotFinderOpenRanges, AvailableWithoutHoursIsIgnored) {
  EXPECT_THAT(open_ranges({{hm(9, 0), hm(12, 0)}}, {{std::nullopt, true}}),
              ElementsAre(TimeRange{hm(9, 0), hm(12, 0)}));
  EXPECT_THAT(open_ranges({}, {{std::nullopt, true}}), IsEmpty());
}

TEST(SlotFinderOpenRanges, BlockCoveringEverythingLeavesNothing) {
  EXPECT_THAT(open_ranges({{hm(9, 0), hm(12, 0)}, {hm(13, 0), hm(17, 0)}},
                          {{TimeRange{hm(8, 0), hm(18, 0)}, false}}),
              IsEmpty());
}

// --- Booking window ---

TEST(SlotFinderWindow, OneVerdictForPastNoticeAndAdvance) {
  BookingRules rules;
  rules.min_notice = 60;
  rules.max_advance_days = 30;
  const LocalDateTime now{kMonday, hm(10, 10)};
  EXPECT_EQ(verdict(kSunday, hm(12, 0), rules, now), WindowVerdict::kTooSoon);
  EXPECT_EQ(verdict(kMonday, hm(11, 0), rules, now), WindowVerdict::kTooSoon);
  EXPECT_EQ(verdict(kMonday, hm(11, 10), rules, now), WindowVerdict::kOpen);
  EXPECT_EQ(verdict(ymd(2026, 4, 1), hm(9, 0), rules, now), WindowVerdict::kOpen);
  EXPECT_EQ(verdict(ymd(2026, 4, 2), hm(0, 0), rules, now), WindowVerdict::kTooFar);
  // Notice that reaches into tomorrow makes tomorrow's early starts too soon.
  const LocalDateTime late{kMonday, hm(23, 30)};
  EXPECT_EQ(verdict(ymd(2026, 3, 3), hm(0, 0), rules, late), WindowVerdict::kTooSoon);
  EXPECT_EQ(verdict(ymd(2026, 3, 3), hm(0, 30), rules, late), WindowVerdict::kOpen);
  // Availability keeps exactly the open starts.
  EXPECT_THAT(window_starts({hm(10, 30), hm(11, 0), hm(11, 30)}, kMonday, rules, now),
              ElementsAre(hm(11, 30)));
  EXPECT_THAT(window_starts({hm(9, 0)}, ymd(2026, 4, 2), rules, now), IsEmpty());
}

// --- End of day ---

TEST(SlotFinderEndOfDay, OpenUntil2400OffersTheSlotEndingAtMidnight) {
  EXPECT_THAT(find_slots(monday({{hm(22, 0), hm(24, 0)}}), service(60), every(30), kLongBefore),
              ElementsAre(hm(22, 0), hm(22, 30), hm(23, 0)));
}

TEST(SlotFinderEndOfDay, AnEndOf2359IsReadAsMidnight) {
  EXPECT_THAT(find_slots(monday({{hm(22, 0), hm(23, 59)}}), service(60), every(30), kLongBefore),
              ElementsAre(hm(22, 0), hm(22, 30), hm(23, 0)));
  EXPECT_TRUE(is_bookable(monday({{hm(22, 0), hm(23, 59)}}), service(60), every(30), kLongBefore,
                          hm(23, 0)));
  // Special hours and blocks that end at 23:59 end the day too.
  EXPECT_THAT(open_ranges({{hm(9, 0), hm(17, 0)}}, {{TimeRange{hm(20, 0), hm(23, 59)}, true}}),
              ElementsAre(TimeRange{hm(20, 0), hm(24, 0)}));
  EXPECT_THAT(open_ranges({{hm(20, 0), hm(24, 0)}}, {{TimeRange{hm(22, 0), hm(23, 59)}, false}}),
              ElementsAre(TimeRange{hm(20, 0), hm(22, 0)}));
  // Only an end: 23:59 as a start stays 23:59, other ends stay as written.
  EXPECT_THAT(open_ranges({{hm(9, 0), hm(23, 58)}}, {}),
              ElementsAre(TimeRange{hm(9, 0), hm(23, 58)}));
}

// --- Bookings and buffers ---

TEST(SlotFinderBusy, CancelledBookingsAreSimplyNotPassed) {
  // The caller puts only pending and confirmed bookings in DayPlan::busy; a cancelled booking
  // is left out there, so its time is free again with no status check here.
  DayPlan day = monday({{hm(9, 0), hm(11, 0)}});
  EXPECT_THAT(find_slots(day, service(60), every(60), kLongBefore),
              ElementsAre(hm(9, 0), hm(10, 0)));
  day.busy.push_back(local_busy(hm(9, 0), hm(10, 0)));  // the one still confirmed
  EXPECT_THAT(find_slots(day, service(60), every(60), kLongBefore), ElementsAre(hm(10, 0)));
}

TEST(SlotFinderBusy, ServiceBufferBefore) {
  DayPlan day = monday({{hm(9, 0), hm(12, 0)}});
  day.busy.push_back(local_busy(hm(10, 0), hm(11, 0)));
  // Candidate interval [t - 15, t + 30) must stay clear of [10:00, 11:00).
  EXPECT_THAT(find_slots(day, service(30, 15, 0), every(30), kLongBefore),
              ElementsAre(hm(9, 0), hm(9, 30), hm(11, 30)));
}

TEST(SlotFinderBusy, BookingBufferBefore) {
  DayPlan day = monday({{hm(9, 0), hm(12, 0)}});
  day.busy.push_back(local_busy(hm(10, 0), hm(11, 0), 15, 0));
  EXPECT_THAT(find_slots(day, service(30), every(30), kLongBefore),
              ElementsAre(hm(9, 0), hm(11, 0), hm(11, 30)));
}

TEST(SlotFinderBusy, BuffersMayReachOutsideOpeningHours) {
  DayPlan day = monday({{hm(9, 0), hm(10, 0)}});
  EXPECT_THAT(find_slots(day, service(30, 15, 15), every(30), kLongBefore),
              ElementsAre(hm(9, 0), hm(9, 30)));
  // ...where they still collide with a booking made under earlier hours.
  day.busy.push_back(local_busy(hm(8, 15), hm(8, 45), 0, 10));
  EXPECT_THAT(find_slots(day, service(30, 15, 15), every(30), kLongBefore), ElementsAre(hm(9, 30)));
}

TEST(SlotFinderBusy, ManyBookingsInAnyOrder) {
  DayPlan day = monday({{hm(8, 0), hm(12, 0)}});
  day.busy = {local_busy(hm(11, 0), hm(11, 30)), local_busy(hm(8, 0), hm(8, 30)),
              local_busy(hm(9, 0), hm(9, 30)), local_busy(hm(9, 15), hm(9, 45))};
  EXPECT_THAT(find_slots(day, service(30), every(15), kLongBefore),
              ElementsAre(hm(8, 30), hm(9, 45), hm(10, 0), hm(10, 15), hm(10, 30), hm(11, 30)));
}

TEST(SlotFinderBusy, NonPositiveIntervalOrDurationGivesNothing) {
  const DayPlan day = monday({{hm(9, 0), hm(12, 0)}});
  EXPECT_THAT(candidate_starts(day, service(30), 0), IsEmpty());
  EXPECT_THAT(candidate_starts(day, service(0), 30), IsEmpty());
}

// --- The booking window ---

TEST(SlotFinderWindow, MinimumNoticeToday) {
  const DayPlan day = monday({{hm(9, 0), hm(17, 0)}});
  BookingRules rules = every(30);
  rules.min_notice = 60;
  const auto slots = find_slots(day, service(30), rules, {kMonday, hm(10, 10)});
  ASSERT_FALSE(slots.empty());
  EXPECT_EQ(slots.front(), hm(11, 30));
  EXPECT_EQ(slots.back(), hm(16, 30));
  // A start exactly at now + notice is still bookable.
  EXPECT_EQ(find_slots(day, service(30), rules, {kMonday, hm(10, 0)}).front(), hm(11, 0));
}

TEST(SlotFinderWindow, NoticeCrossingMidnight) {
  const DayPlan day = monday({{hm(0, 0), hm(4, 0)}});
  BookingRules rules = every(30);
  rules.min_notice = 120;
  // Sunday 23:30 + 2 h = Monday 01:30.
  EXPECT_THAT(find_slots(day, service(30), rules, {kSunday, hm(23, 30)}),
              ElementsAre(hm(1, 30), hm(2, 0), hm(2, 30), hm(3, 0), hm(3, 30)));
  // Notice that reaches past the whole day leaves nothing on it.
  rules.min_notice = 2 * 24 * 60;
  EXPECT_THAT(find_slots(day, service(30), rules, {kSunday, hm(23, 30)}), IsEmpty());
}

TEST(SlotFinderWindow, PastDateGivesNothing) {
  const DayPlan day = monday({{hm(9, 0), hm(17, 0)}});
  EXPECT_THAT(find_slots(day, service(30), every(30), {ymd(2026, 3, 3), hm(0, 0)}), IsEmpty());
  EXPECT_THAT(find_slots(day, service(30), every(30), {kMonday, hm(23, 0)}), IsEmpty());
}

TEST(SlotFinderWindow, MaximumAdvanceIsInclusive) {
  BookingRules rules = every(60);
  rules.max_advance_days = 7;
  const LocalDateTime now{ymd(2026, 2, 23), hm(9, 0)};  // the Monday before
  const DayPlan in_window = monday({{hm(9, 0), hm(11, 0)}});
  EXPECT_THAT(find_slots(in_window, service(60), rules, now), ElementsAre(hm(9, 0), hm(10, 0)));
  DayPlan too_far = in_window;
  too_far.date = ymd(2026, 3, 3);  // today + 8
  EXPECT_THAT(find_slots(too_far, service(60), rules, now), IsEmpty());

  // The default window is 90 days.
  const LocalDateTime march_first{kSunday, hm(9, 0)};
  EXPECT_EQ(window_starts({hm(9, 0)}, ymd(2026, 5, 30), BookingRules{}, march_first),
            std::vector<int>{hm(9, 0)});
  EXPECT_THAT(window_starts({hm(9, 0)}, ymd(2026, 5, 31), BookingRules{}, march_first), IsEmpty());
}

TEST(SlotFinderWindow, CandidatesIgnoreNow) {
  const DayPlan day = monday({{hm(9, 0), hm(10, 0)}});
  EXPECT_THAT(candidate_starts(day, service(30), 30), ElementsAre(hm(9, 0), hm(9, 30)));
  EXPECT_THAT(window_starts({hm(9, 0), hm(9, 30)}, kMonday, every(30), {kMonday, hm(8, 10)}),
              ElementsAre(hm(9, 30)));
}

// --- Validating a booking ---

TEST(SlotFinderIsBookable, OnlyFreeGridStartsInsideTheHours) {
  DayPlan day = monday({{hm(9, 0), hm(12, 0)}});
  day.busy.push_back(local_busy(hm(10, 0), hm(11, 0)));
  const BookingRules rules = every(30);
  EXPECT_TRUE(is_bookable(day, service(60), rules, kLongBefore, hm(9, 0)));
  EXPECT_TRUE(is_bookable(day, service(60), rules, kLongBefore, hm(11, 0)));
  EXPECT_FALSE(is_bookable(day, service(60), rules, kLongBefore, hm(9, 30)));   // overlaps
  EXPECT_FALSE(is_bookable(day, service(60), rules, kLongBefore, hm(9, 10)));   // off the grid
  EXPECT_FALSE(is_bookable(day, service(60), rules, kLongBefore, hm(11, 30)));  // past closing
  EXPECT_FALSE(is_bookable(day, service(60), rules, kLongBefore, hm(8, 0)));    // before opening
  EXPECT_FALSE(is_bookable(day, service(60), rules, {kMonday, hm(10, 30)}, hm(11, 0)));  // notice
}

// --- A brute-force cross-check of the sweep ---

// Minutes after kMonday's midnight (UTC).
long long minute_of(common::Instant t) {
  return std::chrono::duration_cast<std::chrono::minutes>(t - utc(kMonday, 0)).count();
}

// Minute-by-minute reference: plainly correct, far too slow for production.
std::vector<int> reference_slots(const DayPlan& day, const ServiceSpec& s, int interval) {
  std::array<bool, common::kMinutesPerDay> open{};
  bool any_special = false;
  bool whole_day = false;
  for (const auto& e : day.exceptions) {
    if (!e.range && !e.is_available) whole_day = true;
    if (e.range && e.is_available) any_special = true;
  }
  if (whole_day) return {};
  for (const auto& e : day.exceptions) {
    if (any_special && e.range && e.is_available) {
      for (int m = e.range->start; m < e.range->end; ++m) open[m] = true;
    }
  }
  if (!any_special) {
    for (const auto& r : day.weekly_ranges) {
      for (int m = r.start; m < r.end; ++m) open[m] = true;
    }
  }
  for (const auto& e : day.exceptions) {
    if (e.range && !e.is_available) {
      for (int m = e.range->start; m < e.range->end; ++m) open[m] = false;
    }
  }
  std::vector<int> result;
  for (int start = 0; start < common::kMinutesPerDay; ++start) {
    // Candidates start at the first minute of each maximal open run.
    if (!open[start] || (start > 0 && open[start - 1])) continue;
    int end = start;
    while (end < common::kMinutesPerDay && open[end]) ++end;
    for (int t = start; t + s.duration <= end; t += interval) {
      bool clear = true;
      for (const auto& b : day.busy) {
        if (t - s.buffer_before < minute_of(b.range.end) + b.buffer_after &&
            minute_of(b.range.start) - b.buffer_before < t + s.duration + s.buffer_after) {
          clear = false;
        }
      }
      if (clear) result.push_back(t);
    }
  }
  return result;
}

TEST(SlotFinderReference, RandomDaysAndNowsMatchBruteForce) {
  std::mt19937 rng(20260302);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto range = [&](int granularity) {
    const int a = pick(0, 1440 / granularity) * granularity;
    const int b = pick(0, 1440 / granularity) * granularity;
    return TimeRange{std::min(a, b), std::max(a, b) + (a == b ? granularity : 0)};
  };
  for (int round = 0; round < 2000; ++round) {
    DayPlan day{kMonday, {}, {}, {}, {}};
    for (int i = pick(0, 4); i > 0; --i) day.weekly_ranges.push_back(range(15));
    for (int i = pick(0, 3); i > 0; --i) {
      const int kind = pick(0, 9);
      if (kind == 0) {
        day.exceptions.push_back({std::nullopt, pick(0, 1) == 1});
      } else {
        day.exceptions.push_back({range(15), kind <= 4});
      }
    }
    for (auto& r : day.weekly_ranges) r.end = std::min(r.end, common::kMinutesPerDay);
    for (auto& e : day.exceptions) {
      if (e.range) e.range->end = std::min(e.range->end, common::kMinutesPerDay);
    }
    for (int i = pick(0, 12); i > 0; --i) {
      const int start = pick(0, 1400);
      day.busy.push_back(local_busy(start, start + pick(5, 120), pick(0, 30), pick(0, 30)));
    }
    const ServiceSpec s = service(pick(5, 120), pick(0, 30), pick(0, 30));
    const int interval = std::array{5, 10, 15, 20, 30, 45, 60}[pick(0, 6)];
    const std::vector<int> candidates = reference_slots(day, s, interval);
    ASSERT_EQ(candidate_starts(day, s, interval), candidates) << "round " << round;

    // The window, checked on absolute minutes from the start of `now`'s day.
    BookingRules rules;
    rules.slot_interval = interval;
    rules.min_notice = pick(0, 3000);
    rules.max_advance_days = pick(0, 3);
    const LocalDateTime now{common::add_days(kMonday, pick(-3, 2)), pick(0, 1439)};
    const int offset = common::days_between(now.date, kMonday);
    std::vector<int> expected;
    if (offset >= 0 && offset <= rules.max_advance_days) {
      for (int t : candidates) {
        if (offset * common::kMinutesPerDay + t >= now.minutes + rules.min_notice) {
          expected.push_back(t);
        }
      }
    }
    ASSERT_EQ(find_slots(day, s, rules, now), expected) << "round " << round;
  }
}

}  // namespace
}  // namespace janji::availability
