#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth/user.hpp"
#include "core/availability/ports.hpp"
#include "core/availability/slot_cache.hpp"
#include "core/common/clock.hpp"

namespace janji::availability {

inline constexpr int kMaxRangeDays = 62;

struct DaySlots {
  std::string date;         // YYYY-MM-DD
  std::vector<Slot> slots;  // ascending by instant
};

// GET availability, parsed at the edge: a checked provider and service id and from..to
// (inclusive, to >= from, at most kMaxRangeDays days).
struct AvailabilityQuery {
  std::string provider_id;
  std::string service_id;
  Date from;
  Date to;
};

// The answer: every date of the query in order, and the zone its wall-clock times are in.
struct Availability {
  std::string time_zone;
  std::vector<DaySlots> days;
};

struct AvailabilityDependencies {
  AvailabilityReader& reader;
  SlotCache& cache;
  const common::Clock& clock;
};

// SPEC "Available Slots Calculation": loads what the slot finder needs (or takes it from the
// slot cache) and applies the booking window at the current time in the provider's zone.
class AvailabilityService {
 public:
  explicit AvailabilityService(AvailabilityDependencies deps) : deps_(deps) {}

  // `viewer` may be null (the endpoint is public); owners may preview an inactive business.
  Result<Availability> find(const AvailabilityQuery& query, const auth::Principal* viewer);

  // The answer from the slot cache alone, when the cache holds every day and answers without
  // I/O; nullopt otherwise. Lets the HTTP layer answer hits on its I/O thread.
  std::optional<Availability> cached(const AvailabilityQuery& query);

 private:
  AvailabilityDependencies deps_;
};

}  // namespace janji::availability
