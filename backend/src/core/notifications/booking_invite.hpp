#pragma once

#include <string>

#include "core/auth/user.hpp"
#include "core/bookings/booking_service.hpp"
#include "core/notifications/calendar_invite.hpp"

namespace janji::notifications {

// A booking with the history a calendar needs: the first booking of its reschedule chain
// (whose id makes the invite's UID) and the moves that led here (the SEQUENCE), plus the
// booking it was moved from, if any.
struct BookingLineage {
  bookings::BookingView view;
  std::string origin_id;
  int moves = 0;
  std::optional<bookings::Booking> moved_from;
};

enum class FollowMoves { kNo, kToNewest };

// Reads booking `id` as `who` sees it and walks its reschedule links (bounded, so damaged data
// with a cycle ends). kToNewest first follows rescheduled_to: a moved booking stands for its
// newest successor, as the "add to calendar" file must (its own CANCEL would drop the event).
common::Result<BookingLineage> trace_booking(bookings::BookingService& bookings,
                                             const auth::Principal& who, const std::string& id,
                                             FollowMoves follow);

// The invite for the booking: REQUEST while it holds its slot, CANCEL once cancelled (one
// revision more than the last REQUEST). The provider organizes, the customer attends.
CalendarInvite booking_invite(const BookingLineage& lineage, common::Instant stamp,
                              const std::string& organizer_email);

}  // namespace janji::notifications
