#pragma once

#include "adapters/db/database.hpp"
#include "adapters/db/native_statement.hpp"
#include "core/notifications/outbox.hpp"

namespace janji::db {

// The outbox on either dialect. PostgreSQL claims with FOR UPDATE SKIP LOCKED, so concurrent
// claimers take disjoint rows without waiting; SQLite serializes writers, so one UPDATE ...
// RETURNING is a claim as it stands.
class SqlOutbox final : public notifications::Outbox {
 public:
  explicit SqlOutbox(Database& db);

  common::Result<std::vector<notifications::ClaimedNotification>> claim(const std::string& claimer,
                                                                        common::Instant now,
                                                                        std::chrono::seconds lease,
                                                                        int limit) override;
  common::Result<bool> mark_sent(const std::string& id, const std::string& claimer,
                                 common::Instant at, const std::string& recipient_email,
                                 const std::string& provider_message_id) override;
  common::Result<bool> mark_retry(const std::string& id, const std::string& claimer,
                                  common::Instant at, common::Instant next_attempt_at,
                                  const std::string& error) override;
  common::Result<bool> mark_undelivered(const std::string& id, const std::string& claimer,
                                        common::Instant at, notifications::Undelivered how,
                                        const std::string& reason) override;
  common::Result<bool> release(const std::string& id, const std::string& claimer,
                               common::Instant at) override;
  common::Result<std::vector<notifications::DueReminder>> due_reminders(common::Instant now,
                                                                        std::chrono::seconds lead,
                                                                        int limit) override;
  common::Result<int> add_reminders(
      const std::vector<notifications::NewReminder>& reminders) override;

 private:
  std::string payload_field(const char* name) const;

  Database& db_;
  NativeStatement mark_sent_;
};

}  // namespace janji::db
