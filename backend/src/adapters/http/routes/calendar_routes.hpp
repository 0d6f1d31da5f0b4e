#pragma once

#include <string>

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/bookings/booking_service.hpp"
#include "core/common/clock.hpp"

namespace janji::http {

struct CalendarRouteOptions {
  std::string organizer_email;  // the address mails come from (SENDGRID_FROM_EMAIL)
};

// GET /api/v1/bookings/:id/calendar.ics: the booking as an iCalendar invite for "add to
// calendar" (REQUEST, or CANCEL once cancelled), to whoever may read the booking.
void register_calendar_routes(Router& router, auth::AuthService& auth,
                              bookings::BookingService& bookings, const common::Clock& clock,
                              CalendarRouteOptions options);

}  // namespace janji::http
