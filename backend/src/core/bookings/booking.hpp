#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/common/clock.hpp"
#include "core/common/result.hpp"
#include "core/common/wall_time.hpp"

namespace janji::bookings {

enum class BookingStatus { kPending, kConfirmed, kCancelled, kCompleted, kNoShow };
enum class PaymentStatus { kUnpaid, kPaid, kRefunded };

std::string_view to_string(BookingStatus status);
std::optional<BookingStatus> parse_booking_status(std::string_view text);
std::string_view to_string(PaymentStatus status);
std::optional<PaymentStatus> parse_payment_status(std::string_view text);

// Pending and confirmed bookings hold their time; the others free it.
bool holds_slot(BookingStatus status);

// An appointment (SPEC "bookings"): [starts_at, ends_at) in UTC decides (overlap, rules,
// reminders); the provider-local date and wall-clock start and end are the same interval as
// people read it (on a fall-back night `range.end` may read earlier than `range.start`).
struct Booking {
  std::string id;
  std::string customer_id;
  std::string provider_id;
  std::string service_id;
  std::string date;  // YYYY-MM-DD, provider-local
  common::TimeRange range;
  common::Instant starts_at;
  common::Instant ends_at;
  BookingStatus status = BookingStatus::kPending;
  PaymentStatus payment_status = PaymentStatus::kUnpaid;
  std::optional<std::string> customer_notes;
  std::optional<std::string> admin_notes;
  std::optional<std::string> cancellation_reason;
  std::optional<std::string> payment_id;  // the paid payment attempt (issue 13)
  // Set when the booking needs payment: unpaid at this instant, the hold sweeper cancels it.
  std::optional<common::Instant> payment_due_at;
  std::optional<std::string> rescheduled_from_id;
  std::optional<std::string> rescheduled_to_id;
  std::optional<std::string> idempotency_key;
  std::optional<std::string> cancelled_at;
  std::string created_at;
  std::string updated_at;
};

// How the caller relates to a booking; decided by the service from the principal.
enum class Actor { kCustomer, kProvider, kAdmin };

enum class BookingAction { kConfirm, kReject, kCancel, kComplete, kNoShow };

// When the rules are evaluated: instants, so a cut-off across a clock change is still 24 real
// hours.
struct TransitionClock {
  common::Instant now;
  common::Instant start;  // the appointment's starts_at
  int cancellation_cutoff_hours = 24;
};

// The status machine, in one place (issue 4):
//   confirm          pending -> confirmed                 provider, admin
//   reject, cancel   pending | confirmed -> cancelled      reject: provider, admin; cancel: all
//                    a customer cancels a confirmed booking only up to the cutoff before its
//                    start (BOOKING_003); a pending one any time
//   complete, no-show confirmed -> completed | no_show     provider, admin; once it has started
// Anything else: 409 BOOKING_004 (wrong status) or BOOKING_005 (not started yet); a customer
// asking for a provider's action: 403.
common::Result<BookingStatus> next_status(BookingStatus from, BookingAction action, Actor actor,
                                          const TransitionClock& clock);

}  // namespace janji::bookings
