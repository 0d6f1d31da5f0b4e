#include "core/availability/day_plan.hpp"

#include "core/common/time_zone.hpp"

namespace janji::availability {

DayPlan plan_for(const AvailabilityInputs& inputs, Date date) {
  DayPlan plan;
  plan.date = date;
  plan.offsets = common::zone_day(date, inputs.provider.timezone).spans();
  const std::string text = common::format_date(date);
  const int weekday = common::day_of_week(date);
  for (const auto& s : inputs.schedules) {
    if (s.day_of_week == weekday) plan.weekly_ranges.push_back(s.range);
  }
  for (const auto& e : inputs.exceptions) {
    if (e.date == text) plan.exceptions.push_back(e.exception);
  }
  // Instants decide: a booking of the day before or after (or its buffers) may reach into this
  // day, so the neighbours' bookings count too.
  const std::string before = common::format_date(common::add_days(date, -1));
  const std::string after = common::format_date(common::add_days(date, 1));
  for (const auto& b : inputs.bookings) {
    if (b.date == text || b.date == before || b.date == after) {
      plan.busy.push_back({b.instants, b.buffer_before, b.buffer_after});
    }
  }
  return plan;
}

}  // namespace janji::availability
