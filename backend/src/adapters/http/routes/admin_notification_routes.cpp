#include "adapters/http/routes/admin_notification_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/json_fields.hpp"

namespace janji::http {

namespace {

constexpr long long kMaxPage = 1'000'000;
constexpr long long kDefaultLimit = 20;

Json nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

// Everything but the payload, which may hold links with tokens.
Json notification_json(const notifications::NotificationRecord& n) {
  return Json{{"id", n.id},
              {"type", n.type},
              {"channel", n.channel},
              {"status", std::string(notifications::to_string(n.status))},
              {"user_id", n.user_id},
              {"recipient_email", nullable(n.recipient_email)},
              {"booking_id", nullable(n.booking_id)},
              {"attempts", n.attempts},
              {"next_attempt_at", nullable(n.next_attempt_at)},
              {"error_message", nullable(n.error_message)},
              {"sent_at", nullable(n.sent_at)},
              {"provider_message_id", nullable(n.provider_message_id)},
              {"created_at", n.created_at},
              {"updated_at", n.updated_at}};
}

}  // namespace

void register_admin_notification_routes(Router& router, auth::AuthService& auth,
                                        notifications::NotificationCentre& centre) {
  router.add(
      "GET", "/api/v1/admin/notifications", require_auth(auth, [&centre](Request& request) {
        Problems problems;
        QueryFields q(request.query, problems);
        notifications::NotificationQuery query;
        if (auto status = q.one_of("status", {"pending", "sent", "failed", "skipped"})) {
          query.status = notifications::parse_notification_status(*status);
        }
        const std::string type = q.bounded_text("type", notifications::kMaxNotificationTypeLength);
        if (!type.empty()) query.type = type;
        const std::string recipient =
            q.bounded_text("recipient", notifications::kMaxRecipientLength);
        if (!recipient.empty()) query.recipient = recipient;
        query.created_from = q.date("from");
        query.created_to = q.date("to");
        query.page = q.positive("page", 1, kMaxPage);
        query.limit = q.positive("limit", kDefaultLimit, notifications::kMaxNotificationListLimit);
        if (auto e = problems.error()) return error_response(*e);
        auto page = centre.list(*request.principal, query);
        if (!page) return error_response(page.error());
        Json items = Json::array();
        for (const auto& n : page->items) items.push_back(notification_json(n));
        return paginated(items, query.page, query.limit, page->total_items);
      }));

  router.add("POST", "/api/v1/admin/notifications/:id/retry",
             require_auth(auth, [&centre](Request& request) {
               auto retried = centre.retry(*request.principal, request.param("id"));
               if (!retried) return error_response(retried.error());
               return success(200, Json{{"notification", notification_json(*retried)}});
             }));
}

}  // namespace janji::http
