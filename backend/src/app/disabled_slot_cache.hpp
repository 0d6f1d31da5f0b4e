#pragma once

#include <string>

#include "core/availability/slot_cache.hpp"

namespace janji::app {

// SLOT_CACHE_TTL=0: every lookup misses and carries no generation, so the availability service
// never stores a day and every answer is computed from the database.
class DisabledSlotCache final : public availability::SlotCache {
 public:
  availability::SlotCacheLookup lookup(const std::string&, const std::string&,
                                       const std::string&) override {
    return {};
  }
  void store(const std::string&, const std::string&, const std::string&, const std::string&,
             const availability::CachedDay&) override {}
  void invalidate(const std::string&) override {}
};

}  // namespace janji::app
