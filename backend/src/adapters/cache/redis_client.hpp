#pragma once

#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace janji::cache {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;  // empty: no AUTH
  int db = 0;
  std::size_t pool_size = 4;  // 0 is treated as 1
  std::chrono::milliseconds connect_timeout{1000};
  // Socket read/write timeout; a blocking command (BLPOP...) longer than this kills the context.
  std::chrono::milliseconds command_timeout{1000};
};

// A reply copied out of hiredis, so no hiredis type leaks out of this adapter.
struct RedisReply {
  enum class Kind { kNil, kInteger, kString, kArray, kStatus, kError };

  Kind kind = Kind::kNil;
  long long integer = 0;             // kInteger
  std::string str;                   // kString (binary safe), kStatus and kError text
  std::vector<RedisReply> elements;  // kArray

  bool is_nil() const { return kind == Kind::kNil; }
  bool is_error() const { return kind == Kind::kError; }
  bool is_status(std::string_view text) const { return kind == Kind::kStatus && str == text; }
};

// A small thread-safe pool of synchronous hiredis connections. Each call leases one context
// (waiting when all are busy), so calls never share a socket. A context that fails (I/O error,
// timeout, EOF) is dropped and re-dialled on its next lease. Nothing here throws.
class RedisClient {
 public:
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // True when Redis answers PONG.
  bool ping();

  // Runs one command in argv form (arguments are sent length-prefixed, so any bytes are safe).
  // std::nullopt when Redis is unreachable or the connection failed; an error reply from Redis
  // is a RedisReply of kind kError.
  std::optional<RedisReply> command(std::initializer_list<std::string_view> args);
  std::optional<RedisReply> command(const std::vector<std::string>& args);

  // std::nullopt when the key is missing, holds no string, or Redis is unreachable.
  std::optional<std::string> get(std::string_view key);
  // SET with PX ttl; a ttl <= 0 stores without expiry. True when Redis answered OK.
  bool set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl);
  // True when Redis answered (the key is gone now, whether or not it existed).
  bool del(std::string_view key);
  // EVAL of a Lua script expected to return an integer; std::nullopt on any failure.
  std::optional<long long> eval_int(std::string_view script, const std::vector<std::string>& keys,
                                    const std::vector<std::string>& args);

 private:
  struct Impl;
  std::optional<RedisReply> run(std::size_t argc, const char** argv, const std::size_t* lengths);

  std::unique_ptr<Impl> impl_;
};

}  // namespace janji::cache
