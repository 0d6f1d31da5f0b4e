#include "core/notifications/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace janji::notifications {
namespace {

using namespace std::chrono_literals;

class ManualClock final : public common::Clock {
 public:
  common::Instant now() const override { return now_; }
  common::Instant now_ = *common::parse_instant("2027-01-10T08:00:00Z");
};

class NoCrypto final : public common::Crypto {
 public:
  std::string random_token() const override { return "token"; }
  std::string new_uuid() const override {
    return "00000000-0000-4000-8000-00000000000" + std::to_string(n_++ % 10);
  }
  std::string sha256_hex(std::string_view) const override { return ""; }
  bool equal_constant_time(std::string_view a, std::string_view b) const override { return a == b; }
  mutable int n_ = 0;
};

class QuietLog final : public common::EventLog {
 public:
  void info(std::string_view) override {}
  void warn(std::string_view m) override { warnings.emplace_back(m); }
  std::vector<std::string> warnings;
};

// The outbox as a list of rows and what was recorded about each.
class FakeOutbox final : public Outbox {
 public:
  common::Result<std::vector<ClaimedNotification>> claim(const std::string& claimer,
                                                         common::Instant, std::chrono::seconds,
                                                         int limit) override {
    std::vector<ClaimedNotification> out;
    for (auto& n : due) {
      if (static_cast<int>(out.size()) == limit) break;
      ++n.attempts;
      out.push_back(n);
    }
    due.erase(due.begin(), due.begin() + static_cast<std::ptrdiff_t>(out.size()));
    last_claimer = claimer;
    return out;
  }
  common::Result<bool> mark_sent(const std::string& id, const std::string&, common::Instant,
                                 const std::string& email, const std::string&) override {
    outcome[id] = "sent to " + email;
    return true;
  }
  common::Result<bool> mark_retry(const std::string& id, const std::string&, common::Instant at,
                                  common::Instant next, const std::string& error) override {
    outcome[id] = "retry: " + error;
    retry_in[id] = std::chrono::duration_cast<std::chrono::seconds>(next - at);
    return true;
  }
  common::Result<bool> mark_undelivered(const std::string& id, const std::string&, common::Instant,
                                        Undelivered how, const std::string& reason) override {
    outcome[id] = std::string(how == Undelivered::kFailed ? "failed: " : "skipped: ") + reason;
    return true;
  }
  common::Result<bool> release(const std::string& id, const std::string&,
                               common::Instant) override {
    outcome[id] = "released";
    return true;
  }
  common::Result<std::vector<DueReminder>> due_reminders(common::Instant, std::chrono::seconds,
                                                         int) override {
    return reminders_due;
  }
  common::Result<int> add_reminders(const std::vector<NewReminder>& r) override {
    added = r;
    return static_cast<int>(r.size());
  }

  std::vector<ClaimedNotification> due;
  std::string last_claimer;
  std::map<std::string, std::string> outcome;
  std::map<std::string, std::chrono::seconds> retry_in;
  std::vector<DueReminder> reminders_due;
  std::vector<NewReminder> added;
};

// Composes "skip-..." rows into skips, "broken-..." into a final error, the rest into mail.
class FakeComposer final : public NotificationComposer {
 public:
  common::Result<Composition> compose(const ClaimedNotification& n) override {
    if (n.id.starts_with("skip")) return Composition{std::nullopt, "no longer applies"};
    if (n.id.starts_with("broken")) {
      return common::fail(common::Error::precondition("X", "bad template"));
    }
    MailMessage m;
    m.to_email = n.id + "@example.com";
    return Composition{m, {}};
  }
};

// Refuses "busy..." recipients for now (retryable) and "refused..." for good; the clock moves
// by `send_takes` per message.
class FakeMailer final : public Mailer {
 public:
  explicit FakeMailer(ManualClock& clock) : clock_(clock) {}
  common::Result<SentMail> send(const MailMessage& m) override {
    clock_.now_ += send_takes;
    sent.push_back(m.to_email);
    if (m.to_email.starts_with("busy")) {
      return common::fail(common::Error::unavailable("451 try later"));
    }
    if (m.to_email.starts_with("refused")) {
      return common::fail(common::Error::invalid("550 no such mailbox"));
    }
    return SentMail{"sg-1"};
  }
  std::vector<std::string> sent;
  std::chrono::seconds send_takes{0};

 private:
  ManualClock& clock_;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  OutboxWorker make(OutboxSettings s = {}) {
    return OutboxWorker(OutboxDependencies{outbox_, composer_, mailer_, clock_, crypto_, log_}, s,
                        "worker-1");
  }
  void add(const std::string& id, int attempts = 0) {
    ClaimedNotification n;
    n.id = id;
    n.type = "booking_confirmed";
    n.attempts = attempts;
    outbox_.due.push_back(n);
  }

  ManualClock clock_;
  NoCrypto crypto_;
  QuietLog log_;
  FakeOutbox outbox_;
  FakeComposer composer_;
  FakeMailer mailer_{clock_};
  std::atomic<bool> running_{false};
};

TEST_F(OutboxWorkerTest, EachRowEndsSentRetriedFailedOrSkipped) {
  add("ok");
  add("busy");
  add("refused");
  add("skip");
  add("broken");
  auto worker = make();
  auto pass = worker.deliver_due(running_);
  ASSERT_TRUE(pass.has_value());
  EXPECT_EQ(pass->claimed, 5);
  EXPECT_EQ(pass->sent, 1);
  EXPECT_EQ(pass->retried, 1);
  EXPECT_EQ(pass->failed, 2);
  EXPECT_EQ(pass->skipped, 1);
  EXPECT_EQ(outbox_.outcome["ok"], "sent to ok@example.com");
  EXPECT_EQ(outbox_.outcome["busy"], "retry: 451 try later");
  EXPECT_EQ(outbox_.outcome["refused"], "failed: 550 no such mailbox");
  EXPECT_EQ(outbox_.outcome["skip"], "skipped: no longer applies");
  EXPECT_EQ(outbox_.outcome["broken"], "failed: bad template");
  EXPECT_EQ(outbox_.last_claimer, "worker-1");
}

TEST_F(OutboxWorkerTest, TheLastAttemptGivesUp) {
  OutboxSettings s;
  s.max_attempts = 3;
  add("busy-a", 1);  // claimed as its 2nd attempt: retried
  add("busy-b", 2);  // 3rd: the last
  auto worker = make(s);
  ASSERT_TRUE(worker.deliver_due(running_).has_value());
  EXPECT_EQ(outbox_.outcome["busy-a"], "retry: 451 try later");
  EXPECT_EQ(outbox_.outcome["busy-b"], "failed: gave up after 3 attempts: 451 try later");
}

TEST_F(OutboxWorkerTest, RetryDelayDoublesWithJitterUpToTheCap) {
  OutboxSettings s;
  s.first_retry = 30s;
  s.max_retry = 3600s;
  auto worker = make(s);
  EXPECT_EQ(worker.retry_delay(1, 1.0), 30s);
  EXPECT_EQ(worker.retry_delay(2, 1.0), 60s);
  EXPECT_EQ(worker.retry_delay(4, 1.0), 240s);
  EXPECT_EQ(worker.retry_delay(4, 0.5), 120s);
  EXPECT_EQ(worker.retry_delay(20, 1.0), 3600s);
  EXPECT_EQ(worker.retry_delay(200, 1.4), 5040s);  // the cap, jittered; no overflow
  // A real first retry lands within the jitter band of the first step (30 s +-50 %).
  add("busy", 0);
  ASSERT_TRUE(worker.deliver_due(running_).has_value());
  EXPECT_GE(outbox_.retry_in["busy"], 15s);
  EXPECT_LT(outbox_.retry_in["busy"], 46s);
}

TEST_F(OutboxWorkerTest, StoppingReleasesWhatIsNotSentYet) {
  add("a");
  add("b");
  std::atomic<bool> stop{true};
  auto worker = make();
  auto pass = worker.deliver_due(stop);
  ASSERT_TRUE(pass.has_value());
  EXPECT_EQ(pass->released, 2);
  EXPECT_TRUE(mailer_.sent.empty());
  EXPECT_EQ(outbox_.outcome["a"], "released");
}

TEST_F(OutboxWorkerTest, ASlowServerNeverOutlivesTheLease) {
  OutboxSettings s;
  s.lease = 100s;
  mailer_.send_takes = 30s;
  for (const char* id : {"a", "b", "c", "d"}) add(id);
  auto worker = make(s);
  auto pass = worker.deliver_due(running_);
  ASSERT_TRUE(pass.has_value());
  // 0 s and 30 s are inside half the lease; at 60 s the rest goes back for another claim.
  EXPECT_EQ(pass->sent, 2);
  EXPECT_EQ(pass->released, 2);
  EXPECT_EQ(outbox_.outcome["c"], "released");
}

TEST_F(OutboxWorkerTest, RemindersGetTheirUniqueKey) {
  outbox_.reminders_due = {{"b1", "c1"}, {"b2", "c2"}};
  auto worker = make();
  auto added = worker.schedule_reminders();
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(*added, 2);
  ASSERT_EQ(outbox_.added.size(), 2u);
  EXPECT_EQ(outbox_.added[0].dedupe_key, "reminder:b1");
  EXPECT_EQ(outbox_.added[1].user_id, "c2");
  EXPECT_EQ(outbox_.added[0].created_at, clock_.now_);
}

}  // namespace
}  // namespace janji::notifications
