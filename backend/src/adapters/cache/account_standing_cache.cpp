#include "adapters/cache/account_standing_cache.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace janji::cache {

AccountStandingCache::AccountStandingCache(Loader load,
                                           std::function<bool(std::string_view)> publish,
                                           const common::Clock& clock, std::chrono::seconds ttl,
                                           std::size_t max_entries)
    : load_(std::move(load)),
      publish_(std::move(publish)),
      clock_(clock),
      ttl_(ttl),
      max_entries_(max_entries) {}

common::Result<auth::AccountStanding> AccountStandingCache::standing(const std::string& user_id) {
  const auto now = clock_.now();
  std::uint64_t seen = 0;
  {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(user_id);
    if (it != entries_.end() && now < it->second.expires_at) return it->second.standing;
    seen = invalidations_;
  }
  auto loaded = load_(user_id);
  if (!loaded || ttl_.count() == 0) return loaded;
  std::lock_guard lock(mutex_);
  if (invalidations_ != seen) return loaded;  // answer it, but do not keep what may be stale
  if (entries_.size() >= max_entries_) {
    std::erase_if(entries_, [now](const auto& item) { return now >= item.second.expires_at; });
    // Still full of live entries: start over rather than grow without bound.
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_[user_id] = Entry{*loaded, now + ttl_};
  return loaded;
}

void AccountStandingCache::changed(const std::string& user_id) {
  forget(user_id);
  if (publish_ && !publish_(user_id)) {
    spdlog::warn(
        "account standing change of user {} not published; other instances see it "
        "within {} s",
        user_id, ttl_.count());
  }
}

void AccountStandingCache::invalidated_elsewhere(std::string_view user_id) {
  forget(std::string(user_id));
}

void AccountStandingCache::feed_state(bool /*up*/) {
  std::lock_guard lock(mutex_);
  ++invalidations_;
  entries_.clear();
}

std::size_t AccountStandingCache::cached_users() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void AccountStandingCache::forget(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  ++invalidations_;
  entries_.erase(user_id);
}

}  // namespace janji::cache
