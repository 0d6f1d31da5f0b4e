#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "adapters/cache/redis_client.hpp"
#include "core/auth/ports.hpp"

namespace janji::cache {

// Fixed windows shared by every instance: one Redis counter per key whose TTL is the rest of the
// window. Fails open when Redis is unreachable (see check()).
class RedisRateLimiter final : public auth::RateLimiter {
 public:
  // `client` must outlive the limiter.
  explicit RedisRateLimiter(RedisClient& client, std::string key_prefix = "janji:rl:");

  auth::RateDecision check(const std::string& key, int limit) override;
  int add(const std::string& key, std::chrono::seconds window) override;
  void reset(const std::string& key) override;

 private:
  void warn_unavailable(const char* operation);

  RedisClient& client_;
  std::string prefix_;
  std::atomic<std::int64_t> last_warning_ms_{0};  // steady clock; throttles the warning
};

}  // namespace janji::cache
