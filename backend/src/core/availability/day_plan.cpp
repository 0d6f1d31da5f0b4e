#include "core/availability/day_plan.hpp"

namespace janji::availability {

DayPlan plan_for(const AvailabilityInputs& inputs, Date date) {
  DayPlan plan;
  plan.date = date;
  const std::string text = common::format_date(date);
  const int weekday = common::day_of_week(date);
  for (const auto& s : inputs.schedules) {
    if (s.is_active && s.day_of_week == weekday) plan.weekly_ranges.push_back(s.range);
  }
  for (const auto& e : inputs.exceptions) {
    if (e.date == text) plan.exceptions.push_back(DayException{e.range, e.is_available});
  }
  for (const auto& b : inputs.bookings) {
    if (b.date == text) plan.busy.push_back(b.busy);
  }
  return plan;
}

BookingRules rules_of(const providers::Provider& provider) {
  return BookingRules{provider.slot_interval_minutes, provider.min_notice_minutes,
                      provider.max_advance_days};
}

ServiceSpec spec_of(const providers::Service& service) {
  return ServiceSpec{service.duration, service.buffer_before_minutes, service.buffer_after_minutes};
}

}  // namespace janji::availability
