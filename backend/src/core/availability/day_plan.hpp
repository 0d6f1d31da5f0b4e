#pragma once

#include "core/availability/ports.hpp"
#include "core/availability/slot_finder.hpp"

namespace janji::availability {

// The slot finder's view of one date, built from loaded inputs: the active weekly ranges of its
// weekday, its exceptions and its active bookings (with their buffers).
DayPlan plan_for(const AvailabilityInputs& inputs, Date date);

}  // namespace janji::availability
