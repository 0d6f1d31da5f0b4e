#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/auth/ports.hpp"
#include "core/common/clock.hpp"

namespace janji::cache {

// This instance's copy of account standings (auth::AccountStandings), so checking an access
// token costs no database round trip while its user's entry is fresh: one load per user per
// `ttl` at most.
//
// A change made here (changed()) drops the entry at once and is published (with Redis, over
// pub/sub) so other instances drop theirs when the feed delivers it (invalidated_elsewhere()).
// Pub/sub is at most once: the TTL bounds how long a lost message can keep an old standing,
// and the whole copy is dropped when the feed goes down or comes back (feed_state()).
class AccountStandingCache final : public auth::AccountStandings {
 public:
  using Loader = std::function<common::Result<auth::AccountStanding>(const std::string& user_id)>;
  // `publish` may be empty (single instance); false from it is logged (TTL then decides).
  AccountStandingCache(Loader load, std::function<bool(std::string_view)> publish,
                       const common::Clock& clock, std::chrono::seconds ttl,
                       std::size_t max_entries = kDefaultMaxEntries);

  common::Result<auth::AccountStanding> standing(const std::string& user_id) override;
  void changed(const std::string& user_id) override;

  // From the feed: some instance changed this user's standing (possibly this one).
  void invalidated_elsewhere(std::string_view user_id);
  // From the feed: subscribed or lost; messages may have been missed either way.
  void feed_state(bool up);

  std::size_t cached_users() const;

  static constexpr std::size_t kDefaultMaxEntries = 100'000;

 private:
  struct Entry {
    auth::AccountStanding standing;
    common::Instant expires_at;
  };
  void forget(const std::string& user_id);

  Loader load_;
  std::function<bool(std::string_view)> publish_;
  const common::Clock& clock_;
  std::chrono::seconds ttl_;
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  // Bumped by every invalidation: a load that raced with one is not stored (it may predate it).
  std::uint64_t invalidations_ = 0;
};

}  // namespace janji::cache
