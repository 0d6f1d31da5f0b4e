#pragma once

#include <variant>

#include "core/availability/ports.hpp"
#include "core/common/result.hpp"
#include "core/common/time_zone.hpp"
#include "core/common/wall_time.hpp"

namespace janji::bookings {

// A wall-clock start on a provider-local date. A time that happens twice (fall-back) means its
// first occurrence; one that does not happen (spring-forward gap) is never offered.
struct LocalStart {
  common::Date date;
  int minutes = 0;
  bool operator==(const LocalStart&) const = default;
};

// When a booking should start: a local date and time, or an instant (which also picks the
// second occurrence of a repeated time).
using RequestedStart = std::variant<LocalStart, common::Instant>;

// Whether the appointment starting at `start` on `date` may be booked for the loaded service,
// judged exactly like the availability answer (DESIGN.md section 6) and meant to run inside
// the booking transaction. Returns the appointment. Errors, most specific first:
//   404 PROVIDER_001 / SERVICE_001  provider not active / service missing, inactive
//   422 BOOKING_006                 a local time that does not exist that day, or an instant
//                                   that is not on `date` in the provider's zone
//   422 BOOKING_007                 in the past or inside the provider's minimum notice
//   422 BOOKING_008                 after the provider's booking window
//   422 BOOKING_006                 not a start the provider offers (closed, off the grid)
//   409 BOOKING_001                 offered, but taken by another booking (or its buffers)
common::Result<availability::Slot> check_requested_slot(const availability::AvailabilityInputs& day,
                                                        common::Date date,
                                                        const RequestedStart& start,
                                                        const common::ZonedNow& now);

}  // namespace janji::bookings
