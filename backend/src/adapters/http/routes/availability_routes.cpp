#include "adapters/http/routes/availability_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/http/routes/slot_json.hpp"
#include "core/common/crypto.hpp"
#include "core/common/wall_time.hpp"

namespace janji::http {

namespace {

constexpr const char* kBase = "/api/v1/providers/:provider_id";

Json nullable_time(const std::optional<common::TimeRange>& range, bool start) {
  if (!range) return nullptr;
  return common::format_hhmm(start ? range->start : range->end);
}

availability::ScheduleFields read_schedule_fields(JsonFields& f) {
  availability::ScheduleFields out;
  out.day_of_week = f.integer("day_of_week");
  out.start_time = f.string("start_time");
  out.end_time = f.string("end_time");
  out.is_active = f.boolean("is_active");
  return out;
}

availability::ExceptionFields read_exception_fields(JsonFields& f) {
  availability::ExceptionFields out;
  out.exception_date = f.string("exception_date");
  out.start_time = f.nullable_string("start_time");
  out.end_time = f.nullable_string("end_time");
  out.reason = f.nullable_string("reason");
  out.is_available = f.boolean("is_available");
  return out;
}

Json exceptions_json(const std::vector<availability::ScheduleException>& exceptions) {
  Json out = Json::array();
  for (const auto& e : exceptions) out.push_back(exception_json(e));
  return out;
}

Response json_text_response(std::string body) {
  Response r;
  r.status = 200;
  r.set_header("Content-Type", "application/json; charset=utf-8");
  r.body = std::move(body);
  return r;
}

// GET availability's query: one `date`, or `start_date` and `end_date`; `service_id`.
struct ParsedAvailabilityQuery {
  availability::AvailabilityQuery query;
  bool single = true;
};

common::Result<ParsedAvailabilityQuery> availability_query(const Request& request) {
  ParsedAvailabilityQuery out;
  const bool ranged = request.query.count("start_date") > 0 || request.query.count("end_date") > 0;
  out.single = !ranged;
  if (request.query.count("date") > 0 && ranged) {
    return common::fail(common::Error::invalid(
        "Invalid query parameters",
        {{"date", "give either date or start_date and end_date, not both"}}));
  }
  Problems problems;
  QueryFields q(request.query, problems);
  std::optional<common::Date> from;
  std::optional<common::Date> to;
  if (out.single) {
    from = to = q.date("date", Presence::kRequired);
  } else {
    from = q.date("start_date", Presence::kRequired);
    to = q.date("end_date", Presence::kRequired);
  }
  auto service_id = q.uuid("service_id", Presence::kRequired);
  if (auto e = problems.error()) return common::fail(*e);
  const int span = common::days_between(*from, *to);
  if (span < 0) problems.invalid("end_date", "must not be before start_date", FieldSource::kQuery);
  if (span >= availability::kMaxRangeDays) {
    problems.invalid("end_date", "the range may cover at most 62 days", FieldSource::kQuery);
  }
  if (auto e = problems.error()) return common::fail(*e);
  out.query = {request.param("provider_id"), *service_id, *from, *to};
  if (!common::is_uuid(out.query.provider_id)) {
    return common::fail(common::Error::not_found("PROVIDER_001", "Provider not found"));
  }
  return out;
}

const auth::Principal* viewer_of(const std::optional<auth::Principal>& p) {
  return p ? &*p : nullptr;
}

void add_schedule_routes(Router& router, auth::AuthService& auth,
                         availability::ScheduleService& schedules) {
  const std::string base = std::string(kBase) + "/schedules";

  router.add("GET", base, require_auth(auth, [&schedules](Request& request) {
               Problems problems;
               QueryFields q(request.query, problems);
               auto book = schedules.overview(*request.principal, request.param("provider_id"),
                                              q.text("from"), q.text("to"));
               if (!book) return error_response(book.error());
               Json items = Json::array();
               for (const auto& s : book->schedules) items.push_back(schedule_json(s));
               return success(200, Json{{"schedules", std::move(items)},
                                        {"exceptions", exceptions_json(book->exceptions)}});
             }));

  router.add("POST", base, require_auth(auth, [&schedules](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               Problems problems;
               JsonFields f(*body, problems);
               const auto fields = read_schedule_fields(f);
               if (auto e = problems.error()) return error_response(*e);
               auto created = schedules.create_schedule(*request.principal,
                                                        request.param("provider_id"), fields);
               if (!created) return error_response(created.error());
               return success(201, Json{{"schedule", schedule_json(*created)}});
             }));

  router.add("PUT", base + "/:id", require_auth(auth, [&schedules](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               Problems problems;
               JsonFields f(*body, problems);
               const auto fields = read_schedule_fields(f);
               if (auto e = problems.error()) return error_response(*e);
               auto updated = schedules.update_schedule(
                   *request.principal, request.param("provider_id"), request.param("id"), fields);
               if (!updated) return error_response(updated.error());
               return success(200, Json{{"schedule", schedule_json(*updated)}});
             }));

  router.add("DELETE", base + "/:id", require_auth(auth, [&schedules](Request& request) {
               if (auto r = schedules.delete_schedule(
                       *request.principal, request.param("provider_id"), request.param("id"));
                   !r) {
                 return error_response(r.error());
               }
               return message_only(200, "Schedule deleted");
             }));
}

void add_exception_routes(Router& router, auth::AuthService& auth,
                          availability::ScheduleService& schedules) {
  const std::string base = std::string(kBase) + "/exceptions";

  router.add("GET", base, require_auth(auth, [&schedules](Request& request) {
               Problems problems;
               QueryFields q(request.query, problems);
               auto found = schedules.list_exceptions(
                   *request.principal, request.param("provider_id"), q.text("from"), q.text("to"));
               if (!found) return error_response(found.error());
               return success(200, Json{{"exceptions", exceptions_json(*found)}});
             }));

  router.add("POST", base, require_auth(auth, [&schedules](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               Problems problems;
               JsonFields f(*body, problems);
               const auto fields = read_exception_fields(f);
               if (auto e = problems.error()) return error_response(*e);
               auto created = schedules.create_exception(*request.principal,
                                                         request.param("provider_id"), fields);
               if (!created) return error_response(created.error());
               return success(201, Json{{"exception", exception_json(*created)}});
             }));

  router.add("PUT", base + "/:id", require_auth(auth, [&schedules](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               Problems problems;
               JsonFields f(*body, problems);
               const auto fields = read_exception_fields(f);
               if (auto e = problems.error()) return error_response(*e);
               auto updated = schedules.update_exception(
                   *request.principal, request.param("provider_id"), request.param("id"), fields);
               if (!updated) return error_response(updated.error());
               return success(200, Json{{"exception", exception_json(*updated)}});
             }));

  router.add("DELETE", base + "/:id", require_auth(auth, [&schedules](Request& request) {
               if (auto r = schedules.delete_exception(
                       *request.principal, request.param("provider_id"), request.param("id"));
                   !r) {
                 return error_response(r.error());
               }
               return message_only(200, "Exception deleted");
             }));
}

}  // namespace

Json schedule_json(const availability::Schedule& s) {
  return Json{{"id", s.id},
              {"provider_id", s.provider_id},
              {"day_of_week", s.day_of_week},
              {"start_time", common::format_hhmm(s.range.start)},
              {"end_time", common::format_hhmm(s.range.end)},
              {"is_active", s.is_active},
              {"created_at", s.created_at}};
}

Json exception_json(const availability::ScheduleException& e) {
  return Json{{"id", e.id},
              {"provider_id", e.provider_id},
              {"exception_date", e.date},
              {"start_time", nullable_time(e.range, true)},
              {"end_time", nullable_time(e.range, false)},
              {"reason", e.reason ? Json(*e.reason) : Json(nullptr)},
              {"is_available", e.is_available},
              {"created_at", e.created_at}};
}

void register_availability_routes(Router& router, auth::AuthService& auth,
                                  availability::ScheduleService& schedules,
                                  availability::AvailabilityService& availability) {
  add_schedule_routes(router, auth, schedules);
  add_exception_routes(router, auth, schedules);

  // Public and benchmarked: no JSON library on the way out, one token check at most.
  router.add(
      "GET", std::string(kBase) + "/availability",
      [&auth, &availability](Request& request) {
        auto query = availability_query(request);
        if (!query) return error_response(query.error());
        const auto viewer = optional_principal(auth, request);
        auto answer = availability.find(query->query, viewer_of(viewer));
        if (!answer) return error_response(answer.error());
        return json_text_response(query->single ? day_slots_body(*answer, query->query.service_id)
                                                : range_slots_body(*answer, query->query.service_id));
      },
      // Cache hits answer on the I/O thread. Only active providers are cached, so the answer is
      // the same for every viewer and needs no token; anything unusual declines to the handler.
      [&availability](Request& request) -> std::optional<Response> {
        auto query = availability_query(request);
        if (!query) return std::nullopt;
        auto answer = availability.cached(query->query);
        if (!answer) return std::nullopt;
        return json_text_response(query->single ? day_slots_body(*answer, query->query.service_id)
                                                : range_slots_body(*answer, query->query.service_id));
      });
}

}  // namespace janji::http
