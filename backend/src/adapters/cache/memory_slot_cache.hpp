#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/availability/slot_cache.hpp"
#include "core/common/clock.hpp"

namespace janji::cache {

// In-process slot cache for the embedded (single-instance) setup. Lookups take one shared lock
// and allocate nothing but the copy of the day they return; stores and invalidations take the
// lock exclusively.
//
// Generations come from one process-wide counter, so a provider never sees the same generation
// twice, even after its record was evicted and re-created.
//
// Bound: at most `max_entries` days (and provider records). When a store would exceed it, every
// day is dropped at once (generations kept): O(n) once per `max_entries` stores, no LRU
// bookkeeping on the hot path. Expired days are not swept; they count until overwritten,
// invalidated or flushed.
class MemorySlotCache final : public availability::SlotCache {
 public:
  static constexpr std::chrono::seconds kDefaultTtl{5 * 60};
  static constexpr std::size_t kDefaultMaxEntries = 100'000;

  // `clock` must outlive the cache. A `max_entries` of 0 is treated as 1.
  explicit MemorySlotCache(const common::Clock& clock, std::chrono::seconds ttl = kDefaultTtl,
                           std::size_t max_entries = kDefaultMaxEntries);

  availability::SlotCacheLookup lookup(const std::string& provider_id, const std::string& date,
                                       const std::string& service_id) override;
  void store(const std::string& provider_id, const std::string& generation, const std::string& date,
             const std::string& service_id, const availability::CachedDay& day) override;
  void invalidate(const std::string& provider_id) override;
  availability::SlotCacheLookup lookup_in_memory(const std::string& provider_id,
                                                 const std::string& date,
                                                 const std::string& service_id) override {
    return lookup(provider_id, date, service_id);
  }
  // Every provider's days dropped and every generation moved on, as if each were invalidated.
  void invalidate_all();

  // Days held, expired ones included (for tests).
  std::size_t size() const;

 private:
  struct DayKey {
    std::string date;
    std::string service_id;
  };
  // What lookup() searches with, so the hot path builds no key string.
  struct DayKeyView {
    std::string_view date;
    std::string_view service_id;
  };
  struct DayKeyHash {
    using is_transparent = void;
    std::size_t operator()(const DayKey& key) const;
    std::size_t operator()(const DayKeyView& key) const;
  };
  struct DayKeyEqual {
    using is_transparent = void;
    bool operator()(const DayKeyView& a, const DayKeyView& b) const;
    bool operator()(const DayKey& a, const DayKey& b) const;
    bool operator()(const DayKey& a, const DayKeyView& b) const;
    bool operator()(const DayKeyView& a, const DayKey& b) const;
  };
  struct Entry {
    availability::CachedDay day;
    common::Instant expires_at;
  };
  struct ProviderDays {
    std::uint64_t generation = 0;
    std::unordered_map<DayKey, Entry, DayKeyHash, DayKeyEqual> days;
  };

  // Creates the provider's record on first sight; requires mutex_ held exclusively.
  ProviderDays& provider_record(const std::string& provider_id);
  void drop_all_days();  // requires mutex_ held exclusively

  const common::Clock& clock_;
  const std::chrono::seconds ttl_;
  const std::size_t max_entries_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, ProviderDays> providers_;
  std::size_t entry_count_ = 0;
  std::uint64_t next_generation_ = 1;  // only grows, so no generation is ever handed out twice
};

}  // namespace janji::cache
