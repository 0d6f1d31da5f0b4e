#pragma once

#include <nlohmann/json.hpp>

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/bookings/booking_service.hpp"

namespace janji::http {

// /api/v1/bookings: list and create (with an optional Idempotency-Key); /api/v1/bookings/:id:
// detail, notes (PUT) and cancel; /api/v1/bookings/:id/{confirm,reject,complete,no-show}.
void register_booking_routes(Router& router, auth::AuthService& auth,
                             bookings::BookingService& bookings);

// The public JSON form of a booking (never the idempotency key).
nlohmann::json booking_json(const bookings::Booking& booking);

}  // namespace janji::http
