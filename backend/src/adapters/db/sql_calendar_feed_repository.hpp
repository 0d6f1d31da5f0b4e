#pragma once

#include "adapters/db/database.hpp"
#include "core/providers/calendar_feed.hpp"

namespace janji::db {

// Provider calendar feed tokens (service_providers.calendar_feed_token_*) and the bookings a
// feed lists, on SOCI.
class SqlCalendarFeedRepository final : public providers::CalendarFeedRepository {
 public:
  explicit SqlCalendarFeedRepository(Database& db) : db_(db) {}

  common::Result<std::optional<std::string>> token_created_at(
      const std::string& provider_id) override;
  common::Status set_token(const std::string& provider_id,
                           const std::optional<std::string>& token_hash,
                           common::Instant now) override;
  common::Result<std::optional<std::string>> provider_by_token(
      const std::string& token_hash) override;
  common::Result<std::vector<providers::FeedBooking>> active_bookings(
      const std::string& provider_id, common::Instant from, int limit) override;

 private:
  Database& db_;
};

}  // namespace janji::db
