#pragma once

#include <chrono>
#include <string>

#include "adapters/cache/redis_client.hpp"
#include "core/bookings/ports.hpp"
#include "core/common/crypto.hpp"

namespace janji::cache {

// The spec's booking lock, shared by every instance. Key (with the default prefix):
//   janji:booking-lock:<provider>:<date>:<HH:MM>   a random token, SET NX with the TTL
// Release is a compare-and-delete in Lua, so a request whose lock expired never deletes the
// lock another request took since. Every Redis failure is logged and reported as kUnavailable
// (try_acquire) or left to the TTL (release): the lock never fails a booking.
class RedisSlotLocks final : public bookings::SlotLocks {
 public:
  // `client` and `crypto` must outlive the locks. The prefix exists so tests can use their own
  // namespace.
  RedisSlotLocks(RedisClient& client, const common::Crypto& crypto,
                 std::string key_prefix = "janji:booking-lock:");

  bookings::SlotLockAttempt try_acquire(const bookings::SlotLockKey& slot,
                                        std::chrono::milliseconds ttl) override;
  void release(const bookings::SlotLockKey& slot, const std::string& token) override;

  std::string key_of(const bookings::SlotLockKey& slot) const;

 private:
  RedisClient& client_;
  const common::Crypto& crypto_;
  std::string prefix_;
};

}  // namespace janji::cache
