#include "adapters/cache/redis_client.hpp"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/time.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <utility>

#include "adapters/cache/hiredis_handles.hpp"

namespace janji::cache {

namespace {

RedisReply copy_reply(const redisReply& reply) {
  RedisReply out;
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      out.kind = RedisReply::Kind::kInteger;
      out.integer = reply.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      out.kind = reply.type == REDIS_REPLY_STRING   ? RedisReply::Kind::kString
                 : reply.type == REDIS_REPLY_STATUS ? RedisReply::Kind::kStatus
                                                    : RedisReply::Kind::kError;
      if (reply.str != nullptr) out.str.assign(reply.str, static_cast<std::size_t>(reply.len));
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::kArray;
      out.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) {
        if (reply.element[i] == nullptr) {
          out.elements.emplace_back();
        } else {
          out.elements.push_back(copy_reply(*reply.element[i]));
        }
      }
      break;
    default:
      out.kind = RedisReply::Kind::kNil;
      break;
  }
  return out;
}

// hiredis writes with write(2): a peer that reset the socket would raise SIGPIPE and kill the
// process. Block it on this thread for the call and swallow one raised meanwhile, so the failure
// shows up as an ordinary I/O error whatever the process's signal setup is.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        timespec zero{};
        while (sigtimedwait(&pipe_, nullptr, &zero) == -1 && errno == EINTR) {
        }
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t old_{};
  bool was_pending_ = false;
};

// Runs AUTH / SELECT on a fresh context, in argv form like everything else.
ReplyPtr setup_command(redisContext* context, std::initializer_list<std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (auto arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  return ReplyPtr(static_cast<redisReply*>(
      redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
}

}  // namespace

struct RedisClient::Impl {
  explicit Impl(RedisOptions opts) : options(std::move(opts)) {
    if (options.pool_size == 0) options.pool_size = 1;
    // Slots start empty (nullptr) and dial on first use, so construction never blocks or fails.
    idle.resize(options.pool_size);
  }

  RedisOptions options;
  std::mutex mutex;
  std::condition_variable available;
  std::vector<ContextPtr> idle;  // leasable slots; nullptr = not connected
  // Connection failures are logged on the transition only, not on every call while Redis is
  // down.
  std::atomic<bool> reachable{true};

  ContextPtr acquire() {
    std::unique_lock lock(mutex);
    available.wait(lock, [this] { return !idle.empty(); });
    ContextPtr context = std::move(idle.back());
    idle.pop_back();
    return context;
  }

  void release(ContextPtr context) {
    {
      std::lock_guard lock(mutex);
      idle.push_back(std::move(context));
    }
    available.notify_one();
  }

  void mark_unreachable(std::string_view why) {
    if (reachable.exchange(false)) {
      spdlog::warn("redis {}:{} unavailable: {}", options.host, options.port, why);
    }
  }

  void mark_reachable() {
    if (!reachable.exchange(true)) {
      spdlog::info("redis {}:{} reachable again", options.host, options.port);
    }
  }

  ContextPtr connect() {
    ContextPtr context(redisConnectWithTimeout(options.host.c_str(), options.port,
                                               to_timeval(options.connect_timeout)));
    if (!context) {
      mark_unreachable("cannot allocate a context");
      return nullptr;
    }
    if (context->err != 0) {
      mark_unreachable(context->errstr);
      return nullptr;
    }
    if (redisSetTimeout(context.get(), to_timeval(options.command_timeout)) != REDIS_OK) {
      mark_unreachable("cannot set the socket timeout");
      return nullptr;
    }
    redisEnableKeepAlive(context.get());
    if (!options.password.empty()) {
      ReplyPtr reply = setup_command(context.get(), {"AUTH", options.password});
      if (!reply || context->err != 0 || reply->type == REDIS_REPLY_ERROR) {
        // Never log the reply text: some servers echo the argument back.
        mark_unreachable(context->err != 0 ? context->errstr : "AUTH rejected");
        return nullptr;
      }
    }
    if (options.db != 0) {
      const std::string db = std::to_string(options.db);
      ReplyPtr reply = setup_command(context.get(), {"SELECT", db});
      if (!reply || context->err != 0 || reply->type == REDIS_REPLY_ERROR) {
        mark_unreachable(context->err != 0 ? std::string_view(context->errstr)
                         : reply           ? std::string_view(reply->str, reply->len)
                                           : std::string_view("SELECT failed"));
        return nullptr;
      }
    }
    return context;
  }
};

RedisClient::RedisClient(RedisOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

// Callers must have finished: contexts still leased would be returned to a dead pool.
RedisClient::~RedisClient() = default;

std::optional<RedisReply> RedisClient::run(std::size_t argc, const char** argv,
                                           const std::size_t* lengths) {
  ContextPtr context = impl_->acquire();
  std::optional<RedisReply> result;
  {
    SigpipeGuard guard;
    if (!context) context = impl_->connect();
    if (context) {
      ReplyPtr reply(static_cast<redisReply*>(
          redisCommandArgv(context.get(), static_cast<int>(argc), argv, lengths)));
      if (!reply || context->err != 0) {
        // The stream is in an unknown state (timeout, EOF, reset): drop it and re-dial next time.
        spdlog::warn("redis {}:{} command failed: {}", impl_->options.host, impl_->options.port,
                     context->err != 0 ? context->errstr : "no reply");
        context.reset();
      } else {
        impl_->mark_reachable();
        result = copy_reply(*reply);
      }
    }
  }
  impl_->release(std::move(context));
  return result;
}

std::optional<RedisReply> RedisClient::command(std::initializer_list<std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (auto arg : args) {
    // An empty string_view may carry a null pointer; hiredis only needs a valid address.
    argv.push_back(arg.data() != nullptr ? arg.data() : "");
    lengths.push_back(arg.size());
  }
  if (argv.empty()) return std::nullopt;
  return run(argv.size(), argv.data(), lengths.data());
}

std::optional<RedisReply> RedisClient::command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (argv.empty()) return std::nullopt;
  return run(argv.size(), argv.data(), lengths.data());
}

bool RedisClient::ping() {
  auto reply = command({"PING"});
  return reply && reply->is_status("PONG");
}

std::optional<std::string> RedisClient::get(std::string_view key) {
  auto reply = command({"GET", key});
  if (!reply || reply->kind != RedisReply::Kind::kString) return std::nullopt;
  return std::move(reply->str);
}

bool RedisClient::set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  std::optional<RedisReply> reply;
  if (ttl.count() > 0) {
    const std::string ms = std::to_string(ttl.count());
    reply = command({"SET", key, value, "PX", ms});
  } else {
    reply = command({"SET", key, value});
  }
  return reply && reply->is_status("OK");
}

bool RedisClient::del(std::string_view key) {
  auto reply = command({"DEL", key});
  return reply && reply->kind == RedisReply::Kind::kInteger;
}

std::optional<long long> RedisClient::eval_int(std::string_view script,
                                               const std::vector<std::string>& keys,
                                               const std::vector<std::string>& args) {
  std::vector<std::string> argv;
  argv.reserve(3 + keys.size() + args.size());
  argv.emplace_back("EVAL");
  argv.emplace_back(script);
  argv.push_back(std::to_string(keys.size()));
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  auto reply = command(argv);
  if (!reply) return std::nullopt;
  if (reply->kind != RedisReply::Kind::kInteger) {
    spdlog::warn("redis EVAL returned no integer: {}",
                 reply->is_error() ? reply->str : std::string("unexpected reply type"));
    return std::nullopt;
  }
  return reply->integer;
}

}  // namespace janji::cache
