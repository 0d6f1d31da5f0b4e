#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/common/clock.hpp"
#include "core/common/wall_time.hpp"
#include "core/common/zone_day.hpp"

namespace janji::common {

// IANA time zones (the system tz database, through Howard Hinnant's date/tz). Only this pair
// of files includes <date/tz.h>.
bool is_valid_time_zone(std::string_view name);

// The wall-clock date and time at instant `t` in zone `name`; nullopt for an unknown zone.
std::optional<LocalDateTime> to_local(Instant t, std::string_view name);

// What the zone calls itself at instant `t`: the tz database's abbreviation ("WIB", "EDT", or
// a numeric "+08" where the database has no name) and the offset then, in minutes east of
// UTC. nullopt for an unknown zone.
struct ZoneAbbreviation {
  std::string abbreviation;
  int offset_minutes = 0;
};
std::optional<ZoneAbbreviation> zone_abbreviation(Instant t, std::string_view name);

// `date` in zone `name` with the offsets in force around it; UTC for an unknown zone (zones
// are validated on write; this is a backstop).
ZoneDay zone_day(Date date, std::string_view name);

// "Now" as booking rules see it: the instant rounded up to the minute, so 10:10:30 with 60
// minutes' notice never offers 11:10, and the wall-clock reading of that instant in the
// provider's zone (which decides "today").
struct ZonedNow {
  Instant at;
  LocalDateTime local;
};

// Now in zone `name` (UTC for an unknown zone). Availability and bookings both use it, so they
// agree on "now".
ZonedNow local_now(const Clock& clock, std::string_view name);

}  // namespace janji::common
