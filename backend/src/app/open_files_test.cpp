#include "app/open_files.hpp"

#include <gtest/gtest.h>

namespace janji::app {
namespace {

config::Config sqlite_config() {
  config::Config c;
  c.database.pool_size = 4;
  c.worker_threads = 4;
  c.io_threads = 2;
  return c;
}

TEST(ConnectionCap, LeavesTheReserveOfTheSoftLimit) {
  const auto c = sqlite_config();
  const auto reserve = descriptor_reserve(c);
  EXPECT_EQ(connection_cap(c, 1024), 1024 - reserve);
  EXPECT_EQ(connection_cap(c, 1048576), 1048576 - reserve);
}

TEST(ConnectionCap, ReservesForEveryDatabaseAndRedisConnection) {
  auto c = sqlite_config();
  const auto sqlite = descriptor_reserve(c);
  c.database.pool_size = 20;  // SQLite: the file, its WAL and shared memory per connection
  EXPECT_GE(descriptor_reserve(c), sqlite + 3 * 16);
  c.redis.enabled = true;  // one Redis connection per worker thread
  EXPECT_GE(descriptor_reserve(c), sqlite + 3 * 16 + 4);
}

TEST(ConnectionCap, ATinyLimitStillLeavesAFewConnections) {
  EXPECT_EQ(connection_cap(sqlite_config(), 50), 16u);
}

TEST(ConnectionCap, MaxConnectionsWins) {
  auto c = sqlite_config();
  c.max_connections = 300;
  EXPECT_EQ(connection_cap(c, 1024), 300u);
  EXPECT_EQ(connection_cap(c, 100), 300u);
}

TEST(OpenFilesLimit, RaisingLeavesTheSoftLimitAtTheHardOne) {
  const auto after = raise_open_files_limit();
  EXPECT_GT(after.soft, 0u);
  if (after.hard < (1ull << 20)) {
    EXPECT_EQ(after.soft, after.hard);
  }
}

}  // namespace
}  // namespace janji::app
