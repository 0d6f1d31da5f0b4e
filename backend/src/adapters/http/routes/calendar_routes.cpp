#include "adapters/http/routes/calendar_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "core/notifications/calendar_invite.hpp"

namespace janji::http {

namespace {

// A reschedule chain is short (each move is a customer's action); the bound only guards
// against a cycle in damaged data.
constexpr int kMaxChain = 100;

}  // namespace

void register_calendar_routes(Router& router, auth::AuthService& auth,
                              bookings::BookingService& bookings, const common::Clock& clock,
                              CalendarRouteOptions options) {
  router.add("GET", "/api/v1/bookings/:id/calendar.ics",
             require_auth(auth, [&bookings, &clock, options](Request& request) {
               auto view = bookings.get(*request.principal, request.param("id"));
               if (!view) return error_response(view.error());
               // A booking that was moved stands for its newest successor: its own CANCEL would
               // take the moved event out of the calendar.
               for (int hops = 0; view->booking.rescheduled_to_id && hops < kMaxChain; ++hops) {
                 auto next = bookings.get(*request.principal, *view->booking.rescheduled_to_id);
                 if (!next) break;
                 view = std::move(next);
               }
               const auto& b = view->booking;

               // One UID for a booking and everything rescheduled from it, so the calendar moves
               // the event instead of adding another; each move is one revision (SEQUENCE).
               std::string origin = b.id;
               int sequence = 0;
               auto from = b.rescheduled_from_id;
               while (from && sequence < kMaxChain) {
                 auto earlier = bookings.get(*request.principal, *from);
                 if (!earlier) break;
                 origin = earlier->booking.id;
                 from = earlier->booking.rescheduled_from_id;
                 ++sequence;
               }

               notifications::CalendarInvite invite;
               const bool cancelled = b.status == bookings::BookingStatus::kCancelled;
               invite.method = cancelled ? notifications::InviteMethod::kCancel
                                         : notifications::InviteMethod::kRequest;
               invite.uid = "booking-" + origin + "@janji";
               invite.sequence = sequence + (cancelled ? 1 : 0);
               invite.stamp = clock.now();
               invite.starts_at = b.starts_at;
               invite.ends_at = b.ends_at;
               invite.summary = view->service.name + " - " + view->provider.business_name;
               invite.location = view->provider.address.value_or("");
               invite.description = b.customer_notes.value_or("");
               invite.organizer = {view->provider.business_name, options.organizer_email};
               invite.attendee = {view->customer.full_name, view->customer.email};

               Response r;
               r.status = 200;
               r.body = notifications::render_calendar_invite(invite);
               r.set_header("Content-Type", std::string("text/calendar; charset=utf-8; method=") +
                                                (cancelled ? "CANCEL" : "REQUEST"));
               r.set_header("Content-Disposition",
                            "attachment; filename=\"janji-" + b.id + ".ics\"");
               return r;
             }));
}

}  // namespace janji::http
