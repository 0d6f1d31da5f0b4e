#pragma once

#include <chrono>
#include <string>

#include "core/bookings/ports.hpp"

namespace janji::app {

// No REDIS_HOST: one process, where the database guard alone settles races, so every request
// "acquires" at once and nothing is stored.
class DisabledSlotLocks final : public bookings::SlotLocks {
 public:
  bookings::SlotLockAttempt try_acquire(const bookings::SlotLockKey&,
                                        std::chrono::milliseconds) override {
    return {bookings::SlotLockAttempt::Outcome::kAcquired, {}};
  }
  void release(const bookings::SlotLockKey&, const std::string&) override {}
};

}  // namespace janji::app
