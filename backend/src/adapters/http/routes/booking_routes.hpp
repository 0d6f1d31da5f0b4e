#pragma once

#include <nlohmann/json.hpp>

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/bookings/booking_service.hpp"
#include "core/payments/payment_service.hpp"

namespace janji::http {

// /api/v1/bookings: list and create (with an optional Idempotency-Key); /api/v1/bookings/:id:
// detail, notes (PUT) and cancel; /api/v1/bookings/:id/{confirm,reject,complete,no-show}.
// GET /bookings/:id carries the booking's payment attempts (`payments`, newest first) when
// `payments` is given.
void register_booking_routes(Router& router, auth::AuthService& auth,
                             bookings::BookingService& bookings,
                             payments::PaymentService* payments = nullptr);

// The public JSON form of a booking (never the idempotency key).
nlohmann::json booking_json(const bookings::Booking& booking);

}  // namespace janji::http
