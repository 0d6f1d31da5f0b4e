// Booking decisions on days when clocks change: which instant a request means, whether it is
// offered, and the rules measured in elapsed time (DESIGN.md section 6, item 6).
#include <gtest/gtest.h>

#include "core/bookings/booking.hpp"
#include "core/bookings/slot_check.hpp"

namespace janji::bookings {
namespace {

using availability::AvailabilityInputs;
using common::Instant;

constexpr int hm(int h, int m) { return h * 60 + m; }
common::Date date(const char* text) { return *common::parse_date(text); }
Instant at(const char* text) { return *common::parse_instant(text); }

// A provider in `zone` open every day 00:00-06:00 (30-minute grid, no notice), a 60-minute
// service.
AvailabilityInputs open_nights(const char* zone) {
  AvailabilityInputs in;
  in.provider.id = "p";
  in.provider.timezone = zone;
  in.provider.rules = {30, 0, 365};
  in.service = availability::CalendarService{"s", true, {60, 0, 0}};
  for (int day = 0; day < 7; ++day) in.schedules.push_back({day, {hm(0, 0), hm(6, 0)}});
  return in;
}

void book(AvailabilityInputs& in, const char* day, const char* from, const char* to) {
  in.bookings.push_back({day, {at(from), at(to)}, 0, 0});
}

const common::ZonedNow kLongBefore{at("2027-01-01T00:00:00Z"), {date("2026-12-31"), hm(19, 0)}};

std::string outcome(const common::Result<availability::Slot>& r) {
  if (!r) return r.error().code;
  return common::format_instant(r->starts_at) + "/" + common::format_instant(r->ends_at);
}

TEST(BookingDst, ALocalTimeInTheGapIsRefused) {
  const auto in = open_nights("America/New_York");
  const auto day = date("2027-03-14");
  const auto r = check_requested_slot(in, day, LocalStart{day, hm(2, 0)}, kLongBefore);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "BOOKING_006");
  EXPECT_EQ(outcome(check_requested_slot(in, day, LocalStart{day, hm(1, 30)}, kLongBefore)),
            "2027-03-14T06:30:00Z/2027-03-14T07:30:00Z");  // ends 03:30 EDT
}

TEST(BookingDst, TheSpringForwardDoubleBookingIsRefused) {
  // 01:30 EST for 60 minutes really ends 03:30 EDT: 03:00 EDT is taken.
  auto in = open_nights("America/New_York");
  book(in, "2027-03-14", "2027-03-14T06:30:00Z", "2027-03-14T07:30:00Z");
  const auto day = date("2027-03-14");
  EXPECT_EQ(outcome(check_requested_slot(in, day, LocalStart{day, hm(3, 0)}, kLongBefore)),
            "BOOKING_001");
  EXPECT_EQ(outcome(check_requested_slot(in, day, LocalStart{day, hm(3, 30)}, kLongBefore)),
            "2027-03-14T07:30:00Z/2027-03-14T08:30:00Z");
}

TEST(BookingDst, ARepeatedTimeMeansItsFirstOccurrenceUnlessAnInstantSaysOtherwise) {
  for (const auto& [zone, day_text, local, first, second] :
       std::vector<std::tuple<const char*, const char*, int, const char*, const char*>>{
           {"America/New_York", "2027-11-07", hm(1, 30), "2027-11-07T05:30:00Z",
            "2027-11-07T06:30:00Z"},
           {"Europe/Berlin", "2027-10-31", hm(2, 30), "2027-10-31T00:30:00Z",
            "2027-10-31T01:30:00Z"},
           {"Australia/Sydney", "2027-04-04", hm(2, 30), "2027-04-03T15:30:00Z",
            "2027-04-03T16:30:00Z"},
           {"Australia/Lord_Howe", "2027-04-04", hm(1, 30), "2027-04-03T14:30:00Z",
            "2027-04-03T15:00:00Z"}}) {
    auto in = open_nights(zone);
    const auto day = date(day_text);
    const LocalStart wall{day, local};
    auto r = check_requested_slot(in, day, wall, kLongBefore);
    ASSERT_TRUE(r) << zone << " " << r.error().code;
    EXPECT_EQ(r->starts_at, at(first)) << zone;
    r = check_requested_slot(in, day, at(second), kLongBefore);
    ASSERT_TRUE(r) << zone << " " << r.error().code;
    EXPECT_EQ(r->start, local) << zone;

    // The first occurrence taken: the local time is taken, the second instant still free.
    book(in, day_text, first, second);
    EXPECT_EQ(outcome(check_requested_slot(in, day, wall, kLongBefore)), "BOOKING_001") << zone;
    r = check_requested_slot(in, day, at(second), kLongBefore);
    EXPECT_TRUE(r) << zone;
  }
}

TEST(BookingDst, AnInstantMustBeAnOfferedStartOnThatDay) {
  const auto in = open_nights("America/New_York");
  const auto day = date("2027-03-14");
  EXPECT_EQ(outcome(check_requested_slot(in, day, at("2027-03-14T06:40:00Z"), kLongBefore)),
            "BOOKING_006");  // 01:40: off the grid
  EXPECT_EQ(outcome(check_requested_slot(in, day, at("2027-03-15T05:00:00Z"), kLongBefore)),
            "BOOKING_006");  // 01:00 the next day
}

TEST(BookingDst, JakartaIsPlain) {
  const auto in = open_nights("Asia/Jakarta");
  const auto day = date("2027-03-14");
  EXPECT_EQ(outcome(check_requested_slot(in, day, LocalStart{day, hm(1, 0)}, kLongBefore)),
            "2027-03-13T18:00:00Z/2027-03-13T19:00:00Z");
}

TEST(BookingDst, NoticeIsElapsedAcrossTheGap) {
  // Now 01:00 EST, 90 minutes' notice: 03:00 EDT is one real hour away, too soon.
  auto in = open_nights("America/New_York");
  in.provider.rules.min_notice = 90;
  const auto day = date("2027-03-14");
  const common::ZonedNow now{at("2027-03-14T06:00:00Z"), {day, hm(1, 0)}};
  EXPECT_EQ(outcome(check_requested_slot(in, day, LocalStart{day, hm(3, 0)}, now)), "BOOKING_007");
  EXPECT_TRUE(check_requested_slot(in, day, LocalStart{day, hm(3, 30)}, now));
}

// The cut-off of 24 hours is 24 real hours, whichever way the clocks go in between.
TEST(BookingDst, CancellationCutoffIsElapsedAcrossEachTransition) {
  const auto customer_cancels = [](Instant now, Instant start) {
    auto r = next_status(BookingStatus::kConfirmed, BookingAction::kCancel, Actor::kCustomer,
                         TransitionClock{now, start, 24});
    return r ? std::string("ok") : r.error().code;
  };
  // New York: a 12:00 EDT appointment on 2027-03-14 (16:00Z). At 11:30 EST the day before
  // (16:30Z) it is 23.5 real hours away (the wall clock says 24.5): refused. At 10:30 EST
  // (15:30Z) it is 24.5 real hours away (the wall clock says 25.5): allowed.
  EXPECT_EQ(customer_cancels(at("2027-03-13T16:30:00Z"), at("2027-03-14T16:00:00Z")),
            "BOOKING_003");
  EXPECT_EQ(customer_cancels(at("2027-03-13T15:30:00Z"), at("2027-03-14T16:00:00Z")), "ok");
  // Berlin fall-back: a 12:00 CET appointment on 2027-10-31 (11:00Z). At 12:30 CEST the day
  // before (10:30Z) it is 24.5 real hours away (the wall clock says 23.5): allowed.
  EXPECT_EQ(customer_cancels(at("2027-10-30T10:30:00Z"), at("2027-10-31T11:00:00Z")), "ok");
  EXPECT_EQ(customer_cancels(at("2027-10-30T11:30:00Z"), at("2027-10-31T11:00:00Z")),
            "BOOKING_003");
  // Lord Howe spring-forward (30 minutes, 15:30Z on 2 October): for 12:00 (+11:00) on
  // 3 October (01:00Z), 24h15m real is allowed, 23h45m is not.
  EXPECT_EQ(customer_cancels(at("2027-10-02T00:45:00Z"), at("2027-10-03T01:00:00Z")), "ok");
  EXPECT_EQ(customer_cancels(at("2027-10-02T01:15:00Z"), at("2027-10-03T01:00:00Z")),
            "BOOKING_003");
}

TEST(BookingDst, CompleteOnlyAfterTheRealStart) {
  // Booked at the second 01:30 of New York's fall-back night (06:30Z). At 01:45 EDT (05:45Z)
  // the wall clock is past 01:30, but the appointment is 45 minutes away.
  const auto complete = [](Instant now) {
    auto r = next_status(BookingStatus::kConfirmed, BookingAction::kComplete, Actor::kProvider,
                         TransitionClock{now, at("2027-11-07T06:30:00Z"), 24});
    return r ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(complete(at("2027-11-07T05:45:00Z")), "BOOKING_005");
  EXPECT_EQ(complete(at("2027-11-07T06:30:00Z")), "ok");
}

}  // namespace
}  // namespace janji::bookings
