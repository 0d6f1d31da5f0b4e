#pragma once

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/providers/calendar_feed.hpp"

namespace janji::http {

// A provider's calendar subscription: GET/POST/DELETE /api/v1/providers/:id/calendar-feed
// (status, new link, revoke; owner or admin) and the feed itself,
// GET /api/v1/providers/:id/calendar.ics?token=... (no login: the token is the key).
void register_calendar_feed_routes(Router& router, auth::AuthService& auth,
                                   providers::CalendarFeedService& feeds);

}  // namespace janji::http
