#pragma once

#include <string>
#include <vector>

#include "core/availability/availability_service.hpp"

namespace janji::http {

// Availability answers written as text directly: this is the hot, cached path, so no JSON
// library on the way out. Each day has `available_slots` (SPEC's local "HH:MM" starts, a
// repeated fall-back time once) and `slots` (one object per appointment with its local start
// and end, its UTC instants and the offset at its start; a repeated time twice).

// The members of one day, without braces: "date":...,"available_slots":[...],"slots":[...].
void append_day_members(std::string& out, const availability::DaySlots& day);

// The envelopes of GET availability. `service_id` must be a checked UUID and `answer.days`
// non-empty (nothing is escaped; zone names come from the tz database).
std::string day_slots_body(const availability::Availability& answer, const std::string& service_id);
std::string range_slots_body(const availability::Availability& answer,
                             const std::string& service_id);

// GET /bookings/:id/reschedule-options: `booking_id` must be a checked UUID.
std::string reschedule_options_body(const std::string& booking_id,
                                    const availability::Availability& answer);

}  // namespace janji::http
