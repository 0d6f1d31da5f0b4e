#pragma once

#include <string>
#include <string_view>

#include "core/common/clock.hpp"
#include "core/common/wall_time.hpp"

namespace janji::notifications {

// Dates, times and zone names as people read them in notification e-mails. Locales match by
// primary tag ("en-US" is English); anything that is not English is Indonesian, the product's
// default language.

// "Senin, 14 Desember 2026" (id) / "Monday, 14 December 2026" (en).
std::string long_date(common::Date d, std::string_view locale);

// "Sen, 14 Des" / "Mon, 14 Dec": for subject lines.
std::string short_date(common::Date d, std::string_view locale);

// The zone as in force at `at`, then its IANA name: "WIB, Asia/Jakarta", "EDT, America/New_York".
// Where the tz database has only a numeric abbreviation ("+08") the offset is written out:
// "UTC+08:00, Asia/Singapore". "UTC" for UTC itself, and for an unknown zone, whose times the
// core shows in UTC (common::zone_day's backstop).
std::string zone_label(const std::string& tz_name, common::Instant at);

// "09:00"; 1440 gives "24:00" (an end at midnight). Values outside 0..1440 are clamped.
std::string clock_time(int minutes_since_midnight);

}  // namespace janji::notifications
