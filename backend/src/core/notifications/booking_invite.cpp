#include "core/notifications/booking_invite.hpp"

#include <utility>

namespace janji::notifications {

namespace {

// A reschedule chain is short (each move is a person's action); the bound only guards against
// a cycle in damaged data.
constexpr int kMaxChain = 100;

}  // namespace

common::Result<BookingLineage> trace_booking(bookings::BookingService& bookings,
                                             const auth::Principal& who, const std::string& id,
                                             FollowMoves follow) {
  auto view = bookings.get(who, id);
  if (!view) return common::fail(view.error());
  if (follow == FollowMoves::kToNewest) {
    for (int hops = 0; view->booking.rescheduled_to_id && hops < kMaxChain; ++hops) {
      auto next = bookings.get(who, *view->booking.rescheduled_to_id);
      if (!next) break;
      view = std::move(next);
    }
  }
  BookingLineage lineage;
  lineage.origin_id = view->booking.id;
  auto from = view->booking.rescheduled_from_id;
  while (from && lineage.moves < kMaxChain) {
    auto earlier = bookings.get(who, *from);
    if (!earlier) break;
    if (lineage.moves == 0) lineage.moved_from = earlier->booking;
    lineage.origin_id = earlier->booking.id;
    from = earlier->booking.rescheduled_from_id;
    ++lineage.moves;
  }
  lineage.view = std::move(*view);
  return lineage;
}

CalendarInvite booking_invite(const BookingLineage& lineage, common::Instant stamp,
                              const std::string& organizer_email) {
  const auto& v = lineage.view;
  const bool cancelled = v.booking.status == bookings::BookingStatus::kCancelled;
  CalendarInvite invite;
  invite.method = cancelled ? InviteMethod::kCancel : InviteMethod::kRequest;
  // One UID for a booking and everything rescheduled from it, so the calendar moves the event
  // instead of adding another; each move is one revision.
  invite.uid = "booking-" + lineage.origin_id + "@janji";
  invite.sequence = lineage.moves + (cancelled ? 1 : 0);
  invite.stamp = stamp;
  invite.starts_at = v.booking.starts_at;
  invite.ends_at = v.booking.ends_at;
  invite.summary = v.service.name + " - " + v.provider.business_name;
  invite.location = v.provider.address.value_or("");
  invite.description = v.booking.customer_notes.value_or("");
  invite.organizer = {v.provider.business_name, organizer_email};
  invite.attendee = {v.customer.full_name, v.customer.email};
  return invite;
}

}  // namespace janji::notifications
