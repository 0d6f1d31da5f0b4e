// Several `janji worker` processes delivering one PostgreSQL outbox to one SMTP sink, as when
// delivery is scaled out: 1,000 due notifications are delivered exactly once by two processes
// together, and when one of them is killed (SIGKILL) in the middle, a process started after it
// takes over its claims once their lease ends: every notification arrives, and the only
// duplicates are rows the killed process had in flight, resent under the same Message-ID.
// PostgreSQL only (skipped on SQLite, where one process owns the database file).
#include <gtest/gtest.h>
#include <signal.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adapters/db/database.hpp"
#include "support/child_process.hpp"
#include "support/mail_sandbox.hpp"
#include "support/private_database.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Env = std::map<std::string, std::string>;

constexpr int kNotifications = 1000;
constexpr int kBatchSize = 10;
constexpr int kWorkersPerProcess = 2;
constexpr const char* kDomain = "janji.test";

std::string tail(const std::string& text, std::size_t n = 3000) {
  return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

// What one stored message says about itself.
struct Arrival {
  std::string message_id;  // the Message-ID header, as sent
  std::string sender;      // envelope sender: tells the processes apart (see worker_env)
  std::string recipient;   // envelope recipient
};

class OutboxProcesses : public ::testing::Test {
 protected:
  // A database of its own: the workers deliver every due row they find, so rows that other
  // suites leave pending in the shared database must not be there.
  static void SetUpTestSuite() {
    if (!using_postgres()) return;
    private_db() = std::make_unique<PrivateDatabase>("outbox");
  }

  static void TearDownTestSuite() { private_db().reset(); }

  void SetUp() override {
    if (!using_postgres()) GTEST_SKIP() << "needs PostgreSQL (DB_DRIVER=postgres)";
    ASSERT_TRUE(database());
  }

  void TearDown() override {
    // Whatever still runs is told to stop; a clean exit also means ASan found nothing.
    for (auto& [name, child] : workers_) {
      if (child->running()) child->signal(SIGTERM);
    }
    for (auto& [name, child] : workers_) {
      if (!child->running()) continue;
      if (!child->wait(20s)) {
        ADD_FAILURE() << "worker " << name << " still running 20 s after SIGTERM\n"
                      << tail(child->err());
      } else if (child->exit_code() != 0) {
        ADD_FAILURE() << "worker " << name << " exit " << child->exit_code() << "\n"
                      << tail(child->err());
      }
    }
    if (HasFailure()) {
      for (auto& [name, child] : workers_) {
        std::printf("--- worker %s (pid %d) stderr ---\n%s\n", name.c_str(), child->pid(),
                    tail(child->err()).c_str());
      }
    }
    workers_.clear();
  }

  static std::unique_ptr<PrivateDatabase>& private_db() {
    static std::unique_ptr<PrivateDatabase> d;
    return d;
  }
  static std::string db_name() { return private_db()->name(); }
  static db::Database* database() { return private_db() ? &private_db()->database() : nullptr; }

  // One provider with a service, `n` customers (unique addresses, half of them English) each
  // with a confirmed booking from three days ahead (no reminder falls due), and one pending
  // booking_confirmed notification per booking, due now: all in one transaction. Returns the
  // notification ids.
  static std::set<std::string> seed(const std::string& tag, int n) {
    soci::session sql(database()->pool());
    soci::transaction tx(sql);
    // Bound by reference: every value a statement uses lives in a variable.
    const std::string owner_email = "owner-" + tag + "@example.com";
    const std::string business = "Salon " + tag;
    const std::string prefix = "customer-" + tag + "-";
    const std::string pattern = prefix + "%";
    const int last = n - 1;
    std::string owner;
    std::string provider;
    std::string service;
    sql << "INSERT INTO users (email, password_hash, full_name, role, is_verified) VALUES (:e, "
           "'-', 'Ibu Sari', 'provider', true) RETURNING id",
        soci::use(owner_email), soci::into(owner);
    sql << "INSERT INTO service_providers (user_id, business_name, business_type, address, "
           "timezone) VALUES (:u, :name, 'salon', 'Jl. Melati 5, Bandung', 'Asia/Jakarta') "
           "RETURNING id",
        soci::use(owner), soci::use(business), soci::into(provider);
    sql << "INSERT INTO services (provider_id, name, duration) VALUES (:p, 'Potong rambut', 30) "
           "RETURNING id",
        soci::use(provider), soci::into(service);
    sql << "INSERT INTO users (email, password_hash, full_name, role, is_verified, locale) "
           "SELECT :prefix || i || '@example.com', '-', 'Pelanggan ' || i, 'customer', true, "
           "CASE WHEN i % 2 = 0 THEN 'en' ELSE 'id' END FROM generate_series(0, :last) AS i",
        soci::use(prefix), soci::use(last);
    // 16 half-hour bookings a day from 08:00 Jakarta time, one per customer.
    sql << "INSERT INTO bookings (customer_id, provider_id, service_id, booking_date, "
           "start_time, end_time, starts_at, ends_at, status) SELECT c.id, :p, :s, "
           "c.local::date, c.local::time, (c.local + interval '30 minutes')::time, "
           "c.local AT TIME ZONE 'Asia/Jakarta', "
           "(c.local + interval '30 minutes') AT TIME ZONE 'Asia/Jakarta', 'confirmed' FROM "
           "(SELECT id, (current_date + 3 + k / 16)::timestamp + time '08:00' + "
           "(k % 16) * interval '30 minutes' AS local FROM (SELECT id, (row_number() OVER "
           "(ORDER BY email) - 1)::int AS k FROM users WHERE email LIKE :pattern) AS numbered) "
           "AS c",
        soci::use(provider), soci::use(service), soci::use(pattern);
    sql << "INSERT INTO notifications (user_id, booking_id, type, channel, status, payload, "
           "next_attempt_at) SELECT customer_id, id, 'booking_confirmed', 'email', 'pending', "
           "'{\"audience\":\"customer\",\"actor\":\"provider\"}', now() FROM bookings WHERE "
           "provider_id = :p",
        soci::use(provider);
    tx.commit();

    std::set<std::string> ids;
    soci::rowset<std::string> rows =
        (sql.prepare << "SELECT n.id::text FROM notifications n JOIN bookings b ON b.id = "
                        "n.booking_id WHERE b.provider_id = :p",
         soci::use(provider));
    for (const auto& id : rows) ids.insert(id);
    return ids;
  }

  // Rows of `ids` by status.
  static std::map<std::string, int> statuses(const std::set<std::string>& ids) {
    std::map<std::string, int> counts;
    soci::session sql(database()->pool());
    std::string id;
    std::string status;
    soci::statement st = (sql.prepare << "SELECT id::text, status FROM notifications",
                          soci::into(id), soci::into(status));
    st.execute();
    while (st.fetch()) {
      if (ids.count(id)) ++counts[status];
    }
    return counts;
  }

  // Waits until every row of `ids` has left `pending` (sent, failed or skipped).
  static bool wait_all_done(const std::set<std::string>& ids,
                            std::chrono::steady_clock::duration timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (statuses(ids)["pending"] == 0) return true;
      std::this_thread::sleep_for(200ms);
    }
    return false;
  }

  // The messages' error texts of rows that did not end sent, for failure messages.
  static std::string errors_of_unsent() {
    soci::session sql(database()->pool());
    std::string out;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT status, coalesce(error_message, '') FROM notifications WHERE "
                        "status <> 'sent' LIMIT 5");
    for (const auto& r : rows) out += r.get<std::string>(0) + ": " + r.get<std::string>(1) + "\n";
    return out;
  }

  // `janji worker` on the suite's database, delivering to `sink`. Each process sends from its
  // own address of the same domain: the envelope sender says which process delivered a
  // message, the Message-ID (built from the domain) is the same whoever sends it.
  void start_worker(const std::string& name, const SmtpSink& sink) {
    const fs::path dir = scratch_dir() / ("outbox-" + name);
    fs::create_directories(dir);
    Env env = child_env_with_services();
    env["ENV"] = "test";
    env["DATA_DIR"] = dir.string();
    env["DB_NAME"] = db_name();
    env["DB_POOL_SIZE"] = "4";
    env["JWT_SECRET"] = "outbox-process-test-jwt-secret-that-is-long-enough-42";
    env["LOG_LEVEL"] = "warn";
    env.merge(sink.mailer_settings());
    env["SENDGRID_FROM_EMAIL"] = "worker-" + name + "@" + kDomain;
    env["OUTBOX_WORKERS"] = std::to_string(kWorkersPerProcess);
    env["OUTBOX_BATCH_SIZE"] = std::to_string(kBatchSize);
    // Short, so that a killed process's claims come free within the test.
    env["OUTBOX_LEASE"] = "3s";
    env["OUTBOX_POLL_INTERVAL"] = "1s";
    workers_[name] =
        std::make_unique<ChildProcess>(JANJI_BINARY, std::vector<std::string>{"worker"}, env, dir);
  }

  ChildProcess& worker(const std::string& name) { return *workers_.at(name); }

  static std::vector<Arrival> arrivals(const SmtpSink& sink) {
    std::vector<Arrival> out;
    for (const SinkMessage& m : sink.messages()) {
      out.push_back(Arrival{m.header("Message-ID").value_or(""), m.mail_from,
                            m.rcpt_to.empty() ? "" : m.rcpt_to.front()});
    }
    return out;
  }

  // The Message-IDs of the rows of `ids` still pending under a claim of process `pid`.
  static std::set<std::string> claimed_by_process(const std::set<std::string>& ids, int pid) {
    std::set<std::string> out;
    soci::session sql(database()->pool());
    const std::string pattern = "%-" + std::to_string(pid) + "-%";
    soci::rowset<std::string> rows =
        (sql.prepare << "SELECT id::text FROM notifications WHERE status = 'pending' AND "
                        "claimed_by LIKE :pattern",
         soci::use(pattern));
    for (const auto& id : rows) {
      if (ids.count(id)) out.insert(message_id(id));
    }
    return out;
  }

  static std::string message_id(const std::string& notification_id) {
    return "<notification-" + notification_id + "@" + kDomain + ">";
  }

  // notification id -> the address its mail must go to (the booking's customer).
  static std::map<std::string, std::string> recipients(const std::set<std::string>& ids) {
    std::map<std::string, std::string> out;
    soci::session sql(database()->pool());
    std::string id;
    std::string email;
    soci::statement st =
        (sql.prepare << "SELECT n.id::text, u.email FROM notifications n JOIN users u ON u.id = "
                        "n.user_id",
         soci::into(id), soci::into(email));
    st.execute();
    while (st.fetch()) {
      if (ids.count(id)) out[id] = email;
    }
    return out;
  }

  // Every stored message belongs to one of `ids` and went to that notification's recipient;
  // returns how many messages each Message-ID got, and who sent them.
  static std::map<std::string, std::vector<std::string>> senders_by_message_id(
      const std::vector<Arrival>& got, const std::set<std::string>& ids) {
    std::map<std::string, std::string> expected;  // Message-ID -> recipient
    for (const auto& [id, email] : recipients(ids)) expected[message_id(id)] = email;
    std::map<std::string, std::vector<std::string>> out;
    for (const Arrival& a : got) {
      const auto it = expected.find(a.message_id);
      if (it == expected.end()) {
        ADD_FAILURE() << "a message with an unknown Message-ID: '" << a.message_id << "'";
        continue;
      }
      EXPECT_EQ(a.recipient, it->second) << a.message_id;
      out[a.message_id].push_back(a.sender);
    }
    return out;
  }

  std::map<std::string, std::unique_ptr<ChildProcess>> workers_;
};

TEST_F(OutboxProcesses, TwoProcessesDeliverAThousandNotificationsExactlyOnce) {
  const auto ids = seed("once", kNotifications);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kNotifications));
  SmtpSink sink;
  start_worker("a", sink);
  start_worker("b", sink);

  ASSERT_TRUE(wait_all_done(ids, 60s)) << statuses(ids)["pending"] << " still pending";
  EXPECT_EQ(statuses(ids)["sent"], kNotifications) << errors_of_unsent();
  // Every message is stored before the server says 250, so before its row is marked sent.
  const auto got = arrivals(sink);
  EXPECT_EQ(got.size(), static_cast<std::size_t>(kNotifications));

  const auto by_id = senders_by_message_id(got, ids);
  EXPECT_EQ(by_id.size(), static_cast<std::size_t>(kNotifications));
  std::map<std::string, int> per_process;
  for (const auto& [mid, senders] : by_id) {
    EXPECT_EQ(senders.size(), 1u) << mid << " arrived " << senders.size() << " times";
    for (const auto& s : senders) ++per_process[s];
  }
  const std::string a = std::string("worker-a@") + kDomain;
  const std::string b = std::string("worker-b@") + kDomain;
  EXPECT_GT(per_process[a], 0) << "process a delivered nothing";
  EXPECT_GT(per_process[b], 0) << "process b delivered nothing";
  EXPECT_EQ(per_process[a] + per_process[b], kNotifications);
  std::printf("delivered by process a: %d, by process b: %d\n", per_process[a], per_process[b]);
}

TEST_F(OutboxProcesses, AKilledWorkersClaimsAreDeliveredByTheNextAfterTheLease) {
  const auto ids = seed("kill", kNotifications);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kNotifications));
  SmtpSink sink;
  start_worker("a", sink);
  start_worker("b", sink);

  ASSERT_TRUE(sink.wait_for(300, 60s)) << "only " << sink.count() << " messages";
  worker("a").signal(SIGKILL);
  ASSERT_TRUE(worker("a").wait(10s));
  const auto at_kill = sink.count();
  // What it held: claimed, not recorded as sent. Its claims name its pid.
  const auto orphaned = claimed_by_process(ids, worker("a").pid());
  EXPECT_GT(orphaned.size(), 0u) << "the killed process held no claim";
  EXPECT_LE(orphaned.size(), static_cast<std::size_t>(kBatchSize * kWorkersPerProcess));
  ASSERT_LT(at_kill, static_cast<std::size_t>(kNotifications)) << "killed too late to matter";
  start_worker("c", sink);

  ASSERT_TRUE(wait_all_done(ids, 60s)) << statuses(ids)["pending"] << " still pending";
  EXPECT_EQ(statuses(ids)["sent"], kNotifications) << errors_of_unsent();
  const auto got = arrivals(sink);
  ASSERT_GE(got.size(), static_cast<std::size_t>(kNotifications));

  const auto by_id = senders_by_message_id(got, ids);
  EXPECT_EQ(by_id.size(), static_cast<std::size_t>(kNotifications))
      << "not every notification arrived";
  const std::string a = std::string("worker-a@") + kDomain;
  const std::string c = std::string("worker-c@") + kDomain;
  std::map<std::string, int> per_process;
  int duplicates = 0;
  for (const auto& [mid, senders] : by_id) {
    for (const auto& s : senders) ++per_process[s];
    if (senders.size() == 1) continue;
    duplicates += static_cast<int>(senders.size()) - 1;
    // Only a row the killed process had sent but not yet recorded arrives twice: once from it,
    // once from a survivor after the lease.
    EXPECT_EQ(senders.size(), 2u) << mid;
    EXPECT_EQ(std::count(senders.begin(), senders.end(), a), 1) << mid;
    EXPECT_TRUE(orphaned.count(mid)) << mid << " arrived twice but was not held by the killed one";
  }
  // The rows it held went out from the others once their lease ended.
  for (const std::string& mid : orphaned) {
    const auto& senders = by_id.at(mid);
    EXPECT_TRUE(std::any_of(senders.begin(), senders.end(), [&](const auto& s) { return s != a; }))
        << mid << " was held by the killed process and never taken over";
  }
  // At most the rows the killed process held: one batch per worker thread.
  EXPECT_LE(duplicates, kBatchSize * kWorkersPerProcess);
  EXPECT_EQ(got.size(), static_cast<std::size_t>(kNotifications + duplicates));
  EXPECT_GT(per_process[c], 0) << "the process started after the kill delivered nothing";
  std::printf(
      "at the kill: %zu messages, %zu rows held by a; delivered by a: %d, b: %d, c: %d; "
      "duplicates: %d\n",
      at_kill, orphaned.size(), per_process[a], per_process[std::string("worker-b@") + kDomain],
      per_process[c], duplicates);
}

}  // namespace
}  // namespace janji::testing
