#pragma once

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/notifications/notification_centre.hpp"

namespace janji::http {

// The admin notification centre: GET /api/v1/admin/notifications (filters, paginated) and
// POST /api/v1/admin/notifications/:id/retry.
void register_admin_notification_routes(Router& router, auth::AuthService& auth,
                                        notifications::NotificationCentre& centre);

}  // namespace janji::http
