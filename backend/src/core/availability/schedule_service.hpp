#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth/user.hpp"
#include "core/availability/ports.hpp"
#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/common/wall_time.hpp"
#include "core/providers/catalog_service.hpp"

namespace janji::availability {

// A change to a weekly range, parsed at the edge. Absent = unchanged on update; on create
// day_of_week, start and end are required.
struct ScheduleFields {
  std::optional<int> day_of_week;  // 0 = Sunday .. 6 = Saturday
  std::optional<int> start;        // minutes since local midnight, 0..1439
  std::optional<int> end;          // 1..1440 (24:00 = end of day)
  std::optional<bool> is_active;
};

// A change to a dated exception. Absent = unchanged on update; on create the date is required.
struct ExceptionFields {
  std::optional<common::Date> date;
  std::optional<std::optional<int>> start;  // inner nullopt = the whole day
  std::optional<std::optional<int>> end;
  std::optional<std::optional<std::string>> reason;  // inner nullopt or "" clears it
  std::optional<bool> is_available;
};

// The answers for an unknown (or malformed) schedule or exception id.
common::Error schedule_not_found();
common::Error exception_not_found();

struct ScheduleBook {
  std::vector<Schedule> schedules;
  std::vector<ScheduleException> exceptions;
};

struct ScheduleDependencies {
  providers::CatalogService& catalog;  // ownership checks
  ScheduleRepository& schedules;
  providers::ChangeListener& changes;
  const common::Crypto& crypto;
  const common::Clock& clock;
};

// Weekly hours and exceptions of one provider, managed by its owner or an admin.
class ScheduleService {
 public:
  explicit ScheduleService(ScheduleDependencies deps) : deps_(deps) {}

  // All weekly ranges and the exceptions dated from..to (inclusive); no `from` means today in
  // the provider's time zone, no `to` no upper bound.
  Result<ScheduleBook> overview(const auth::Principal& who, const std::string& provider_id,
                                std::optional<common::Date> from, std::optional<common::Date> to);
  // The active weekly ranges of a provider `viewer` may see (may be null): the public detail
  // page shows opening hours without the owner's paused ranges.
  Result<std::vector<Schedule>> weekly_hours(const std::string& provider_id,
                                             const auth::Principal* viewer);
  Result<Schedule> create_schedule(const auth::Principal& who, const std::string& provider_id,
                                   const ScheduleFields& fields);
  Result<Schedule> update_schedule(const auth::Principal& who, const std::string& provider_id,
                                   const std::string& schedule_id, const ScheduleFields& fields);
  Status delete_schedule(const auth::Principal& who, const std::string& provider_id,
                         const std::string& schedule_id);

  Result<std::vector<ScheduleException>> list_exceptions(const auth::Principal& who,
                                                         const std::string& provider_id,
                                                         std::optional<common::Date> from,
                                                         std::optional<common::Date> to);
  Result<ScheduleException> create_exception(const auth::Principal& who,
                                             const std::string& provider_id,
                                             const ExceptionFields& fields);
  Result<ScheduleException> update_exception(const auth::Principal& who,
                                             const std::string& provider_id,
                                             const std::string& exception_id,
                                             const ExceptionFields& fields);
  Status delete_exception(const auth::Principal& who, const std::string& provider_id,
                          const std::string& exception_id);

 private:
  // The stored text bounds of from..to; "" = open.
  std::pair<std::string, std::string> exception_window(const providers::Provider& p,
                                                       std::optional<common::Date> from,
                                                       std::optional<common::Date> to) const;
  ScheduleDependencies deps_;
};

}  // namespace janji::availability
