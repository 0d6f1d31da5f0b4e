#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/cache/redis_client.hpp"
#include "core/availability/slot_cache.hpp"

namespace janji::cache {

// Slot cache shared by every instance. Keys (with the default prefix):
//   janji:slots:gen:<provider>                        generation, INCR'd by invalidate(); no TTL
//   janji:slots:<provider>:<gen>:<date>:<service>     one serialised day, with the TTL
// A store under a stale generation lands on a key no lookup reads any more, so invalidation
// never has to find and delete the old days: they simply expire.
// Every Redis failure degrades to a miss (lookup), a no-op (store) or a warning (invalidate).
class RedisSlotCache final : public availability::SlotCache {
 public:
  static constexpr std::chrono::seconds kDefaultTtl{5 * 60};

  // `client` must outlive the cache. The prefix exists so tests can use their own namespace.
  explicit RedisSlotCache(RedisClient& client, std::chrono::seconds ttl = kDefaultTtl,
                          std::string key_prefix = "janji:slots:");

  availability::SlotCacheLookup lookup(const std::string& provider_id, const std::string& date,
                                       const std::string& service_id) override;
  void store(const std::string& provider_id, const std::string& generation, const std::string& date,
             const std::string& service_id, const availability::CachedDay& day) override;
  void invalidate(const std::string& provider_id) override;

  // The wire form of a day, "v1|<tz>|<interval>|<notice>|<advance>|540,570,600"; exposed for
  // tests. parse_day() gives nullopt for anything it did not write.
  static std::string serialize_day(const availability::CachedDay& day);
  static std::optional<availability::CachedDay> parse_day(std::string_view text);

 private:
  std::string generation_key(const std::string& provider_id) const;

  RedisClient& client_;
  std::chrono::seconds ttl_;
  std::string prefix_;
};

}  // namespace janji::cache
