#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/common/event_log.hpp"
#include "core/notifications/booking_mail.hpp"
#include "core/notifications/mail.hpp"
#include "core/notifications/outbox.hpp"

namespace janji::notifications {

struct OutboxSettings {
  int batch_size = 10;
  // A claim ends after this; a worker stops sending from a batch at half of it and gives the
  // rest back, so a slow mail server never lets a live claim run out (a second sender).
  std::chrono::seconds lease{300};
  int max_attempts = 8;                  // then the row ends failed
  std::chrono::seconds first_retry{30};  // doubled per attempt, with jitter
  std::chrono::seconds max_retry{6 * 3600};
  std::chrono::seconds reminder_lead{24 * 3600};  // REMINDER_LEAD
  int reminder_batch = 200;
};

struct OutboxDependencies {
  Outbox& outbox;
  NotificationComposer& composer;
  Mailer& mailer;
  const common::Clock& clock;
  const common::Crypto& crypto;  // reminder ids
  common::EventLog& log;
};

// What one pass did, for logs and tests.
struct DeliveryPass {
  int claimed = 0;
  int sent = 0;
  int retried = 0;
  int failed = 0;
  int skipped = 0;
  int released = 0;
};

// Delivers the outbox: claims due rows under its own claimer name, composes, sends, records the
// outcome in its own short statement. Delivery is at least once: a crash after the server
// accepted a message and before `sent` was stored sends it again after the lease, under the same
// Message-ID. One instance per thread; any number of instances and processes may run.
class OutboxWorker {
 public:
  OutboxWorker(OutboxDependencies deps, OutboxSettings settings, std::string claimer);

  // One batch. `stop` is read between messages: when set, the rest of the batch is released.
  common::Result<DeliveryPass> deliver_due(const std::atomic<bool>& stop);

  // Writes the reminders that are due (one per booking, whoever scans); returns how many.
  common::Result<int> schedule_reminders();

  // Exposed for tests: the wait before attempt `attempts + 1`, jitter in [0.5, 1.5).
  std::chrono::seconds retry_delay(int attempts, double jitter) const;

  const std::string& claimer() const { return claimer_; }

 private:
  void deliver_one(const ClaimedNotification& n, DeliveryPass& pass);
  double jitter() const;

  OutboxDependencies deps_;
  OutboxSettings settings_;
  std::string claimer_;
};

}  // namespace janji::notifications
