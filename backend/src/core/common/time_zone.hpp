#pragma once

#include <optional>
#include <string_view>

#include "core/common/clock.hpp"
#include "core/common/wall_time.hpp"

namespace janji::common {

// IANA time zones (the system tz database, through Howard Hinnant's date/tz). Only this pair
// of files includes <date/tz.h>.
bool is_valid_time_zone(std::string_view name);

// The wall-clock date and time at instant `t` in zone `name`; nullopt for an unknown zone.
std::optional<LocalDateTime> to_local(Instant t, std::string_view name);

// Now in zone `name` as booking rules see it: rounded up to the minute, so 10:10:30 with 60
// minutes' notice never offers 11:10. UTC for an unknown zone (zones are validated on write;
// this is a backstop). Availability and bookings both use it, so they agree on "now".
LocalDateTime local_now(const Clock& clock, std::string_view name);

}  // namespace janji::common
