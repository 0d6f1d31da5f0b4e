#include "adapters/http/routes/calendar_feed_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"

namespace janji::http {

void register_calendar_feed_routes(Router& router, auth::AuthService& auth,
                                   providers::CalendarFeedService& feeds) {
  router.add(
      "GET", "/api/v1/providers/:id/calendar-feed", require_auth(auth, [&feeds](Request& request) {
        auto status = feeds.status(*request.principal, request.param("id"));
        if (!status) return error_response(status.error());
        return success(200, Json{{"active", status->active},
                                 {"created_at",
                                  status->created_at ? Json(*status->created_at) : Json(nullptr)}});
      }));

  router.add("POST", "/api/v1/providers/:id/calendar-feed",
             require_auth(auth, [&feeds](Request& request) {
               auto link = feeds.create(*request.principal, request.param("id"));
               if (!link) return error_response(link.error());
               auto r = success(201, Json{{"url", link->url}, {"created_at", link->created_at}},
                                "Copy this link now: it is shown only once");
               r.set_header("Cache-Control", "no-store");
               return r;
             }));

  router.add("DELETE", "/api/v1/providers/:id/calendar-feed",
             require_auth(auth, [&feeds](Request& request) {
               auto revoked = feeds.revoke(*request.principal, request.param("id"));
               if (!revoked) return error_response(revoked.error());
               return message_only(200, "Calendar feed turned off");
             }));

  router.add("GET", "/api/v1/providers/:id/calendar.ics", [&feeds](Request& request) {
    const auto token = request.query.find("token");
    auto text = feeds.render(request.param("id"),
                             token == request.query.end() ? std::string() : token->second);
    if (!text) return error_response(text.error());
    Response r;
    r.status = 200;
    r.body = std::move(*text);
    r.set_header("Content-Type", "text/calendar; charset=utf-8; method=PUBLISH");
    r.set_header("Cache-Control", "private, max-age=300");
    r.set_header("Content-Disposition", "inline; filename=\"janji-calendar.ics\"");
    return r;
  });
}

}  // namespace janji::http
