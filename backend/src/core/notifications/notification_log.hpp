#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/clock.hpp"
#include "core/common/result.hpp"
#include "core/common/wall_time.hpp"

namespace janji::notifications {

// Where an outbox row stands: waiting for the worker, delivered, given up, or no longer
// applicable when its turn came.
enum class NotificationStatus { kPending, kSent, kFailed, kSkipped };

std::string_view to_string(NotificationStatus status);
std::optional<NotificationStatus> parse_notification_status(std::string_view text);

// One outbox row as the admin sees it. Instants are normalised ISO text ("...Z"); the payload
// is never read (it may carry links with tokens).
struct NotificationRecord {
  std::string id;
  std::string type;
  std::string channel;
  NotificationStatus status = NotificationStatus::kPending;
  std::string user_id;
  std::optional<std::string> recipient_email;  // the stored address, else the user's
  std::optional<std::string> booking_id;
  int attempts = 0;
  std::optional<std::string> next_attempt_at;
  std::optional<std::string> error_message;
  std::optional<std::string> sent_at;
  std::optional<std::string> provider_message_id;
  std::string created_at;
  std::string updated_at;
};

// What the repository filters on, already checked: recipient is either a user id (UUID) or a
// lowercase e-mail; created_from/created_before bound created_at as [from, before).
struct NotificationFilter {
  std::optional<NotificationStatus> status;
  std::optional<std::string> type;
  std::optional<std::string> recipient_user_id;
  std::optional<std::string> recipient_email;
  std::optional<common::Instant> created_from;
  std::optional<common::Instant> created_before;
  long long page = 1;
  long long limit = 20;
};

struct NotificationPage {
  std::vector<NotificationRecord> items;
  long long total_items = 0;
};

// Port: the notifications table read and requeued for the admin (the outbox worker has its
// own port).
class NotificationLog {
 public:
  virtual ~NotificationLog() = default;
  // Newest first (created_at, then id).
  virtual common::Result<NotificationPage> list(const NotificationFilter& filter) = 0;
  virtual common::Result<std::optional<NotificationRecord>> find(const std::string& id) = 0;
  // Compare-and-set: only a `failed` or `skipped` row becomes `pending`, due at `now`, with
  // attempts 0 and no claim. nullopt when the row is not (or no longer) in one of those states.
  virtual common::Result<std::optional<NotificationRecord>> requeue(const std::string& id,
                                                                    common::Instant now) = 0;
};

}  // namespace janji::notifications
