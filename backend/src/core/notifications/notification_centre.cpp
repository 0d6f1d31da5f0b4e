#include "core/notifications/notification_centre.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/common/crypto.hpp"
#include "core/common/text.hpp"

namespace janji::notifications {

namespace {

using common::Error;
using common::fail;

bool is_admin(const auth::Principal& who) { return who.role == auth::Role::kAdmin; }

Error admins_only() { return Error::forbidden("Only an admin can see the notification centre"); }

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// local@domain with no spaces: enough to tell an address from a typo'd id; the match is exact.
bool looks_like_email(const std::string& text) {
  const auto at = text.find('@');
  return at != std::string::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string::npos &&
         text.find_first_of(" \t\r\n") == std::string::npos;
}

common::Instant start_of_utc_day(common::Date day) {
  return common::Instant{std::chrono::sys_days{day}};
}

}  // namespace

Error notification_not_found() {
  return Error::not_found("NOTIFICATION_001", "Notification not found");
}

common::Result<NotificationPage> NotificationCentre::list(const auth::Principal& who,
                                                          const NotificationQuery& query) {
  if (!is_admin(who)) return fail(admins_only());
  std::map<std::string, std::string> problems;
  NotificationFilter filter;
  filter.status = query.status;
  if (query.type) {
    if (query.type->empty() || common::utf8_length(*query.type) > kMaxNotificationTypeLength) {
      problems["type"] = "must be 1 to 64 characters";
    } else {
      filter.type = *query.type;
    }
  }
  if (query.recipient) {
    if (common::is_uuid(*query.recipient)) {
      filter.recipient_user_id = lowercase(*query.recipient);
    } else if (query.recipient->size() <= kMaxRecipientLength &&
               looks_like_email(*query.recipient)) {
      filter.recipient_email = lowercase(*query.recipient);
    } else {
      problems["recipient"] = "must be a user id or an e-mail address";
    }
  }
  if (query.created_from && query.created_to && *query.created_to < *query.created_from) {
    problems["to"] = "must not be before from";
  }
  if (query.page < 1) problems["page"] = "must be at least 1";
  if (query.limit < 1 || query.limit > kMaxNotificationListLimit) {
    problems["limit"] = "must be from 1 to 100";
  }
  if (!problems.empty()) return fail(Error::invalid("Invalid query parameters", problems));
  if (query.created_from) filter.created_from = start_of_utc_day(*query.created_from);
  if (query.created_to) {
    filter.created_before = start_of_utc_day(common::add_days(*query.created_to, 1));
  }
  filter.page = query.page;
  filter.limit = query.limit;
  return deps_.log.list(filter);
}

common::Result<NotificationRecord> NotificationCentre::retry(const auth::Principal& who,
                                                             const std::string& id) {
  if (!is_admin(who)) return fail(admins_only());
  if (!common::is_uuid(id)) return fail(notification_not_found());
  auto requeued = deps_.log.requeue(id, deps_.clock.now());
  if (!requeued) return fail(requeued.error());
  if (*requeued) return std::move(**requeued);
  // Not failed or skipped (or gone): say why from what it is now.
  auto found = deps_.log.find(id);
  if (!found) return fail(found.error());
  if (!*found) return fail(notification_not_found());
  switch ((*found)->status) {
    case NotificationStatus::kPending:
      return std::move(**found);  // already waiting for the worker: nothing to do
    case NotificationStatus::kSent:
      return fail(Error::conflict("NOTIFICATION_002",
                                  "This notification was already sent; retrying would send it "
                                  "again"));
    case NotificationStatus::kFailed:
    case NotificationStatus::kSkipped:
      break;
  }
  // It was failed or skipped again by the time we looked: a race with the worker, rare.
  return fail(Error::conflict("NOTIFICATION_003", "The notification changed meanwhile; try again"));
}

}  // namespace janji::notifications
