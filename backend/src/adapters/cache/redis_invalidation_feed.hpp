#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/cache/redis_client.hpp"

namespace janji::cache {

// Invalidations of the shared slot cache, told to every instance over one Redis pub/sub channel,
// so each instance may keep a copy of recent days in memory (NearSlotCache). Pub/sub delivers at
// most once and only while subscribed, so the subscriber also reports its state: a copy may only
// be trusted while the feed is up, and must be dropped whole when it goes down.
//
// The subscriber runs on a thread of its own with a dedicated connection (not from the pool):
// it connects (AUTH when a password is set), SUBSCRIBEs, and reports up only once Redis has
// confirmed the subscription. It reports down when the connection fails or goes silent (a PING
// sent after `idle_probe` without traffic, answered within `probe_timeout`), then reconnects with
// a growing pause (capped at one second). Nothing here throws; failures are logged once per
// transition, not per attempt.
class RedisInvalidationFeed {
 public:
  struct Callbacks {
    // A provider's days were invalidated by some instance (possibly this one). Called on the
    // feed's thread; must be quick and must not call back into the feed.
    std::function<void(std::string_view provider_id)> invalidated;
    // The subscription is confirmed (true) or lost (false). The first call is true or nothing;
    // calls alternate. Called on the feed's thread.
    std::function<void(bool up)> state;
  };

  struct Timing {
    std::chrono::milliseconds idle_probe{5000};
    std::chrono::milliseconds probe_timeout{2000};
  };

  // `options` as for RedisClient (host, port, password, connect timeout; db and pool size are
  // irrelevant: pub/sub channels are server-wide). `channel` should carry the key prefix.
  // Two constructors rather than `Timing timing = {}`: a nested struct's member initializers
  // cannot serve a default argument inside the enclosing class (GCC and Clang reject it).
  RedisInvalidationFeed(RedisOptions options, std::string channel, Callbacks callbacks);
  RedisInvalidationFeed(RedisOptions options, std::string channel, Callbacks callbacks,
                        Timing timing);
  // Stops the thread (see stop()).
  ~RedisInvalidationFeed();
  RedisInvalidationFeed(const RedisInvalidationFeed&) = delete;
  RedisInvalidationFeed& operator=(const RedisInvalidationFeed&) = delete;

  // Starts the subscriber thread; returns at once (the first `state(true)` comes later).
  void start();
  // Stops and joins the thread within about a second, without a final state(false) call.
  // Idempotent.
  void stop();

  // True between a state(true) and the next state(false) or stop().
  bool up() const;

  // PUBLISH of one provider id on the channel, through `client` (the pool). False when Redis
  // could not be reached: the caller has then invalidated the shared cache but other instances'
  // copies may keep the old days until their feed drops (the caller should log it).
  static bool publish(RedisClient& client, const std::string& channel,
                      std::string_view provider_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace janji::cache
