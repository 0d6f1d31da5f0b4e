#include "core/notifications/notification_log.hpp"

namespace janji::notifications {

std::string_view to_string(NotificationStatus status) {
  switch (status) {
    case NotificationStatus::kPending:
      return "pending";
    case NotificationStatus::kSent:
      return "sent";
    case NotificationStatus::kFailed:
      return "failed";
    case NotificationStatus::kSkipped:
      return "skipped";
  }
  return "pending";
}

std::optional<NotificationStatus> parse_notification_status(std::string_view text) {
  if (text == "pending") return NotificationStatus::kPending;
  if (text == "sent") return NotificationStatus::kSent;
  if (text == "failed") return NotificationStatus::kFailed;
  if (text == "skipped") return NotificationStatus::kSkipped;
  return std::nullopt;
}

}  // namespace janji::notifications
