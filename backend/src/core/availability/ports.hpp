#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/availability/schedule.hpp"
#include "core/availability/slot_finder.hpp"
#include "core/common/result.hpp"
#include "core/common/zone_day.hpp"
#include "core/providers/provider.hpp"

namespace janji::availability {

using common::Result;
using common::Status;

class ScheduleRepository {
 public:
  virtual ~ScheduleRepository() = default;
  // Sorted by day_of_week, start.
  virtual Result<std::vector<Schedule>> list_schedules(const std::string& provider_id) = 0;
  virtual Result<std::optional<Schedule>> find_schedule(const std::string& provider_id,
                                                        const std::string& id) = 0;
  // Conflict SCHEDULE_002 when an active range of the same day overlaps (the database decides).
  virtual Result<Schedule> create_schedule(const Schedule& schedule) = 0;
  virtual Result<Schedule> update_schedule(const Schedule& schedule) = 0;
  // False when there was no such schedule.
  virtual Result<bool> delete_schedule(const std::string& provider_id, const std::string& id) = 0;

  // Sorted by date, start; `from`/`to` (YYYY-MM-DD, inclusive) may be empty = unbounded.
  virtual Result<std::vector<ScheduleException>> list_exceptions(const std::string& provider_id,
                                                                 const std::string& from,
                                                                 const std::string& to) = 0;
  virtual Result<std::optional<ScheduleException>> find_exception(const std::string& provider_id,
                                                                  const std::string& id) = 0;
  virtual Result<ScheduleException> create_exception(const ScheduleException& exception) = 0;
  virtual Result<ScheduleException> update_exception(const ScheduleException& exception) = 0;
  virtual Result<bool> delete_exception(const std::string& provider_id, const std::string& id) = 0;
};

// A pending or confirmed booking as the slot finder sees it: its instants decide; its date
// only says which days it may reach into.
struct CalendarEntry {
  std::string date;               // YYYY-MM-DD, provider-local
  common::InstantRange instants;  // [starts_at, ends_at) as stored
  int buffer_before = 0;          // its own service's buffers, elapsed minutes
  int buffer_after = 0;
};

// What availability and booking decisions read of a provider: not the whole catalogue row
// (this is loaded on every uncached availability request, so every field costs).
struct CalendarProvider {
  std::string id;
  std::string user_id;  // the owner: may preview an inactive provider; is told about bookings
  std::string timezone;
  bool is_active = true;
  BookingRules rules;
  bool requires_payment = false;  // bookings of priced services are paid when booked
};

// What availability and booking decisions read of a service.
struct CalendarService {
  std::string id;
  bool is_active = true;
  ServiceSpec spec;
  bool priced = false;  // price > 0
};

// An active weekly range.
struct WeeklyRange {
  int day_of_week = 1;  // 0 = Sunday
  common::TimeRange range;
};

// An exception as the slot finder needs it, with its date.
struct DatedException {
  std::string date;  // YYYY-MM-DD
  DayException exception;
};

// Everything one availability computation reads, loaded together: the hot path of an uncached
// availability request, so an adapter can answer it with one round trip and prepared statements.
struct AvailabilityInputs {
  CalendarProvider provider;
  std::optional<CalendarService> service;  // nullopt: no such live service of this provider
  std::vector<WeeklyRange> schedules;      // active weekly ranges on the weekdays of from..to
  std::vector<DatedException> exceptions;  // dated from..to
  std::vector<CalendarEntry> bookings;     // active bookings dated from..to
};

class AvailabilityReader {
 public:
  virtual ~AvailabilityReader() = default;
  // nullopt when there is no live (not deleted) provider with this id; inactive ones are
  // returned (the caller decides who may see them).
  virtual Result<std::optional<AvailabilityInputs>> load(const std::string& provider_id,
                                                         const std::string& service_id,
                                                         const std::string& from,
                                                         const std::string& to) = 0;
};

}  // namespace janji::availability
