// Slots for the slot cache tests (test code only).
#pragma once

#include <chrono>

#include "core/availability/slot_finder.hpp"

namespace janji::cache {

// A Jakarta (UTC+7) slot of 2026-11-25 starting `minutes` after local midnight, 30 minutes long.
inline availability::Slot slot_at(int minutes) {
  const common::Instant midnight{
      std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 25}
          .time_since_epoch()};
  const common::Instant start = midnight + std::chrono::minutes{minutes - 7 * 60};
  return {minutes, minutes + 30, start, start + std::chrono::minutes{30}, 7 * 60};
}

}  // namespace janji::cache
