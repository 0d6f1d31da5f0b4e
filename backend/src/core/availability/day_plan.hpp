#pragma once

#include "core/availability/ports.hpp"
#include "core/availability/slot_finder.hpp"

namespace janji::availability {

// The slot finder's view of one date, built from loaded inputs: the active weekly ranges of its
// weekday, its exceptions, the active bookings of it and its neighbours (with their buffers)
// and the provider's zone offsets around it.
DayPlan plan_for(const AvailabilityInputs& inputs, Date date);

}  // namespace janji::availability
