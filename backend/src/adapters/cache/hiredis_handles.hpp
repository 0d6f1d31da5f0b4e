#pragma once

// What the two hiredis users of this adapter (RedisClient's pool, RedisInvalidationFeed's
// subscriber) share: owning handles and the timeval conversion. Included by .cpp files only.
#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <chrono>
#include <memory>

namespace janji::cache {

struct ContextDeleter {
  void operator()(redisContext* context) const {
    if (context != nullptr) redisFree(context);
  }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

struct ReplyDeleter {
  void operator()(redisReply* reply) const {
    if (reply != nullptr) freeReplyObject(reply);
  }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

inline timeval to_timeval(std::chrono::milliseconds ms) {
  if (ms.count() < 0) ms = std::chrono::milliseconds{0};
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

}  // namespace janji::cache
