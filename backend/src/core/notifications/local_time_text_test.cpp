#include "core/notifications/local_time_text.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace janji::notifications {
namespace {

using std::chrono::day;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

common::Date ymd(int y, unsigned m, unsigned d) { return common::Date{year{y}, month{m}, day{d}}; }

common::Instant utc(int y, unsigned m, unsigned d, int h, int mi) {
  return sys_days{ymd(y, m, d)} + hours{h} + minutes{mi};
}

TEST(LocalTimeTextLongDate, IndonesianAndEnglish) {
  EXPECT_EQ(long_date(ymd(2026, 12, 14), "id"), "Senin, 14 Desember 2026");
  EXPECT_EQ(long_date(ymd(2026, 12, 14), "en"), "Monday, 14 December 2026");
  // No leading zero on the day; every weekday name in both languages.
  const char* id_days[] = {"Selasa, 1 September 2026", "Rabu, 2 September 2026",
                           "Kamis, 3 September 2026",  "Jumat, 4 September 2026",
                           "Sabtu, 5 September 2026",  "Minggu, 6 September 2026",
                           "Senin, 7 September 2026"};
  const char* en_days[] = {"Tuesday, 1 September 2026",  "Wednesday, 2 September 2026",
                           "Thursday, 3 September 2026", "Friday, 4 September 2026",
                           "Saturday, 5 September 2026", "Sunday, 6 September 2026",
                           "Monday, 7 September 2026"};
  for (unsigned i = 0; i < 7; ++i) {
    EXPECT_EQ(long_date(ymd(2026, 9, i + 1), "id"), id_days[i]);
    EXPECT_EQ(long_date(ymd(2026, 9, i + 1), "en"), en_days[i]);
  }
  EXPECT_EQ(long_date(ymd(2027, 1, 1), "id"), "Jumat, 1 Januari 2027");
  EXPECT_EQ(long_date(ymd(2028, 2, 29), "en"), "Tuesday, 29 February 2028");
}

TEST(LocalTimeTextLongDate, EveryMonthName) {
  const char* id_months[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                             "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
  const char* en_months[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};
  for (unsigned m = 1; m <= 12; ++m) {
    const std::string id = long_date(ymd(2026, m, 15), "id");
    const std::string en = long_date(ymd(2026, m, 15), "en");
    EXPECT_NE(id.find(std::string(", 15 ") + id_months[m - 1] + " 2026"), std::string::npos) << id;
    EXPECT_NE(en.find(std::string(", 15 ") + en_months[m - 1] + " 2026"), std::string::npos) << en;
  }
}

TEST(LocalTimeTextLongDate, LocaleMatchesByPrimaryTagAndDefaultsToIndonesian) {
  const common::Date d = ymd(2026, 12, 14);
  EXPECT_EQ(long_date(d, "en-US"), "Monday, 14 December 2026");
  EXPECT_EQ(long_date(d, "en_GB"), "Monday, 14 December 2026");
  EXPECT_EQ(long_date(d, "EN"), "Monday, 14 December 2026");
  EXPECT_EQ(long_date(d, "id-ID"), "Senin, 14 Desember 2026");
  for (const char* other : {"", "fr", "de-DE", "eng", "e"}) {
    EXPECT_EQ(long_date(d, other), "Senin, 14 Desember 2026") << other;
  }
}

TEST(LocalTimeTextShortDate, ForSubjects) {
  EXPECT_EQ(short_date(ymd(2026, 12, 14), "id"), "Sen, 14 Des");
  EXPECT_EQ(short_date(ymd(2026, 12, 14), "en"), "Mon, 14 Dec");
  EXPECT_EQ(short_date(ymd(2026, 8, 2), "id"), "Min, 2 Agu");
  EXPECT_EQ(short_date(ymd(2026, 8, 2), "en"), "Sun, 2 Aug");
  EXPECT_EQ(short_date(ymd(2026, 5, 1), "id"), "Jum, 1 Mei");
  EXPECT_EQ(short_date(ymd(2026, 10, 6), "fr"), "Sel, 6 Okt");
}

TEST(LocalTimeTextZoneLabel, IndonesianZonesByName) {
  const common::Instant at = utc(2026, 12, 14, 2, 0);
  EXPECT_EQ(zone_label("Asia/Jakarta", at), "WIB, Asia/Jakarta");
  EXPECT_EQ(zone_label("Asia/Pontianak", at), "WIB, Asia/Pontianak");
  EXPECT_EQ(zone_label("Asia/Makassar", at), "WITA, Asia/Makassar");
  EXPECT_EQ(zone_label("Asia/Jayapura", at), "WIT, Asia/Jayapura");
}

TEST(LocalTimeTextZoneLabel, NumericAbbreviationsBecomeUtcOffsets) {
  const common::Instant at = utc(2026, 12, 14, 2, 0);
  EXPECT_EQ(zone_label("Asia/Singapore", at), "UTC+08:00, Asia/Singapore");
  EXPECT_EQ(zone_label("America/Sao_Paulo", at), "UTC-03:00, America/Sao_Paulo");
  EXPECT_EQ(zone_label("Asia/Kathmandu", at), "UTC+05:45, Asia/Kathmandu");
}

TEST(LocalTimeTextZoneLabel, DaylightSavingFollowsTheInstant) {
  const char* zone = "America/New_York";
  EXPECT_EQ(zone_label(zone, utc(2026, 1, 15, 12, 0)), "EST, America/New_York");
  EXPECT_EQ(zone_label(zone, utc(2026, 7, 15, 12, 0)), "EDT, America/New_York");
  // 2026-03-08 07:00 UTC: 02:00 EST becomes 03:00 EDT.
  EXPECT_EQ(zone_label(zone, utc(2026, 3, 8, 6, 59)), "EST, America/New_York");
  EXPECT_EQ(zone_label(zone, utc(2026, 3, 8, 7, 0)), "EDT, America/New_York");
  EXPECT_EQ(zone_label("Europe/London", utc(2026, 7, 1, 0, 0)), "BST, Europe/London");
  EXPECT_EQ(zone_label("Europe/London", utc(2026, 12, 1, 0, 0)), "GMT, Europe/London");
}

TEST(LocalTimeTextZoneLabel, UtcAndUnknownZones) {
  const common::Instant at = utc(2026, 12, 14, 2, 0);
  EXPECT_EQ(zone_label("UTC", at), "UTC");
  EXPECT_EQ(zone_label("Etc/UTC", at), "UTC");
  // Unknown zones are shown in UTC by the core (zone_day's backstop), so say so.
  EXPECT_EQ(zone_label("Mars/Olympus", at), "UTC");
  EXPECT_EQ(zone_label("", at), "UTC");
}

TEST(LocalTimeTextClockTime, HoursAndMinutes) {
  EXPECT_EQ(clock_time(0), "00:00");
  EXPECT_EQ(clock_time(9 * 60), "09:00");
  EXPECT_EQ(clock_time(9 * 60 + 5), "09:05");
  EXPECT_EQ(clock_time(13 * 60 + 30), "13:30");
  EXPECT_EQ(clock_time(1439), "23:59");
  EXPECT_EQ(clock_time(1440), "24:00");
  EXPECT_EQ(clock_time(-5), "00:00");
  EXPECT_EQ(clock_time(2000), "24:00");
}

}  // namespace
}  // namespace janji::notifications
