#pragma once

// What the Redis adapter tests share. A header, not a .cpp: the build compiles every
// src/adapters/*.cpp into the app library and only *_test.cpp into the unit-test binary.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "adapters/cache/redis_client.hpp"

namespace janji::cache {

// Tests run only against a real Redis named by REDIS_HOST / REDIS_PORT (REDIS_PASSWORD too).
inline std::optional<RedisOptions> redis_test_options(
    std::size_t pool_size = RedisOptions{}.pool_size) {
  using namespace std::chrono_literals;
  const char* host = std::getenv("REDIS_HOST");
  if (host == nullptr || *host == '\0') return std::nullopt;
  RedisOptions options;
  options.host = host;
  if (const char* port = std::getenv("REDIS_PORT"); port != nullptr && *port != '\0') {
    options.port = std::atoi(port);
  }
  if (const char* password = std::getenv("REDIS_PASSWORD"); password != nullptr) {
    options.password = password;
  }
  options.pool_size = pool_size;
  options.connect_timeout = 1000ms;
  options.command_timeout = 2000ms;
  return options;
}

inline std::string random_test_number() {
  std::random_device device;
  std::mt19937_64 random(device());
  return std::to_string(random());
}

// A fresh namespace per fixture, so parallel runs against one Redis never share keys.
inline std::string unique_test_prefix(const std::string& tag) {
  return "janji:test:" + tag + ":" + random_test_number() + ":";
}

// A loopback port nobody listens on: bind an ephemeral port, then release it.
inline int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// A Redis nobody answers at, for the tests of how the adapters fail.
inline RedisOptions unreachable_redis_options() {
  using namespace std::chrono_literals;
  RedisOptions options;
  options.host = "127.0.0.1";
  options.port = closed_port();
  options.connect_timeout = 500ms;
  return options;
}

// A client of the test Redis and a key prefix of the test's own. Skips the test when
// REDIS_HOST is unset; drops the prefix's keys afterwards.
class RedisTest : public ::testing::Test {
 protected:
  explicit RedisTest(const std::string& tag, std::size_t pool_size = RedisOptions{}.pool_size)
      : prefix_(unique_test_prefix(tag)), pool_size_(pool_size) {}

  void SetUp() override {
    auto options = redis_test_options(pool_size_);
    if (!options) GTEST_SKIP() << "REDIS_HOST not set";
    options_ = *options;
    client_ = std::make_unique<RedisClient>(options_);
    ASSERT_TRUE(client_->ping()) << "cannot reach Redis at " << options_.host << ":"
                                 << options_.port;
    on_connected();
  }

  // What a fixture builds on the client; runs only once Redis answered.
  virtual void on_connected() {}

  void TearDown() override {
    if (!client_) return;
    // SCAN is fine for the handful of keys a test writes.
    std::string cursor = "0";
    do {
      auto reply = client_->command({"SCAN", cursor, "MATCH", prefix_ + "*", "COUNT", "1000"});
      if (!reply || reply->kind != RedisReply::Kind::kArray || reply->elements.size() != 2) break;
      cursor = reply->elements[0].str;
      for (const auto& key : reply->elements[1].elements) client_->del(key.str);
    } while (cursor != "0");
  }

  RedisOptions options_;
  std::string prefix_;
  std::unique_ptr<RedisClient> client_;

 private:
  std::size_t pool_size_;
};

}  // namespace janji::cache
