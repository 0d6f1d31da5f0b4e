#include "adapters/http/routes/availability_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/http/routes/path_ids.hpp"
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

// The body of a schedule create (everything but is_active required) or update.
availability::ScheduleFields read_schedule_fields(JsonFields& f, Presence presence) {
  availability::ScheduleFields out;
  out.day_of_week =
      f.integer_in("day_of_week", 0, 6, presence, "must be 0 (Sunday) to 6 (Saturday)");
  out.start = f.time_of_day("start_time", TimeBound::kStart, presence);
  out.end = f.time_of_day("end_time", TimeBound::kEnd, presence);
  out.is_active = f.boolean("is_active");
  return out;
}

// The body of an exception create (exception_date required) or update.
availability::ExceptionFields read_exception_fields(JsonFields& f, Presence presence) {
  availability::ExceptionFields out;
  out.date = f.date("exception_date", presence);
  out.start = f.nullable_time_of_day("start_time", TimeBound::kStart);
  out.end = f.nullable_time_of_day("end_time", TimeBound::kEnd);
  out.reason = f.nullable_string("reason");
  out.is_available = f.boolean("is_available");
  return out;
}

// The from/to window of the schedule and exception lists.
struct Window {
  std::optional<common::Date> from;
  std::optional<common::Date> to;
};

Window read_window(QueryFields& q) { return {q.date("from"), q.date("to")}; }

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

using availability::ScheduleService;

Response list_schedules(ScheduleService& schedules, Request& request) {
  Problems problems;
  QueryFields q(request.query, problems);
  const auto window = read_window(q);
  if (auto e = problems.error()) return error_response(*e);
  auto book =
      schedules.overview(*request.principal, request.param("provider_id"), window.from, window.to);
  if (!book) return error_response(book.error());
  Json items = Json::array();
  for (const auto& s : book->schedules) items.push_back(schedule_json(s));
  return success(200, Json{{"schedules", std::move(items)},
                           {"exceptions", exceptions_json(book->exceptions)}});
}

Response create_schedule(ScheduleService& schedules, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  const auto fields = read_schedule_fields(f, Presence::kRequired);
  if (auto e = problems.error()) return error_response(*e);
  auto created =
      schedules.create_schedule(*request.principal, request.param("provider_id"), fields);
  if (!created) return error_response(created.error());
  return success(201, Json{{"schedule", schedule_json(*created)}});
}

Response update_schedule(ScheduleService& schedules, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  const auto fields = read_schedule_fields(f, Presence::kOptional);
  if (auto e = problems.error()) return error_response(*e);
  auto updated = schedules.update_schedule(*request.principal, request.param("provider_id"),
                                           request.param("id"), fields);
  if (!updated) return error_response(updated.error());
  return success(200, Json{{"schedule", schedule_json(*updated)}});
}

Response delete_schedule(ScheduleService& schedules, Request& request) {
  auto deleted = schedules.delete_schedule(*request.principal, request.param("provider_id"),
                                           request.param("id"));
  if (!deleted) return error_response(deleted.error());
  return message_only(200, "Schedule deleted");
}

Response list_exceptions(ScheduleService& schedules, Request& request) {
  Problems problems;
  QueryFields q(request.query, problems);
  const auto window = read_window(q);
  if (auto e = problems.error()) return error_response(*e);
  auto found = schedules.list_exceptions(*request.principal, request.param("provider_id"),
                                         window.from, window.to);
  if (!found) return error_response(found.error());
  return success(200, Json{{"exceptions", exceptions_json(*found)}});
}

Response create_exception(ScheduleService& schedules, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  const auto fields = read_exception_fields(f, Presence::kRequired);
  if (auto e = problems.error()) return error_response(*e);
  auto created =
      schedules.create_exception(*request.principal, request.param("provider_id"), fields);
  if (!created) return error_response(created.error());
  return success(201, Json{{"exception", exception_json(*created)}});
}

Response update_exception(ScheduleService& schedules, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  const auto fields = read_exception_fields(f, Presence::kOptional);
  if (auto e = problems.error()) return error_response(*e);
  auto updated = schedules.update_exception(*request.principal, request.param("provider_id"),
                                            request.param("id"), fields);
  if (!updated) return error_response(updated.error());
  return success(200, Json{{"exception", exception_json(*updated)}});
}

Response delete_exception(ScheduleService& schedules, Request& request) {
  auto deleted = schedules.delete_exception(*request.principal, request.param("provider_id"),
                                            request.param("id"));
  if (!deleted) return error_response(deleted.error());
  return message_only(200, "Exception deleted");
}

// The owner's schedule and exception endpoints: signed in first (401), then the path ids
// (404 for a malformed one), then the handler.
void add_schedule_routes(Router& router, auth::AuthService& auth, ScheduleService& schedules) {
  using Handle = Response (*)(ScheduleService&, Request&);
  const auto route = [&](const char* method, const std::string& path, std::vector<PathId> ids,
                         Handle handle) {
    router.add(method, path,
               require_auth(auth, require_ids(std::move(ids), [&schedules, handle](Request& r) {
                              return handle(schedules, r);
                            })));
  };
  const PathId provider{"provider_id", providers::provider_not_found()};
  const PathId schedule{"id", availability::schedule_not_found()};
  const PathId exception{"id", availability::exception_not_found()};
  const std::string schedules_path = std::string(kBase) + "/schedules";
  const std::string exceptions_path = std::string(kBase) + "/exceptions";

  route("GET", schedules_path, {provider}, list_schedules);
  route("POST", schedules_path, {provider}, create_schedule);
  route("PUT", schedules_path + "/:id", {provider, schedule}, update_schedule);
  route("DELETE", schedules_path + "/:id", {provider, schedule}, delete_schedule);
  route("GET", exceptions_path, {provider}, list_exceptions);
  route("POST", exceptions_path, {provider}, create_exception);
  route("PUT", exceptions_path + "/:id", {provider, exception}, update_exception);
  route("DELETE", exceptions_path + "/:id", {provider, exception}, delete_exception);
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

  // Public and benchmarked: no JSON library on the way out, one token check at most.
  router.add(
      "GET", std::string(kBase) + "/availability",
      [&auth, &availability](Request& request) {
        auto query = availability_query(request);
        if (!query) return error_response(query.error());
        const auto viewer = optional_principal(auth, request);
        auto answer = availability.find(query->query, viewer_of(viewer));
        if (!answer) return error_response(answer.error());
        return json_text_response(query->single
                                      ? day_slots_body(*answer, query->query.service_id)
                                      : range_slots_body(*answer, query->query.service_id));
      },
      // Cache hits answer on the I/O thread. Only active providers are cached, so the answer is
      // the same for every viewer and needs no token; anything unusual declines to the handler.
      [&availability](Request& request) -> std::optional<Response> {
        auto query = availability_query(request);
        if (!query) return std::nullopt;
        auto answer = availability.cached(query->query);
        if (!answer) return std::nullopt;
        return json_text_response(query->single
                                      ? day_slots_body(*answer, query->query.service_id)
                                      : range_slots_body(*answer, query->query.service_id));
      });
}

}  // namespace janji::http
