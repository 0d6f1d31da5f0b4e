#include "adapters/cache/redis_rate_limiter.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <utility>

namespace janji::cache {

namespace {

// INCR and the expiry in one atomic script, so concurrent instances cannot leave a counter
// without a TTL (which would lock the key out forever). A key found without a TTL is healed.
constexpr const char* kAddScript = R"lua(
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
)lua";

// 0 when the count is below ARGV[1] (allowed), otherwise the milliseconds left in the window.
constexpr const char* kCheckScript = R"lua(
local n = tonumber(redis.call('GET', KEYS[1])) or 0
if n < tonumber(ARGV[1]) then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 1 then return 1 end
return ttl
)lua";

constexpr std::int64_t kWarnEveryMs = 10'000;

}  // namespace

RedisRateLimiter::RedisRateLimiter(RedisClient& client, std::string key_prefix)
    : client_(client), prefix_(std::move(key_prefix)) {}

auth::RateDecision RedisRateLimiter::check(const std::string& key, int limit) {
  const auto left_ms = client_.eval_int(kCheckScript, {prefix_ + key}, {std::to_string(limit)});
  if (!left_ms) {
    // Fail open: a Redis outage must not take login and registration down with it. The cost is
    // that brute-force protection pauses during the outage; the warning makes that visible.
    warn_unavailable("check");
    return {true, 0};
  }
  if (*left_ms <= 0) return {true, 0};
  const long long seconds = (*left_ms + 999) / 1000;
  return {false, static_cast<int>(seconds < 1 ? 1 : seconds)};
}

int RedisRateLimiter::add(const std::string& key, std::chrono::seconds window) {
  const auto window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(window).count();
  const auto count = client_.eval_int(kAddScript, {prefix_ + key},
                                      {std::to_string(window_ms > 0 ? window_ms : 1)});
  if (!count) {
    warn_unavailable("add");
    return 0;
  }
  return static_cast<int>(std::min<long long>(*count, std::numeric_limits<int>::max()));
}

void RedisRateLimiter::reset(const std::string& key) {
  if (!client_.del(prefix_ + key)) warn_unavailable("reset");
}

void RedisRateLimiter::warn_unavailable(const char* operation) {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  auto last = last_warning_ms_.load();
  if (last != 0 && now_ms - last < kWarnEveryMs) return;
  if (last_warning_ms_.compare_exchange_strong(last, now_ms)) {
    spdlog::warn("rate limiter: redis unavailable during {}; not limiting until it is back",
                 operation);
  }
}

}  // namespace janji::cache
