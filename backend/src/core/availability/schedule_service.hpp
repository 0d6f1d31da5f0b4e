#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth/user.hpp"
#include "core/availability/ports.hpp"
#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/providers/catalog_service.hpp"

namespace janji::availability {

// Request fields as sent ("HH:MM" times, "YYYY-MM-DD" dates); absent = unchanged on update.
struct ScheduleFields {
  std::optional<int> day_of_week;
  std::optional<std::string> start_time;
  std::optional<std::string> end_time;
  std::optional<bool> is_active;
};

struct ExceptionFields {
  std::optional<std::string> exception_date;
  std::optional<std::optional<std::string>> start_time;  // inner nullopt = whole day
  std::optional<std::optional<std::string>> end_time;
  std::optional<std::optional<std::string>> reason;
  std::optional<bool> is_available;
};

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

  // All weekly ranges and the exceptions dated from..to (YYYY-MM-DD, inclusive); an empty
  // `from` means today in the provider's time zone, an empty `to` no upper bound.
  Result<ScheduleBook> overview(const auth::Principal& who, const std::string& provider_id,
                                const std::string& from, const std::string& to);
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
                                                         const std::string& from,
                                                         const std::string& to);
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
  Result<std::pair<std::string, std::string>> exception_window(const providers::Provider& p,
                                                               const std::string& from,
                                                               const std::string& to) const;
  ScheduleDependencies deps_;
};

}  // namespace janji::availability
