#pragma once

#include "adapters/db/database.hpp"
#include "core/availability/ports.hpp"

namespace janji::db {

class SqlBookingCalendar final : public availability::BookingCalendar {
 public:
  explicit SqlBookingCalendar(Database& db) : db_(db) {}

  common::Result<std::vector<availability::CalendarEntry>> active_bookings(
      const std::string& provider_id, const std::string& from, const std::string& to) override;

 private:
  Database& db_;
};

}  // namespace janji::db
