#include "core/bookings/slot_check.hpp"

#include <gtest/gtest.h>

namespace janji::bookings {
namespace {

using availability::AvailabilityInputs;
using common::Date;
using common::LocalDateTime;
using common::TimeRange;
using namespace std::chrono;

constexpr Date kMonday = year{2026} / December / 7;

// A provider open Mondays 09:00-12:00 (30-minute grid, 60 minutes' notice, 90 days ahead),
// a 60-minute service, and a booking 10:00-11:00 on kMonday.
AvailabilityInputs monday() {
  AvailabilityInputs in;
  in.provider.id = "p";
  in.provider.timezone = "Asia/Jakarta";
  in.provider.rules = {30, 60, 90};
  in.service = availability::CalendarService{"s", true, {60, 0, 0}};
  in.schedules.push_back({1, {9 * 60, 12 * 60}});
  // 10:00-11:00 WIB (UTC+7).
  in.bookings.push_back({"2026-12-07",
                         {*common::parse_instant("2026-12-07T03:00:00Z"),
                          *common::parse_instant("2026-12-07T04:00:00Z")},
                         0,
                         0});
  return in;
}

const LocalDateTime kLastWeek{year{2026} / November / 30, 8 * 60};

std::string outcome(const common::Result<availability::Slot>& r) {
  if (!r) return r.error().code;
  return std::to_string(r->start) + "-" + std::to_string(r->end);
}

// The check with a Jakarta wall-clock start and "now".
common::Result<availability::Slot> check(const AvailabilityInputs& in, Date date, int start,
                                         LocalDateTime now) {
  const common::ZonedNow zoned{
      *common::zone_day(now.date, "Asia/Jakarta").first_instant_at(now.minutes), now};
  return check_requested_slot(in, date, LocalStart{date, start}, zoned);
}

TEST(SlotCheck, AcceptsAnOfferedFreeStart) {
  EXPECT_EQ(outcome(check(monday(), kMonday, 9 * 60, kLastWeek)), "540-600");
  EXPECT_EQ(outcome(check(monday(), kMonday, 11 * 60, kLastWeek)), "660-720");
}

TEST(SlotCheck, TakenIsAConflictOutsideHoursIsNot) {
  EXPECT_EQ(outcome(check(monday(), kMonday, 10 * 60, kLastWeek)), "BOOKING_001");
  EXPECT_EQ(outcome(check(monday(), kMonday, 9 * 60 + 30, kLastWeek)),
            "BOOKING_001");  // overlaps 10:00-11:00
  EXPECT_EQ(outcome(check(monday(), kMonday, 9 * 60 + 15, kLastWeek)),
            "BOOKING_006");  // off the 30-minute grid
  EXPECT_EQ(outcome(check(monday(), kMonday, 13 * 60, kLastWeek)),
            "BOOKING_006");  // after closing
  EXPECT_EQ(outcome(check(monday(), year{2026} / December / 8, 9 * 60, kLastWeek)),
            "BOOKING_006");  // Tuesday: closed
}

TEST(SlotCheck, BuffersMakeAFreeLookingStartTaken) {
  auto in = monday();
  in.service->spec.buffer_after = 30;  // 09:00 would end its buffer at 10:30
  EXPECT_EQ(outcome(check(in, kMonday, 9 * 60, kLastWeek)), "BOOKING_001");
}

TEST(SlotCheck, PastNoticeAndWindow) {
  const LocalDateTime monday_morning{kMonday, 8 * 60 + 30};
  EXPECT_EQ(outcome(check(monday(), kMonday, 9 * 60, monday_morning)),
            "BOOKING_007");  // 30 minutes away, 60 needed
  EXPECT_EQ(outcome(check(monday(), kMonday, 11 * 60, monday_morning)), "660-720");
  const LocalDateTime next_week{year{2026} / December / 14, 8 * 60};
  EXPECT_EQ(outcome(check(monday(), kMonday, 11 * 60, next_week)), "BOOKING_007");
  auto in = monday();
  in.provider.rules.max_advance_days = 6;  // 30 Nov + 6 = 6 Dec: the 7th is out
  EXPECT_EQ(outcome(check(in, kMonday, 9 * 60, kLastWeek)), "BOOKING_008");
  in.provider.rules.max_advance_days = 7;
  EXPECT_EQ(outcome(check(in, kMonday, 9 * 60, kLastWeek)), "540-600");
}

TEST(SlotCheck, InactiveOrMissingServiceAndProvider) {
  auto in = monday();
  in.service->is_active = false;
  EXPECT_EQ(outcome(check(in, kMonday, 9 * 60, kLastWeek)), "SERVICE_001");
  in.service.reset();
  EXPECT_EQ(outcome(check(in, kMonday, 9 * 60, kLastWeek)), "SERVICE_001");
  in = monday();
  in.provider.is_active = false;
  EXPECT_EQ(outcome(check(in, kMonday, 9 * 60, kLastWeek)), "PROVIDER_001");
}

}  // namespace
}  // namespace janji::bookings
