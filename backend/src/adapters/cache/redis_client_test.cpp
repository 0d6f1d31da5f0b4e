#include "adapters/cache/redis_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "adapters/cache/redis_test_env.hpp"

namespace janji::cache {
namespace {

using namespace std::chrono_literals;
using Kind = RedisReply::Kind;

class RedisClientTest : public RedisTest {
 protected:
  RedisClientTest() : RedisTest("client", 2) {}

  std::string key(const std::string& name) const { return prefix_ + name; }
};

TEST_F(RedisClientTest, SetGetDelRoundTrip) {
  EXPECT_EQ(client_->get(key("missing")), std::nullopt);
  ASSERT_TRUE(client_->set(key("a"), "hello", 60s));
  EXPECT_EQ(client_->get(key("a")), "hello");
  ASSERT_TRUE(client_->set(key("a"), "again", 60s));
  EXPECT_EQ(client_->get(key("a")), "again");
  EXPECT_TRUE(client_->del(key("a")));
  EXPECT_EQ(client_->get(key("a")), std::nullopt);
  EXPECT_TRUE(client_->del(key("a")));  // already gone is still success
}

TEST_F(RedisClientTest, TtlExpiresTheKeyAndZeroMeansNoExpiry) {
  ASSERT_TRUE(client_->set(key("short"), "v", 300ms));
  auto pttl = client_->command({"PTTL", key("short")});
  ASSERT_TRUE(pttl);
  ASSERT_EQ(pttl->kind, Kind::kInteger);
  EXPECT_GT(pttl->integer, 0);
  EXPECT_LE(pttl->integer, 300);
  std::this_thread::sleep_for(450ms);
  EXPECT_EQ(client_->get(key("short")), std::nullopt);

  ASSERT_TRUE(client_->set(key("forever"), "v", 0ms));
  pttl = client_->command({"PTTL", key("forever")});
  ASSERT_TRUE(pttl);
  EXPECT_EQ(pttl->integer, -1);
  EXPECT_TRUE(client_->del(key("forever")));
}

TEST_F(RedisClientTest, ArgvFormCarriesAnyBytes) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {key("with spaces and %s %n %b %%"), "value with spaces %s %d %n %b"},
      {key(std::string("nul\0inside", 10)), std::string("a\0b\0\0c", 6)},
      {key("binary") + all_bytes, all_bytes},
      {key("empty-value"), ""},
      {key("crlf\r\n*1\r\n$4\r\nPING"), "\r\n-ERR fake\r\n"},
  };
  for (const auto& [k, v] : cases) {
    ASSERT_TRUE(client_->set(k, v, 60s)) << k;
    const auto got = client_->get(k);
    ASSERT_TRUE(got.has_value()) << k;
    EXPECT_EQ(*got, v);
    EXPECT_EQ(got->size(), v.size());
  }
  // The NUL really is part of the key: the prefix before it is a different, missing key.
  EXPECT_EQ(client_->get(key("nul")), std::nullopt);
  for (const auto& [k, v] : cases) EXPECT_TRUE(client_->del(k));
}

TEST_F(RedisClientTest, RepliesOfEveryKindAreCopied) {
  auto status = client_->command({"SET", key("n"), "41", "PX", "60000"});
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->is_status("OK"));

  auto integer = client_->command({"INCR", key("n")});
  ASSERT_TRUE(integer);
  EXPECT_EQ(integer->kind, Kind::kInteger);
  EXPECT_EQ(integer->integer, 42);

  auto nil = client_->command({"GET", key("missing")});
  ASSERT_TRUE(nil);
  EXPECT_TRUE(nil->is_nil());

  auto nested = client_->command({"EVAL", "return {1, 'two', {3, 'four'}}", "0"});
  ASSERT_TRUE(nested);
  ASSERT_EQ(nested->kind, Kind::kArray);
  ASSERT_EQ(nested->elements.size(), 3u);
  EXPECT_EQ(nested->elements[0].kind, Kind::kInteger);
  EXPECT_EQ(nested->elements[0].integer, 1);
  EXPECT_EQ(nested->elements[1].kind, Kind::kString);
  EXPECT_EQ(nested->elements[1].str, "two");
  ASSERT_EQ(nested->elements[2].kind, Kind::kArray);
  ASSERT_EQ(nested->elements[2].elements.size(), 2u);
  EXPECT_EQ(nested->elements[2].elements[1].str, "four");

  ASSERT_TRUE(client_->set(key("text"), "not a number", 60s));
  auto error = client_->command({"INCR", key("text")});
  ASSERT_TRUE(error) << "an error reply is a reply, not a connection failure";
  EXPECT_TRUE(error->is_error());
  EXPECT_NE(error->str.find("not an integer"), std::string::npos) << error->str;
  EXPECT_TRUE(client_->ping()) << "the connection survives an error reply";

  std::vector<std::string> argv = {"DEL", key("n"), key("text")};
  auto deleted = client_->command(argv);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->integer, 2);
}

TEST_F(RedisClientTest, EvalIntPassesKeysAndArgs) {
  const auto value = client_->eval_int(
      "redis.call('SET', KEYS[1], ARGV[1], 'PX', 60000) "
      "return tonumber(redis.call('GET', KEYS[1])) + #KEYS * 100 + #ARGV * 1000",
      {key("eval")}, {"7", "ignored %s"});
  EXPECT_EQ(value, 7 + 100 + 2000);
  EXPECT_EQ(client_->get(key("eval")), "7");
  EXPECT_EQ(client_->eval_int("return 'text'", {}, {}), std::nullopt);
  EXPECT_EQ(client_->eval_int("this is not lua", {}, {}), std::nullopt);
  EXPECT_TRUE(client_->ping());
  client_->del(key("eval"));
}

TEST_F(RedisClientTest, ReconnectsAfterTheServerKillsTheConnection) {
  auto options = options_;
  options.pool_size = 1;  // one context, so we know which connection gets killed
  RedisClient client(options);
  const auto id = client.command({"CLIENT", "ID"});
  ASSERT_TRUE(id);
  ASSERT_EQ(id->kind, Kind::kInteger);

  // Kill only our connection (not TYPE normal): other test runs may share this Redis.
  const std::string id_text = std::to_string(id->integer);
  const auto killed = client_->command({"CLIENT", "KILL", "ID", id_text});
  ASSERT_TRUE(killed);
  ASSERT_EQ(killed->integer, 1);

  // The first call may hit the dead socket and fail; the next one must re-dial and work.
  bool recovered = false;
  for (int attempt = 0; attempt < 2 && !recovered; ++attempt) {
    recovered = client.set(key("after-kill"), "ok", 60s);
  }
  ASSERT_TRUE(recovered);
  EXPECT_EQ(client.get(key("after-kill")), "ok");
  const auto new_id = client.command({"CLIENT", "ID"});
  ASSERT_TRUE(new_id);
  EXPECT_NE(new_id->integer, id->integer);
  client.del(key("after-kill"));
}

TEST_F(RedisClientTest, CommandTimeoutDropsTheContextAndRecovers) {
  auto options = options_;
  options.pool_size = 1;
  options.command_timeout = 200ms;
  RedisClient client(options);
  ASSERT_TRUE(client.ping());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client.command({"BLPOP", key("never-pushed"), "2"}), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_TRUE(client.ping());
}

TEST_F(RedisClientTest, SelectsTheConfiguredDatabase) {
  auto options = options_;
  options.db = options_.db == 1 ? 2 : 1;
  RedisClient other_db(options);
  ASSERT_TRUE(other_db.set(key("db"), "elsewhere", 60s));
  EXPECT_EQ(other_db.get(key("db")), "elsewhere");
  EXPECT_EQ(client_->get(key("db")), std::nullopt);
  EXPECT_TRUE(other_db.del(key("db")));
}

TEST_F(RedisClientTest, RejectedAuthMakesTheClientUnavailable) {
  auto options = options_;
  options.password = "definitely-not-the-password";
  RedisClient client(options);
  EXPECT_FALSE(client.ping());
  EXPECT_EQ(client.get(key("x")), std::nullopt);
}

TEST_F(RedisClientTest, ConcurrentCallsShareASmallPool) {
  auto options = options_;
  options.pool_size = 3;
  RedisClient client(options);
  constexpr int kThreads = 8;
  constexpr int kIncrements = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto reply = client.command({"INCR", key("counter")});
        if (!reply || reply->kind != Kind::kInteger) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(client.get(key("counter")), std::to_string(kThreads * kIncrements));
  client.del(key("counter"));
}

TEST(RedisClientUnreachableTest, EveryCallFailsQuietly) {
  RedisClient client(unreachable_redis_options());
  EXPECT_FALSE(client.ping());
  EXPECT_EQ(client.command({"PING"}), std::nullopt);
  EXPECT_EQ(client.get("k"), std::nullopt);
  EXPECT_FALSE(client.set("k", "v", 1s));
  EXPECT_FALSE(client.del("k"));
  EXPECT_EQ(client.eval_int("return 1", {}, {}), std::nullopt);
}

}  // namespace
}  // namespace janji::cache
