#include "adapters/cache/redis_invalidation_feed.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "adapters/cache/redis_test_env.hpp"

namespace janji::cache {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Timing = RedisInvalidationFeed::Timing;

// What the feed reported, with bounded waits so a broken feed fails a test instead of hanging it.
class Recorder {
 public:
  RedisInvalidationFeed::Callbacks callbacks() {
    return {[this](std::string_view provider_id) {
              {
                std::lock_guard lock(mutex_);
                messages_.emplace_back(provider_id);
              }
              changed_.notify_all();
            },
            [this](bool up) {
              {
                std::lock_guard lock(mutex_);
                states_.push_back(up);
              }
              changed_.notify_all();
            }};
  }

  bool wait_messages(std::size_t count, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
  }

  bool wait_states(std::size_t count, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return states_.size() >= count; });
  }

  std::vector<std::string> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }

  std::vector<bool> states() const {
    std::lock_guard lock(mutex_);
    return states_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> messages_;
  std::vector<bool> states_;
};

template <typename F>
std::chrono::milliseconds time_of(F&& f) {
  const auto begin = Clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin);
}

class RedisInvalidationFeedTest : public RedisTest {
 protected:
  RedisInvalidationFeedTest() : RedisTest("feed") {}

  void on_connected() override { channel_ = prefix_ + "invalidations"; }

  std::unique_ptr<RedisInvalidationFeed> make_feed(Timing timing = {}) {
    return std::make_unique<RedisInvalidationFeed>(options_, channel_, recorder_.callbacks(),
                                                   timing);
  }

  // Starts `feed` and waits for its first state(true).
  void start_up(RedisInvalidationFeed& feed) {
    feed.start();
    ASSERT_TRUE(recorder_.wait_states(1));
    ASSERT_EQ(recorder_.states(), std::vector<bool>{true});
    ASSERT_TRUE(feed.up());
  }

  bool publish(std::string_view provider_id) {
    return RedisInvalidationFeed::publish(*client_, channel_, provider_id);
  }

  // The ids of the subscribed connections, from CLIENT LIST ("id=7 addr=... \n" per client).
  std::set<std::string> pubsub_client_ids() {
    std::set<std::string> ids;
    const auto list = client_->command({"CLIENT", "LIST", "TYPE", "pubsub"});
    if (!list) return ids;
    std::size_t pos = 0;
    while ((pos = list->str.find("id=", pos)) != std::string::npos) {
      const bool line_start = pos == 0 || list->str[pos - 1] == '\n';
      const auto end = list->str.find(' ', pos);
      if (line_start) ids.insert(list->str.substr(pos + 3, end - pos - 3));
      pos = end;
    }
    return ids;
  }

  std::string channel_;
  Recorder recorder_;
};

TEST_F(RedisInvalidationFeedTest, DeliversTheChannelsMessagesInOrder) {
  auto feed = make_feed();
  start_up(*feed);

  const std::string binary("with\0nul", 8);
  const std::vector<std::string> sent = {"11111111-1111-4111-8111-111111111111", "second one", "",
                                         binary, "22222222-2222-4222-8222-222222222222"};
  // Another channel first: the server handles the publishes in order, so a leak would show up
  // ahead of the expected messages.
  ASSERT_TRUE(RedisInvalidationFeed::publish(*client_, channel_ + ":other", "not for us"));
  for (const auto& id : sent) ASSERT_TRUE(publish(id));

  ASSERT_TRUE(recorder_.wait_messages(sent.size()));
  EXPECT_EQ(recorder_.messages(), sent);
  std::this_thread::sleep_for(100ms);  // nothing else trails behind
  EXPECT_EQ(recorder_.messages(), sent);
  EXPECT_EQ(recorder_.states(), std::vector<bool>{true});
}

TEST_F(RedisInvalidationFeedTest, PublishCountsTheSubscribers) {
  EXPECT_TRUE(publish("nobody listens"));  // an integer (0) is still an answer
  auto feed = make_feed();
  start_up(*feed);
  const auto reply = client_->command({"PUBLISH", channel_, "x"});
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->integer, 1);
}

TEST_F(RedisInvalidationFeedTest, ReportsDownWhenKilledThenComesBackUp) {
  // Only the connections that appeared with this feed are killed, not every subscriber
  // (CLIENT KILL TYPE pubsub), so feeds of tests running beside this one stay up.
  const auto before = pubsub_client_ids();
  auto feed = make_feed();
  start_up(*feed);
  ASSERT_TRUE(publish("before"));
  ASSERT_TRUE(recorder_.wait_messages(1));

  std::vector<std::string> ours;
  for (const auto& id : pubsub_client_ids()) {
    if (!before.contains(id)) ours.push_back(id);
  }
  ASSERT_FALSE(ours.empty());
  for (const auto& id : ours) {
    const auto killed = client_->command({"CLIENT", "KILL", "ID", id});
    ASSERT_TRUE(killed.has_value());
    ASSERT_EQ(killed->kind, RedisReply::Kind::kInteger);
  }

  ASSERT_TRUE(recorder_.wait_states(3));
  EXPECT_EQ(recorder_.states(), (std::vector<bool>{true, false, true}));
  EXPECT_TRUE(feed->up());

  ASSERT_TRUE(publish("after"));
  ASSERT_TRUE(recorder_.wait_messages(2));
  EXPECT_EQ(recorder_.messages(), (std::vector<std::string>{"before", "after"}));
}

TEST_F(RedisInvalidationFeedTest, StopsPromptlyWhenIdle) {
  auto feed = make_feed();
  start_up(*feed);
  std::this_thread::sleep_for(50ms);  // let it settle in its poll()
  EXPECT_LT(time_of([&] { feed->stop(); }), 1200ms);
  EXPECT_FALSE(feed->up());
  EXPECT_EQ(recorder_.states(), std::vector<bool>{true});  // no state(false) on stop
  feed->stop();                                            // idempotent
  EXPECT_EQ(recorder_.states(), std::vector<bool>{true});
}

TEST_F(RedisInvalidationFeedTest, DestructorStopsARunningFeed) {
  auto feed = make_feed();
  start_up(*feed);
  EXPECT_LT(time_of([&] { feed.reset(); }), 1200ms);
  EXPECT_EQ(recorder_.states(), std::vector<bool>{true});
}

TEST_F(RedisInvalidationFeedTest, StartTwiceIsOneSubscriber) {
  auto feed = make_feed();
  start_up(*feed);
  feed->start();
  std::this_thread::sleep_for(200ms);  // time enough for a second subscriber to show
  const auto reply = client_->command({"PUBSUB", "NUMSUB", channel_});
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->elements.size(), 2u);
  EXPECT_EQ(reply->elements[1].integer, 1);
  EXPECT_EQ(recorder_.states(), std::vector<bool>{true});
}

TEST_F(RedisInvalidationFeedTest, StartsAgainAfterStop) {
  auto feed = make_feed();
  start_up(*feed);
  feed->stop();
  feed->start();
  ASSERT_TRUE(recorder_.wait_states(2));
  EXPECT_EQ(recorder_.states(), (std::vector<bool>{true, true}));
  ASSERT_TRUE(publish("again"));
  ASSERT_TRUE(recorder_.wait_messages(1));
  EXPECT_EQ(recorder_.messages(), std::vector<std::string>{"again"});
}

TEST_F(RedisInvalidationFeedTest, AThrowingCallbackDoesNotStopTheFeed) {
  std::atomic<int> calls{0};
  Recorder& recorder = recorder_;
  auto callbacks = recorder_.callbacks();
  auto record = callbacks.invalidated;
  callbacks.invalidated = [&calls, record](std::string_view provider_id) {
    if (calls.fetch_add(1) == 0) throw std::runtime_error("boom");
    record(provider_id);
  };
  RedisInvalidationFeed feed(options_, channel_, callbacks);
  feed.start();
  ASSERT_TRUE(recorder.wait_states(1));
  ASSERT_TRUE(publish("lost"));
  ASSERT_TRUE(publish("kept"));
  ASSERT_TRUE(recorder.wait_messages(1));
  EXPECT_EQ(recorder.messages(), std::vector<std::string>{"kept"});
  EXPECT_EQ(recorder.states(), std::vector<bool>{true});
  EXPECT_TRUE(feed.up());
}

TEST_F(RedisInvalidationFeedTest, AnsweredProbesKeepAnIdleFeedUp) {
  auto feed = make_feed(Timing{200ms, 300ms});
  start_up(*feed);
  // Several probe rounds; any unanswered one would have reported down by now.
  EXPECT_FALSE(recorder_.wait_states(2, 1500ms));
  EXPECT_EQ(recorder_.states(), std::vector<bool>{true});
  EXPECT_TRUE(feed->up());

  // The probes did go out: some subscribed connection last ran PING (ours, as nothing else
  // probes this often).
  const auto clients = client_->command({"CLIENT", "LIST", "TYPE", "pubsub"});
  ASSERT_TRUE(clients.has_value());
  EXPECT_NE(clients->str.find("cmd=ping"), std::string::npos) << clients->str;

  ASSERT_TRUE(publish("still here"));
  ASSERT_TRUE(recorder_.wait_messages(1));
}

TEST(RedisInvalidationFeedUnreachableTest, NeverUpAndStopsPromptly) {
  Recorder recorder;
  RedisInvalidationFeed feed(unreachable_redis_options(), "janji:test:feed", recorder.callbacks());
  feed.start();
  // Several attempts happen meanwhile (50, 100, 200, 400 ms pauses).
  EXPECT_FALSE(recorder.wait_states(1, 800ms));
  EXPECT_FALSE(feed.up());
  EXPECT_LT(time_of([&] { feed.stop(); }), 1500ms);
  EXPECT_TRUE(recorder.states().empty());
}

TEST(RedisInvalidationFeedUnreachableTest, PublishFailsWithoutRedis) {
  RedisClient client(unreachable_redis_options());
  EXPECT_FALSE(RedisInvalidationFeed::publish(client, "janji:test:feed", "id"));
}

// A scripted stand-in for Redis on a loopback port, for what a real one will not do on demand:
// stay silent to a PING, or reject a password. Speaks just enough RESP for the feed.
class FakeRedis {
 public:
  struct Script {
    std::string password;  // empty: AUTH is not expected
    bool confirm_subscribe = true;
    bool answer_ping = false;
  };

  explicit FakeRedis(Script script) : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
  }

  ~FakeRedis() {
    stop_.store(true);
    thread_.join();
    for (auto& connection : connections_) ::close(connection.fd);
    ::close(listener_);
  }

  FakeRedis(const FakeRedis&) = delete;
  FakeRedis& operator=(const FakeRedis&) = delete;

  RedisOptions options() const {
    RedisOptions options;
    options.host = "127.0.0.1";
    options.port = port_;
    options.password = script_.password;
    options.connect_timeout = 500ms;
    return options;
  }

  int accepted() const { return accepted_.load(); }
  int pings() const { return pings_.load(); }
  int auths() const { return auths_.load(); }

 private:
  struct Connection {
    int fd;
    std::string buffer;
  };

  void run() {
    while (!stop_.load()) {
      std::vector<pollfd> descriptors{{listener_, POLLIN, 0}};
      for (const auto& connection : connections_) descriptors.push_back({connection.fd, POLLIN, 0});
      if (::poll(descriptors.data(), descriptors.size(), 50) <= 0) continue;
      if ((descriptors[0].revents & POLLIN) != 0) {
        const int fd = ::accept(listener_, nullptr, nullptr);
        if (fd >= 0) {
          connections_.push_back({fd, {}});
          accepted_.fetch_add(1);
        }
      }
      for (std::size_t i = 1; i < descriptors.size(); ++i) {
        if (descriptors[i].revents == 0) continue;
        Connection& connection = connections_[i - 1];
        char chunk[4096];
        const ssize_t got = ::read(connection.fd, chunk, sizeof chunk);
        if (got <= 0) {
          ::close(connection.fd);
          connection.fd = -1;
          continue;
        }
        connection.buffer.append(chunk, static_cast<std::size_t>(got));
        while (auto command = take_command(connection.buffer)) answer(connection.fd, *command);
      }
      std::erase_if(connections_, [](const Connection& connection) { return connection.fd < 0; });
    }
  }

  // One command (an array of bulk strings, as hiredis sends) off the front of `buffer`.
  static std::optional<std::vector<std::string>> take_command(std::string& buffer) {
    std::size_t pos = 0;
    const auto line = [&]() -> std::optional<std::string> {
      const auto end = buffer.find("\r\n", pos);
      if (end == std::string::npos) return std::nullopt;
      std::string text = buffer.substr(pos, end - pos);
      pos = end + 2;
      return text;
    };
    const auto head = line();
    if (!head || head->size() < 2 || (*head)[0] != '*') return std::nullopt;
    std::vector<std::string> args;
    for (int i = std::stoi(head->substr(1)); i > 0; --i) {
      const auto size_line = line();
      if (!size_line || size_line->size() < 2) return std::nullopt;
      const auto size = std::stoul(size_line->substr(1));
      if (buffer.size() < pos + size + 2) return std::nullopt;
      args.push_back(buffer.substr(pos, size));
      pos += size + 2;
    }
    buffer.erase(0, pos);
    return args;
  }

  void answer(int fd, const std::vector<std::string>& command) {
    if (command.empty()) return;
    std::string reply;
    if (command[0] == "AUTH") {
      auths_.fetch_add(1);
      reply = command.size() == 2 && command[1] == script_.password
                  ? "+OK\r\n"
                  : "-WRONGPASS invalid username-password pair\r\n";
    } else if (command[0] == "SUBSCRIBE" && command.size() == 2) {
      if (!script_.confirm_subscribe) return;
      reply = "*3\r\n$9\r\nsubscribe\r\n$" + std::to_string(command[1].size()) + "\r\n" +
              command[1] + "\r\n:1\r\n";
    } else if (command[0] == "PING") {
      pings_.fetch_add(1);
      if (!script_.answer_ping) return;
      reply = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";
    } else {
      reply = "-ERR unknown command\r\n";
    }
    ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
  }

  Script script_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::vector<Connection> connections_;  // the server thread's only
  std::atomic<int> accepted_{0};
  std::atomic<int> pings_{0};
  std::atomic<int> auths_{0};
};

TEST(RedisInvalidationFeedFakeServerTest, AnUnansweredProbeTakesTheFeedDown) {
  FakeRedis server(FakeRedis::Script{});
  Recorder recorder;
  RedisInvalidationFeed feed(server.options(), "janji:test:feed", recorder.callbacks(),
                             Timing{200ms, 300ms});
  feed.start();
  ASSERT_TRUE(recorder.wait_states(1));
  const auto up_at = Clock::now();
  ASSERT_TRUE(recorder.wait_states(2));
  const auto down_after = Clock::now() - up_at;
  EXPECT_EQ(recorder.states(), (std::vector<bool>{true, false}));
  EXPECT_GE(server.pings(), 1);
  EXPECT_GE(down_after, 400ms);  // idle_probe + probe_timeout, less some scheduling slack
  // It reconnects, and the silent server lets it up again.
  ASSERT_TRUE(recorder.wait_states(3));
  EXPECT_EQ(recorder.states(), (std::vector<bool>{true, false, true}));
  EXPECT_GE(server.accepted(), 2);
}

TEST(RedisInvalidationFeedFakeServerTest, AnsweredProbesKeepItUp) {
  FakeRedis::Script script;
  script.answer_ping = true;
  FakeRedis server(script);
  Recorder recorder;
  RedisInvalidationFeed feed(server.options(), "janji:test:feed", recorder.callbacks(),
                             Timing{100ms, 200ms});
  feed.start();
  ASSERT_TRUE(recorder.wait_states(1));
  EXPECT_FALSE(recorder.wait_states(2, 1000ms));
  EXPECT_GE(server.pings(), 3);
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_TRUE(feed.up());
}

TEST(RedisInvalidationFeedFakeServerTest, AuthenticatesFirst) {
  FakeRedis::Script script;
  script.password = "s3cret";
  FakeRedis server(script);
  Recorder recorder;
  RedisInvalidationFeed feed(server.options(), "janji:test:feed", recorder.callbacks());
  feed.start();
  ASSERT_TRUE(recorder.wait_states(1));
  EXPECT_EQ(recorder.states(), std::vector<bool>{true});
  EXPECT_EQ(server.auths(), 1);
}

TEST(RedisInvalidationFeedFakeServerTest, AWrongPasswordNeverComesUp) {
  FakeRedis::Script script;
  script.password = "s3cret";
  FakeRedis server(script);
  RedisOptions options = server.options();
  options.password = "wrong";
  Recorder recorder;
  RedisInvalidationFeed feed(options, "janji:test:feed", recorder.callbacks());
  feed.start();
  EXPECT_FALSE(recorder.wait_states(1, 800ms));
  EXPECT_GE(server.auths(), 2);  // it keeps trying
  EXPECT_FALSE(feed.up());
  EXPECT_LT(time_of([&] { feed.stop(); }), 1500ms);
}

TEST(RedisInvalidationFeedFakeServerTest, AnUnconfirmedSubscriptionNeverComesUp) {
  FakeRedis::Script script;
  script.confirm_subscribe = false;
  FakeRedis server(script);
  Recorder recorder;
  RedisInvalidationFeed feed(server.options(), "janji:test:feed", recorder.callbacks());
  feed.start();
  EXPECT_FALSE(recorder.wait_states(1, 1200ms));  // past the 500 ms handshake limit
  EXPECT_GE(server.accepted(), 2);                // it gave up on the first and tried again
  EXPECT_FALSE(feed.up());
  EXPECT_LT(time_of([&] { feed.stop(); }), 1500ms);
}

}  // namespace
}  // namespace janji::cache
