#include "core/bookings/slot_check.hpp"

#include <algorithm>

#include "core/availability/day_plan.hpp"
#include "core/availability/slot_finder.hpp"

namespace janji::bookings {

using common::Error;
using common::fail;

namespace {

bool offers(const std::vector<int>& slots, int start) {
  return std::binary_search(slots.begin(), slots.end(), start);
}

}  // namespace

common::Result<common::TimeRange> check_requested_slot(const availability::AvailabilityInputs& day,
                                                       common::Date date, int start,
                                                       common::LocalDateTime now) {
  if (!day.provider.is_active) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  if (!day.service || !day.service->is_active) {
    return fail(Error::not_found("SERVICE_001", "Service not found"));
  }
  const availability::BookingRules& rules = day.provider.rules;
  const availability::ServiceSpec& spec = day.service->spec;

  switch (availability::booking_window(date, start, rules, now)) {
    case availability::WindowVerdict::kTooSoon:
      return fail(Error::precondition(
          "BOOKING_007", "This time is in the past or inside the provider's minimum notice"));
    case availability::WindowVerdict::kTooFar:
      return fail(
          Error::precondition("BOOKING_008", "This date is beyond the provider's booking window"));
    case availability::WindowVerdict::kOpen:
      break;
  }

  availability::DayPlan plan = availability::plan_for(day, date);
  const auto busy = std::move(plan.busy);
  plan.busy.clear();
  if (!offers(availability::candidate_slots(plan, spec, rules.slot_interval), start)) {
    return fail(Error::precondition("BOOKING_006",
                                    "The provider does not offer this service at this time"));
  }
  plan.busy = busy;
  if (!offers(availability::candidate_slots(plan, spec, rules.slot_interval), start)) {
    return fail(Error::conflict("BOOKING_001", "This time slot is no longer available"));
  }
  return common::TimeRange{start, start + spec.duration};
}

}  // namespace janji::bookings
