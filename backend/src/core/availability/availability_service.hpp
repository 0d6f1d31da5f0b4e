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
  std::string date;        // YYYY-MM-DD
  std::vector<int> slots;  // start minutes, ascending
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
  Result<DaySlots> day(const std::string& provider_id, const std::string& date,
                       const std::string& service_id, const auth::Principal* viewer);
  // Every date from..to inclusive (at most kMaxRangeDays), in order.
  Result<std::vector<DaySlots>> range(const std::string& provider_id, const std::string& from,
                                      const std::string& to, const std::string& service_id,
                                      const auth::Principal* viewer);

  // The answer from the slot cache alone, when the cache holds every day and answers without
  // I/O; nullopt otherwise (including for any invalid input: the full path reports errors).
  // Lets the HTTP layer answer hits on its I/O thread.
  std::optional<std::vector<DaySlots>> cached_range(const std::string& provider_id,
                                                    const std::string& from, const std::string& to,
                                                    const std::string& service_id);

 private:
  AvailabilityDependencies deps_;
};

}  // namespace janji::availability
