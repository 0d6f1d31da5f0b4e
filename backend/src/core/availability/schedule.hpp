#pragma once

#include <optional>
#include <string>

#include "core/common/wall_time.hpp"

namespace janji::availability {

// A weekly opening range, e.g. Mondays 09:00-12:00. Several per day are allowed; ranges of one
// day never overlap (the database guards it).
struct Schedule {
  std::string id;
  std::string provider_id;
  int day_of_week = 1;  // 0 = Sunday
  common::TimeRange range;
  bool is_active = true;
  std::string created_at;
};

// A dated change to the weekly hours: the whole day blocked (no range, not available), part of
// it blocked (range, not available), or special hours (range, available) replacing the week's.
struct ScheduleException {
  std::string id;
  std::string provider_id;
  std::string date;  // YYYY-MM-DD, provider-local
  std::optional<common::TimeRange> range;
  std::optional<std::string> reason;
  bool is_available = false;
  std::string created_at;
};

}  // namespace janji::availability
