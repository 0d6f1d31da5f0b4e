#include "adapters/cache/memory_rate_limiter.hpp"

#include <algorithm>

namespace janji::cache {

namespace {

// Expired windows are swept every this many adds, so keys seen once (e.g. e-mails tried by a
// credential-stuffing bot) do not pile up forever.
constexpr std::size_t kPruneEvery = 1024;

int seconds_until(common::Instant now, common::Instant end) {
  const auto left = std::chrono::ceil<std::chrono::seconds>(end - now).count();
  return static_cast<int>(std::max<long long>(left, 1));
}

}  // namespace

MemoryRateLimiter::MemoryRateLimiter(const common::Clock& clock) : clock_(clock) {}

auth::RateDecision MemoryRateLimiter::check(const std::string& key, int limit) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  const auto it = windows_.find(key);
  const bool live = it != windows_.end() && now < it->second.ends_at;
  const int count = live ? it->second.count : 0;
  if (count < limit) return {true, 0};
  return {false, live ? seconds_until(now, it->second.ends_at) : 1};
}

int MemoryRateLimiter::add(const std::string& key, std::chrono::seconds window) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  if (++adds_since_prune_ >= kPruneEvery) {
    adds_since_prune_ = 0;
    prune_expired(now);
  }
  auto& entry = windows_[key];
  if (entry.count == 0 || now >= entry.ends_at) {
    entry.count = 1;
    entry.ends_at = now + window;
  } else {
    ++entry.count;
  }
  return entry.count;
}

void MemoryRateLimiter::reset(const std::string& key) {
  std::lock_guard lock(mutex_);
  windows_.erase(key);
}

std::size_t MemoryRateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return windows_.size();
}

void MemoryRateLimiter::prune_expired(common::Instant now) {
  std::erase_if(windows_, [now](const auto& item) { return now >= item.second.ends_at; });
}

}  // namespace janji::cache
