#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/cache/memory_slot_cache.hpp"
#include "core/availability/slot_cache.hpp"
#include "core/common/clock.hpp"

namespace janji::cache {

// The shared slot cache (Redis) with a copy of the days this instance read or computed kept in
// its memory, so repeated availability requests are answered on the HTTP I/O thread without a
// Redis round trip (measured: the Redis round trip on a worker made cached availability about a
// third of the static-file baseline; the in-memory path is above 0.9).
//
// Other instances' invalidations reach the copy through an invalidation feed (Redis pub/sub,
// RedisInvalidationFeed): the owner wires the feed's callbacks to invalidated_elsewhere() and
// feed_state(). The copy is used only while the feed is up, and dropped whole whenever the feed
// goes down or comes back (messages sent meanwhile are lost). An invalidation on another instance
// therefore reaches this copy as fast as pub/sub delivers it, after that instance committed: the
// same kind of window the shared cache has between a commit and its invalidation, and as there, a
// write never trusts the cache.
//
// Generations are "<copy generation>/<shared generation>": a day is stored in the copy only if no
// invalidation reached the copy since the lookup, and in the shared cache under the shared one.
// A change of the shared generation seen by a lookup drops the provider's copied days.
class NearSlotCache final : public availability::SlotCache {
 public:
  // `shared` and `clock` must outlive the cache; `publish` tells the other instances (it is
  // called after the shared cache was invalidated; false = could not be sent, logged here).
  NearSlotCache(availability::SlotCache& shared, std::function<bool(std::string_view)> publish,
                const common::Clock& clock, std::chrono::seconds ttl,
                std::size_t max_entries = MemorySlotCache::kDefaultMaxEntries);

  availability::SlotCacheLookup lookup(const std::string& provider_id, const std::string& date,
                                       const std::string& service_id) override;
  availability::SlotCacheLookup lookup_in_memory(const std::string& provider_id,
                                                 const std::string& date,
                                                 const std::string& service_id) override;
  void store(const std::string& provider_id, const std::string& generation, const std::string& date,
             const std::string& service_id, const availability::CachedDay& day) override;
  void invalidate(const std::string& provider_id) override;

  // From the feed: some instance invalidated this provider.
  void invalidated_elsewhere(std::string_view provider_id);
  // From the feed: subscribed (true) or not (false). Either way the copy starts empty.
  void feed_state(bool up);

  // Days held in the copy (for tests).
  std::size_t copied_days() const { return copy_.size(); }

 private:
  // The shared generation the provider's copied days belong to ("" = none yet).
  std::string known_shared(const std::string& provider_id) const;

  availability::SlotCache& shared_;
  std::function<bool(std::string_view)> publish_;
  MemorySlotCache copy_;
  std::atomic<bool> feed_up_{false};
  mutable std::mutex mutex_;  // guards shared_generations_
  std::unordered_map<std::string, std::string> shared_generations_;
  std::size_t max_entries_;
};

}  // namespace janji::cache
