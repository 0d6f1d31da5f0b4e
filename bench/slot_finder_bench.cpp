// The slot finder on its own (no I/O): a busy day against a quiet day as the baseline, plus the
// open-range computation with several exceptions. Built with -DJANJI_BUILD_BENCH=ON.
#include <benchmark/benchmark.h>

#include "core/availability/slot_finder.hpp"

namespace janji::availability {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr int hm(int h, int m) { return h * 60 + m; }

const Date kMonday{year{2026}, month{3}, day{2}};
// The week before, so notice and the advance window keep every candidate.
const LocalDateTime kNow{Date{year{2026}, month{2}, day{23}}, hm(8, 0)};

// Three ranges and 40 ten-minute bookings in runs of eight with an hour free after each run,
// as a walk-in heavy day looks: most starts are blocked, a few gaps remain.
DayPlan busy_day() {
  DayPlan day{
      kMonday, {{hm(8, 0), hm(12, 0)}, {hm(13, 0), hm(17, 0)}, {hm(18, 0), hm(21, 0)}}, {}, {}};
  for (const TimeRange& range : day.weekly_ranges) {
    for (int t = range.start; t + 10 <= range.end && day.busy.size() < 40; t += 10) {
      day.busy.push_back({{t, t + 10}, 0, 0});
      if (day.busy.size() % 8 == 0) t += 60;
    }
  }
  return day;
}

DayPlan quiet_day() {
  DayPlan day{kMonday, {{hm(9, 0), hm(17, 0)}}, {}, {}};
  day.busy.push_back({{hm(10, 0), hm(11, 0)}, 0, 10});
  day.busy.push_back({{hm(14, 0), hm(14, 30)}, 0, 10});
  return day;
}

void BM_FindSlotsBusyDay(benchmark::State& state) {
  const DayPlan day = busy_day();
  const ServiceSpec service{30, 10, 10};
  BookingRules rules;
  rules.slot_interval = 5;
  std::size_t found = 0;
  for (auto _ : state) {
    auto slots = find_slots(day, service, rules, kNow);
    found = slots.size();
    benchmark::DoNotOptimize(slots.data());
  }
  state.counters["slots"] = static_cast<double>(found);
  state.counters["bookings"] = static_cast<double>(day.busy.size());
}
BENCHMARK(BM_FindSlotsBusyDay);

// Baseline for the busy day: one range, two bookings, the default 30-minute grid.
void BM_FindSlotsQuietDay(benchmark::State& state) {
  const DayPlan day = quiet_day();
  const ServiceSpec service{30, 0, 10};
  const BookingRules rules;
  std::size_t found = 0;
  for (auto _ : state) {
    auto slots = find_slots(day, service, rules, kNow);
    found = slots.size();
    benchmark::DoNotOptimize(slots.data());
  }
  state.counters["slots"] = static_cast<double>(found);
}
BENCHMARK(BM_FindSlotsQuietDay);

// Validating one booking recomputes the day, so it costs what find_slots costs.
void BM_IsBookableBusyDay(benchmark::State& state) {
  const DayPlan day = busy_day();
  const ServiceSpec service{30, 10, 10};
  BookingRules rules;
  rules.slot_interval = 5;
  for (auto _ : state) {
    benchmark::DoNotOptimize(is_bookable(day, service, rules, kNow, hm(19, 0)));
  }
}
BENCHMARK(BM_IsBookableBusyDay);

void BM_OpenRangesSeveralExceptions(benchmark::State& state) {
  const std::vector<TimeRange> weekly{
      {hm(13, 0), hm(17, 0)}, {hm(8, 0), hm(12, 0)}, {hm(18, 0), hm(21, 0)}};
  const std::vector<DayException> exceptions{
      {TimeRange{hm(7, 0), hm(11, 0)}, true},
      {TimeRange{hm(12, 0), hm(16, 0)}, true},
      {TimeRange{hm(15, 30), hm(19, 0)}, true},
      {TimeRange{hm(9, 0), hm(9, 30)}, false},
      {TimeRange{hm(12, 45), hm(13, 15)}, false},
      {TimeRange{hm(17, 0), hm(17, 30)}, false},
      {std::nullopt, true},
  };
  for (auto _ : state) {
    auto ranges = open_ranges(weekly, exceptions);
    benchmark::DoNotOptimize(ranges.data());
  }
}
BENCHMARK(BM_OpenRangesSeveralExceptions);

}  // namespace
}  // namespace janji::availability
