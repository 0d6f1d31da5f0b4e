#include "core/notifications/outbox_worker.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>

namespace janji::notifications {

namespace {

bool worth_retrying(const common::Error& e) {
  return e.kind == common::ErrorKind::kUnavailable || e.kind == common::ErrorKind::kInternal;
}

}  // namespace

OutboxWorker::OutboxWorker(OutboxDependencies deps, OutboxSettings settings, std::string claimer)
    : deps_(deps), settings_(std::move(settings)), claimer_(std::move(claimer)) {}

std::chrono::seconds OutboxWorker::retry_delay(int attempts, double jitter) const {
  const double base = static_cast<double>(settings_.first_retry.count());
  const double cap = static_cast<double>(settings_.max_retry.count());
  const int doublings = std::clamp(attempts - 1, 0, 30);
  const double delay = std::min(cap, base * std::pow(2.0, doublings)) * jitter;
  return std::chrono::seconds{std::max<long long>(1, std::llround(delay))};
}

double OutboxWorker::jitter() const {
  // Spreads the retries of rows that failed together (a mail server outage) over time.
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.5, 1.5)(engine);
}

common::Result<DeliveryPass> OutboxWorker::deliver_due(const std::atomic<bool>& stop) {
  const auto claimed_at = deps_.clock.now();
  auto rows = deps_.outbox.claim(claimer_, claimed_at, settings_.lease, settings_.batch_size);
  if (!rows) return common::fail(rows.error());
  DeliveryPass pass;
  pass.claimed = static_cast<int>(rows->size());
  const auto give_back_after = claimed_at + settings_.lease / 2;
  for (const ClaimedNotification& n : *rows) {
    // Shutting down, or the lease is half gone: the rest goes back untried, for the next pass
    // or another instance.
    if (stop.load() || deps_.clock.now() >= give_back_after) {
      if (auto released = deps_.outbox.release(n.id, claimer_, deps_.clock.now()); !released) {
        deps_.log.warn("outbox: could not release " + n.id + ": " + released.error().message);
      }
      ++pass.released;
      continue;
    }
    deliver_one(n, pass);
  }
  return pass;
}

void OutboxWorker::deliver_one(const ClaimedNotification& n, DeliveryPass& pass) {
  const auto record = [&](const common::Result<bool>& stored, const char* what) {
    if (!stored) {
      // The row keeps its claim; once the lease ends it is taken again (at least once).
      deps_.log.warn("outbox: could not record " + std::string(what) + " for " + n.id + ": " +
                     stored.error().message);
    } else if (!*stored) {
      deps_.log.warn("outbox: " + n.id + " was no longer ours when it was " + what);
    }
  };
  const auto retry_or_fail = [&](const common::Error& e) {
    const auto now = deps_.clock.now();
    if (worth_retrying(e) && n.attempts < settings_.max_attempts) {
      const auto next = now + retry_delay(n.attempts, jitter());
      record(deps_.outbox.mark_retry(n.id, claimer_, now, next, e.message), "retried");
      ++pass.retried;
      return;
    }
    const std::string reason = worth_retrying(e) ? "gave up after " + std::to_string(n.attempts) +
                                                       " attempts: " + e.message
                                                 : e.message;
    record(deps_.outbox.mark_undelivered(n.id, claimer_, now, Undelivered::kFailed, reason),
           "failed");
    deps_.log.warn("outbox: " + n.type + " " + n.id + " failed: " + reason);
    ++pass.failed;
  };

  auto composed = deps_.composer.compose(n);
  if (!composed) {
    // Not the mail server's doing: a database error or a template problem; say so.
    deps_.log.warn("outbox: could not compose " + n.type + " " + n.id + ": " +
                   composed.error().message);
    return retry_or_fail(composed.error());
  }
  if (!composed->message) {
    record(deps_.outbox.mark_undelivered(n.id, claimer_, deps_.clock.now(), Undelivered::kSkipped,
                                         composed->skipped_because),
           "skipped");
    ++pass.skipped;
    return;
  }
  const MailMessage& message = *composed->message;
  auto sent = deps_.mailer.send(message);
  if (!sent) return retry_or_fail(sent.error());
  record(deps_.outbox.mark_sent(n.id, claimer_, deps_.clock.now(), message.to_email,
                                sent->provider_message_id),
         "sent");
  ++pass.sent;
}

common::Result<int> OutboxWorker::schedule_reminders() {
  const auto now = deps_.clock.now();
  auto due = deps_.outbox.due_reminders(now, settings_.reminder_lead, settings_.reminder_batch);
  if (!due) return common::fail(due.error());
  if (due->empty()) return 0;
  std::vector<NewReminder> reminders;
  reminders.reserve(due->size());
  for (const DueReminder& d : *due) {
    reminders.push_back(NewReminder{deps_.crypto.new_uuid(), d.customer_id, d.booking_id,
                                    "reminder:" + d.booking_id, now});
  }
  return deps_.outbox.add_reminders(reminders);
}

}  // namespace janji::notifications
