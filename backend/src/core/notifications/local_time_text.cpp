#include "core/notifications/local_time_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "core/common/time_zone.hpp"
#include "core/common/zone_day.hpp"

namespace janji::notifications {
namespace {

struct Names {
  std::array<std::string_view, 7> days;  // Sunday first, as common::day_of_week
  std::array<std::string_view, 7> short_days;
  std::array<std::string_view, 12> months;
  std::array<std::string_view, 12> short_months;
};

constexpr Names kIndonesian{
    {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
    {"Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"},
    {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
     "Oktober", "November", "Desember"},
    {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}};

constexpr Names kEnglish{
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
    {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}};

const Names& names_for(std::string_view locale) {
  const std::string_view tag = locale.substr(0, locale.find_first_of("-_"));
  const bool english = tag.size() == 2 && std::tolower(static_cast<unsigned char>(tag[0])) == 'e' &&
                       std::tolower(static_cast<unsigned char>(tag[1])) == 'n';
  return english ? kEnglish : kIndonesian;
}

struct Parts {
  std::size_t weekday;
  std::size_t month;  // 0-based
  unsigned day;
  int year;
};

Parts parts_of(common::Date d) {
  return {static_cast<std::size_t>(common::day_of_week(d)),
          static_cast<std::size_t>(static_cast<unsigned>(d.month()) - 1),
          static_cast<unsigned>(d.day()), static_cast<int>(d.year())};
}

// "+08", "-03", "+0530": the tz database writes these where a zone has no agreed name.
bool is_numeric_abbreviation(std::string_view abbrev) {
  return !abbrev.empty() && (abbrev.front() == '+' || abbrev.front() == '-' ||
                             std::isdigit(static_cast<unsigned char>(abbrev.front())) != 0);
}

}  // namespace

std::string long_date(common::Date d, std::string_view locale) {
  const Names& names = names_for(locale);
  const Parts p = parts_of(d);
  std::string out(names.days[p.weekday]);
  out += ", " + std::to_string(p.day) + " ";
  out += names.months[p.month];
  out += " " + std::to_string(p.year);
  return out;
}

std::string short_date(common::Date d, std::string_view locale) {
  const Names& names = names_for(locale);
  const Parts p = parts_of(d);
  std::string out(names.short_days[p.weekday]);
  out += ", " + std::to_string(p.day) + " ";
  out += names.short_months[p.month];
  return out;
}

std::string zone_label(const std::string& tz_name, common::Instant at) {
  const std::optional<common::ZoneAbbreviation> zone = common::zone_abbreviation(at, tz_name);
  if (!zone) return "UTC";
  std::string abbrev = zone->abbreviation;
  if (is_numeric_abbreviation(abbrev)) {
    abbrev = "UTC" + common::format_utc_offset(zone->offset_minutes);
  }
  // "UTC, UTC" says nothing twice over.
  if (abbrev == tz_name || (abbrev == "UTC" && tz_name == "Etc/UTC")) return abbrev;
  return abbrev + ", " + tz_name;
}

std::string clock_time(int minutes_since_midnight) {
  return common::format_hhmm(std::clamp(minutes_since_midnight, 0, common::kMinutesPerDay));
}

}  // namespace janji::notifications
