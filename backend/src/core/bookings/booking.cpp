#include "core/bookings/booking.hpp"

#include <array>
#include <utility>

namespace janji::bookings {

using common::Error;
using common::fail;

namespace {

constexpr std::array<std::pair<BookingStatus, std::string_view>, 5> kStatuses = {{
    {BookingStatus::kPending, "pending"},
    {BookingStatus::kConfirmed, "confirmed"},
    {BookingStatus::kCancelled, "cancelled"},
    {BookingStatus::kCompleted, "completed"},
    {BookingStatus::kNoShow, "no_show"},
}};

constexpr std::array<std::pair<PaymentStatus, std::string_view>, 3> kPayments = {{
    {PaymentStatus::kUnpaid, "unpaid"},
    {PaymentStatus::kPaid, "paid"},
    {PaymentStatus::kRefunded, "refunded"},
}};

Error wrong_status(BookingStatus from, std::string_view action) {
  return Error::conflict("BOOKING_004", "A " + std::string(to_string(from)) +
                                            " booking cannot be " + std::string(action));
}

}  // namespace

std::string_view to_string(BookingStatus status) {
  for (const auto& [s, name] : kStatuses) {
    if (s == status) return name;
  }
  return "pending";
}

std::optional<BookingStatus> parse_booking_status(std::string_view text) {
  for (const auto& [s, name] : kStatuses) {
    if (name == text) return s;
  }
  return std::nullopt;
}

std::string_view to_string(PaymentStatus status) {
  for (const auto& [s, name] : kPayments) {
    if (s == status) return name;
  }
  return "unpaid";
}

std::optional<PaymentStatus> parse_payment_status(std::string_view text) {
  for (const auto& [s, name] : kPayments) {
    if (name == text) return s;
  }
  return std::nullopt;
}

bool holds_slot(BookingStatus status) {
  return status == BookingStatus::kPending || status == BookingStatus::kConfirmed;
}

common::Result<BookingStatus> next_status(BookingStatus from, BookingAction action, Actor actor,
                                          const TransitionClock& clock) {
  const bool staff = actor == Actor::kProvider || actor == Actor::kAdmin;
  const bool started = clock.now >= clock.start;
  switch (action) {
    case BookingAction::kConfirm:
      if (!staff) return fail(Error::forbidden("Only the provider or an admin can confirm"));
      if (from != BookingStatus::kPending) return fail(wrong_status(from, "confirmed"));
      return BookingStatus::kConfirmed;
    case BookingAction::kReject:
      if (!staff) return fail(Error::forbidden("Only the provider or an admin can reject"));
      if (!holds_slot(from)) return fail(wrong_status(from, "rejected"));
      return BookingStatus::kCancelled;
    case BookingAction::kCancel: {
      if (!holds_slot(from)) return fail(wrong_status(from, "cancelled"));
      if (actor == Actor::kCustomer && from == BookingStatus::kConfirmed) {
        if (clock.start - clock.now < std::chrono::hours{clock.cancellation_cutoff_hours}) {
          return fail(
              Error::conflict("BOOKING_003", "A confirmed booking can only be cancelled up to " +
                                                 std::to_string(clock.cancellation_cutoff_hours) +
                                                 " hours before it starts"));
        }
      }
      return BookingStatus::kCancelled;
    }
    case BookingAction::kComplete:
    case BookingAction::kNoShow: {
      const bool complete = action == BookingAction::kComplete;
      if (!staff) {
        return fail(Error::forbidden("Only the provider or an admin can close a booking"));
      }
      if (from != BookingStatus::kConfirmed) {
        return fail(wrong_status(from, complete ? "completed" : "marked as a no-show"));
      }
      if (!started) {
        return fail(Error::conflict("BOOKING_005", "The appointment has not started yet"));
      }
      return complete ? BookingStatus::kCompleted : BookingStatus::kNoShow;
    }
  }
  return fail(Error::internal());
}

}  // namespace janji::bookings
