#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/ports.hpp"
#include "core/auth/user.hpp"
#include "core/bookings/ports.hpp"
#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/common/event_log.hpp"
#include "core/payments/midtrans.hpp"
#include "core/payments/payment.hpp"
#include "core/payments/ports.hpp"
#include "core/payments/signature.hpp"
#include "core/providers/ports.hpp"

namespace janji::payments {

// Error codes (the envelope's `code`; a wrong amount in a notification is VALIDATION_001):
//   PAYMENT_001  the gateway is unavailable (503) or refused (422)
//   PAYMENT_002  the booking does not take a payment now (409)
//   PAYMENT_003  another attempt is being created (409)
//   PAYMENT_004  the booking is paid already (409)
//   PAYMENT_005  the payment hold ran out (409)
//   PAYMENT_007  payment not found (404)
//   PAYMENT_008  bad notification signature (401)
//   PAYMENT_010  not refundable (409) or the refund was refused (422)

struct PaymentSettings {
  std::string server_key;  // signs and checks notifications; never logged nor sent out
  // Where Snap sends the customer back: `<frontend_url>/bookings/<id>/payment`.
  std::string frontend_url;
  // MIDTRANS_VERIFY_STATUS: ask Get Status before acting on a notification.
  bool verify_status = false;
  int sweep_batch = 100;  // bookings cancelled per sweeper transaction
  std::string hold_cancellation_reason = "Payment was not received in time";
  // How much longer a hold lasts while its payment is under way at Midtrans: a settlement
  // notification may take up to 20 s, a bank's a few minutes (CONTRACTS 1.9).
  std::chrono::seconds in_flight_grace{5 * 60};
};

struct PaymentDependencies {
  PaymentRepository& payments;
  bookings::BookingRepository& bookings;
  providers::ProviderRepository& providers;
  providers::ServiceRepository& services;
  auth::UserRepository& users;
  SnapGateway& gateway;
  const Sha512& sha512;
  providers::ChangeListener& changes;  // slot cache + outbox wake-up after a booking changes
  const common::Crypto& crypto;
  const common::Clock& clock;
  common::EventLog& log;  // what needs a person: money taken for a cancelled booking, ...
};

// POST /payments/create, parsed.
struct CreatePaymentCommand {
  std::string booking_id;                      // a checked UUID
  std::optional<std::string> idempotency_key;  // a retry with the same key gets the same attempt
};

struct PaymentStart {
  Payment payment;      // with snap_token and redirect_url
  bool reused = false;  // an existing live attempt (or the key's), not a new one
};

// A notification as received: the parsed fields and the body they came from.
struct ReceivedNotification {
  MidtransNotification fields;
  std::string raw_body;
  std::string source = "notification";  // "simulator" for the pay page
};

// What the callback did, for the HTTP answer (200 unless an error).
struct CallbackOutcome {
  bool known_order = false;
  bool applied = false;
  std::string outcome;
};

// A payment with what its reader may see: admins also get the notifications received.
struct PaymentView {
  Payment payment;
  std::vector<PaymentNotificationRecord> notifications;  // admins only; empty otherwise
};

// SPEC "Payment Integration (Midtrans)" as issue 13 asks it: one attempt per Snap order, a
// forward-only state machine fed by verified notifications, the booking changed in the same
// transaction as the payment, and a hold sweeper for bookings never paid.
class PaymentService {
 public:
  PaymentService(PaymentDependencies deps, PaymentSettings settings);

  // The booking's customer only (others: 404 BOOKING_002). The booking must be pending, unpaid
  // and awaiting payment (PAYMENT_002), its hold not run out (PAYMENT_005); paid: PAYMENT_004.
  // A live attempt with a Snap token is returned again (`reused`); else a new attempt (order id
  // with the next attempt number) is stored, then Snap is asked; a Snap failure marks it failed
  // and answers PAYMENT_001 (a retry makes the next attempt). The same Idempotency-Key returns
  // the attempt it made first.
  common::Result<PaymentStart> create(const auth::Principal& who,
                                      const CreatePaymentCommand& command);

  // POST /payments/callback. Bad signature: 401 PAYMENT_008 and nothing stored. Unknown order
  // id: recorded, known_order = false (answer 200: Midtrans stops retrying). With
  // verify_status, Get Status is asked and its answer is what is applied (503 when it cannot
  // be reached: Midtrans retries). The amount must be the attempt's (PAYMENT_006, recorded,
  // nothing changed). Applied with moves_forward() in one transaction with the booking.
  common::Result<CallbackOutcome> receive(const ReceivedNotification& notification);

  // GET /payments/:id: the booking's customer, the provider's owner, or an admin (with the
  // notifications); anyone else 404 PAYMENT_007.
  common::Result<PaymentView> get(const auth::Principal& who, const std::string& payment_id);
  // The attempts of a booking the caller may already see (GET /bookings/:id checked it),
  // newest first; a rescheduled paid booking shows the payment it carries.
  common::Result<std::vector<Payment>> attempts_of(const bookings::Booking& booking);

  // POST /admin/payments/:id/refund (admins only): `amount` nullopt = what is left; calls the
  // gateway's refund and applies its answer as a refund notification would.
  common::Result<Payment> refund(const auth::Principal& who, const std::string& payment_id,
                                 std::optional<std::int64_t> amount, const std::string& reason);

  // One pass of the hold sweeper: cancels the bookings whose hold ran out (at most
  // settings.sweep_batch per transaction, until none is left) and tells their customers and
  // providers. Returns how many it cancelled. Safe with any number of instances.
  common::Result<int> cancel_lapsed_holds();

  // The simulator's pay page (PAYMENT_DRIVER=simulator): the payment of `order_id` for the
  // page, without authentication (the order id is unguessable).
  common::Result<Payment> find_for_pay_page(const std::string& order_id);

 private:
  PaymentDependencies deps_;
  PaymentSettings settings_;
};

}  // namespace janji::payments
