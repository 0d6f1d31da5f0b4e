#include "adapters/cache/near_slot_cache.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <system_error>
#include <utility>

namespace janji::cache {

namespace {

constexpr char kSeparator = '/';
// The copy part of a generation when the copy takes no part (feed down, stale read).
constexpr std::string_view kNoCopy = "-";

std::string join(std::string_view copy, std::string_view shared) {
  std::string out;
  out.reserve(copy.size() + 1 + shared.size());
  out.append(copy);
  out += kSeparator;
  out.append(shared);
  return out;
}

// The shared cache's generations are INCR counters (RedisSlotCache); anything else is not
// ordered, and such a cache is used without the copy.
std::optional<std::uint64_t> counter(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

NearSlotCache::NearSlotCache(availability::SlotCache& shared,
                             std::function<bool(std::string_view)> publish,
                             const common::Clock& clock, std::chrono::seconds ttl,
                             std::size_t max_entries)
    : shared_(shared),
      publish_(std::move(publish)),
      copy_(clock, ttl, max_entries),
      max_entries_(std::max<std::size_t>(max_entries, 1)) {}

availability::SlotCacheLookup NearSlotCache::lookup_in_memory(const std::string& provider_id,
                                                              const std::string& date,
                                                              const std::string& service_id) {
  if (!feed_up_.load()) return {};
  auto local = copy_.lookup(provider_id, date, service_id);
  if (!local.day) return {};
  const std::string shared = known_shared(provider_id);
  if (shared.empty()) return {};
  return {join(local.generation, shared), std::move(local.day)};
}

availability::SlotCacheLookup NearSlotCache::lookup(const std::string& provider_id,
                                                    const std::string& date,
                                                    const std::string& service_id) {
  const bool up = feed_up_.load();
  // The copy's generation is read before the shared cache: an invalidation reaching the copy
  // after this point moves it on, and the day read below is then not copied.
  availability::SlotCacheLookup local;
  if (up) {
    local = copy_.lookup(provider_id, date, service_id);
    if (local.day) {
      const std::string shared = known_shared(provider_id);
      if (!shared.empty()) return {join(local.generation, shared), std::move(local.day)};
    }
  }
  auto remote = shared_.lookup(provider_id, date, service_id);
  if (remote.generation.empty()) return remote;  // unreachable: nothing to store under
  const auto seen = counter(remote.generation);
  if (!up || !seen) return {join(kNoCopy, remote.generation), std::move(remote.day)};

  bool copy_it = false;
  {
    std::lock_guard lock(mutex_);
    auto known = shared_generations_.find(provider_id);
    const auto known_counter =
        known == shared_generations_.end() ? std::nullopt : counter(known->second);
    if (known_counter && *known_counter == *seen) {
      copy_it = true;
    } else if (!known_counter || *known_counter < *seen) {
      // First sight, or another instance invalidated (its message may still be on the way):
      // the copied days belong to the old generation. Nothing is copied this time, since the
      // copy generation read above is now stale.
      if (shared_generations_.size() >= max_entries_) shared_generations_.clear();
      shared_generations_[provider_id] = remote.generation;
      copy_.invalidate(provider_id);
    }
    // else: a read older than one already seen; neither copied nor stored in the copy later.
  }
  if (!copy_it) return {join(kNoCopy, remote.generation), std::move(remote.day)};
  if (remote.day) copy_.store(provider_id, local.generation, date, service_id, *remote.day);
  return {join(local.generation, remote.generation), std::move(remote.day)};
}

void NearSlotCache::store(const std::string& provider_id, const std::string& generation,
                          const std::string& date, const std::string& service_id,
                          const availability::CachedDay& day) {
  const auto at = generation.find(kSeparator);
  if (at == std::string::npos) return;  // not one of ours (an unreachable lookup's "")
  const std::string local = generation.substr(0, at);
  const std::string shared = generation.substr(at + 1);
  shared_.store(provider_id, shared, date, service_id, day);
  if (local == kNoCopy || !feed_up_.load() || known_shared(provider_id) != shared) return;
  // Refused by the copy itself when an invalidation reached it since the lookup.
  copy_.store(provider_id, local, date, service_id, day);
}

void NearSlotCache::invalidate(const std::string& provider_id) {
  shared_.invalidate(provider_id);
  copy_.invalidate(provider_id);
  if (publish_ && !publish_(provider_id)) {
    spdlog::warn("slot cache: could not tell other instances that provider {} changed",
                 provider_id);
  }
}

void NearSlotCache::invalidated_elsewhere(std::string_view provider_id) {
  copy_.invalidate(std::string(provider_id));
}

void NearSlotCache::feed_state(bool up) {
  // Down: stop using the copy first. Up: empty it first (messages sent meanwhile were lost).
  if (!up) feed_up_.store(false);
  copy_.invalidate_all();
  {
    std::lock_guard lock(mutex_);
    shared_generations_.clear();
  }
  if (up) feed_up_.store(true);
}

std::string NearSlotCache::known_shared(const std::string& provider_id) const {
  std::lock_guard lock(mutex_);
  const auto known = shared_generations_.find(provider_id);
  return known == shared_generations_.end() ? std::string() : known->second;
}

}  // namespace janji::cache
