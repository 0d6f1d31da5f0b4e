#include "core/bookings/slot_check.hpp"

#include <algorithm>

#include "core/availability/day_plan.hpp"
#include "core/availability/slot_finder.hpp"

namespace janji::bookings {

using common::Error;
using common::fail;

namespace {

Error not_offered() {
  return Error::precondition("BOOKING_006",
                             "The provider does not offer this service at this time");
}

const availability::Slot* find(const std::vector<availability::Slot>& slots,
                               common::Instant starts_at) {
  auto it = std::find_if(slots.begin(), slots.end(),
                         [&](const availability::Slot& s) { return s.starts_at == starts_at; });
  return it == slots.end() ? nullptr : &*it;
}

}  // namespace

common::Result<availability::Slot> check_requested_slot(const availability::AvailabilityInputs& day,
                                                        common::Date date,
                                                        const RequestedStart& start,
                                                        const common::ZonedNow& now) {
  if (!day.provider.is_active) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  if (!day.service || !day.service->is_active) {
    return fail(Error::not_found("SERVICE_001", "Service not found"));
  }
  const availability::BookingRules& rules = day.provider.rules;
  const availability::ServiceSpec& spec = day.service->spec;
  availability::DayPlan plan = availability::plan_for(day, date);
  const common::ZoneDay zone(date, plan.offsets);

  common::Instant starts_at;
  if (const auto* local = std::get_if<LocalStart>(&start)) {
    const auto first = zone.first_instant_at(local->minutes);
    if (!first) {
      return fail(Error::precondition(
          "BOOKING_006", "This time does not exist on that day: the clocks change then"));
    }
    starts_at = *first;
  } else {
    starts_at = std::get<common::Instant>(start);
    const long long reading = zone.reading_at(starts_at);
    if (reading < 0 || reading >= common::kMinutesPerDay) return fail(not_offered());
  }

  switch (availability::booking_window(date, starts_at, rules, now)) {
    case availability::WindowVerdict::kTooSoon:
      return fail(Error::precondition(
          "BOOKING_007", "This time is in the past or inside the provider's minimum notice"));
    case availability::WindowVerdict::kTooFar:
      return fail(
          Error::precondition("BOOKING_008", "This date is beyond the provider's booking window"));
    case availability::WindowVerdict::kOpen:
      break;
  }

  // The usual answer needs one pass; only a refusal needs a second to say why.
  const auto slots = availability::candidate_slots(plan, spec, rules.slot_interval);
  const availability::Slot* slot = find(slots, starts_at);
  if (!slot) {
    plan.busy.clear();
    if (!find(availability::candidate_slots(plan, spec, rules.slot_interval), starts_at)) {
      return fail(not_offered());
    }
    return fail(Error::conflict("BOOKING_001", "This time slot is no longer available"));
  }
  return *slot;
}

}  // namespace janji::bookings
