#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/auth/ports.hpp"
#include "core/common/clock.hpp"

namespace janji::cache {

// In-process fixed windows for the embedded (single-instance) setup.
class MemoryRateLimiter final : public auth::RateLimiter {
 public:
  // `clock` must outlive the limiter.
  explicit MemoryRateLimiter(const common::Clock& clock);

  auth::RateDecision check(const std::string& key, int limit) override;
  int add(const std::string& key, std::chrono::seconds window) override;
  void reset(const std::string& key) override;

  // Keys currently held, expired ones included until the next prune (for tests).
  std::size_t tracked_keys() const;

 private:
  struct Window {
    int count = 0;
    common::Instant ends_at;
  };

  void prune_expired(common::Instant now);  // requires mutex_

  const common::Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::size_t adds_since_prune_ = 0;
};

}  // namespace janji::cache
