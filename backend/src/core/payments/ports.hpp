#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bookings/booking.hpp"
#include "core/bookings/ports.hpp"
#include "core/common/result.hpp"
#include "core/payments/payment.hpp"

namespace janji::payments {

using common::Result;
using common::Status;

// What the core decides about one notification, given the payment and its booking as the
// write transaction sees them (both locked until commit).
struct NotificationEffect {
  // The payment to write (all mutable fields), or nullopt to leave it.
  std::optional<Payment> payment;
  // The booking to write (status, payment_status, payment_id, cancellation_reason,
  // cancelled_at, updated_at), or nullopt to leave it.
  std::optional<bookings::Booking> booking;
  std::vector<bookings::NotificationRow> outbox;  // inserted in the same transaction
  bool applied = false;                           // stored in the notification record
  std::string outcome;                            // stored in the notification record
};

using NotificationDecision =
    std::function<NotificationEffect(const Payment& current, const bookings::Booking& booking)>;

struct AppliedNotification {
  std::optional<Payment> payment;            // as stored after; nullopt: unknown order id
  std::optional<bookings::Booking> booking;  // as stored after (when the payment was found)
  bool applied = false;
  bool booking_changed = false;  // the booking row was written (slot cache, outbox wake-up)
  std::string outcome;
};

// A booking whose payment hold ran out, as cancel_lapsed_holds() cancelled it.
struct LapsedHold {
  std::string booking_id;
  std::string customer_id;
  std::string provider_id;
  std::string provider_user_id;  // the provider's owner ("" if the provider row is gone)
};

struct HoldCancellation {
  std::string reason;  // cancellation_reason
  std::string at;      // ISO-8601 UTC: cancelled_at and updated_at
  // A booking whose live attempt is under way at Midtrans (it has a transaction id: the
  // customer chose a method) is cancelled only once its payment_due_at <= this, so that a
  // payment made at the last moment can still land.
  common::Instant in_flight_cutoff{};
};

// Payments on the database (adapters/db/sql_payment_repository). Errors: kUnavailable when the
// database cannot be reached; never a leaked SQL message.
class PaymentRepository {
 public:
  virtual ~PaymentRepository() = default;

  virtual Result<std::optional<Payment>> find(const std::string& id) = 0;
  virtual Result<std::optional<Payment>> find_by_order_id(const std::string& order_id) = 0;
  // Every attempt of a booking, by attempt ascending.
  virtual Result<std::vector<Payment>> list_for_booking(const std::string& booking_id) = 0;
  // The notifications recorded for a payment, oldest first.
  virtual Result<std::vector<PaymentNotificationRecord>> notifications_of(
      const std::string& payment_id) = 0;

  // Inserts a new attempt (status pending, no token yet) if its booking is still pending and
  // unpaid. Conflict PAYMENT_003 when another live attempt exists for the booking or the
  // attempt number is taken (a concurrent create won: read the attempts again); Conflict
  // PAYMENT_002 when the booking is no longer pending and unpaid.
  virtual Result<Payment> insert_attempt(const Payment& payment) = 0;
  // Stores Snap's answer on a pending attempt.
  virtual Result<Payment> record_snap(const std::string& payment_id, const std::string& token,
                                      const std::string& redirect_url,
                                      const std::string& updated_at) = 0;
  // A pending attempt whose Snap request failed becomes failed (a new attempt may follow).
  virtual Status fail_attempt(const std::string& payment_id, const std::string& reason,
                              const std::string& updated_at) = 0;

  // In ONE write transaction: finds the payment of `order_id` and its booking, locking both
  // (SELECT ... FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE on SQLite), calls `decide`, writes
  // what it returns (payment, booking, outbox rows) and the notification record (`record` with
  // payment_id, applied and outcome filled in), commits. An unknown order id records the
  // notification with no payment and returns payment = nullopt. Concurrent calls for one order
  // id run one after the other, so each sees what the previous one wrote.
  virtual Result<AppliedNotification> apply_notification(const std::string& order_id,
                                                         PaymentNotificationRecord record,
                                                         const NotificationDecision& decide) = 0;

  // The hold sweeper, in ONE write transaction: cancels at most `limit` bookings that are still
  // pending and unpaid with payment_due_at <= now (<= how.in_flight_cutoff while a live attempt
  // has a transaction id), by a guarded UPDATE (status and payment
  // status checked again in its WHERE, PostgreSQL: FOR UPDATE SKIP LOCKED), so that of several
  // workers exactly one cancels each booking; inserts `announce(hold)` for each booking it
  // cancelled; commits. Returns the cancelled ones.
  virtual Result<std::vector<LapsedHold>> cancel_lapsed_holds(
      common::Instant now, int limit, const HoldCancellation& how,
      const std::function<std::vector<bookings::NotificationRow>(const LapsedHold&)>& announce) = 0;
};

}  // namespace janji::payments
