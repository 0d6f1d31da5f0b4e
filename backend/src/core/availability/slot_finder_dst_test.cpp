// The slot finder on days when clocks change (DESIGN.md section 6, item 6): schedules are
// wall-clock, slots are instants.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/availability/slot_finder.hpp"
#include "core/common/time_zone.hpp"

namespace janji::availability {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr int hm(int h, int m) { return h * 60 + m; }
Date date(const char* text) { return *common::parse_date(text); }
common::Instant at(const char* text) { return *common::parse_instant(text); }

DayPlan plan(const char* zone, const char* day, std::vector<TimeRange> weekly) {
  DayPlan p;
  p.date = date(day);
  p.weekly_ranges = std::move(weekly);
  p.offsets = common::zone_day(p.date, zone).spans();
  return p;
}

// "HH:MM-HH:MM+hh:mm" per slot: local start, local end, offset at the start.
std::vector<std::string> shown(const std::vector<Slot>& slots) {
  std::vector<std::string> out;
  for (const Slot& s : slots) {
    out.push_back(common::format_hhmm(s.start) + "-" + common::format_hhmm(s.end) +
                  common::format_utc_offset(s.utc_offset));
  }
  return out;
}

long long elapsed(const Slot& s) {
  return std::chrono::duration_cast<std::chrono::minutes>(s.ends_at - s.starts_at).count();
}

ServiceSpec lasting(int minutes, int before = 0, int after = 0) {
  return ServiceSpec{minutes, before, after};
}

// A booking as the database holds it: instants.
BusyTime busy(const char* from, const char* to) { return BusyTime{{at(from), at(to)}, 0, 0}; }

common::ZonedNow now_at(const char* instant, const char* zone) {
  const common::Instant t = at(instant);
  return {t, *common::to_local(t, zone)};
}

// --- Gaps: a spring-forward night has no slot at a time that does not exist ---

TEST(SlotFinderDst, NewYorkSpringForwardOffersNoTimeInTheGap) {
  const auto slots = candidate_slots(plan("America/New_York", "2027-03-14", {{hm(0, 0), hm(5, 0)}}),
                                     lasting(30), 30);
  EXPECT_THAT(shown(slots),
              ElementsAre("00:00-00:30-05:00", "00:30-01:00-05:00", "01:00-01:30-05:00",
                          "01:30-03:00-05:00", "03:00-03:30-04:00", "03:30-04:00-04:00",
                          "04:00-04:30-04:00", "04:30-05:00-04:00"));
  for (const Slot& s : slots) EXPECT_EQ(elapsed(s), 30);
}

TEST(SlotFinderDst, AServiceCrossingTheGapLastsItsRealLength) {
  // 01:30 EST + 60 minutes is 03:30 EDT, not 02:30.
  const auto slots = candidate_slots(plan("America/New_York", "2027-03-14", {{hm(1, 0), hm(4, 0)}}),
                                     lasting(60), 30);
  EXPECT_THAT(shown(slots),
              ElementsAre("01:00-03:00-05:00", "01:30-03:30-05:00", "03:00-04:00-04:00"));
  EXPECT_EQ(slots[1].starts_at, at("2027-03-14T06:30:00Z"));
  EXPECT_EQ(slots[1].ends_at, at("2027-03-14T07:30:00Z"));
}

TEST(SlotFinderDst, ABookingAcrossTheGapBlocksItsRealEnd) {
  // The double booking of issue 10: 01:30-03:30 local is taken, so 03:00 is not free.
  DayPlan day = plan("America/New_York", "2027-03-14", {{hm(1, 0), hm(5, 0)}});
  day.busy.push_back(busy("2027-03-14T06:30:00Z", "2027-03-14T07:30:00Z"));
  EXPECT_THAT(shown(candidate_slots(day, lasting(60), 30)),
              ElementsAre("03:30-04:30-04:00", "04:00-05:00-04:00"));
}

TEST(SlotFinderDst, BerlinAndSydneyGapsToo) {
  // Berlin 2027-03-28: 02:00 CET becomes 03:00 CEST.
  EXPECT_THAT(shown(candidate_slots(plan("Europe/Berlin", "2027-03-28", {{hm(0, 0), hm(4, 0)}}),
                                    lasting(90), 60)),
              ElementsAre("00:00-01:30+01:00", "01:00-03:30+01:00"));
  // Sydney (southern hemisphere) 2027-10-03: 02:00 AEST becomes 03:00 AEDT.
  EXPECT_THAT(shown(candidate_slots(plan("Australia/Sydney", "2027-10-03", {{hm(1, 0), hm(4, 0)}}),
                                    lasting(60), 60)),
              ElementsAre("01:00-03:00+10:00", "03:00-04:00+11:00"));
}

TEST(SlotFinderDst, LordHoweGapIsHalfAnHour) {
  // 2027-10-03: 02:00 (+10:30) becomes 02:30 (+11:00).
  EXPECT_THAT(
      shown(candidate_slots(plan("Australia/Lord_Howe", "2027-10-03", {{hm(1, 0), hm(3, 30)}}),
                            lasting(30), 30)),
      ElementsAre("01:00-01:30+10:30", "01:30-02:30+10:30", "02:30-03:00+11:00",
                  "03:00-03:30+11:00"));
}

// --- Repeats: a fall-back night offers the repeated hour twice ---

TEST(SlotFinderDst, NewYorkFallBackOffersTheRepeatedHourTwice) {
  const auto slots = candidate_slots(plan("America/New_York", "2027-11-07", {{hm(0, 0), hm(3, 0)}}),
                                     lasting(30), 30);
  EXPECT_THAT(shown(slots),
              ElementsAre("00:00-00:30-04:00", "00:30-01:00-04:00", "01:00-01:30-04:00",
                          "01:30-01:00-04:00", "01:00-01:30-05:00", "01:30-02:00-05:00",
                          "02:00-02:30-05:00", "02:30-03:00-05:00"));
  for (std::size_t i = 1; i < slots.size(); ++i) {
    EXPECT_EQ(slots[i].starts_at - slots[i - 1].starts_at, std::chrono::minutes{30});
  }
}

TEST(SlotFinderDst, ABookingInTheRepeatBlocksOnlyItsOwnHour) {
  // Booked 00:30-01:30 EDT: the wall clock would also block 01:00-01:30 EST; instants do not.
  DayPlan day = plan("America/New_York", "2027-11-07", {{hm(0, 0), hm(3, 0)}});
  day.busy.push_back(busy("2027-11-07T04:30:00Z", "2027-11-07T05:30:00Z"));
  EXPECT_THAT(shown(candidate_slots(day, lasting(60), 30)),
              ElementsAre("01:30-01:30-04:00", "01:00-02:00-05:00", "01:30-02:30-05:00",
                          "02:00-03:00-05:00"));
}

TEST(SlotFinderDst, BerlinSydneyAndLordHoweRepeats) {
  // Berlin 2027-10-31: 03:00 CEST becomes 02:00 CET.
  EXPECT_THAT(shown(candidate_slots(plan("Europe/Berlin", "2027-10-31", {{hm(2, 0), hm(3, 0)}}),
                                    lasting(60), 60)),
              ElementsAre("02:00-02:00+02:00", "02:00-03:00+01:00"));
  // Sydney 2027-04-04: 03:00 AEDT becomes 02:00 AEST.
  EXPECT_THAT(shown(candidate_slots(plan("Australia/Sydney", "2027-04-04", {{hm(2, 0), hm(3, 0)}}),
                                    lasting(30), 30)),
              ElementsAre("02:00-02:30+11:00", "02:30-02:00+11:00", "02:00-02:30+10:00",
                          "02:30-03:00+10:00"));
  // Lord Howe 2027-04-04: 02:00 (+11:00) becomes 01:30 (+10:30): only 01:30-02:00 repeats.
  EXPECT_THAT(
      shown(candidate_slots(plan("Australia/Lord_Howe", "2027-04-04", {{hm(1, 0), hm(2, 30)}}),
                            lasting(30), 30)),
      ElementsAre("01:00-01:30+11:00", "01:30-01:30+11:00", "01:30-02:00+10:30",
                  "02:00-02:30+10:30"));
}

TEST(SlotFinderDst, JakartaHasNoTransitions) {
  const auto slots =
      candidate_slots(plan("Asia/Jakarta", "2027-03-14", {{hm(9, 0), hm(11, 0)}}), lasting(60), 60);
  EXPECT_THAT(shown(slots), ElementsAre("09:00-10:00+07:00", "10:00-11:00+07:00"));
  EXPECT_EQ(slots[0].starts_at, at("2027-03-14T02:00:00Z"));
}

// --- The window in elapsed time ---

TEST(SlotFinderDst, MinimumNoticeIsElapsedAcrossTheGap) {
  // Now 01:00 EST (06:00Z) with 90 minutes' notice: the earliest start is 03:30 EDT (07:30Z).
  // In wall-clock minutes it would be 02:30, and 03:00 EDT (one real hour away) offered.
  const DayPlan day = plan("America/New_York", "2027-03-14", {{hm(0, 0), hm(6, 0)}});
  BookingRules rules;
  rules.min_notice = 90;
  auto slots = candidate_slots(day, lasting(30), 30);
  apply_booking_window(slots, day.date, rules, now_at("2027-03-14T06:00:00Z", "America/New_York"));
  ASSERT_FALSE(slots.empty());
  EXPECT_EQ(common::format_hhmm(slots.front().start), "03:30");
  EXPECT_EQ(booking_window(day.date, at("2027-03-14T07:00:00Z"), rules,
                           now_at("2027-03-14T06:00:00Z", "America/New_York")),
            WindowVerdict::kTooSoon);
}

TEST(SlotFinderDst, MinimumNoticeIsElapsedAcrossTheRepeat) {
  // Now 01:10 EDT (05:10Z), 60 minutes' notice: 01:00 EST (06:00Z) is too soon by 10 minutes
  // even though its wall-clock reading is earlier than now's; 01:30 EST is open.
  const DayPlan day = plan("America/New_York", "2027-11-07", {{hm(0, 0), hm(3, 0)}});
  BookingRules rules;
  rules.min_notice = 60;
  auto slots = candidate_slots(day, lasting(30), 30);
  apply_booking_window(slots, day.date, rules, now_at("2027-11-07T05:10:00Z", "America/New_York"));
  EXPECT_THAT(shown(slots),
              ElementsAre("01:30-02:00-05:00", "02:00-02:30-05:00", "02:30-03:00-05:00"));
}

TEST(SlotFinderDst, EndOfDayOnATransitionDay) {
  // Open 22:00 until midnight (24:00 or 23:59) on both New York transition days.
  for (const char* day : {"2027-03-14", "2027-11-07"}) {
    for (int end : {hm(24, 0), hm(23, 59)}) {
      const auto slots =
          candidate_slots(plan("America/New_York", day, {{hm(22, 0), end}}), lasting(60), 60);
      EXPECT_THAT(
          shown(slots),
          ElementsAreArray({std::string("22:00-23:00") + (day[6] == '3' ? "-04:00" : "-05:00"),
                            std::string("23:00-24:00") + (day[6] == '3' ? "-04:00" : "-05:00")}))
          << day << " " << end;
    }
  }
}

}  // namespace
}  // namespace janji::availability
