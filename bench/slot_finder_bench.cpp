// The slot finder on its own (no I/O): a busy day against a quiet day as the baseline, plus the
// open-range computation with several exceptions. Built with -DJANJI_BUILD_BENCH=ON.
#include <benchmark/benchmark.h>

#include "core/availability/slot_finder.hpp"
#include "core/common/time_zone.hpp"

namespace janji::availability {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr int hm(int h, int m) { return h * 60 + m; }

const Date kMonday{year{2026}, month{3}, day{2}};
// The week before, so notice and the advance window keep every candidate.
const common::ZonedNow kNow{
    common::Instant{std::chrono::sys_days{Date{year{2026}, month{2}, day{23}}}.time_since_epoch()},
    {Date{year{2026}, month{2}, day{23}}, hm(8, 0)}};

// A booking of kMonday in Jakarta time, as the database holds it.
BusyTime busy(int start, int end, int after = 0) {
  const common::ZoneDay zone = common::zone_day(kMonday, "Asia/Jakarta");
  return {{*zone.first_instant_at(start), *zone.first_instant_at(end)}, 0, after};
}

DayPlan in_jakarta(DayPlan day) {
  day.offsets = common::zone_day(day.date, "Asia/Jakarta").spans();
  return day;
}

// Steps 1-5 as availability runs them on a miss.
std::vector<Slot> find_slots(const DayPlan& day, const ServiceSpec& service,
                             const BookingRules& rules) {
  std::vector<Slot> slots = candidate_slots(day, service, rules.slot_interval);
  apply_booking_window(slots, day.date, rules, kNow);
  return slots;
}

// Three ranges and 40 ten-minute bookings in runs of eight with an hour free after each run,
// as a walk-in heavy day looks: most starts are blocked, a few gaps remain.
DayPlan busy_day() {
  DayPlan day{
      kMonday, {{hm(8, 0), hm(12, 0)}, {hm(13, 0), hm(17, 0)}, {hm(18, 0), hm(21, 0)}}, {}, {}};
  for (const TimeRange& range : day.weekly_ranges) {
    for (int t = range.start; t + 10 <= range.end && day.busy.size() < 40; t += 10) {
      day.busy.push_back(busy(t, t + 10));
      if (day.busy.size() % 8 == 0) t += 60;
    }
  }
  return in_jakarta(day);
}

DayPlan quiet_day() {
  DayPlan day{kMonday, {{hm(9, 0), hm(17, 0)}}, {}, {}};
  day.busy.push_back(busy(hm(10, 0), hm(11, 0), 10));
  day.busy.push_back(busy(hm(14, 0), hm(14, 30), 10));
  return in_jakarta(day);
}

void BM_FindSlotsBusyDay(benchmark::State& state) {
  const DayPlan day = busy_day();
  const ServiceSpec service{30, 10, 10};
  BookingRules rules;
  rules.slot_interval = 5;
  std::size_t found = 0;
  for (auto _ : state) {
    auto slots = find_slots(day, service, rules);
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
    auto slots = find_slots(day, service, rules);
    found = slots.size();
    benchmark::DoNotOptimize(slots.data());
  }
  state.counters["slots"] = static_cast<double>(found);
}
BENCHMARK(BM_FindSlotsQuietDay);

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
