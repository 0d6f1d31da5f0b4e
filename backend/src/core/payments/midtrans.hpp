#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/clock.hpp"
#include "core/common/result.hpp"

// The Midtrans Snap contract as plain values (CONTRACTS.md section 1), the reading of a
// notification's status (1.7) and the forward-only order of payment states (1.9). No JSON or
// HTTP here: adapters/payments turns these into requests and parses answers into them.

namespace janji::payments {

// --- Snap create (CONTRACTS 1.1-1.3) ---

struct ItemDetail {
  std::string id;             // optional for Midtrans; the service id here
  std::int64_t price = 0;     // integer rupiah; negative for a discount line (1.2)
  std::int64_t quantity = 1;  // >= 1
  std::string name;           // required
};

struct CustomerDetails {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
};

enum class ExpiryUnit { kMinute, kHour, kDay };
std::string_view to_string(ExpiryUnit unit);  // "minute", "hour", "day"

struct SnapExpiry {
  common::Instant start_time;
  std::chrono::minutes utc_offset{7 * 60};  // the zone start_time is written in (WIB default)
  std::int64_t duration = 0;                // > 0
  ExpiryUnit unit = ExpiryUnit::kMinute;
};

// "yyyy-MM-dd HH:mm:ss Z" as Midtrans wants expiry.start_time, e.g. "2025-12-20 18:11:08 +0700".
std::string midtrans_time(common::Instant at, std::chrono::minutes utc_offset);

struct SnapRequest {
  std::string order_id;           // see order_id.hpp
  std::int64_t gross_amount = 0;  // integer rupiah, > 0
  std::vector<ItemDetail> items;  // sum of price * quantity == gross_amount
  CustomerDetails customer;
  std::string finish_url;  // callbacks.finish; omitted when empty
  std::optional<SnapExpiry> expiry;
};

// Checks what Midtrans would refuse before asking it: order id alphabet and length, a positive
// gross amount, every item named with quantity >= 1, the items summing exactly to the gross
// amount (without overflow). kInvalidArgument with a detail per field otherwise.
common::Status validate(const SnapRequest& request);

struct SnapTransaction {
  std::string token;
  std::string redirect_url;  // opaque (1.3): shapes differ between docs
};

// --- notification / Get Status (1.5, 1.8) ---

// A notification body or a Get Status answer, every field as the JSON string received, so that
// the signature can be computed on exactly those bytes (1.6).
struct MidtransNotification {
  std::string order_id;
  std::string status_code;   // "200", "201", "202", "407", ...
  std::string gross_amount;  // "10000.00": two decimals, text
  std::string signature_key;
  std::string transaction_status;           // as received; parse_transaction_status() reads it
  std::optional<std::string> fraud_status;  // absent for some methods (cstore)
  std::string payment_type;
  std::string transaction_id;
  std::string transaction_time;  // "YYYY-MM-DD HH:MM:SS", GMT+7
  std::string status_message;
  std::string merchant_id;
  std::string currency;
  std::string settlement_time;
  std::string expiry_time;    // Get Status
  std::string refund_amount;  // Get Status / refund, for partial_refund
};

// --- statuses (1.7) ---

enum class TransactionStatus {
  kAuthorize,
  kCapture,
  kSettlement,
  kPending,
  kDeny,
  kCancel,
  kExpire,
  kFailure,
  kRefund,
  kPartialRefund,
};
// Case-insensitive (Get Status once showed "PENDING", 1.8); std::nullopt for anything else.
std::optional<TransactionStatus> parse_transaction_status(std::string_view text);
std::string_view to_string(TransactionStatus status);

enum class FraudStatus { kAccept, kChallenge, kDeny };
std::optional<FraudStatus> parse_fraud_status(std::string_view text);
std::string_view to_string(FraudStatus status);

// What a payment attempt is, as far as Janji is concerned.
enum class PaymentState {
  kPending,            // waiting for the customer (VA, e-wallet, 3DS), or just created
  kChallenge,          // capture + challenge: held for review by the fraud system
  kDenied,             // refused; the customer may try again (a new attempt)
  kFailed,             // Midtrans-side error; a new attempt is allowed
  kExpired,            // never paid in time: the slot is free
  kCancelled,          // cancelled: the slot is free
  kPaid,               // settlement, or capture + accept
  kPartiallyRefunded,  // part of the money went back
  kRefunded,           // all of it went back
};
std::string_view to_string(PaymentState state);  // "pending", "challenge", ... snake_case
std::optional<PaymentState> parse_payment_state(std::string_view text);

// The forward-only order (CONTRACTS 1.9: notifications repeat and arrive out of order):
//
//   pending < challenge < {denied, failed} < {expired, cancelled} < paid
//           < partially_refunded < refunded
//
// A notification moves a payment only to a state of a strictly higher rank; states of one
// rank do not replace each other, and a state never "moves" to itself. So a late pending after
// paid, a stale deny after expire, a repeated settlement: nothing changes. paid outranks the
// void states because money taken must never be lost: a settlement after an expire is applied
// (and needs a person: the slot may be gone), a cancel after paid is not (Janji asks for
// refunds, never cancels a captured payment). denied/failed sit below void, so the attempt
// still ends (and frees the slot) when Snap later expires it, and below paid, since a denied
// card may be retried on the same Snap page and then settle (1.7, mt-node).
bool moves_forward(PaymentState from, PaymentState to);

bool is_paid(PaymentState state);             // paid (refund states are not "paid" now)
bool frees_slot(PaymentState state);          // expired, cancelled
bool allows_new_attempt(PaymentState state);  // denied, failed, expired, cancelled
bool is_refund(PaymentState state);           // partially_refunded, refunded

// How a notification reads (CONTRACTS 1.7).
struct PaymentEvent {
  // False when nothing may be applied: unknown transaction_status, or a success whose
  // status_code is not "200" (1.7: check both). `reason` says why; the notification should still
  // be recorded, and the Get Status API can settle it.
  bool actionable = false;
  PaymentState state = PaymentState::kPending;
  std::optional<TransactionStatus> status;
  std::optional<FraudStatus> fraud;
  std::string reason;
};

// settlement / capture+accept (or no fraud_status) with status_code 200 -> paid;
// capture|settlement + challenge -> challenge; fraud deny or transaction deny -> denied;
// cancel -> cancelled; expire -> expired; failure -> failed; refund -> refunded;
// partial_refund -> partially_refunded; pending and authorize -> pending.
// An unknown fraud_status on a success is not actionable.
PaymentEvent interpret(const MidtransNotification& notification);

// --- the gateway, as the payment service will use it ---

struct RefundResult {
  std::string status_code;         // Midtrans' body status_code ("200")
  std::string transaction_status;  // "refund" / "partial_refund"
  std::string refund_amount;       // text as received
  std::string refund_key;
  std::string status_message;
};

// Port: Midtrans (adapters/payments/midtrans_client) or a simulator. Errors: kUnavailable for
// transient failures (retry later), kNotFound for an unknown order (Get Status), other kinds for
// permanent refusals with Midtrans' own messages.
class SnapGateway {
 public:
  virtual ~SnapGateway() = default;
  virtual common::Result<SnapTransaction> create_snap(const SnapRequest& request) = 0;
  virtual common::Result<MidtransNotification> get_status(std::string_view order_id) = 0;
  // `amount` in rupiah; `refund_key` makes a retried refund recognisable (same key, one refund).
  virtual common::Result<RefundResult> refund(std::string_view order_id, std::int64_t amount,
                                              std::string_view reason,
                                              std::string_view refund_key) = 0;
};

}  // namespace janji::payments
