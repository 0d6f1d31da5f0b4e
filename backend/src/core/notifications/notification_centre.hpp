#pragma once

#include <optional>
#include <string>

#include "core/auth/user.hpp"
#include "core/common/clock.hpp"
#include "core/common/result.hpp"
#include "core/common/wall_time.hpp"
#include "core/notifications/notification_log.hpp"

namespace janji::notifications {

inline constexpr long long kMaxNotificationListLimit = 100;
inline constexpr std::size_t kMaxNotificationTypeLength = 64;
inline constexpr std::size_t kMaxRecipientLength = 255;

// The admin's question, typed at the edge. `recipient` is a user id or an e-mail address
// (exact, case-insensitive); `created_from`/`created_to` are UTC calendar days, both inclusive.
struct NotificationQuery {
  std::optional<NotificationStatus> status;
  std::optional<std::string> type;
  std::optional<std::string> recipient;
  std::optional<common::Date> created_from;
  std::optional<common::Date> created_to;
  long long page = 1;
  long long limit = 20;  // 1..kMaxNotificationListLimit
};

struct NotificationCentreDependencies {
  NotificationLog& log;
  const common::Clock& clock;
};

// The admin notification centre (issue 12, point 6): what the outbox holds, and a second chance
// for what it gave up on. Admins only.
class NotificationCentre {
 public:
  explicit NotificationCentre(NotificationCentreDependencies deps) : deps_(deps) {}

  common::Result<NotificationPage> list(const auth::Principal& who, const NotificationQuery& query);

  // failed/skipped -> pending, due now, attempts 0, claim cleared; the last error_message stays
  // until the next attempt's outcome replaces it. pending: unchanged. sent: Conflict, since a
  // retry would send it twice. Unknown id: NotFound.
  common::Result<NotificationRecord> retry(const auth::Principal& who, const std::string& id);

 private:
  NotificationCentreDependencies deps_;
};

common::Error notification_not_found();

}  // namespace janji::notifications
