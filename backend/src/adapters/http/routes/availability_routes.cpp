#include "adapters/http/routes/availability_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/http/routes/path_ids.hpp"
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

// `"HH:MM"` items of a JSON array, without a string per slot.
void append_slots(std::string& out, const std::vector<int>& slots) {
  out += '[';
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (i > 0) out += ',';
    const int m = slots[i];
    if (m < 0 || m >= common::kMinutesPerDay) {
      out += '"' + common::format_hhmm(m) + '"';  // never produced by the slot finder
      continue;
    }
    const int h = m / 60;
    const int mm = m % 60;
    const char text[7] = {'"', static_cast<char>('0' + h / 10),  static_cast<char>('0' + h % 10),
                          ':', static_cast<char>('0' + mm / 10), static_cast<char>('0' + mm % 10),
                          '"'};
    out.append(text, sizeof text);
  }
  out += ']';
}

Response json_text_response(std::string body) {
  Response r;
  r.status = 200;
  r.set_header("Content-Type", "application/json; charset=utf-8");
  r.body = std::move(body);
  return r;
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

std::string day_slots_body(const availability::DaySlots& day, const std::string& service_id) {
  std::string out;
  out.reserve(96 + day.slots.size() * 8);
  out += R"({"success":true,"data":{"date":")";
  out += day.date;
  out += R"(","service_id":")";
  out += service_id;
  out += R"(","available_slots":)";
  append_slots(out, day.slots);
  out += "}}";
  return out;
}

std::string range_slots_body(const std::vector<availability::DaySlots>& days,
                             const std::string& service_id) {
  std::size_t slot_count = 0;
  for (const auto& d : days) slot_count += d.slots.size();
  std::string out;
  out.reserve(128 + days.size() * 48 + slot_count * 8);
  out += R"({"success":true,"data":{"start_date":")";
  out += days.front().date;
  out += R"(","end_date":")";
  out += days.back().date;
  out += R"(","service_id":")";
  out += service_id;
  out += R"(","days":[)";
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (i > 0) out += ',';
    out += R"({"date":")";
    out += days[i].date;
    out += R"(","available_slots":)";
    append_slots(out, days[i].slots);
    out += '}';
  }
  out += "]}}";
  return out;
}

void register_availability_routes(Router& router, auth::AuthService& auth,
                                  availability::ScheduleService& schedules,
                                  availability::AvailabilityService& availability) {
  add_schedule_routes(router, auth, schedules);

  // Public and benchmarked: no JSON library on the way out, one token check at most.
  router.add(
      "GET", std::string(kBase) + "/availability",
      [&auth, &availability](Request& request) {
        const auto& query = request.query;
        const auto value = [&query](const char* name) {
          const auto it = query.find(name);
          return it == query.end() ? std::string{} : it->second;
        };
        const bool single = query.count("date") > 0;
        const bool ranged = query.count("start_date") > 0 || query.count("end_date") > 0;
        if (single && ranged) {
          return error_response(common::Error::invalid(
              "Invalid query parameters",
              {{"date", "give either date or start_date and end_date, not both"}}));
        }
        const auto viewer = optional_principal(auth, request);
        const std::string service_id = value("service_id");
        if (ranged) {
          auto days = availability.range(request.param("provider_id"), value("start_date"),
                                         value("end_date"), service_id, viewer_of(viewer));
          if (!days) return error_response(days.error());
          return json_text_response(range_slots_body(*days, service_id));
        }
        auto day = availability.day(request.param("provider_id"), value("date"), service_id,
                                    viewer_of(viewer));
        if (!day) return error_response(day.error());
        return json_text_response(day_slots_body(*day, service_id));
      },
      // Cache hits answer on the I/O thread. Only active providers are cached, so the answer is
      // the same for every viewer and needs no token; anything unusual declines to the handler.
      [&availability](Request& request) -> std::optional<Response> {
        const auto& query = request.query;
        const auto find = [&query](const char* name) -> const std::string* {
          const auto it = query.find(name);
          return it == query.end() ? nullptr : &it->second;
        };
        const std::string* service_id = find("service_id");
        if (!service_id) return std::nullopt;
        const std::string* date = find("date");
        const std::string* start = find("start_date");
        const std::string* end = find("end_date");
        if (date ? (start || end) : !(start && end)) return std::nullopt;
        auto days = availability.cached_range(request.param("provider_id"), date ? *date : *start,
                                              date ? *date : *end, *service_id);
        if (!days) return std::nullopt;
        if (date) return json_text_response(day_slots_body(days->front(), *service_id));
        return json_text_response(range_slots_body(*days, *service_id));
      });
}

}  // namespace janji::http
