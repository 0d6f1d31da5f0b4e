#include "adapters/cache/redis_invalidation_feed.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "adapters/cache/hiredis_handles.hpp"

namespace janji::cache {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Longest a poll() or a pause sleeps before looking at the stop flag again.
constexpr milliseconds kSlice{200};
constexpr milliseconds kFirstPause{50};
constexpr milliseconds kMaxPause{1000};

std::string_view text_of(const redisReply& reply) {
  if (reply.str == nullptr) return {};
  return {reply.str, static_cast<std::size_t>(reply.len)};
}

// True for a bulk or status string equal to `text`, ignoring ASCII case (the server sends the
// pub/sub kinds in lower case; being lenient costs nothing).
bool is_word(const redisReply* reply, std::string_view text) {
  if (reply == nullptr ||
      (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS)) {
    return false;
  }
  const std::string_view got = text_of(*reply);
  return std::equal(got.begin(), got.end(), text.begin(), text.end(), [](char a, char b) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(a) == lower(b);
  });
}

// The pub/sub push ["<kind>", ...] with `size` elements, or false.
bool is_push(const redisReply& reply, std::string_view kind, std::size_t size) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements != size) return false;
  for (std::size_t i = 0; i < size; ++i) {
    if (reply.element[i] == nullptr) return false;
  }
  return is_word(reply.element[0], kind);
}

std::string context_error(const redisContext* context, std::string_view fallback) {
  if (context != nullptr && context->err != 0) return context->errstr;
  return std::string(fallback);
}

// Queues one command in argv form; it is sent by flush().
bool append(redisContext* context, std::initializer_list<std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (auto arg : args) {
    argv.push_back(arg.data() != nullptr ? arg.data() : "");
    lengths.push_back(arg.size());
  }
  return redisAppendCommandArgv(context, static_cast<int>(argv.size()), argv.data(),
                                lengths.data()) == REDIS_OK;
}

// The socket is blocking with a send timeout (redisSetTimeout), so this ends either way.
bool flush(redisContext* context) {
  int done = 0;
  while (done == 0) {
    if (redisBufferWrite(context, &done) != REDIS_OK) return false;
  }
  return true;
}

}  // namespace

struct RedisInvalidationFeed::Impl {
  Impl(RedisOptions opts, std::string chan, Callbacks cbs, Timing tm)
      : options(std::move(opts)), channel(std::move(chan)), callbacks(std::move(cbs)), timing(tm) {}

  RedisOptions options;
  std::string channel;
  Callbacks callbacks;
  Timing timing;

  std::atomic<bool> is_up{false};
  std::atomic<bool> stopping{false};

  // Serialises start() and stop(); the feed thread never takes it, so stop() may join under it.
  std::mutex lifecycle;
  std::thread thread;

  // Lets stop() cut a reconnect pause short.
  std::mutex pause_mutex;
  std::condition_variable pause_wake;

  void run() {
    // hiredis writes with write(2): a peer that reset the socket would raise SIGPIPE and kill
    // the process. This thread only ever talks to Redis, so block it here for good; a pending
    // thread-directed SIGPIPE dies with the thread.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);

    milliseconds pause = kFirstPause;
    bool failure_logged = false;  // since the last time up: one warning per outage, not per try
    while (!stopping.load()) {
      try {
        std::string why;
        ContextPtr context = subscribe(why);
        if (context) {
          spdlog::info("redis invalidation feed {} to {} on {}:{}",
                       failure_logged ? "subscribed again" : "subscribed", channel, options.host,
                       options.port);
          set_state(true);
          pause = kFirstPause;
          failure_logged = false;
          why = listen(context.get());
          context.reset();
          if (stopping.load()) break;  // stop() reports nothing
          spdlog::warn("redis invalidation feed lost {} on {}:{}: {}", channel, options.host,
                       options.port, why);
          failure_logged = true;
          set_state(false);
        } else {
          if (stopping.load()) break;
          if (!failure_logged) {
            spdlog::warn("redis invalidation feed cannot subscribe to {} on {}:{}: {}", channel,
                         options.host, options.port, why);
            failure_logged = true;
          }
        }
      } catch (...) {
        // Only allocation can throw here (callbacks are guarded); the context is gone with the
        // stack, so this is a lost connection like any other.
        spdlog::error("redis invalidation feed failed unexpectedly; reconnecting");
        failure_logged = true;
        if (is_up.load() && !stopping.load()) set_state(false);
      }
      sleep_for(pause);
      pause = std::min(pause * 2, kMaxPause);
    }
  }

  void set_state(bool up) {
    is_up.store(up);
    if (!callbacks.state) return;
    try {
      callbacks.state(up);
    } catch (const std::exception& error) {
      spdlog::error("redis invalidation feed state callback threw: {}", error.what());
    } catch (...) {
      spdlog::error("redis invalidation feed state callback threw");
    }
  }

  void deliver(std::string_view provider_id) {
    if (!callbacks.invalidated) return;
    try {
      callbacks.invalidated(provider_id);
    } catch (const std::exception& error) {
      spdlog::error("redis invalidation feed callback threw: {}", error.what());
    } catch (...) {
      spdlog::error("redis invalidation feed callback threw");
    }
  }

  void sleep_for(milliseconds pause) {
    std::unique_lock lock(pause_mutex);
    pause_wake.wait_for(lock, pause, [this] { return stopping.load(); });
  }

  // Waits until the socket is readable, at most one slice and never past `deadline`, then reads
  // what is there into hiredis's buffer. False with `why` set when the connection failed; true
  // also when nothing came (the caller looks at its clocks and the stop flag again).
  static bool wait_and_read(redisContext* context, Clock::time_point deadline, std::string& why) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    const auto wait = std::clamp(left, milliseconds{0}, kSlice);
    pollfd descriptor{context->fd, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(wait.count()));
    if (ready < 0) {
      if (errno == EINTR) return true;
      why = std::string("poll: ") + std::strerror(errno);
      return false;
    }
    if (ready == 0) return true;
    // Also on POLLHUP/POLLERR: the read then reports the EOF or error itself.
    if (redisBufferRead(context) != REDIS_OK) {
      why = context_error(context, "read failed");
      return false;
    }
    return true;
  }

  // The next reply already read, or nullptr (with `why` set) on failure, timeout or stop.
  ReplyPtr read_reply(redisContext* context, Clock::time_point deadline, std::string& why) {
    while (true) {
      void* raw = nullptr;
      if (redisGetReplyFromReader(context, &raw) != REDIS_OK) {
        why = context_error(context, "protocol error");
        return nullptr;
      }
      if (raw != nullptr) return ReplyPtr(static_cast<redisReply*>(raw));
      if (stopping.load()) {
        why = "stopped";
        return nullptr;
      }
      if (Clock::now() >= deadline) {
        why = "no answer in time";
        return nullptr;
      }
      if (!wait_and_read(context, deadline, why)) return nullptr;
    }
  }

  // Connects, authenticates and subscribes; the context once Redis confirmed the subscription.
  ContextPtr subscribe(std::string& why) {
    ContextPtr context(redisConnectWithTimeout(options.host.c_str(), options.port,
                                               to_timeval(options.connect_timeout)));
    if (!context) {
      why = "cannot allocate a context";
      return nullptr;
    }
    if (context->err != 0) {
      why = context->errstr;
      return nullptr;
    }
    // Bounds the writes only: reads happen after poll() said there is data, so a read timeout
    // (which would leave the context unusable) never fires.
    if (redisSetTimeout(context.get(), to_timeval(options.connect_timeout)) != REDIS_OK) {
      why = "cannot set the socket timeout";
      return nullptr;
    }
    // A peer that vanished without a FIN is also caught by the PING probe; keepalive is cheap.
    redisEnableKeepAlive(context.get());

    const bool auth = !options.password.empty();
    if ((auth && !append(context.get(), {"AUTH", options.password})) ||
        !append(context.get(), {"SUBSCRIBE", channel}) || !flush(context.get())) {
      why = context_error(context.get(), "cannot send SUBSCRIBE");
      return nullptr;
    }
    // The handshake gets as long as the connection did.
    const auto deadline = Clock::now() + options.connect_timeout;
    if (auth) {
      ReplyPtr reply = read_reply(context.get(), deadline, why);
      if (!reply) return nullptr;
      if (reply->type == REDIS_REPLY_ERROR) {
        why = "AUTH rejected";  // never log the reply text: some servers echo the argument
        return nullptr;
      }
    }
    ReplyPtr reply = read_reply(context.get(), deadline, why);
    if (!reply) return nullptr;
    if (!is_push(*reply, "subscribe", 3) || text_of(*reply->element[1]) != channel ||
        reply->element[2]->type != REDIS_REPLY_INTEGER) {
      why = reply->type == REDIS_REPLY_ERROR ? "SUBSCRIBE failed: " + std::string(text_of(*reply))
                                             : std::string("unexpected answer to SUBSCRIBE");
      return nullptr;
    }
    return context;
  }

  // Delivers messages until the connection fails (returns why) or stop() is called.
  std::string listen(redisContext* context) {
    auto last_traffic = Clock::now();
    std::optional<Clock::time_point> probe_sent;
    std::string why;
    while (!stopping.load()) {
      // Drain what the last read (or the handshake) left parsed before waiting again.
      while (true) {
        void* raw = nullptr;
        if (redisGetReplyFromReader(context, &raw) != REDIS_OK) {
          return context_error(context, "protocol error");
        }
        if (raw == nullptr) break;
        ReplyPtr reply(static_cast<redisReply*>(raw));
        // Any reply proves the connection alive, the PONG included.
        last_traffic = Clock::now();
        probe_sent.reset();
        if (is_push(*reply, "message", 3) && text_of(*reply->element[1]) == channel) {
          deliver(text_of(*reply->element[2]));
        }
        // Anything else (the PONG, a stray subscribe confirmation) carries nothing to deliver.
      }

      const auto now = Clock::now();
      Clock::time_point deadline;
      if (probe_sent) {
        if (now - *probe_sent >= timing.probe_timeout) {
          return "no answer to PING within " + std::to_string(timing.probe_timeout.count()) + " ms";
        }
        deadline = *probe_sent + timing.probe_timeout;
      } else if (now - last_traffic >= timing.idle_probe) {
        // In RESP2 subscribed mode the answer is ["pong", ""].
        if (!append(context, {"PING"}) || !flush(context)) {
          return context_error(context, "cannot send PING");
        }
        probe_sent = now;
        deadline = now + timing.probe_timeout;
      } else {
        deadline = last_traffic + timing.idle_probe;
      }
      if (!wait_and_read(context, deadline, why)) return why;
    }
    return "stopped";
  }
};

RedisInvalidationFeed::RedisInvalidationFeed(RedisOptions options, std::string channel,
                                             Callbacks callbacks)
    : RedisInvalidationFeed(std::move(options), std::move(channel), std::move(callbacks),
                            Timing{}) {}

RedisInvalidationFeed::RedisInvalidationFeed(RedisOptions options, std::string channel,
                                             Callbacks callbacks, Timing timing)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(channel), std::move(callbacks),
                                   timing)) {}

RedisInvalidationFeed::~RedisInvalidationFeed() { stop(); }

void RedisInvalidationFeed::start() {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->thread.joinable()) return;
  impl_->stopping.store(false);
  try {
    impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
  } catch (const std::system_error& error) {
    spdlog::error("redis invalidation feed cannot start its thread: {}", error.what());
  }
}

void RedisInvalidationFeed::stop() {
  std::lock_guard lock(impl_->lifecycle);
  {
    // Under the pause mutex so the feed thread cannot miss the wake-up between its check of
    // the flag and its wait.
    std::lock_guard pause_lock(impl_->pause_mutex);
    impl_->stopping.store(true);
  }
  impl_->pause_wake.notify_all();
  if (impl_->thread.joinable()) {
    try {
      impl_->thread.join();
    } catch (const std::system_error& error) {
      // Only when called from a callback, which the contract forbids.
      spdlog::error("redis invalidation feed cannot stop: {}", error.what());
    }
  }
  // A stopped feed delivers nothing, so it must not look up (no state(false) is reported).
  impl_->is_up.store(false);
}

bool RedisInvalidationFeed::up() const { return impl_->is_up.load(); }

bool RedisInvalidationFeed::publish(RedisClient& client, const std::string& channel,
                                    std::string_view provider_id) {
  auto reply = client.command({"PUBLISH", channel, provider_id});
  return reply && reply->kind == RedisReply::Kind::kInteger;
}

}  // namespace janji::cache
