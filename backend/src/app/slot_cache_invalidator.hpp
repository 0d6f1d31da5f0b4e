#pragma once

#include <string>

#include "core/availability/slot_cache.hpp"
#include "core/providers/ports.hpp"

namespace janji::app {

// Connects the catalogue's change notifications to the slot cache: any committed change to a
// provider's services, schedules, exceptions or settings drops its cached days at once.
class SlotCacheInvalidator final : public providers::ChangeListener {
 public:
  explicit SlotCacheInvalidator(availability::SlotCache& cache) : cache_(cache) {}

  void provider_changed(const std::string& provider_id) override { cache_.invalidate(provider_id); }

 private:
  availability::SlotCache& cache_;
};

}  // namespace janji::app
