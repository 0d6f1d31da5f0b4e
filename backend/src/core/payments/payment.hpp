#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/common/clock.hpp"
#include "core/payments/midtrans.hpp"

namespace janji::payments {

// One payment attempt of a booking (table `payments`, issue 13): each attempt has its own
// Midtrans order id (order_id.hpp), since Midtrans takes an order id once only.
struct Payment {
  std::string id;  // UUID
  std::string booking_id;
  std::uint32_t attempt = 1;      // 1, 2, ... per booking
  std::string order_id;           // order_id_for(booking_id, attempt)
  std::int64_t gross_amount = 0;  // whole rupiah
  std::string currency = "IDR";
  PaymentState status = PaymentState::kPending;
  std::optional<std::string> snap_token;       // nullopt until Snap answered
  std::optional<std::string> redirect_url;     // the Snap page (or the simulator's)
  common::Instant expires_at{};                // the Snap expiry: the booking's hold
  std::optional<std::string> transaction_id;   // Midtrans', from the first notification
  std::optional<std::string> payment_type;     // credit_card, bank_transfer, gopay, ...
  std::int64_t refunded_amount = 0;            // whole rupiah
  std::optional<std::string> paid_at;          // ISO-8601 UTC, when it became paid here
  std::optional<std::string> idempotency_key;  // the create request's Idempotency-Key
  std::optional<std::string> failure_reason;   // why a create attempt failed (Snap's answer)
  std::string created_at;                      // ISO-8601 UTC
  std::string updated_at;
};

// A live attempt is one the customer may still complete: only one per booking at a time.
bool is_live(PaymentState state);  // pending, challenge

// One received notification (table `payment_notifications`), kept whether or not it changed
// anything: the audit trail of what Midtrans said and what Janji did with it.
struct PaymentNotificationRecord {
  std::string id;
  std::optional<std::string> payment_id;  // nullopt: no payment has this order id
  std::string order_id;
  std::string transaction_status;  // as received
  std::string raw_body;            // the request body, as received
  bool signature_valid = false;
  bool applied = false;  // whether it changed the payment
  std::string outcome;   // what was done, for people: "paid: booking confirmed", "duplicate", ...
  std::string source;    // "notification", "status_check", "refund_api"
  std::string received_at;
};

// "10000.00" (or "10000", "10000.0") as whole rupiah; nullopt for anything else, fractions of a
// rupiah included (IDR has none; an amount with sen can never match ours).
std::optional<std::int64_t> parse_rupiah(std::string_view text);

}  // namespace janji::payments
