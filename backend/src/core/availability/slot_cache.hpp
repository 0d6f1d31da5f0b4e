#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/availability/slot_finder.hpp"

namespace janji::availability {

// What the cache keeps for one (provider, date, service): the candidate starts of steps 1-4 and
// what step 5 needs, so a hit answers without touching the database.
struct CachedDay {
  std::vector<Slot> candidates;
  BookingRules rules;
  std::string time_zone;
  bool operator==(const CachedDay&) const = default;
};

struct SlotCacheLookup {
  // The provider's cache generation when the lookup ran. Store a freshly computed day under
  // this value: an invalidation that lands meanwhile moves the generation on, so a day
  // computed from stale rows is never served. Empty when the cache is unreachable.
  std::string generation;
  std::optional<CachedDay> day;
};

// Port: per-provider slot cache (in-process, or Redis when configured). Never trusted for a
// write; every change to a provider's bookings, schedules, exceptions, services or settings
// calls invalidate() after it commits. Failures degrade to misses, never to errors.
class SlotCache {
 public:
  virtual ~SlotCache() = default;
  virtual SlotCacheLookup lookup(const std::string& provider_id, const std::string& date,
                                 const std::string& service_id) = 0;
  virtual void store(const std::string& provider_id, const std::string& generation,
                     const std::string& date, const std::string& service_id,
                     const CachedDay& day) = 0;
  virtual void invalidate(const std::string& provider_id) = 0;
  // lookup() answered from this process's memory alone: it never waits on I/O, so it may run on
  // an HTTP I/O thread. A miss here (no day) says nothing about lookup(); a hit is as good as
  // lookup()'s. The default holds nothing in memory.
  virtual SlotCacheLookup lookup_in_memory(const std::string& /*provider_id*/,
                                           const std::string& /*date*/,
                                           const std::string& /*service_id*/) {
    return {};
  }
};

}  // namespace janji::availability
