#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/result.hpp"
#include "core/payments/midtrans.hpp"

// JSON for the Midtrans contract (CONTRACTS.md section 1), shared by the client, the callback
// route and the simulator.

namespace janji::payments {

// An HTTP notification body (1.5). order_id, status_code, gross_amount, signature_key and
// transaction_status must be JSON strings (the signature is over their exact text): missing ->
// VALIDATION_002 with a detail per field; present but not a string -> VALIDATION_001. Unknown
// fields are ignored and optional ones of an unexpected type are skipped (1.5: parse
// non-strictly); null counts as absent.
common::Result<MidtransNotification> parse_notification(std::string_view body);

// A Get Status or refund answer (1.8): the same fields, but only order_id, status_code and
// transaction_status are required (no signature is checked on an answer we asked for over TLS).
common::Result<MidtransNotification> parse_status(std::string_view body);

// The Snap create body (1.2): transaction_details, item_details, customer_details (empty fields
// left out), callbacks.finish when set, expiry when set.
nlohmann::json snap_request_json(const SnapRequest& request);

// A notification as Midtrans posts it (1.5), every field a string; optional ones left out when
// empty. For the simulator and the tests.
std::string notification_json(const MidtransNotification& notification);

}  // namespace janji::payments
