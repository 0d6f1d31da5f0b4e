#pragma once

#include "core/availability/ports.hpp"
#include "core/common/result.hpp"
#include "core/common/wall_time.hpp"

namespace janji::bookings {

// Whether `start` on `date` may be booked for the loaded service, judged exactly like the
// availability answer (DESIGN.md section 6) and meant to run inside the booking transaction.
// Returns the appointment's [start, end). Errors, most specific first:
//   404 PROVIDER_001 / SERVICE_001  provider not active / service missing, inactive
//   422 BOOKING_007                 in the past or inside the provider's minimum notice
//   422 BOOKING_008                 after the provider's booking window
//   422 BOOKING_006                 not a start the provider offers (closed, off the grid)
//   409 BOOKING_001                 offered, but taken by another booking (or its buffers)
common::Result<common::TimeRange> check_requested_slot(const availability::AvailabilityInputs& day,
                                                       common::Date date, int start,
                                                       common::LocalDateTime now);

}  // namespace janji::bookings
