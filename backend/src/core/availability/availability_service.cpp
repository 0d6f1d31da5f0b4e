#include "core/availability/availability_service.hpp"

#include <map>

#include "core/availability/day_plan.hpp"
#include "core/common/time_zone.hpp"

namespace janji::availability {

using common::Error;
using common::fail;

namespace {

Error service_not_found() { return Error::not_found("SERVICE_001", "Service not found"); }
Error provider_not_found() { return Error::not_found("PROVIDER_001", "Provider not found"); }

// The days first..first+span as the slot cache holds them: each hit's candidate slots, the
// indexes of the misses, and the generation of the first lookup (read before any database
// read, see SlotCache). A hit stamped with another generation than the first lookup's counts
// as a miss: an invalidation came in between. `in_memory`: only what the process holds
// (SlotCache::lookup_in_memory), giving up at the first miss.
struct CacheWalk {
  std::vector<DaySlots> days;
  std::vector<std::size_t> misses;
  std::string generation;
  std::optional<CachedDay> any_hit;  // its rules and zone, its candidates moved out
};

CacheWalk walk_cache(SlotCache& cache, const std::string& provider_id, Date first, int span,
                     const std::string& service_id, bool in_memory) {
  CacheWalk walk;
  walk.days.resize(static_cast<std::size_t>(span) + 1);
  for (int i = 0; i <= span; ++i) {
    DaySlots& d = walk.days[static_cast<std::size_t>(i)];
    d.date = common::format_date(common::add_days(first, i));
    auto found = in_memory ? cache.lookup_in_memory(provider_id, d.date, service_id)
                           : cache.lookup(provider_id, d.date, service_id);
    if (i == 0) walk.generation = found.generation;
    if (found.day && found.generation == walk.generation) {
      d.slots = std::move(found.day->candidates);
      found.day->candidates.clear();
      walk.any_hit = std::move(found.day);
    } else {
      walk.misses.push_back(static_cast<std::size_t>(i));
      if (in_memory) break;
    }
  }
  return walk;
}

// The booking window at `now` over each day's candidates.
void apply_window(std::vector<DaySlots>& days, Date first, const BookingRules& rules,
                  const common::ZonedNow& now) {
  for (std::size_t i = 0; i < days.size(); ++i) {
    apply_booking_window(days[i].slots, common::add_days(first, static_cast<int>(i)), rules, now);
  }
}

// The edge checks the span; this only keeps a caller's mistake from walking years of days.
int checked_span(const AvailabilityQuery& query) {
  const int span = common::days_between(query.from, query.to);
  return span < 0 || span >= kMaxRangeDays ? -1 : span;
}

}  // namespace

Result<Availability> AvailabilityService::find(const AvailabilityQuery& query,
                                               const auth::Principal* viewer) {
  const int span = checked_span(query);
  if (span < 0) return fail(Error::invalid("The date range is too long or reversed"));
  const std::string& provider_id = query.provider_id;
  const std::string& service_id = query.service_id;

  CacheWalk walk = walk_cache(deps_.cache, provider_id, query.from, span, service_id, false);
  std::vector<DaySlots>& out = walk.days;
  const std::vector<std::size_t>& misses = walk.misses;
  const std::string& generation = walk.generation;

  BookingRules rules;
  std::string zone;
  if (misses.empty()) {
    rules = walk.any_hit->rules;
    zone = walk.any_hit->time_zone;
  } else {
    auto loaded = deps_.reader.load(provider_id, service_id, out[misses.front()].date,
                                    out[misses.back()].date);
    if (!loaded) return fail(loaded.error());
    if (!*loaded) return fail(provider_not_found());
    const AvailabilityInputs& in = **loaded;
    const CalendarProvider& provider = in.provider;
    if (!provider.is_active && !(viewer && providers::can_manage(*viewer, provider.user_id))) {
      return fail(provider_not_found());
    }
    if (!in.service || !in.service->is_active) return fail(service_not_found());
    rules = provider.rules;
    zone = provider.timezone;
    const ServiceSpec& spec = in.service->spec;

    // Inactive providers are only previewed by their owner: never cache that view.
    const bool cacheable = provider.is_active && !generation.empty();
    for (const std::size_t i : misses) {
      DaySlots& d = out[i];
      const DayPlan plan = plan_for(in, common::add_days(query.from, static_cast<int>(i)));
      d.slots = candidate_slots(plan, spec, rules.slot_interval);
      if (cacheable) {
        deps_.cache.store(provider.id, generation, d.date, service_id,
                          CachedDay{d.slots, rules, zone});
      }
    }
  }

  apply_window(out, query.from, rules, common::local_now(deps_.clock, zone));
  return Availability{std::move(zone), std::move(out)};
}

std::optional<Availability> AvailabilityService::cached(const AvailabilityQuery& query) {
  const int span = checked_span(query);
  if (span < 0) return std::nullopt;
  CacheWalk walk =
      walk_cache(deps_.cache, query.provider_id, query.from, span, query.service_id, true);
  if (!walk.misses.empty()) return std::nullopt;
  std::string zone = walk.any_hit->time_zone;
  apply_window(walk.days, query.from, walk.any_hit->rules, common::local_now(deps_.clock, zone));
  return Availability{std::move(zone), std::move(walk.days)};
}

}  // namespace janji::availability
