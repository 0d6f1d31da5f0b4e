#include "adapters/http/routes/calendar_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "core/notifications/booking_invite.hpp"

namespace janji::http {

void register_calendar_routes(Router& router, auth::AuthService& auth,
                              bookings::BookingService& bookings, const common::Clock& clock,
                              CalendarRouteOptions options) {
  router.add("GET", "/api/v1/bookings/:id/calendar.ics",
             require_auth(auth, [&bookings, &clock, options](Request& request) {
               auto lineage =
                   notifications::trace_booking(bookings, *request.principal, request.param("id"),
                                                notifications::FollowMoves::kToNewest);
               if (!lineage) return error_response(lineage.error());
               const auto invite =
                   notifications::booking_invite(*lineage, clock.now(), options.organizer_email);
               const bool cancelled = invite.method == notifications::InviteMethod::kCancel;
               const auto& b = lineage->view.booking;

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
