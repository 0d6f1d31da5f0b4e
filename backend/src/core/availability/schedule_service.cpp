#include "core/availability/schedule_service.hpp"

#include <map>

#include "core/common/text.hpp"
#include "core/common/time_zone.hpp"

namespace janji::availability {

using common::Error;
using common::fail;

namespace {

constexpr std::size_t kMaxReasonLength = 255;

Error schedule_not_found() { return Error::not_found("SCHEDULE_001", "Schedule not found"); }
Error exception_not_found() { return Error::not_found("EXCEPTION_001", "Exception not found"); }
Error schedule_overlap() {
  return Error::conflict("SCHEDULE_002", "This range overlaps another range on the same day");
}

using Problems = std::map<std::string, std::string>;

// Parses "HH:MM" into `out`, recording a problem under `field` otherwise.
void read_time(const std::string& text, const char* field, int& out, Problems& problems) {
  if (auto t = common::parse_time_of_day(text)) {
    out = *t;
  } else {
    problems[field] = "must be a time HH:MM between 00:00 and 24:00";
  }
}

// Builds the schedule `fields` describe on top of `base`; problems when invalid.
Problems apply(Schedule& s, const ScheduleFields& f) {
  Problems problems;
  if (f.day_of_week) {
    if (*f.day_of_week < 0 || *f.day_of_week > 6) {
      problems["day_of_week"] = "must be 0 (Sunday) to 6 (Saturday)";
    } else {
      s.day_of_week = *f.day_of_week;
    }
  }
  if (f.start_time) read_time(*f.start_time, "start_time", s.range.start, problems);
  if (f.end_time) read_time(*f.end_time, "end_time", s.range.end, problems);
  if (f.is_active) s.is_active = *f.is_active;
  if (!problems.count("start_time") && !problems.count("end_time") &&
      s.range.end <= s.range.start) {
    problems["end_time"] = "must be after start_time";
  }
  return problems;
}

Problems apply(ScheduleException& e, const ExceptionFields& f) {
  Problems problems;
  if (f.exception_date) {
    if (common::parse_date(*f.exception_date)) {
      e.date = *f.exception_date;
    } else {
      problems["exception_date"] = "must be a date YYYY-MM-DD";
    }
  }
  // Plain ints and flags: g++ 12 -O2 warns (-Wmaybe-uninitialized) on optional<int> here.
  bool has_start = e.range.has_value();
  bool has_end = has_start;
  int start = has_start ? e.range->start : 0;
  int end = has_end ? e.range->end : 0;
  if (f.start_time) {
    has_start = f.start_time->has_value();
    if (has_start) read_time(**f.start_time, "start_time", start, problems);
  }
  if (f.end_time) {
    has_end = f.end_time->has_value();
    if (has_end) read_time(**f.end_time, "end_time", end, problems);
  }
  if (f.reason) {
    e.reason = *f.reason;
    if (e.reason && e.reason->empty()) e.reason.reset();
    if (e.reason && common::utf8_length(*e.reason) > kMaxReasonLength) {
      problems["reason"] = "must be at most 255 characters";
    }
  }
  if (f.is_available) e.is_available = *f.is_available;
  if (problems.count("start_time") || problems.count("end_time")) return problems;
  if (has_start != has_end) {
    problems[has_start ? "end_time" : "start_time"] =
        "start_time and end_time must be given together (neither = the whole day)";
  } else if (has_start && end <= start) {
    problems["end_time"] = "must be after start_time";
  } else if (!has_start && e.is_available) {
    problems["start_time"] = "special hours (is_available=true) need start_time and end_time";
  }
  if (problems.empty()) {
    e.range =
        has_start ? std::optional<common::TimeRange>(common::TimeRange{start, end}) : std::nullopt;
  }
  return problems;
}

bool overlaps(const Schedule& a, const Schedule& b) {
  return a.id != b.id && a.is_active && b.is_active && a.day_of_week == b.day_of_week &&
         a.range.start < b.range.end && b.range.start < a.range.end;
}

Result<bool> overlaps_existing(ScheduleRepository& repo, const Schedule& s) {
  auto existing = repo.list_schedules(s.provider_id);
  if (!existing) return fail(existing.error());
  for (const auto& other : *existing) {
    if (overlaps(s, other)) return true;
  }
  return false;
}

}  // namespace

Result<std::pair<std::string, std::string>> ScheduleService::exception_window(
    const providers::Provider& p, const std::string& from, const std::string& to) const {
  Problems problems;
  if (!from.empty() && !common::parse_date(from)) problems["from"] = "must be a date YYYY-MM-DD";
  if (!to.empty() && !common::parse_date(to)) problems["to"] = "must be a date YYYY-MM-DD";
  if (!problems.empty()) return fail(Error::invalid("Invalid query parameters", problems));
  std::string start = from;
  if (start.empty()) {
    const auto local = common::to_local(deps_.clock.now(), p.timezone);
    if (local) start = common::format_date(local->date);
  }
  return std::make_pair(start, to);
}

Result<ScheduleBook> ScheduleService::overview(const auth::Principal& who,
                                               const std::string& provider_id,
                                               const std::string& from, const std::string& to) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  auto window = exception_window(*provider, from, to);
  if (!window) return fail(window.error());
  auto schedules = deps_.schedules.list_schedules(provider->id);
  if (!schedules) return fail(schedules.error());
  auto exceptions = deps_.schedules.list_exceptions(provider->id, window->first, window->second);
  if (!exceptions) return fail(exceptions.error());
  return ScheduleBook{std::move(*schedules), std::move(*exceptions)};
}

Result<std::vector<Schedule>> ScheduleService::weekly_hours(const std::string& provider_id,
                                                            const auth::Principal* viewer) {
  auto provider = deps_.catalog.visible_provider(provider_id, viewer);
  if (!provider) return fail(provider.error());
  auto schedules = deps_.schedules.list_schedules(provider->id);
  if (!schedules) return fail(schedules.error());
  std::erase_if(*schedules, [](const Schedule& s) { return !s.is_active; });
  return schedules;
}

Result<Schedule> ScheduleService::create_schedule(const auth::Principal& who,
                                                  const std::string& provider_id,
                                                  const ScheduleFields& fields) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  Problems missing;
  if (!fields.day_of_week) missing["day_of_week"] = "is required";
  if (!fields.start_time) missing["start_time"] = "is required";
  if (!fields.end_time) missing["end_time"] = "is required";
  if (!missing.empty()) return fail(Error::missing_fields(missing));
  Schedule s;
  s.id = deps_.crypto.new_uuid();
  s.provider_id = provider->id;
  if (auto problems = apply(s, fields); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  // A friendly early answer; the database guard decides under concurrency.
  auto clash = overlaps_existing(deps_.schedules, s);
  if (!clash) return fail(clash.error());
  if (*clash) return fail(schedule_overlap());
  s.created_at = common::format_instant(deps_.clock.now());
  auto created = deps_.schedules.create_schedule(s);
  if (!created) return fail(created.error());
  deps_.changes.provider_changed(s.provider_id);
  return created;
}

Result<Schedule> ScheduleService::update_schedule(const auth::Principal& who,
                                                  const std::string& provider_id,
                                                  const std::string& schedule_id,
                                                  const ScheduleFields& fields) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  if (!common::is_uuid(schedule_id)) return fail(schedule_not_found());
  auto found = deps_.schedules.find_schedule(provider->id, schedule_id);
  if (!found) return fail(found.error());
  if (!*found) return fail(schedule_not_found());
  Schedule s = **found;
  if (auto problems = apply(s, fields); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  auto clash = overlaps_existing(deps_.schedules, s);
  if (!clash) return fail(clash.error());
  if (*clash) return fail(schedule_overlap());
  auto updated = deps_.schedules.update_schedule(s);
  if (!updated) return fail(updated.error());
  deps_.changes.provider_changed(s.provider_id);
  return updated;
}

Status ScheduleService::delete_schedule(const auth::Principal& who, const std::string& provider_id,
                                        const std::string& schedule_id) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  if (!common::is_uuid(schedule_id)) return fail(schedule_not_found());
  auto deleted = deps_.schedules.delete_schedule(provider->id, schedule_id);
  if (!deleted) return fail(deleted.error());
  if (!*deleted) return fail(schedule_not_found());
  deps_.changes.provider_changed(provider->id);
  return {};
}

Result<std::vector<ScheduleException>> ScheduleService::list_exceptions(
    const auth::Principal& who, const std::string& provider_id, const std::string& from,
    const std::string& to) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  auto window = exception_window(*provider, from, to);
  if (!window) return fail(window.error());
  return deps_.schedules.list_exceptions(provider->id, window->first, window->second);
}

Result<ScheduleException> ScheduleService::create_exception(const auth::Principal& who,
                                                            const std::string& provider_id,
                                                            const ExceptionFields& fields) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  if (!fields.exception_date) {
    return fail(Error::missing_fields({{"exception_date", "is required"}}));
  }
  ScheduleException e;
  e.id = deps_.crypto.new_uuid();
  e.provider_id = provider->id;
  if (auto problems = apply(e, fields); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  e.created_at = common::format_instant(deps_.clock.now());
  auto created = deps_.schedules.create_exception(e);
  if (!created) return fail(created.error());
  deps_.changes.provider_changed(e.provider_id);
  return created;
}

Result<ScheduleException> ScheduleService::update_exception(const auth::Principal& who,
                                                            const std::string& provider_id,
                                                            const std::string& exception_id,
                                                            const ExceptionFields& fields) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  if (!common::is_uuid(exception_id)) return fail(exception_not_found());
  auto found = deps_.schedules.find_exception(provider->id, exception_id);
  if (!found) return fail(found.error());
  if (!*found) return fail(exception_not_found());
  ScheduleException e = **found;
  if (auto problems = apply(e, fields); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  auto updated = deps_.schedules.update_exception(e);
  if (!updated) return fail(updated.error());
  deps_.changes.provider_changed(e.provider_id);
  return updated;
}

Status ScheduleService::delete_exception(const auth::Principal& who, const std::string& provider_id,
                                         const std::string& exception_id) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  if (!common::is_uuid(exception_id)) return fail(exception_not_found());
  auto deleted = deps_.schedules.delete_exception(provider->id, exception_id);
  if (!deleted) return fail(deleted.error());
  if (!*deleted) return fail(exception_not_found());
  deps_.changes.provider_changed(provider->id);
  return {};
}

}  // namespace janji::availability
