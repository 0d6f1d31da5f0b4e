// Bookings and availability over HTTP on the days when a provider's clocks change (issue 10),
// on whichever backend the suite runs (SQLite; PostgreSQL + Redis in CI). The transition days
// are the next ones in America/New_York from today, so the tests never go stale.
#include <string>
#include <utility>
#include <vector>

#include "core/common/time_zone.hpp"
#include "support/booking_api_suite.hpp"

namespace janji::testing {
namespace {

constexpr const char* kZone = "America/New_York";

// The UTC offset at local noon of `date` in kZone.
int noon_offset(common::Date date) {
  const common::ZoneDay day = common::zone_day(date, kZone);
  return day.offset_at(*day.first_instant_at(12 * 60));
}

// The next New York day (at least two days ahead) whose offset grows (spring-forward) or
// shrinks (fall-back) during the night: the clocks change at 02:00 local.
common::Date next_transition(bool spring_forward) {
  common::Date date = plus_days(today_in_jakarta(), 2);
  for (int i = 0; i < 400; ++i, date = plus_days(date, 1)) {
    const int before = noon_offset(plus_days(date, -1));
    const int after = noon_offset(date);
    if (spring_forward ? after > before : after < before) return date;
  }
  ADD_FAILURE() << "no transition within 400 days";
  return date;
}

// The instant kZone's clock reads `minutes` on `date` for the `occurrence`-th time (0 or 1).
std::string instant(common::Date date, int minutes, int occurrence = 0) {
  common::Instant found[2];
  const int count = common::zone_day(date, kZone).instants_at(minutes, found);
  EXPECT_GT(count, occurrence);
  return common::format_instant(found[std::min(occurrence, count - 1)]);
}

class BookingDstApi : public BookingApi {
 protected:
  // Open 00:00-06:00 every day, no notice, two years ahead, 30-minute grid, a 60-minute service.
  Shop night_shop() {
    Shop s;
    s.provider = make_provider({{"timezone", kZone},
                                {"min_notice_minutes", 0},
                                {"max_advance_days", 730},
                                {"slot_interval_minutes", 30}},
                               "night");
    for (int day = 0; day < 7; ++day) add_schedule(s.provider, day, "00:00", "06:00");
    s.service_id = create_service(s.provider, 60);
    return s;
  }

  json by_instant(const Shop& s, const std::string& starts_at) const {
    return {{"provider_id", s.provider.provider_id},
            {"service_id", s.service_id},
            {"starts_at", starts_at}};
  }

  json day_answer(const Shop& s, common::Date date) const {
    auto r = availability_raw(s.provider.provider_id,
                              "date=" + iso(date) + "&service_id=" + s.service_id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["data"];
  }
};

TEST_F(BookingDstApi, SpringForwardDoubleBookingIsRefused) {
  const Shop s = night_shop();
  const common::Date day = next_transition(true);
  const Actor first = register_user("customer", "dst-a");
  const Actor second = register_user("customer", "dst-b");

  // 01:30 EST for 60 minutes ends 03:30 EDT.
  auto r = post_booking(booking_body(s, day, "01:30"), first);
  ASSERT_EQ(r.status, 201) << r.body;
  const json booking = r.json["data"]["booking"];
  EXPECT_EQ(booking["start_time"], "01:30");
  EXPECT_EQ(booking["end_time"], "03:30");
  EXPECT_EQ(booking["starts_at"], instant(day, 90));
  EXPECT_EQ(booking["ends_at"], instant(day, 3 * 60 + 30));

  // 03:00 EDT overlaps it in real time: 409, by local time and by instant.
  r = post_booking(booking_body(s, day, "03:00"), second);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_001");
  r = post_booking(by_instant(s, instant(day, 3 * 60)), second);
  EXPECT_EQ(r.status, 409) << r.body;

  // 02:00 does not exist that night.
  r = post_booking(booking_body(s, day, "02:00"), second);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_006");

  const json answer = day_answer(s, day);
  EXPECT_EQ(answer["time_zone"], kZone);
  const Slots offered = answer["available_slots"].get<Slots>();
  EXPECT_FALSE(contains(offered, "02:00"));
  EXPECT_FALSE(contains(offered, "02:30"));
  EXPECT_FALSE(contains(offered, "03:00"));
  EXPECT_TRUE(contains(offered, "03:30"));
  EXPECT_TRUE(contains(offered, "00:30"));  // ends 01:30, before the booking
  for (const json& slot : answer["slots"]) {
    EXPECT_NE(slot["start_time"], "02:00");
    EXPECT_NE(slot["start_time"], "02:30");
  }
}

TEST_F(BookingDstApi, BothOccurrencesOfAFallBackHourCanBeBookedByInstant) {
  const Shop s = night_shop();
  const common::Date day = next_transition(false);
  const Actor first = register_user("customer", "dst-c");
  const Actor second = register_user("customer", "dst-d");
  const Actor third = register_user("customer", "dst-e");

  // Both 01:00s are offered: twice in `slots`, once in `available_slots`.
  json answer = day_answer(s, day);
  const Slots offered = answer["available_slots"].get<Slots>();
  EXPECT_EQ(std::count(offered.begin(), offered.end(), "01:00"), 1);
  std::vector<std::pair<std::string, std::string>> one_oclock;
  for (const json& slot : answer["slots"]) {
    if (slot["start_time"] == "01:00") {
      one_oclock.emplace_back(slot["starts_at"], slot["utc_offset"]);
    }
  }
  ASSERT_EQ(one_oclock.size(), 2u) << answer.dump();
  EXPECT_EQ(one_oclock[0], std::make_pair(instant(day, 60, 0), std::string("-04:00")));
  EXPECT_EQ(one_oclock[1], std::make_pair(instant(day, 60, 1), std::string("-05:00")));

  // The first 01:00 (EDT) by local time, the second (EST) by instant with an offset.
  auto r = post_booking(booking_body(s, day, "01:00"), first);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["starts_at"], instant(day, 60, 0));
  EXPECT_EQ(r.json["data"]["booking"]["end_time"], "01:00");  // 60 minutes later, EST
  r = post_booking(by_instant(s, iso(day) + "T01:00:00-05:00"), second);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["start_time"], "01:00");
  EXPECT_EQ(r.json["data"]["booking"]["starts_at"], instant(day, 60, 1));

  // Both hours are now taken; a third request for 01:00 in either form is refused.
  r = post_booking(booking_body(s, day, "01:00"), third);
  EXPECT_EQ(r.status, 409) << r.body;
  r = post_booking(by_instant(s, instant(day, 60, 1)), third);
  EXPECT_EQ(r.status, 409) << r.body;
  answer = day_answer(s, day);
  for (const json& slot : answer["slots"]) {
    EXPECT_NE(slot["start_time"], "01:00") << slot.dump();
    EXPECT_NE(slot["start_time"], "01:30") << slot.dump();
  }
}

TEST_F(BookingDstApi, StartsAtAndLocalFieldsTogetherAreRefused) {
  const Shop s = night_shop();
  const common::Date day = plus_days(today_in_jakarta(), 5);
  json body = booking_body(s, day, "01:00");
  body["starts_at"] = instant(day, 60);
  const Actor who = register_user("customer", "dst-f");
  auto r = post_booking(body, who);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(has_detail(r, "starts_at"));
  r = post_booking(by_instant(s, "tomorrow at noon"), who);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(has_detail(r, "starts_at"));
}

TEST_F(BookingDstApi, RescheduleByInstantToTheSecondOccurrence) {
  const Shop s = night_shop();
  const common::Date day = next_transition(false);
  const Actor who = register_user("customer", "dst-g");
  auto r = post_booking(booking_body(s, day, "01:30"), who);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json["data"]["booking"]["id"];
  r = send("POST", "/api/v1/bookings/" + id + "/reschedule",
           {{"new_starts_at", instant(day, 90, 1)}}, who);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["start_time"], "01:30");
  EXPECT_EQ(r.json["data"]["booking"]["starts_at"], instant(day, 90, 1));
  EXPECT_EQ(r.json["data"]["previous"]["status"], "cancelled");
}

}  // namespace
}  // namespace janji::testing
