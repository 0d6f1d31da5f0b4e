#include "adapters/cache/redis_slot_lock.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace janji::cache {

namespace {

// Deletes the key only while it still holds this request's token.
constexpr const char* kReleaseScript = R"lua(
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
)lua";

using Outcome = bookings::SlotLockAttempt::Outcome;

}  // namespace

RedisSlotLocks::RedisSlotLocks(RedisClient& client, const common::Crypto& crypto,
                               std::string key_prefix)
    : client_(client), crypto_(crypto), prefix_(std::move(key_prefix)) {}

bookings::SlotLockAttempt RedisSlotLocks::try_acquire(const bookings::SlotLockKey& slot,
                                                      std::chrono::milliseconds ttl) {
  // PX needs a positive value; without one the lock would never expire.
  const std::string px = std::to_string(std::max<long long>(ttl.count(), 1));
  std::string token = crypto_.random_token();
  const std::string key = key_of(slot);
  const auto reply = client_.command({"SET", key, token, "NX", "PX", px});
  if (!reply) {
    // The client logs the connection failure; the database guard still decides.
    return {Outcome::kUnavailable, {}};
  }
  if (reply->is_status("OK")) return {Outcome::kAcquired, std::move(token)};
  if (reply->is_nil()) return {Outcome::kHeld, {}};
  spdlog::warn("booking lock: unexpected redis reply to SET {}: {}", key,
               reply->is_error() ? reply->str : std::string("wrong type"));
  return {Outcome::kUnavailable, {}};
}

void RedisSlotLocks::release(const bookings::SlotLockKey& slot, const std::string& token) {
  if (token.empty()) return;
  const std::string key = key_of(slot);
  if (!client_.eval_int(kReleaseScript, {key}, {token})) {
    // Rivals for this start may get 409 until the TTL runs out; nothing worse.
    spdlog::warn("booking lock: cannot release {}; it expires with its TTL", key);
  }
}

std::string RedisSlotLocks::key_of(const bookings::SlotLockKey& slot) const {
  // Provider ids are UUIDs, which PostgreSQL matches in any case: one lock per provider, however
  // a request spells its id.
  std::string provider = slot.provider_id;
  for (char& c : provider) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return prefix_ + provider + ":" + slot.date + ":" + slot.start_time;
}

}  // namespace janji::cache
