#include "core/common/clock.hpp"

#include <gtest/gtest.h>

namespace janji::common {
namespace {

using namespace std::chrono_literals;

Instant at(const std::string& utc) { return *parse_instant(utc); }

TEST(OffsetClock, ShiftsItsBaseAndFollowsOffsetChanges) {
  ManualClock base(at("2027-03-14T06:30:00Z"));
  OffsetClock shifted(base, 3600s);
  EXPECT_EQ(shifted.now(), at("2027-03-14T07:30:00Z"));
  EXPECT_EQ(shifted.offset(), 3600s);
  shifted.set_offset(-86400s);
  EXPECT_EQ(shifted.now(), at("2027-03-13T06:30:00Z"));
  base.advance(60s);
  EXPECT_EQ(shifted.now(), at("2027-03-13T06:31:00Z"));
  shifted.set_offset(0s);
  EXPECT_EQ(shifted.now(), base.now());
}

TEST(Rfc3339, ReadsUtcAndNumericOffsets) {
  EXPECT_EQ(parse_rfc3339("2027-03-14T06:30:00Z"), at("2027-03-14T06:30:00Z"));
  EXPECT_EQ(parse_rfc3339("2027-03-14t06:30:00z"), at("2027-03-14T06:30:00Z"));
  // New York at 01:30 EST (-05:00) is 06:30 UTC; Jakarta (+07:00) 13:30 is 06:30 UTC.
  EXPECT_EQ(parse_rfc3339("2027-03-14T01:30:00-05:00"), at("2027-03-14T06:30:00Z"));
  EXPECT_EQ(parse_rfc3339("2027-03-14T13:30:00+07:00"), at("2027-03-14T06:30:00Z"));
  // Lord Howe's half-hour offset, and an offset that moves the date back.
  EXPECT_EQ(parse_rfc3339("2027-04-04T01:30:00+10:30"), at("2027-04-03T15:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2027-01-01T00:15:00+01:00"), at("2026-12-31T23:15:00Z"));
  EXPECT_EQ(parse_rfc3339("2027-03-14T06:30:00-00:00"), at("2027-03-14T06:30:00Z"));
}

TEST(Rfc3339, KeepsFractionsOfASecond) {
  const auto t = parse_rfc3339("2027-03-14T06:30:00.250Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t - at("2027-03-14T06:30:00Z"), 250ms);
}

TEST(Rfc3339, RefusesAnythingElse) {
  for (const char* text :
       {"", "2027-03-14", "2027-03-14T06:30:00", "2027-03-14T06:30Z", "2027-03-14 06:30:00Z",
        "2027-02-29T06:30:00Z", "2027-13-01T00:00:00Z", "2027-03-14T24:00:00Z",
        "2027-03-14T06:60:00Z", "2027-03-14T06:30:60Z", "2027-03-14T06:30:00+0700",
        "2027-03-14T06:30:00+07", "2027-03-14T06:30:00+24:00", "2027-03-14T06:30:00.Z",
        "2027-03-14T06:30:00ZZ", "2027-3-14T06:30:00Z", "+2027-03-14T06:30:00Z",
        "2027-03-14T06:30:00+00"}) {
    EXPECT_FALSE(parse_rfc3339(text)) << text;
  }
}

}  // namespace
}  // namespace janji::common
