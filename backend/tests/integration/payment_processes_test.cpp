// Payments across processes, as in production: several `janji serve` instances behind one
// callback URL and several workers sweeping payment holds, on one PostgreSQL.
//  - The same notification posted to two processes at once is applied once.
//  - A process killed (SIGKILL) after committing a settlement but before answering it: Midtrans
//    retries, the retry is answered 200 and nothing is applied twice.
//  - Holds that run out are cancelled exactly once by two `janji worker` processes sweeping at
//    the same time.
// PostgreSQL only (skipped on SQLite, where one process owns the database file).
#include <gtest/gtest.h>
#include <signal.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <latch>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/db/database.hpp"
#include "support/catalog_fixture.hpp"
#include "support/child_process.hpp"
#include "support/midtrans_sandbox.hpp"
#include "support/private_database.hpp"

namespace janji::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using Env = std::map<std::string, std::string>;

constexpr const char* kJwtSecret = "payment-process-test-jwt-secret-that-is-long-enough-7";
constexpr long long kPrice = 250000;

std::string tail(const std::string& text, std::size_t n = 3000) {
  return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

class PaymentProcesses : public ::testing::Test {
 protected:
  // A database of its own: the workers sweep every lapsed hold and deliver every due row.
  static void SetUpTestSuite() {
    if (!using_postgres()) return;
    private_db() = std::make_unique<PrivateDatabase>("payments");
    standin() = std::make_unique<MidtransStandIn>();
  }

  static void TearDownTestSuite() {
    standin().reset();
    private_db().reset();
  }

  void SetUp() override {
    if (!using_postgres()) GTEST_SKIP() << "needs PostgreSQL (DB_DRIVER=postgres)";
    ASSERT_TRUE(database());
  }

  void TearDown() override {
    for (auto& [name, child] : children_) {
      if (child->running()) child->signal(SIGTERM);
    }
    for (auto& [name, child] : children_) {
      if (!child->running()) continue;
      if (!child->wait(20s)) {
        ADD_FAILURE() << name << " still running 20 s after SIGTERM\n" << tail(child->err());
      } else if (child->exit_code() != 0) {
        ADD_FAILURE() << name << " exit " << child->exit_code() << "\n" << tail(child->err());
      }
    }
    if (HasFailure()) {
      for (auto& [name, child] : children_) {
        std::printf("--- %s (pid %d) stderr ---\n%s\n", name.c_str(), child->pid(),
                    tail(child->err()).c_str());
      }
    }
    children_.clear();
  }

  static std::unique_ptr<PrivateDatabase>& private_db() {
    static std::unique_ptr<PrivateDatabase> d;
    return d;
  }
  static std::string db_name() { return private_db()->name(); }
  static db::Database* database() { return private_db() ? &private_db()->database() : nullptr; }
  static std::unique_ptr<MidtransStandIn>& standin() {
    static std::unique_ptr<MidtransStandIn> s;
    return s;
  }

  Env child_env(const std::string& name) const {
    const fs::path dir = scratch_dir() / ("payments-" + name);
    fs::create_directories(dir);
    Env env = child_env_with_services();
    env["ENV"] = "test";
    env["HOST"] = "127.0.0.1";
    env["DATA_DIR"] = dir.string();
    env["DB_NAME"] = db_name();
    env["DB_POOL_SIZE"] = "4";
    env["WORKER_THREADS"] = "4";
    env["JWT_SECRET"] = kJwtSecret;
    env["BCRYPT_COST"] = "4";
    env["LOG_LEVEL"] = "warn";
    env["REGISTER_MAX_PER_IP"] = "100000";
    env["PAYMENT_DRIVER"] = "midtrans";
    env["MIDTRANS_SERVER_KEY"] = standin()->server_key();
    env["MIDTRANS_SNAP_BASE_URL"] = standin()->base_url();
    env["MIDTRANS_API_BASE_URL"] = standin()->base_url();
    return env;
  }

  // `janji serve` as `name`; its client.
  HttpClient serve(const std::string& name, Env extra = {}) {
    Env env = child_env(name);
    for (auto& [k, v] : extra) env[k] = v;
    std::string failure;
    auto instance =
        start_serve(JANJI_BINARY, env, scratch_dir() / ("payments-" + name), 20s, failure);
    if (!instance) {
      ADD_FAILURE() << name << ": " << failure;
      return HttpClient("");
    }
    HttpClient client = instance->client;
    children_[name] = std::move(instance->child);
    return client;
  }

  void worker(const std::string& name, Env extra) {
    Env env = child_env(name);
    for (auto& [k, v] : extra) env[k] = v;
    children_[name] =
        std::make_unique<ChildProcess>(JANJI_BINARY, std::vector<std::string>{"worker"}, env,
                                       scratch_dir() / ("payments-" + name));
  }

  static HttpResult send(const HttpClient& on, const std::string& method, const std::string& path,
                         const json& body, const Actor& who) {
    auto headers = who.auth();
    headers.push_back("Content-Type: application/json");
    return on.request(method, path, body.dump(), headers);
  }

  struct Shop {
    Actor owner;
    std::string provider_id;
    std::string service_id;
  };
  // A provider that requires payment, open every day 08:00-17:00, with a 30-minute priced
  // service.
  static Shop paying_shop(const HttpClient& on) {
    Shop s;
    s.owner = register_over(on, "provider", "pay");
    auto created = send(on, "POST", "/api/v1/providers",
                        {{"business_name", "Studio " + s.owner.email},
                         {"business_type", "studio"},
                         {"requires_payment", true}},
                        s.owner);
    if (created.status != 201) {
      ADD_FAILURE() << "create provider: " << created.status << " " << created.body;
      return s;
    }
    s.provider_id = created.json["data"]["provider"]["id"].get<std::string>();
    const std::string base = "/api/v1/providers/" + s.provider_id;
    for (int day = 0; day < 7; ++day) {
      auto r =
          send(on, "POST", base + "/schedules",
               {{"day_of_week", day}, {"start_time", "08:00"}, {"end_time", "17:00"}}, s.owner);
      EXPECT_EQ(r.status, 201) << r.body;
    }
    auto service = send(on, "POST", base + "/services",
                        {{"name", "Recording hour"}, {"duration", 30}, {"price", kPrice}}, s.owner);
    if (service.status != 201) {
      ADD_FAILURE() << "create service: " << service.status << " " << service.body;
      return s;
    }
    s.service_id = service.json["data"]["service"]["id"].get<std::string>();
    return s;
  }

  // Books `start` three days ahead; the booking id.
  static std::string book(const HttpClient& on, const Shop& s, const Actor& who,
                          const std::string& start) {
    auto r = send(on, "POST", "/api/v1/bookings",
                  {{"provider_id", s.provider_id},
                   {"service_id", s.service_id},
                   {"booking_date", iso(plus_days(today_in_jakarta(), 3))},
                   {"start_time", start}},
                  who);
    if (r.status != 201) {
      ADD_FAILURE() << "book " << start << ": " << r.status << " " << r.body;
      return {};
    }
    EXPECT_TRUE(r.json["data"]["booking"]["payment_due_at"].is_string()) << r.body;
    return r.json["data"]["booking"]["id"].get<std::string>();
  }

  static std::string pay(const HttpClient& on, const std::string& booking_id, const Actor& who) {
    auto r = send(on, "POST", "/api/v1/payments/create", {{"booking_id", booking_id}}, who);
    if (r.status != 201) {
      ADD_FAILURE() << "create payment: " << r.status << " " << r.body;
      return {};
    }
    return r.json["data"]["payment"]["order_id"].get<std::string>();
  }

  static long long count(const std::string& text) {
    soci::session sql(database()->pool());
    long long n = 0;
    sql << text, soci::into(n);
    return n;
  }
  static std::string booking_field(const std::string& id, const std::string& column) {
    soci::session sql(database()->pool());
    std::string value;
    sql << "SELECT " + column + " FROM bookings WHERE id = '" + id + "'", soci::into(value);
    return value;
  }

  std::map<std::string, std::unique_ptr<ChildProcess>> children_;
};

TEST_F(PaymentProcesses, OneNotificationPostedToTwoProcessesAtOnceAppliesOnce) {
  const HttpClient a = serve("a", {{"NOTIFICATION_WORKER", "false"}});
  const HttpClient b = serve("b", {{"NOTIFICATION_WORKER", "false"}});
  const Shop shop = paying_shop(a);
  const Actor customer = register_over(b, "customer", "pay");
  const std::string id = book(a, shop, customer, "09:00");
  const std::string order_id = pay(b, id, customer);
  const std::string body =
      standin()->set_status(order_id, "settlement", "accept")["notification"].dump();

  constexpr int kCopies = 16;  // half to each process, released together
  std::vector<long> statuses(kCopies);
  std::latch go(kCopies);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCopies; ++i) {
    threads.emplace_back([&, i] {
      HttpClient http((i % 2 ? a : b).base_url());
      go.arrive_and_wait();
      statuses[i] = http.request("POST", "/api/v1/payments/callback", body,
                                 {"Content-Type: application/json"})
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  for (long st : statuses) EXPECT_EQ(st, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE applied AND order_id = '" +
                  order_id + "'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = '" + order_id + "'"),
            kCopies);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE type = 'payment_receipt' AND "
                  "booking_id = '" +
                  id + "'"),
            1);
  EXPECT_EQ(booking_field(id, "status"), "confirmed");
  EXPECT_EQ(booking_field(id, "payment_status"), "paid");
}

TEST_F(PaymentProcesses, KilledAfterCommittingBeforeAnsweringTheRetryAppliesNothingTwice) {
  const HttpClient a = serve("steady", {{"NOTIFICATION_WORKER", "false"}});
  // This one waits 30 s between its commit and its answer: it is killed in that gap.
  const HttpClient victim =
      serve("victim", {{"NOTIFICATION_WORKER", "false"}, {"TEST_PAYMENT_ANSWER_DELAY", "30s"}});
  const Shop shop = paying_shop(a);
  const Actor customer = register_over(a, "customer", "pay");
  const std::string id = book(a, shop, customer, "10:00");
  const std::string order_id = pay(a, id, customer);
  const std::string body =
      standin()->set_status(order_id, "settlement", "accept")["notification"].dump();

  std::string first = "no answer";
  std::thread midtrans([&] {
    try {
      first = std::to_string(victim
                                 .request("POST", "/api/v1/payments/callback", body,
                                          {"Content-Type: application/json"})
                                 .status);
    } catch (const std::exception& e) {
      first = e.what();  // the connection died with the process
    }
  });
  const std::string applied =
      "SELECT COUNT(*) FROM payment_notifications WHERE applied AND "
      "order_id = '" +
      order_id + "'";
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (count(applied) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(count(applied), 1) << "the victim never committed";
  children_.at("victim")->signal(SIGKILL);
  midtrans.join();
  EXPECT_NE(first, "200") << "the victim answered before it was killed";
  ASSERT_TRUE(children_.at("victim")->wait(10s));
  children_.erase("victim");

  // Midtrans retries (the answer never came): to another instance behind the same URL.
  auto retry =
      a.request("POST", "/api/v1/payments/callback", body, {"Content-Type: application/json"});
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(count(applied), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = '" + order_id + "'"),
            2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE type = 'payment_receipt' AND "
                  "booking_id = '" +
                  id + "'"),
            1);
  EXPECT_EQ(booking_field(id, "status"), "confirmed");
  EXPECT_EQ(booking_field(id, "payment_status"), "paid");
}

TEST_F(PaymentProcesses, TwoWorkersCancelEachLapsedHoldExactlyOnce) {
  const HttpClient a = serve("front", {{"NOTIFICATION_WORKER", "false"}});
  const Shop shop = paying_shop(a);
  const Actor customer = register_over(a, "customer", "pay");
  std::vector<std::string> held;
  for (int minutes = 8 * 60; minutes < 16 * 60; minutes += 30) {
    char start[6];
    std::snprintf(start, sizeof start, "%02d:%02d", minutes / 60, minutes % 60);
    held.push_back(book(a, shop, customer, start));
  }
  // One of them is paid in time: it must stay.
  const std::string paid = held.back();
  held.pop_back();
  auto settled =
      standin()->set_status(pay(a, paid, customer), "settlement", "accept",
                            json{{"notify_url", a.base_url() + "/api/v1/payments/callback"}});
  ASSERT_EQ(settled["delivery"]["status"], 200) << settled.dump();

  // Two workers whose clocks read an hour later: every hold has run out for them.
  for (const char* name : {"sweeper-1", "sweeper-2"}) {
    worker(name, {{"CLOCK_OFFSET_SECONDS", "3600"}, {"PAYMENT_SWEEP_INTERVAL", "1s"}});
  }
  const std::string lapsed_left =
      "SELECT COUNT(*) FROM bookings WHERE status = 'pending' AND provider_id = '" +
      shop.provider_id + "'";
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (count(lapsed_left) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(count(lapsed_left), 0);
  std::this_thread::sleep_for(2s);  // both swept again meanwhile
  for (const std::string& id : held) {
    EXPECT_EQ(booking_field(id, "status"), "cancelled");
    EXPECT_EQ(booking_field(id, "cancellation_reason"), "Payment was not received in time");
    // One cancellation: one mail to the customer, one to the provider.
    EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE type = 'booking_cancelled' AND "
                    "booking_id = '" +
                    id + "'"),
              2)
        << id;
  }
  EXPECT_EQ(booking_field(paid, "status"), "confirmed");
}

}  // namespace
}  // namespace janji::testing
