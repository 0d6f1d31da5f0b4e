#include "adapters/http/routes/booking_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/auth_routes.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/http/routes/payment_routes.hpp"
#include "adapters/http/routes/provider_routes.hpp"
#include "adapters/http/routes/slot_json.hpp"
#include "core/common/text.hpp"
#include "core/common/wall_time.hpp"

namespace janji::http {

namespace {

constexpr long long kMaxPage = 1'000'000;

Json nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

bool blank(const std::string& body) {
  return body.find_first_not_of(" \t\r\n") == std::string::npos;
}

// A note or reason: absent, null (clear) or text of at most kMaxNotesLength characters.
std::optional<std::optional<std::string>> note(JsonFields& f, Problems& problems,
                                               const std::string& name) {
  auto text = f.nullable_string(name);
  if (text && *text && common::utf8_length(**text) > bookings::kMaxNotesLength) {
    problems.invalid(name, "must be at most 2000 characters");
  }
  return text;
}

// When a booking should start: `instant_name` (RFC 3339), or `date_name` and `time_name`
// (provider-local), not both.
std::optional<bookings::RequestedStart> requested_start(const Json& body, JsonFields& f,
                                                        Problems& problems,
                                                        const std::string& date_name,
                                                        const std::string& time_name,
                                                        const std::string& instant_name) {
  const auto given = [&body](const std::string& name) {
    const auto it = body.find(name);
    return it != body.end() && !it->is_null();
  };
  if (given(instant_name)) {
    if (given(date_name) || given(time_name)) {
      problems.invalid(instant_name, "give either " + instant_name + " or " + date_name + " and " +
                                         time_name + ", not both");
      return std::nullopt;
    }
    auto instant = f.instant(instant_name, Presence::kRequired);
    if (!instant) return std::nullopt;
    return bookings::RequestedStart{*instant};
  }
  auto date = f.date(date_name, Presence::kRequired);
  auto time = f.time_of_day(time_name, TimeBound::kStart, Presence::kRequired);
  if (!date || !time) return std::nullopt;
  return bookings::RequestedStart{bookings::LocalStart{*date, *time}};
}

Response booking_response(int status, const bookings::Booking& b) {
  return success(status, Json{{"booking", booking_json(b)}});
}

void add_booking_routes(Router& router, auth::AuthService& auth, bookings::BookingService& bookings,
                        payments::PaymentService* payments) {
  router.add(
      "POST", "/api/v1/bookings", require_auth(auth, [&bookings](Request& request) {
        auto body = parse_json_object(request);
        if (!body) return error_response(body.error());
        Problems problems;
        JsonFields f(*body, problems);
        bookings::CreateBookingCommand command;
        auto provider_id = f.uuid("provider_id", Presence::kRequired);
        auto service_id = f.uuid("service_id", Presence::kRequired);
        auto start = requested_start(*body, f, problems, "booking_date", "start_time", "starts_at");
        if (auto notes = note(f, problems, "customer_notes")) command.customer_notes = *notes;
        command.idempotency_key = request.header("idempotency-key");
        const auto& key = command.idempotency_key;
        if (key && (key->empty() || key->size() > bookings::kMaxIdempotencyKeyLength)) {
          problems.invalid("Idempotency-Key", "must be 1 to 255 characters", FieldSource::kHeader);
        }
        if (auto e = problems.error()) return error_response(*e);
        command.provider_id = *provider_id;
        command.service_id = *service_id;
        command.start = *start;
        bool replayed = false;
        auto created = bookings.create(*request.principal, command, &replayed);
        if (!created) return error_response(created.error());
        auto response = booking_response(replayed ? 200 : 201, *created);
        if (replayed) response.set_header("Idempotent-Replayed", "true");
        return response;
      }));

  router.add("GET", "/api/v1/bookings", require_auth(auth, [&bookings](Request& request) {
               Problems problems;
               QueryFields q(request.query, problems);
               bookings::BookingListQuery query;
               if (auto as = q.one_of("as", {"customer", "provider"})) {
                 query.as = *as == "customer" ? bookings::ListedAs::kCustomer
                                              : bookings::ListedAs::kProvider;
               }
               if (auto status = q.one_of(
                       "status", {"pending", "confirmed", "cancelled", "completed", "no_show"})) {
                 query.status = bookings::parse_booking_status(*status);
               }
               if (auto when = q.one_of("when", {"upcoming", "past"})) {
                 query.timing = *when == "upcoming" ? bookings::BookingTiming::kUpcoming
                                                    : bookings::BookingTiming::kPast;
               }
               query.start_date = q.date("start_date");
               query.end_date = q.date("end_date");
               query.provider_id = q.uuid("provider_id");
               query.customer_id = q.uuid("customer_id");
               query.page = q.positive("page", 1, kMaxPage);
               query.limit = q.positive("limit", 10, bookings::kMaxListLimit);
               if (auto e = problems.error()) return error_response(*e);
               auto page = bookings.list(*request.principal, query);
               if (!page) return error_response(page.error());
               Json items = Json::array();
               for (const auto& listed : page->items) {
                 Json item = booking_json(listed.booking);
                 item["provider_name"] = listed.provider_name;
                 item["service_name"] = listed.service_name;
                 item["customer_name"] = listed.customer_name;
                 item["time_zone"] = listed.time_zone;
                 item["service_price"] = listed.service_price;
                 items.push_back(std::move(item));
               }
               return paginated(items, query.page, query.limit, page->total_items);
             }));

  router.add("PUT", "/api/v1/bookings/:id", require_auth(auth, [&bookings](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               Problems problems;
               JsonFields f(*body, problems);
               std::optional<std::string> customer_notes;
               std::optional<std::string> admin_notes;
               if (auto n = note(f, problems, "customer_notes")) customer_notes = n->value_or("");
               if (auto n = note(f, problems, "admin_notes")) admin_notes = n->value_or("");
               if (auto e = problems.error()) return error_response(*e);
               auto updated = bookings.update_notes(*request.principal, request.param("id"),
                                                    customer_notes, admin_notes);
               if (!updated) return error_response(updated.error());
               return booking_response(200, *updated);
             }));

  // The reason of a reject (`reason`) or a cancel (`cancellation_reason`), from an optional
  // body.
  const auto reason_of = [](Request& request,
                            const char* name) -> common::Result<std::optional<std::string>> {
    std::optional<std::string> reason;
    if (blank(request.body)) return reason;
    auto body = parse_json_object(request);
    if (!body) return common::fail(body.error());
    Problems problems;
    JsonFields f(*body, problems);
    if (name) {
      if (auto r = note(f, problems, name)) reason = *r;
    }
    if (auto e = problems.error()) return common::fail(*e);
    return reason;
  };

  const std::pair<const char*, bookings::BookingAction> actions[] = {
      {"confirm", bookings::BookingAction::kConfirm},
      {"reject", bookings::BookingAction::kReject},
      {"complete", bookings::BookingAction::kComplete},
      {"no-show", bookings::BookingAction::kNoShow}};
  for (const auto& [name, action] : actions) {
    const char* reason_field = action == bookings::BookingAction::kReject ? "reason" : nullptr;
    router.add("POST", std::string("/api/v1/bookings/:id/") + name,
               require_auth(auth, [&bookings, action, reason_field, reason_of](Request& request) {
                 auto reason = reason_of(request, reason_field);
                 if (!reason) return error_response(reason.error());
                 auto changed =
                     bookings.transition(*request.principal, request.param("id"), action, *reason);
                 if (!changed) return error_response(changed.error());
                 return booking_response(200, *changed);
               }));
  }

  router.add("GET", "/api/v1/bookings/:id/reschedule-options",
             require_auth(auth, [&bookings](Request& request) {
               Problems problems;
               QueryFields q(request.query, problems);
               const auto service_id = q.uuid("service_id");
               if (auto e = problems.error()) return error_response(*e);
               const std::string id = request.param("id");
               auto options = bookings.reschedule_options(*request.principal, id, service_id);
               if (!options) return error_response(options.error());
               Response r;
               r.status = 200;
               r.set_header("Content-Type", "application/json; charset=utf-8");
               r.body = reschedule_options_body(id, *options);
               return r;
             }));

  router.add(
      "POST", "/api/v1/bookings/:id/reschedule", require_auth(auth, [&bookings](Request& request) {
        auto body = parse_json_object(request);
        if (!body) return error_response(body.error());
        Problems problems;
        JsonFields f(*body, problems);
        auto start =
            requested_start(*body, f, problems, "new_date", "new_start_time", "new_starts_at");
        bookings::RescheduleCommand command;
        if (auto r = note(f, problems, "reason")) command.reason = *r;
        if (auto e = problems.error()) return error_response(*e);
        command.start = *start;
        auto moved = bookings.reschedule(*request.principal, request.param("id"), command);
        if (!moved) return error_response(moved.error());
        return success(201, Json{{"booking", booking_json(moved->booking)},
                                 {"previous", booking_json(moved->previous)}});
      }));

  router.add("GET", "/api/v1/bookings/:id",
             require_auth(auth, [&bookings, payments](Request& request) {
               auto view = bookings.get(*request.principal, request.param("id"));
               if (!view) return error_response(view.error());
               Json data{{"booking", booking_json(view->booking)},
                         {"customer", user_json(view->customer)},
                         {"provider", provider_json(view->provider)},
                         {"service", service_json(view->service)}};
               if (payments) {
                 auto attempts = payments->attempts_of(view->booking);
                 if (!attempts) return error_response(attempts.error());
                 Json list = Json::array();
                 for (const auto& p : *attempts) list.push_back(payment_json(p));
                 data["payments"] = std::move(list);
               }
               return success(200, data);
             }));

  router.add("DELETE", "/api/v1/bookings/:id",
             require_auth(auth, [&bookings, reason_of](Request& request) {
               auto reason = reason_of(request, "cancellation_reason");
               if (!reason) return error_response(reason.error());
               auto cancelled = bookings.cancel(*request.principal, request.param("id"), *reason);
               if (!cancelled) return error_response(cancelled.error());
               return booking_response(200, *cancelled);
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
              {"payment_due_at",
               b.payment_due_at ? Json(common::format_instant(*b.payment_due_at)) : Json(nullptr)},
              {"rescheduled_from_id", nullable(b.rescheduled_from_id)},
              {"rescheduled_to_id", nullable(b.rescheduled_to_id)},
              {"cancelled_at", nullable(b.cancelled_at)},
              {"created_at", b.created_at},
              {"updated_at", b.updated_at}};
}

void register_booking_routes(Router& router, auth::AuthService& auth,
                             bookings::BookingService& bookings,
                             payments::PaymentService* payments) {
  add_booking_routes(router, auth, bookings, payments);
}

}  // namespace janji::http
