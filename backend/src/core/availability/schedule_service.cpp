#include "core/availability/schedule_service.hpp"

#include <map>

#include "core/common/text.hpp"
#include "core/common/time_zone.hpp"

namespace janji::availability {

using common::Error;
using common::fail;

namespace {

constexpr std::size_t kMaxReasonLength = 255;

Error schedule_overlap() {
  return Error::conflict("SCHEDULE_002", "This range overlaps another range on the same day");
}

// Field problems of the domain's own rules, keyed by the resource's attribute names
// (start_time, end_time, reason: SPEC's column names, which the routes use on the wire too).
using Problems = std::map<std::string, std::string>;

// Builds the schedule `fields` describe on top of `s`; problems when invalid.
Problems apply(Schedule& s, const ScheduleFields& f) {
  if (f.day_of_week) s.day_of_week = *f.day_of_week;
  if (f.start) s.range.start = *f.start;
  if (f.end) s.range.end = *f.end;
  if (f.is_active) s.is_active = *f.is_active;
  if (s.range.end <= s.range.start) return {{"end_time", "must be after start_time"}};
  return {};
}

Problems apply(ScheduleException& e, const ExceptionFields& f) {
  Problems problems;
  if (f.date) e.date = common::format_date(*f.date);
  // Plain ints and flags: g++ 12 -O2 warns (-Wmaybe-uninitialized) on optional<int> here.
  bool has_start = e.range.has_value();
  bool has_end = has_start;
  int start = has_start ? e.range->start : 0;
  int end = has_end ? e.range->end : 0;
  if (f.start) {
    has_start = f.start->has_value();
    if (has_start) start = **f.start;
  }
  if (f.end) {
    has_end = f.end->has_value();
    if (has_end) end = **f.end;
  }
  if (f.reason) {
    e.reason = *f.reason;
    if (e.reason && e.reason->empty()) e.reason.reset();
    if (e.reason && common::utf8_length(*e.reason) > kMaxReasonLength) {
      problems["reason"] = "must be at most 255 characters";
    }
  }
  if (f.is_available) e.is_available = *f.is_available;
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

Error schedule_not_found() { return Error::not_found("SCHEDULE_001", "Schedule not found"); }
Error exception_not_found() { return Error::not_found("EXCEPTION_001", "Exception not found"); }

std::pair<std::string, std::string> ScheduleService::exception_window(
    const providers::Provider& p, std::optional<common::Date> from,
    std::optional<common::Date> to) const {
  if (!from) {
    if (auto local = common::to_local(deps_.clock.now(), p.timezone)) from = local->date;
  }
  return {from ? common::format_date(*from) : std::string{},
          to ? common::format_date(*to) : std::string{}};
}

Result<ScheduleBook> ScheduleService::overview(const auth::Principal& who,
                                               const std::string& provider_id,
                                               std::optional<common::Date> from,
                                               std::optional<common::Date> to) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  const auto window = exception_window(*provider, from, to);
  auto schedules = deps_.schedules.list_schedules(provider->id);
  if (!schedules) return fail(schedules.error());
  auto exceptions = deps_.schedules.list_exceptions(provider->id, window.first, window.second);
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
  // The route requires these; without them there is no range to create.
  if (!fields.day_of_week || !fields.start || !fields.end) {
    return fail(Error::internal("A new schedule needs its day and times"));
  }
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
  auto deleted = deps_.schedules.delete_schedule(provider->id, schedule_id);
  if (!deleted) return fail(deleted.error());
  if (!*deleted) return fail(schedule_not_found());
  deps_.changes.provider_changed(provider->id);
  return {};
}

Result<std::vector<ScheduleException>> ScheduleService::list_exceptions(
    const auth::Principal& who, const std::string& provider_id, std::optional<common::Date> from,
    std::optional<common::Date> to) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  const auto window = exception_window(*provider, from, to);
  return deps_.schedules.list_exceptions(provider->id, window.first, window.second);
}

Result<ScheduleException> ScheduleService::create_exception(const auth::Principal& who,
                                                            const std::string& provider_id,
                                                            const ExceptionFields& fields) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  if (!fields.date) return fail(Error::internal("A new exception needs its date"));
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
  auto deleted = deps_.schedules.delete_exception(provider->id, exception_id);
  if (!deleted) return fail(deleted.error());
  if (!*deleted) return fail(exception_not_found());
  deps_.changes.provider_changed(provider->id);
  return {};
}

}  // namespace janji::availability
