#pragma once

#include "adapters/db/database.hpp"
#include "core/notifications/notification_log.hpp"

namespace janji::db {

// The admin's view of the notifications table (the outbox) on SOCI. Never reads the payload.
class SqlNotificationLog final : public notifications::NotificationLog {
 public:
  explicit SqlNotificationLog(Database& db) : db_(db) {}

  common::Result<notifications::NotificationPage> list(
      const notifications::NotificationFilter& filter) override;
  common::Result<std::optional<notifications::NotificationRecord>> find(
      const std::string& id) override;
  common::Result<std::optional<notifications::NotificationRecord>> requeue(
      const std::string& id, common::Instant now) override;

 private:
  Database& db_;
};

}  // namespace janji::db
