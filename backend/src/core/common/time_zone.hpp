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

}  // namespace janji::common
