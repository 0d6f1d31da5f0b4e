#pragma once

#include <chrono>

#include <nlohmann/json.hpp>

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/payments/payment_service.hpp"
#include "core/payments/payment_simulator.hpp"

namespace janji::http {

// /api/v1/payments/create (the booking's customer, Idempotency-Key), /api/v1/payments/callback
// (Midtrans' HTTP notification: no auth, the signature decides), /api/v1/payments/:id,
// /api/v1/admin/payments/:id/refund.
struct PaymentRouteOptions {
  // Tests only (TEST_PAYMENT_ANSWER_DELAY): the callback's answer waits this long after the
  // commit, so that a crash test can kill the process between the two.
  std::chrono::milliseconds answer_delay{0};
};
void register_payment_routes(Router& router, auth::AuthService& auth,
                             payments::PaymentService& payments, PaymentRouteOptions options = {});

// PAYMENT_DRIVER=simulator: GET /pay/:order_id (the pay page) and POST /pay/:order_id
// (action=pay|fail|expire), which answers 303 to the web app's return page.
struct PayPageOptions {
  std::string frontend_url;  // the return page's origin, allowed as a form target
};
void register_pay_page_routes(Router& router, payments::PaymentService& payments,
                              payments::PaymentSimulator& simulator, PayPageOptions options);

// The public JSON form of a payment attempt (never the idempotency key).
nlohmann::json payment_json(const payments::Payment& payment);

}  // namespace janji::http
