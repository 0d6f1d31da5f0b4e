#include "adapters/http/routes/booking_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/auth_routes.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/http/routes/provider_routes.hpp"
#include "core/common/wall_time.hpp"

namespace janji::http {

namespace {

constexpr long long kMaxPage = 1'000'000;
constexpr long long kMaxLimit = 100;

Json nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

bool blank(const std::string& body) {
  return body.find_first_not_of(" \t\r\n") == std::string::npos;
}

void add_booking_routes(Router& router, auth::AuthService& auth,
                        bookings::BookingService& bookings) {
  router.add(
      "POST", "/api/v1/bookings", require_auth(auth, [&bookings](Request& request) {
        auto body = parse_json_object(request);
        if (!body) return error_response(body.error());
        JsonFields f(*body);
        bookings::CreateBookingInput in;
        in.provider_id = f.string("provider_id").value_or("");
        in.service_id = f.string("service_id").value_or("");
        in.booking_date = f.string("booking_date").value_or("");
        in.start_time = f.string("start_time").value_or("");
        if (auto notes = f.nullable_string("customer_notes")) in.customer_notes = *notes;
        if (auto e = f.error()) return error_response(*e);
        in.idempotency_key = request.header("idempotency-key");
        bool replayed = false;
        auto created = bookings.create(*request.principal, in, &replayed);
        if (!created) return error_response(created.error());
        auto response = success(replayed ? 200 : 201, Json{{"booking", booking_json(*created)}});
        if (replayed) response.set_header("Idempotent-Replayed", "true");
        return response;
      }));

  router.add("GET", "/api/v1/bookings", require_auth(auth, [&bookings](Request& request) {
               QueryFields q(request.query);
               bookings::BookingListQuery query;
               query.as = q.text("as");
               query.status = q.text("status");
               query.start_date = q.text("start_date");
               query.end_date = q.text("end_date");
               query.provider_id = q.text("provider_id");
               query.customer_id = q.text("customer_id");
               query.page = q.positive("page", 1, kMaxPage);
               query.limit = q.positive("limit", 10, kMaxLimit);
               if (auto e = q.error()) return error_response(*e);
               auto page = bookings.list(*request.principal, query);
               if (!page) return error_response(page.error());
               Json items = Json::array();
               for (const auto& b : page->items) items.push_back(booking_json(b));
               return paginated(items, query.page, query.limit, page->total_items);
             }));

  router.add("PUT", "/api/v1/bookings/:id", require_auth(auth, [&bookings](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               JsonFields f(*body);
               std::optional<std::string> customer_notes;
               std::optional<std::string> admin_notes;
               if (auto n = f.nullable_string("customer_notes")) customer_notes = n->value_or("");
               if (auto n = f.nullable_string("admin_notes")) admin_notes = n->value_or("");
               if (auto e = f.error()) return error_response(*e);
               auto updated = bookings.update_notes(*request.principal, request.param("id"),
                                                    customer_notes, admin_notes);
               if (!updated) return error_response(updated.error());
               return success(200, Json{{"booking", booking_json(*updated)}});
             }));

  const std::pair<const char*, bookings::BookingAction> actions[] = {
      {"confirm", bookings::BookingAction::kConfirm},
      {"reject", bookings::BookingAction::kReject},
      {"complete", bookings::BookingAction::kComplete},
      {"no-show", bookings::BookingAction::kNoShow}};
  for (const auto& [name, action] : actions) {
    const bool with_reason = action == bookings::BookingAction::kReject;
    router.add("POST", std::string("/api/v1/bookings/:id/") + name,
               require_auth(auth, [&bookings, action, with_reason](Request& request) {
                 std::optional<std::string> reason;
                 if (!blank(request.body)) {
                   auto body = parse_json_object(request);
                   if (!body) return error_response(body.error());
                   JsonFields f(*body);
                   if (with_reason) {
                     if (auto r = f.nullable_string("reason")) reason = *r;
                   }
                   if (auto e = f.error()) return error_response(*e);
                 }
                 auto changed =
                     bookings.transition(*request.principal, request.param("id"), action, reason);
                 if (!changed) return error_response(changed.error());
                 return success(200, Json{{"booking", booking_json(*changed)}});
               }));
  }

  router.add("GET", "/api/v1/bookings/:id/reschedule-options",
             require_auth(auth, [&bookings](Request& request) {
               QueryFields q(request.query);
               const std::string service_id = q.text("service_id");
               if (auto e = q.error()) return error_response(*e);
               const std::string id = request.param("id");
               auto days = bookings.reschedule_options(*request.principal, id, service_id);
               if (!days) return error_response(days.error());
               Json out = Json::array();
               for (const auto& d : *days) {
                 Json slots = Json::array();
                 for (int m : d.slots) slots.push_back(common::format_hhmm(m));
                 out.push_back(Json{{"date", d.date}, {"available_slots", std::move(slots)}});
               }
               return success(200, Json{{"booking_id", id}, {"days", std::move(out)}});
             }));

  router.add("POST", "/api/v1/bookings/:id/reschedule",
             require_auth(auth, [&bookings](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               JsonFields f(*body);
               const std::string new_date = f.string("new_date").value_or("");
               const std::string new_start_time = f.string("new_start_time").value_or("");
               std::optional<std::string> reason;
               if (auto r = f.nullable_string("reason")) reason = *r;
               if (auto e = f.error()) return error_response(*e);
               auto moved = bookings.reschedule(*request.principal, request.param("id"), new_date,
                                                new_start_time, reason);
               if (!moved) return error_response(moved.error());
               return success(201, Json{{"booking", booking_json(moved->booking)},
                                        {"previous", booking_json(moved->previous)}});
             }));

  router.add("GET", "/api/v1/bookings/:id", require_auth(auth, [&bookings](Request& request) {
               auto view = bookings.get(*request.principal, request.param("id"));
               if (!view) return error_response(view.error());
               return success(200, Json{{"booking", booking_json(view->booking)},
                                        {"customer", user_json(view->customer)},
                                        {"provider", provider_json(view->provider)},
                                        {"service", service_json(view->service)}});
             }));

  router.add("DELETE", "/api/v1/bookings/:id", require_auth(auth, [&bookings](Request& request) {
               std::optional<std::string> reason;
               if (!blank(request.body)) {
                 auto body = parse_json_object(request);
                 if (!body) return error_response(body.error());
                 JsonFields f(*body);
                 if (auto r = f.nullable_string("cancellation_reason")) reason = *r;
                 if (auto e = f.error()) return error_response(*e);
               }
               auto cancelled = bookings.cancel(*request.principal, request.param("id"), reason);
               if (!cancelled) return error_response(cancelled.error());
               return success(200, Json{{"booking", booking_json(*cancelled)}});
             }));
}

}  // namespace

Json booking_json(const bookings::Booking& b) {
  return Json{{"id", b.id},
              {"customer_id", b.customer_id},
              {"provider_id", b.provider_id},
              {"service_id", b.service_id},
              {"booking_date", b.date},
              {"start_time", common::format_hhmm(b.range.start)},
              {"end_time", common::format_hhmm(b.range.end)},
              {"starts_at", common::format_instant(b.starts_at)},
              {"ends_at", common::format_instant(b.ends_at)},
              {"status", std::string(bookings::to_string(b.status))},
              {"payment_status", std::string(bookings::to_string(b.payment_status))},
              {"customer_notes", nullable(b.customer_notes)},
              {"admin_notes", nullable(b.admin_notes)},
              {"cancellation_reason", nullable(b.cancellation_reason)},
              {"payment_id", nullable(b.payment_id)},
              {"rescheduled_from_id", nullable(b.rescheduled_from_id)},
              {"rescheduled_to_id", nullable(b.rescheduled_to_id)},
              {"cancelled_at", nullable(b.cancelled_at)},
              {"created_at", b.created_at},
              {"updated_at", b.updated_at}};
}

void register_booking_routes(Router& router, auth::AuthService& auth,
                             bookings::BookingService& bookings) {
  add_booking_routes(router, auth, bookings);
}

}  // namespace janji::http
