#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/common/clock.hpp"
#include "core/common/result.hpp"

namespace janji::notifications {

// One outbox row claimed by a worker for a lease.
struct ClaimedNotification {
  std::string id;
  std::string user_id;  // the recipient
  std::optional<std::string> booking_id;
  std::string type;                       // booking_created, booking_reminder, ...
  std::string audience;                   // "customer" or "provider" (payload)
  std::string actor;                      // who made the change (payload); may be empty
  std::optional<std::string> payment_id;  // payment_receipt: the payment (payload)
  int attempts = 1;                       // counting this one
};

// How a row ends when it is not sent: failed (an error) or skipped (no longer applies).
enum class Undelivered { kFailed, kSkipped };

// A confirmed booking whose reminder is due and not yet written.
struct DueReminder {
  std::string booking_id;
  std::string customer_id;
};

struct NewReminder {
  std::string id;
  std::string user_id;
  std::string booking_id;
  std::string dedupe_key;  // "reminder:<booking id>": the unique key that allows one only
  common::Instant created_at;
};

// Port: the notifications table as a work queue. Every mark_* and release() applies only while
// `claimer` still holds the row (its lease may have ended and another worker taken it); they
// return false then.
class Outbox {
 public:
  virtual ~Outbox() = default;

  // Takes up to `limit` pending rows due at `now` that nobody holds (or whose lease ended),
  // oldest first, for `lease`; counts an attempt on each. Safe with any number of claimers.
  virtual common::Result<std::vector<ClaimedNotification>> claim(const std::string& claimer,
                                                                 common::Instant now,
                                                                 std::chrono::seconds lease,
                                                                 int limit) = 0;
  virtual common::Result<bool> mark_sent(const std::string& id, const std::string& claimer,
                                         common::Instant at, const std::string& recipient_email,
                                         const std::string& provider_message_id) = 0;
  virtual common::Result<bool> mark_retry(const std::string& id, const std::string& claimer,
                                          common::Instant at, common::Instant next_attempt_at,
                                          const std::string& error) = 0;
  virtual common::Result<bool> mark_undelivered(const std::string& id, const std::string& claimer,
                                                common::Instant at, Undelivered how,
                                                const std::string& reason) = 0;
  // Gives a claimed row back untried (shutdown): its attempt is not counted.
  virtual common::Result<bool> release(const std::string& id, const std::string& claimer,
                                       common::Instant at) = 0;

  // Confirmed bookings starting in (now, now + lead] that have no reminder row yet.
  virtual common::Result<std::vector<DueReminder>> due_reminders(common::Instant now,
                                                                 std::chrono::seconds lead,
                                                                 int limit) = 0;
  // Inserts the reminders whose dedupe key is not taken yet; returns how many were inserted.
  virtual common::Result<int> add_reminders(const std::vector<NewReminder>& reminders) = 0;
};

}  // namespace janji::notifications
