#include "core/payments/payment_service.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/payments/order_id.hpp"
#include "core/payments/signature.hpp"

namespace janji::payments {

using bookings::Booking;
using bookings::BookingStatus;
using bookings::NotificationRow;
using bookings::PaymentStatus;
using common::Error;
using common::fail;
using common::Result;

namespace {

constexpr std::size_t kMaxItemNameLength = 50;  // Midtrans item_details.name
// An attempt stored without a Snap token for this long was left by a request that died
// between the insert and Snap's answer: it no longer blocks a new attempt.
constexpr std::chrono::seconds kStuckAttempt{60};

Error booking_not_found() { return Error::not_found("BOOKING_002", "Booking not found"); }
Error payment_not_found() { return Error::not_found("PAYMENT_007", "Payment not found"); }

Error gateway_error(const Error& e) {
  Error out = e.kind == common::ErrorKind::kUnavailable
                  ? Error::unavailable("The payment gateway is unavailable; try again shortly")
                  : Error::precondition("PAYMENT_001", "The payment gateway refused: " + e.message);
  out.code = "PAYMENT_001";
  return out;
}

// The outbox rows of a booking change the payment service makes: the customer always, the
// provider's owner when the booking was freed (they keep a calendar).
std::vector<NotificationRow> announce(const common::Crypto& crypto, const std::string& booking_id,
                                      const std::string& customer_id,
                                      const std::string& provider_user_id, const char* type,
                                      bool provider_too, const std::string& at,
                                      const std::optional<std::string>& payment_id) {
  std::vector<NotificationRow> rows;
  rows.push_back(NotificationRow{crypto.new_uuid(), customer_id, booking_id, type, at, "customer",
                                 "system", payment_id});
  if (provider_too && !provider_user_id.empty() && provider_user_id != customer_id) {
    rows.push_back(NotificationRow{crypto.new_uuid(), provider_user_id, booking_id, type, at,
                                   "provider", "system", std::nullopt});
  }
  return rows;
}

bool awaits_payment(const Booking& b) {
  return b.status == BookingStatus::kPending && b.payment_status == PaymentStatus::kUnpaid &&
         b.payment_due_at.has_value();
}

std::pair<std::string, std::string> split_name(const std::string& full_name) {
  const auto space = full_name.find(' ');
  if (space == std::string::npos) return {full_name, ""};
  return {full_name.substr(0, space), full_name.substr(space + 1)};
}

// Truncates to at most `bytes` without cutting a UTF-8 sequence.
std::string utf8_prefix(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

PaymentService::PaymentService(PaymentDependencies deps, PaymentSettings settings)
    : deps_(deps), settings_(std::move(settings)) {}

Result<PaymentStart> PaymentService::create(const auth::Principal& who,
                                            const CreatePaymentCommand& command) {
  auto found = deps_.bookings.find(command.booking_id);
  if (!found) return fail(found.error());
  if (!*found || (*found)->customer_id != who.user_id) return fail(booking_not_found());
  const Booking booking = std::move(**found);
  if (booking.payment_status != PaymentStatus::kUnpaid) {
    return fail(Error::conflict("PAYMENT_004", "This booking is paid already"));
  }
  if (!awaits_payment(booking)) {
    return fail(Error::conflict("PAYMENT_002", "This booking does not take a payment now"));
  }
  const common::Instant now = deps_.clock.now();
  if (now >= *booking.payment_due_at) {
    return fail(Error::conflict("PAYMENT_005", "The time to pay for this booking has run out"));
  }

  auto attempts = deps_.payments.list_for_booking(booking.id);
  if (!attempts) return fail(attempts.error());
  // What an earlier request already made: the key's attempt, or the live one.
  const auto existing =
      [&](const std::vector<Payment>& all) -> std::optional<Result<PaymentStart>> {
    if (command.idempotency_key) {
      for (const Payment& p : all) {
        if (p.idempotency_key != command.idempotency_key) continue;
        if (p.snap_token && p.redirect_url) return Result<PaymentStart>(PaymentStart{p, true});
        if (p.status == PaymentState::kFailed) {
          return Result<PaymentStart>(fail(Error::precondition(
              "PAYMENT_001", "The payment gateway refused: " + p.failure_reason.value_or(""))));
        }
        return Result<PaymentStart>(fail(Error::conflict(
            "PAYMENT_003", "This payment is still being created; try again in a moment")));
      }
    }
    for (const Payment& p : all) {
      if (!is_live(p.status)) continue;
      if (p.snap_token && p.redirect_url) return Result<PaymentStart>(PaymentStart{p, true});
      const auto created = common::parse_instant(p.created_at);
      if (created && now - *created > kStuckAttempt) continue;  // failed below
      return Result<PaymentStart>(fail(Error::conflict(
          "PAYMENT_003", "A payment is being created for this booking; try again in a moment")));
    }
    return std::nullopt;
  };
  if (auto answer = existing(*attempts)) return std::move(*answer);

  const std::string now_text = common::format_instant(now);
  std::uint32_t next_attempt = 1;
  for (const Payment& p : *attempts) {
    next_attempt = std::max(next_attempt, p.attempt + 1);
    if (is_live(p.status)) {
      auto failed = deps_.payments.fail_attempt(p.id, "Snap request did not complete", now_text);
      if (!failed) return fail(failed.error());
    }
  }

  auto service = deps_.services.find(booking.provider_id, booking.service_id);
  if (!service) return fail(service.error());
  // Every attempt asks for what the first one did: the price when the customer first paid.
  const std::int64_t amount =
      attempts->empty() ? (*service ? (*service)->price : 0) : attempts->front().gross_amount;
  if (!*service || amount <= 0) {
    return fail(Error::conflict("PAYMENT_002", "This service is no longer offered for payment"));
  }
  auto customer = deps_.users.find_by_id(booking.customer_id);
  if (!customer) return fail(customer.error());

  Payment p;
  p.id = deps_.crypto.new_uuid();
  p.booking_id = booking.id;
  p.attempt = next_attempt;
  p.order_id = order_id_for(booking.id, next_attempt);
  p.gross_amount = amount;
  p.expires_at = *booking.payment_due_at;
  p.idempotency_key = command.idempotency_key;
  p.created_at = p.updated_at = now_text;
  auto inserted = deps_.payments.insert_attempt(p);
  if (!inserted) {
    // A concurrent create won the race for this booking: answer with what it made.
    if (inserted.error().code == "PAYMENT_003") {
      auto again = deps_.payments.list_for_booking(booking.id);
      if (again) {
        if (auto answer = existing(*again)) return std::move(*answer);
      }
    }
    return fail(inserted.error());
  }

  SnapRequest request;
  request.order_id = p.order_id;
  request.gross_amount = amount;
  request.items.push_back(
      ItemDetail{(*service)->id, amount, 1, utf8_prefix((*service)->name, kMaxItemNameLength)});
  if (*customer) {
    auto [first, last] = split_name((*customer)->full_name);
    request.customer = CustomerDetails{first, last, (*customer)->email, (*customer)->phone};
  }
  request.finish_url = settings_.frontend_url + "/bookings/" + booking.id + "/payment";
  // The Snap page lives as long as the hold, in whole minutes (at least one).
  const auto left = std::chrono::duration_cast<std::chrono::minutes>(*booking.payment_due_at - now);
  request.expiry = SnapExpiry{now, std::chrono::minutes{7 * 60},
                              std::max<std::int64_t>(1, left.count()), ExpiryUnit::kMinute};
  const auto refuse = [&](const Error& e) -> Result<PaymentStart> {
    auto failed =
        deps_.payments.fail_attempt(p.id, e.message, common::format_instant(deps_.clock.now()));
    if (!failed) deps_.log.warn("payment " + p.id + ": could not mark the attempt failed");
    return fail(gateway_error(e));
  };
  if (auto valid = validate(request); !valid) return refuse(valid.error());
  auto snap = deps_.gateway.create_snap(request);
  if (!snap) return refuse(snap.error());
  auto stored = deps_.payments.record_snap(p.id, snap->token, snap->redirect_url,
                                           common::format_instant(deps_.clock.now()));
  if (!stored) return fail(stored.error());
  return PaymentStart{std::move(*stored), false};
}

Result<CallbackOutcome> PaymentService::receive(const ReceivedNotification& notification) {
  const MidtransNotification& said = notification.fields;
  if (!signature_matches(said, settings_.server_key, deps_.sha512)) {
    deps_.log.warn("payment notification for order " + said.order_id.substr(0, 60) +
                   " refused: invalid signature");
    return fail(Error::unauthenticated("PAYMENT_008", "Invalid signature"));
  }
  // The attempt (if any) and its booking's other attempts, read before the transaction: only
  // to know whether another attempt is still live (then a void one does not free the slot)
  // and whom to tell.
  auto payment = deps_.payments.find_by_order_id(said.order_id);
  if (!payment) return fail(payment.error());

  MidtransNotification truth = said;
  std::string source = notification.source;
  if (settings_.verify_status && *payment) {
    auto status = deps_.gateway.get_status(said.order_id);
    if (!status) {
      if (status.error().kind == common::ErrorKind::kUnavailable) {
        return fail(Error::unavailable("Could not confirm the status with Midtrans; retry later"));
      }
      // Midtrans does not know the order it notified about: record, change nothing.
      truth.transaction_status = "unknown";
    } else {
      truth = std::move(*status);
      source = "status_check";
    }
  }

  PaymentNotificationRecord record;
  record.id = deps_.crypto.new_uuid();
  record.order_id = said.order_id;
  record.transaction_status = said.transaction_status;
  record.raw_body = notification.raw_body;
  record.signature_valid = true;
  record.source = source;
  const common::Instant now = deps_.clock.now();
  const std::string now_text = common::format_instant(now);
  record.received_at = now_text;

  bool other_live = false;
  std::string provider_user_id;
  std::string provider_id;
  if (*payment) {
    auto attempts = deps_.payments.list_for_booking((*payment)->booking_id);
    if (!attempts) return fail(attempts.error());
    other_live = std::any_of(attempts->begin(), attempts->end(), [&](const Payment& p) {
      return p.id != (*payment)->id && is_live(p.status);
    });
    auto booking = deps_.bookings.find((*payment)->booking_id);
    if (!booking) return fail(booking.error());
    if (*booking) {
      provider_id = (*booking)->provider_id;
      auto provider = deps_.providers.find(provider_id);
      if (!provider) return fail(provider.error());
      if (*provider) provider_user_id = (*provider)->user_id;
    }
  }

  const PaymentEvent event = interpret(truth);
  const std::optional<std::int64_t> amount = parse_rupiah(truth.gross_amount);
  bool wrong_amount = false;
  auto applied = deps_.payments.apply_notification(
      said.order_id, record, [&](const Payment& current, const Booking& booking) {
        NotificationEffect effect;
        if (truth.transaction_status == "unknown") {
          effect.outcome = "Get Status does not know this order: nothing changed";
          return effect;
        }
        if (!amount || *amount != current.gross_amount) {
          wrong_amount = true;
          effect.outcome = "amount " + truth.gross_amount + " is not the attempt's " +
                           std::to_string(current.gross_amount) + ": nothing changed";
          return effect;
        }
        if (!event.actionable) {
          effect.outcome = "not actionable (" + event.reason + "): nothing changed";
          return effect;
        }
        std::int64_t refunded = current.refunded_amount;
        if (event.state == PaymentState::kRefunded) refunded = current.gross_amount;
        if (event.state == PaymentState::kPartiallyRefunded) {
          if (auto r = parse_rupiah(truth.refund_amount)) {
            refunded = std::clamp<std::int64_t>(*r, refunded, current.gross_amount);
          }
        }
        const bool more_refunded = event.state == PaymentState::kPartiallyRefunded &&
                                   current.status == event.state &&
                                   refunded > current.refunded_amount;
        // The first word from Midtrans about a live attempt (the customer chose a method):
        // the state stays, what it says about the transaction is kept (the hold sweeper gives
        // a payment under way time to land).
        const bool under_way = event.state == current.status && is_live(current.status) &&
                               !current.transaction_id && !truth.transaction_id.empty();
        if (under_way) {
          Payment next = current;
          next.transaction_id = truth.transaction_id;
          if (!truth.payment_type.empty()) next.payment_type = truth.payment_type;
          next.updated_at = now_text;
          effect.payment = std::move(next);
          effect.applied = true;
          effect.outcome = "payment under way (" + truth.payment_type + ")";
          return effect;
        }
        if (!moves_forward(current.status, event.state) && !more_refunded) {
          effect.outcome = std::string("stale or repeated ") + std::string(to_string(event.state)) +
                           ": stays " + std::string(to_string(current.status));
          return effect;
        }
        Payment next = current;
        next.status = event.state;
        next.refunded_amount = refunded;
        if (!truth.transaction_id.empty()) next.transaction_id = truth.transaction_id;
        if (!truth.payment_type.empty()) next.payment_type = truth.payment_type;
        next.updated_at = now_text;
        effect.applied = true;
        effect.outcome = std::string("payment ") + std::string(to_string(event.state));

        Booking b = booking;
        bool booking_changed = false;
        if (is_paid(event.state)) {
          next.paid_at = now_text;
          if (booking.payment_status != PaymentStatus::kUnpaid) {
            effect.outcome += "; the booking was paid already by " +
                              booking.payment_id.value_or("another payment") + ": refund this one";
            deps_.log.warn("payment " + current.id + " paid for booking " + booking.id +
                           " that was paid already: refund it");
          } else {
            b.payment_status = PaymentStatus::kPaid;
            b.payment_id = current.id;
            booking_changed = true;
            if (booking.status == BookingStatus::kPending) {
              b.status = BookingStatus::kConfirmed;
              effect.outcome += "; booking confirmed";
            } else if (booking.status == BookingStatus::kCancelled) {
              effect.outcome += "; the booking was cancelled before: refund it";
              deps_.log.warn("payment " + current.id + " paid for cancelled booking " + booking.id +
                             ": refund it");
            }
            if (booking.status != BookingStatus::kCancelled) {
              effect.outbox =
                  announce(deps_.crypto, booking.id, booking.customer_id, provider_user_id,
                           "payment_receipt", false, now_text, current.id);
            }
          }
        } else if (frees_slot(event.state) && awaits_payment(booking) && !other_live) {
          b.status = BookingStatus::kCancelled;
          b.cancellation_reason = event.state == PaymentState::kExpired
                                      ? "The payment expired before it was completed"
                                      : "The payment was cancelled";
          b.cancelled_at = now_text;
          booking_changed = true;
          effect.outcome += "; booking cancelled, slot freed";
          effect.outbox = announce(deps_.crypto, booking.id, booking.customer_id, provider_user_id,
                                   "booking_cancelled", true, now_text, std::nullopt);
        } else if (event.state == PaymentState::kRefunded &&
                   booking.payment_status == PaymentStatus::kPaid &&
                   booking.payment_id == current.id) {
          b.payment_status = PaymentStatus::kRefunded;
          booking_changed = true;
          effect.outcome += "; booking refunded";
        }
        if (booking_changed) {
          b.updated_at = now_text;
          effect.booking = std::move(b);
        }
        effect.payment = std::move(next);
        return effect;
      });
  if (!applied) return fail(applied.error());
  if (!applied->payment) {
    deps_.log.warn("payment notification for unknown order " + said.order_id.substr(0, 60) +
                   " recorded and ignored");
    return CallbackOutcome{false, false, "unknown order id: recorded, ignored"};
  }
  if (applied->booking_changed && !provider_id.empty()) deps_.changes.provider_changed(provider_id);
  if (wrong_amount) {
    deps_.log.warn("payment notification for order " + said.order_id + ": " + applied->outcome);
    return fail(Error::invalid("The amount does not match the payment",
                               {{"gross_amount", "does not match the payment's amount"}}));
  }
  return CallbackOutcome{true, applied->applied, applied->outcome};
}

Result<PaymentView> PaymentService::get(const auth::Principal& who, const std::string& payment_id) {
  auto payment = deps_.payments.find(payment_id);
  if (!payment) return fail(payment.error());
  if (!*payment) return fail(payment_not_found());
  PaymentView view{std::move(**payment), {}};
  const bool admin = who.role == auth::Role::kAdmin;
  if (!admin) {
    auto booking = deps_.bookings.find(view.payment.booking_id);
    if (!booking) return fail(booking.error());
    if (!*booking) return fail(payment_not_found());
    bool allowed = (*booking)->customer_id == who.user_id;
    if (!allowed) {
      auto provider = deps_.providers.find((*booking)->provider_id);
      if (!provider) return fail(provider.error());
      allowed = *provider && (*provider)->user_id == who.user_id;
    }
    if (!allowed) return fail(payment_not_found());  // do not reveal that it exists
  } else {
    auto notes = deps_.payments.notifications_of(view.payment.id);
    if (!notes) return fail(notes.error());
    view.notifications = std::move(*notes);
  }
  return view;
}

Result<std::vector<Payment>> PaymentService::attempts_of(const Booking& booking) {
  auto attempts = deps_.payments.list_for_booking(booking.id);
  if (!attempts) return fail(attempts.error());
  std::reverse(attempts->begin(), attempts->end());
  if (attempts->empty() && booking.payment_id) {
    // Rescheduled: the payment names the booking it was made for.
    auto carried = deps_.payments.find(*booking.payment_id);
    if (!carried) return fail(carried.error());
    if (*carried) attempts->push_back(std::move(**carried));
  }
  return attempts;
}

Result<Payment> PaymentService::refund(const auth::Principal& who, const std::string& payment_id,
                                       std::optional<std::int64_t> amount,
                                       const std::string& reason) {
  if (who.role != auth::Role::kAdmin) return fail(Error::forbidden());
  auto payment = deps_.payments.find(payment_id);
  if (!payment) return fail(payment.error());
  if (!*payment) return fail(payment_not_found());
  const Payment p = std::move(**payment);
  if (p.status != PaymentState::kPaid && p.status != PaymentState::kPartiallyRefunded) {
    return fail(Error::conflict("PAYMENT_010", "Only a paid payment can be refunded"));
  }
  const std::int64_t left = p.gross_amount - p.refunded_amount;
  const std::int64_t asked = amount.value_or(left);
  if (asked <= 0 || asked > left) {
    return fail(Error::invalid("The refund amount must be between 1 and what is left",
                               {{"amount", "must be between 1 and " + std::to_string(left)}}));
  }
  // The same refund asked again (a retried request) carries the same key: Midtrans refunds once.
  // At most 32 + 1 + 15 characters of [A-Za-z0-9-] (Midtrans' refund_key allows 50).
  std::string refund_key;
  for (char c : p.id) {
    if (c != '-') refund_key += c;
  }
  refund_key += "-" + std::to_string(p.refunded_amount);
  auto done = deps_.gateway.refund(p.order_id, asked, reason, refund_key);
  if (!done) {
    Error e = gateway_error(done.error());
    if (e.kind != common::ErrorKind::kUnavailable) e.code = "PAYMENT_010";
    return fail(e);
  }
  const std::int64_t total = p.refunded_amount + asked;
  MidtransNotification as_notification;
  as_notification.order_id = p.order_id;
  as_notification.status_code = "200";
  as_notification.gross_amount = std::to_string(p.gross_amount) + ".00";
  as_notification.transaction_status = total >= p.gross_amount ? "refund" : "partial_refund";
  as_notification.refund_amount = std::to_string(total) + ".00";
  const PaymentEvent event = interpret(as_notification);
  const std::string now_text = common::format_instant(deps_.clock.now());
  PaymentNotificationRecord record;
  record.id = deps_.crypto.new_uuid();
  record.order_id = p.order_id;
  record.transaction_status = as_notification.transaction_status;
  record.raw_body = "refund " + std::to_string(asked) + " by admin " + who.user_id +
                    ": status_code " + done->status_code + ", refund_key " + refund_key +
                    ", reason: " + reason;
  record.signature_valid = true;
  record.source = "refund_api";
  record.received_at = now_text;
  auto applied = deps_.payments.apply_notification(
      p.order_id, record, [&](const Payment& current, const Booking& booking) {
        NotificationEffect effect;
        if (current.refunded_amount >= total) {
          effect.outcome = "refund recorded already";
          return effect;
        }
        Payment next = current;
        next.status = event.state;
        next.refunded_amount = total;
        next.updated_at = now_text;
        effect.payment = next;
        effect.applied = true;
        effect.outcome = "refunded " + std::to_string(asked) + " (" + std::to_string(total) +
                         " of " + std::to_string(current.gross_amount) + ")";
        if (event.state == PaymentState::kRefunded && booking.payment_id == current.id &&
            booking.payment_status == PaymentStatus::kPaid) {
          Booking b = booking;
          b.payment_status = PaymentStatus::kRefunded;
          b.updated_at = now_text;
          effect.booking = std::move(b);
        }
        return effect;
      });
  if (!applied) return fail(applied.error());
  if (!applied->payment) return fail(payment_not_found());
  return std::move(*applied->payment);
}

Result<int> PaymentService::cancel_lapsed_holds() {
  int total = 0;
  std::set<std::string> providers;
  for (;;) {
    const std::string now_text = common::format_instant(deps_.clock.now());
    auto cancelled = deps_.payments.cancel_lapsed_holds(
        deps_.clock.now(), settings_.sweep_batch,
        HoldCancellation{settings_.hold_cancellation_reason, now_text,
                         deps_.clock.now() - settings_.in_flight_grace},
        [&](const LapsedHold& hold) {
          return announce(deps_.crypto, hold.booking_id, hold.customer_id, hold.provider_user_id,
                          "booking_cancelled", true, now_text, std::nullopt);
        });
    if (!cancelled) return fail(cancelled.error());
    for (const LapsedHold& hold : *cancelled) providers.insert(hold.provider_id);
    total += static_cast<int>(cancelled->size());
    if (static_cast<int>(cancelled->size()) < settings_.sweep_batch) break;
  }
  for (const std::string& id : providers) deps_.changes.provider_changed(id);
  return total;
}

Result<Payment> PaymentService::find_for_pay_page(const std::string& order_id) {
  if (!is_valid_order_id(order_id)) return fail(payment_not_found());
  auto payment = deps_.payments.find_by_order_id(order_id);
  if (!payment) return fail(payment.error());
  if (!*payment) return fail(payment_not_found());
  return std::move(**payment);
}

}  // namespace janji::payments
