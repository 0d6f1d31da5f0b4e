#include "core/common/zone_day.hpp"

#include <gtest/gtest.h>

#include "core/common/time_zone.hpp"

namespace janji::common {
namespace {

using std::chrono::minutes;

Date date(const char* text) { return *parse_date(text); }
Instant at(const std::string& text) { return *parse_instant(text); }

long long elapsed_minutes(const std::vector<InstantRange>& ranges) {
  long long total = 0;
  for (const auto& r : ranges)
    total += std::chrono::duration_cast<minutes>(r.end - r.start).count();
  return total;
}

TEST(ZoneDay, SpringForwardGapHasNoInstantAndShortensTheDay) {
  // New York, 2027-03-14: 02:00 EST becomes 03:00 EDT.
  const ZoneDay day = zone_day(date("2027-03-14"), "America/New_York");
  Instant found[2];
  EXPECT_EQ(day.instants_at(2 * 60, found), 0);
  EXPECT_EQ(day.instants_at(2 * 60 + 30, found), 0);
  ASSERT_EQ(day.instants_at(90, found), 1);
  EXPECT_EQ(found[0], at("2027-03-14T06:30:00Z"));
  ASSERT_EQ(day.instants_at(3 * 60, found), 1);
  EXPECT_EQ(found[0], at("2027-03-14T07:00:00Z"));
  const auto open = day.instants_within({0, 6 * 60});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(elapsed_minutes(open), 5 * 60);
  EXPECT_TRUE(day.instants_within({2 * 60, 2 * 60 + 30}).empty());
  EXPECT_EQ(day.offset_at(at("2027-03-14T06:59:00Z")), -300);
  EXPECT_EQ(day.offset_at(at("2027-03-14T07:00:00Z")), -240);
  EXPECT_EQ(day.reading_at(at("2027-03-14T07:30:00Z")), 3 * 60 + 30);
  EXPECT_EQ(day.instants_within({0, 24 * 60}).front().end, at("2027-03-15T04:00:00Z"));
  EXPECT_EQ(day.resolve(2 * 60 + 30), at("2027-03-14T07:30:00Z"));  // 03:30 EDT
  EXPECT_EQ(day.resolve(90), at("2027-03-14T06:30:00Z"));
}

TEST(ZoneDay, FallBackRepeatHasTwoInstantsAndLengthensTheDay) {
  // New York, 2027-11-07: 02:00 EDT becomes 01:00 EST, so 01:00-02:00 happens twice.
  const ZoneDay day = zone_day(date("2027-11-07"), "America/New_York");
  Instant found[2];
  ASSERT_EQ(day.instants_at(60 + 30, found), 2);
  EXPECT_EQ(found[0], at("2027-11-07T05:30:00Z"));
  EXPECT_EQ(found[1], at("2027-11-07T06:30:00Z"));
  EXPECT_EQ(day.first_instant_at(90), found[0]);
  EXPECT_EQ(elapsed_minutes(day.instants_within({0, 4 * 60})), 5 * 60);
  EXPECT_EQ(day.instants_within({0, 4 * 60}).size(), 1u);
  // A range wholly inside the repeat happens twice.
  EXPECT_EQ(day.instants_within({60, 90}).size(), 2u);
  EXPECT_EQ(day.reading_at(at("2027-11-07T06:30:00Z")), 90);
  EXPECT_EQ(format_utc_offset(day.offset_at(at("2027-11-07T05:30:00Z"))), "-04:00");
  EXPECT_EQ(format_utc_offset(day.offset_at(at("2027-11-07T06:30:00Z"))), "-05:00");
}

TEST(ZoneDay, LordHoweShiftsByHalfAnHour) {
  // Australia/Lord_Howe: 2027-04-04 02:00 (+11) becomes 01:30 (+10:30); 2027-10-03 02:00
  // (+10:30) becomes 02:30 (+11).
  const ZoneDay back = zone_day(date("2027-04-04"), "Australia/Lord_Howe");
  Instant found[2];
  EXPECT_EQ(back.instants_at(100, found), 2);  // 01:40 twice
  EXPECT_EQ(back.instants_at(80, found), 1);
  EXPECT_EQ(elapsed_minutes(back.instants_within({0, 180})), 210);
  const ZoneDay forward = zone_day(date("2027-10-03"), "Australia/Lord_Howe");
  EXPECT_EQ(forward.instants_at(2 * 60 + 15, found), 0);
  EXPECT_EQ(forward.instants_at(2 * 60 + 30, found), 1);
  EXPECT_EQ(elapsed_minutes(forward.instants_within({0, 180})), 150);
  EXPECT_EQ(format_utc_offset(630), "+10:30");
}

TEST(ZoneDay, JakartaAndUnknownZonesKeepOneOffset) {
  const ZoneDay jakarta = zone_day(date("2027-03-14"), "Asia/Jakarta");
  Instant found[2];
  ASSERT_EQ(jakarta.instants_at(9 * 60, found), 1);
  EXPECT_EQ(found[0], at("2027-03-14T02:00:00Z"));
  EXPECT_EQ(format_utc_offset(jakarta.offset_at(found[0])), "+07:00");
  const ZoneDay unknown = zone_day(date("2027-03-14"), "Mars/Olympus");
  ASSERT_EQ(unknown.instants_at(9 * 60, found), 1);
  EXPECT_EQ(found[0], at("2027-03-14T09:00:00Z"));
  EXPECT_EQ(ZoneDay::fixed(date("2027-03-14"), 420).first_instant_at(9 * 60),
            at("2027-03-14T02:00:00Z"));
}

TEST(ZoneDay, ReadingsReachIntoNeighbouringDays) {
  const ZoneDay day = zone_day(date("2027-03-14"), "Europe/Berlin");
  EXPECT_EQ(day.reading_at(at("2027-03-13T22:30:00Z")), -30);  // 23:30 the day before
  EXPECT_EQ(day.reading_at(at("2027-03-14T23:30:00Z")), 24 * 60 + 30);
}

}  // namespace
}  // namespace janji::common
