#include "core/availability/day_plan.hpp"

namespace janji::availability {

DayPlan plan_for(const AvailabilityInputs& inputs, Date date) {
  DayPlan plan;
  plan.date = date;
  const std::string text = common::format_date(date);
  const int weekday = common::day_of_week(date);
  for (const auto& s : inputs.schedules) {
    if (s.day_of_week == weekday) plan.weekly_ranges.push_back(s.range);
  }
  for (const auto& e : inputs.exceptions) {
    if (e.date == text) plan.exceptions.push_back(e.exception);
  }
  for (const auto& b : inputs.bookings) {
    if (b.date == text) plan.busy.push_back(b.busy);
  }
  return plan;
}

}  // namespace janji::availability
