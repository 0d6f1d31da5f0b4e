// GET /api/v1/providers/:id/availability end to end (DESIGN.md section 6), including the slot
// cache: every change to hours, exceptions, services, settings and bookings must show in the
// next answer. Dates are relative to today in Asia/Jakarta and at least two days ahead unless
// the test is about the booking window, so the default 60-minute notice never interferes.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/common/time_zone.hpp"
#include "support/catalog_fixture.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;
using Slots = std::vector<std::string>;

constexpr int kSunday = 0;
constexpr int kMonday = 1;
constexpr int kTuesday = 2;
constexpr int kWednesday = 3;

std::string hhmm(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

int minutes_of(const std::string& text) {
  return std::stoi(text.substr(0, 2)) * 60 + std::stoi(text.substr(3, 2));
}

// "HH:MM" starts from `first` to `last` inclusive, every `step` minutes.
Slots every(const std::string& first, const std::string& last, int step) {
  Slots out;
  for (int t = minutes_of(first); t <= minutes_of(last); t += step) out.push_back(hhmm(t));
  return out;
}

class AvailabilityApi : public CatalogSuite {
 protected:
  std::string services_path(const ProviderAccount& p) {
    return "/api/v1/providers/" + p.provider_id + "/services";
  }
  std::string query(common::Date date, const std::string& service_id) {
    return "date=" + iso(date) + "&service_id=" + service_id;
  }
  // A provider open every day of the week for `start`-`end`.
  void open_every_day(const ProviderAccount& p, const std::string& start, const std::string& end) {
    for (int day = 0; day < 7; ++day) add_schedule(p, day, start, end);
  }
};

// ------------------------------------------------------------------------------------------
// The examples of DESIGN.md section 6 and the issue
// ------------------------------------------------------------------------------------------

TEST_F(AvailabilityApi, MondayMorningHourLongServiceEveryHalfHour) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  auto r = availability_raw(p.provider_id, query(monday, service));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["success"].get<bool>());
  EXPECT_EQ(r.json["data"]["date"], iso(monday));
  EXPECT_EQ(r.json["data"]["service_id"], service);
  EXPECT_EQ(r.json["data"]["available_slots"].get<Slots>(),
            (Slots{"09:00", "09:30", "10:00", "10:30", "11:00"}));
  // Closed on the other days.
  EXPECT_EQ(slots(p.provider_id, plus_days(monday, 1), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(monday, -1), service), Slots{});
}

TEST_F(AvailabilityApi, ABookingTakesItsSlotsAway) {
  auto p = make_provider();
  auto customer = register_user("customer", "booker");
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  insert_booking(p, service, customer, monday, "10:00", "11:00");
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00"}));
  // A booking on another Monday does not matter.
  EXPECT_EQ(slots(p.provider_id, plus_days(monday, 7), service),
            (Slots{"09:00", "09:30", "10:00", "10:30", "11:00"}));
}

TEST_F(AvailabilityApi, BuffersOfCandidateAndBookingStack) {
  auto p = make_provider({{"slot_interval_minutes", 15}});
  auto customer = register_user("customer", "buffer");
  add_schedule(p, kMonday, "09:00", "17:00");
  const auto service = create_service(p, 30, {{"buffer_after_minutes", 30}});
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  insert_booking(p, service, customer, monday, "12:30", "13:00");
  invalidate_slots(p.provider_id);
  const auto got = slots(p.provider_id, monday, service);
  // Busy [12:30, 13:30) with the booking's own buffer; a candidate needs [t, t + 60) free.
  Slots expected = every("09:00", "11:30", 15);
  for (const auto& s : every("13:30", "16:30", 15)) expected.push_back(s);
  EXPECT_EQ(got, expected);
  for (const auto& blocked : every("11:45", "13:15", 15)) {
    EXPECT_EQ(std::count(got.begin(), got.end(), blocked), 0) << blocked;
  }
  EXPECT_EQ(std::count(got.begin(), got.end(), "11:30"), 1);
  EXPECT_EQ(std::count(got.begin(), got.end(), "13:30"), 1);
}

TEST_F(AvailabilityApi, BufferBeforeKeepsDistanceFromTheBookingBefore) {
  auto p = make_provider();
  auto customer = register_user("customer", "before");
  add_schedule(p, kTuesday, "09:00", "12:00");
  const auto plain = create_service(p, 30);
  const auto prepared = create_service(p, 30, {{"buffer_before_minutes", 30}});
  const auto tuesday = next_weekday(today_in_jakarta(), kTuesday);
  insert_booking(p, plain, customer, tuesday, "09:00", "09:30");
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, tuesday, plain), every("09:30", "11:30", 30));
  // [t - 30, t + 30) must miss [09:00, 09:30): the first start is 10:00.
  EXPECT_EQ(slots(p.provider_id, tuesday, prepared), every("10:00", "11:30", 30));
}

TEST_F(AvailabilityApi, WholeDayExceptionClosesTheDay) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  add_exception(p, {{"exception_date", iso(monday)}, {"reason", "Cuti"}});
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(monday, 7), service).size(), 5u);
}

TEST_F(AvailabilityApi, SpecialHoursOpenAClosedSunday) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 30);
  const auto sunday = next_weekday(today_in_jakarta(), kSunday);
  EXPECT_EQ(slots(p.provider_id, sunday, service), Slots{});
  add_exception(p, {{"exception_date", iso(sunday)},
                    {"start_time", "10:00"},
                    {"end_time", "11:00"},
                    {"is_available", true}});
  EXPECT_EQ(slots(p.provider_id, sunday, service), (Slots{"10:00", "10:30"}));
  EXPECT_EQ(slots(p.provider_id, plus_days(sunday, 7), service), Slots{});
}

TEST_F(AvailabilityApi, SpecialHoursReplaceTheWeeklyHours) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 30);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  add_exception(p, {{"exception_date", iso(monday)},
                    {"start_time", "14:00"},
                    {"end_time", "15:00"},
                    {"is_available", true}});
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"14:00", "14:30"}));
}

TEST_F(AvailabilityApi, PartialBlockRemovesPartOfTheDay) {
  auto p = make_provider();
  add_schedule(p, kWednesday, "09:00", "12:00");
  const auto service = create_service(p, 30);
  const auto wednesday = next_weekday(today_in_jakarta(), kWednesday);
  add_exception(p, {{"exception_date", iso(wednesday)},
                    {"start_time", "10:00"},
                    {"end_time", "11:00"},
                    {"is_available", false}});
  EXPECT_EQ(slots(p.provider_id, wednesday, service), (Slots{"09:00", "09:30", "11:00", "11:30"}));
  // Two blocks on one day combine.
  add_exception(
      p, {{"exception_date", iso(wednesday)}, {"start_time", "11:30"}, {"end_time", "12:00"}});
  EXPECT_EQ(slots(p.provider_id, wednesday, service), (Slots{"09:00", "09:30", "11:00"}));
}

TEST_F(AvailabilityApi, SeveralRangesPerDayAndTouchingRanges) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "10:00");
  add_schedule(p, kMonday, "10:00", "11:00");  // touching: a 60-min appointment may span both
  add_schedule(p, kMonday, "13:00", "14:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "09:30", "10:00", "13:00"}));
}

TEST_F(AvailabilityApi, PendingAndConfirmedBlockCancelledDoesNot) {
  auto p = make_provider();
  auto customer = register_user("customer", "status");
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  insert_booking(p, service, customer, monday, "09:00", "10:00", "pending");
  insert_booking(p, service, customer, monday, "11:00", "12:00", "cancelled");
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"10:00", "10:30", "11:00"}));
}

// ------------------------------------------------------------------------------------------
// The booking window
// ------------------------------------------------------------------------------------------

TEST_F(AvailabilityApi, PastDatesAreEmpty) {
  auto p = make_provider();
  open_every_day(p, "00:00", "24:00");
  const auto service = create_service(p, 30);
  const auto today = today_in_jakarta();
  EXPECT_EQ(slots(p.provider_id, plus_days(today, -1), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(today, -30), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(today, -400), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 2), service).size(), 48u);
}

TEST_F(AvailabilityApi, TodayDropsStartsInsideTheMinimumNotice) {
  auto p = make_provider();
  open_every_day(p, "00:00", "24:00");
  const auto service = create_service(p, 30);
  const auto before = common::to_local(std::chrono::system_clock::now(), "Asia/Jakarta");
  ASSERT_TRUE(before);
  const auto got = slots(p.provider_id, before->date, service);
  if (today_in_jakarta() != before->date) GTEST_SKIP() << "midnight passed during the test";
  for (const auto& s : got) {
    EXPECT_GE(minutes_of(s), before->minutes + 60) << s << " is inside the 60-minute notice";
  }
  const int earliest = before->minutes + 60;
  if (earliest + 30 + 5 <= 24 * 60) {
    ASSERT_FALSE(got.empty());
    EXPECT_LE(minutes_of(got.front()), earliest + 30 + 5) << got.front();
  }
}

TEST_F(AvailabilityApi, MinimumNoticeCanSpanDays) {
  auto p = make_provider({{"min_notice_minutes", 3 * 24 * 60}});
  open_every_day(p, "09:00", "17:00");
  const auto service = create_service(p, 60);
  const auto today = today_in_jakarta();
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 2), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 4), service), every("09:00", "16:00", 30));
}

TEST_F(AvailabilityApi, DatesBeyondMaxAdvanceDaysAreEmpty) {
  auto p = make_provider();
  open_every_day(p, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto today = today_in_jakarta();
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 80), service).size(), 5u);
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 91), service), Slots{});  // default 90
  update_provider(p, {{"max_advance_days", 3}});
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 3), service).size(), 5u);
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 4), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 10), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(today, 80), service), Slots{});
}

TEST_F(AvailabilityApi, DatesAreJudgedInTheProvidersTimeZone) {
  // 25 hours apart: "yesterday" at the UTC+14 provider is today or tomorrow at the UTC-11 one.
  auto east = make_provider({{"timezone", "Pacific/Kiritimati"}, {"min_notice_minutes", 0}});
  auto west = make_provider({{"timezone", "Pacific/Pago_Pago"}, {"min_notice_minutes", 0}});
  open_every_day(east, "00:00", "24:00");
  open_every_day(west, "00:00", "24:00");
  const auto east_service = create_service(east, 30);
  const auto west_service = create_service(west, 30);
  const auto east_now = common::to_local(std::chrono::system_clock::now(), "Pacific/Kiritimati");
  const auto west_now = common::to_local(std::chrono::system_clock::now(), "Pacific/Pago_Pago");
  ASSERT_TRUE(east_now && west_now);
  const auto day = plus_days(east_now->date, -1);
  EXPECT_EQ(slots(east.provider_id, day, east_service), Slots{});
  const auto west_slots = slots(west.provider_id, day, west_service);
  ASSERT_FALSE(west_slots.empty()) << iso(day);
  if (day == west_now->date) {
    // Today over there: only starts after the provider's local now.
    EXPECT_GE(minutes_of(west_slots.front()), west_now->minutes) << west_slots.front();
  } else {
    EXPECT_EQ(west_slots.size(), 48u);
  }
  // Slots are the provider's wall-clock times, whatever the zone.
  const auto later = plus_days(east_now->date, 3);
  EXPECT_EQ(slots(east.provider_id, later, east_service).size(), 48u);
  EXPECT_EQ(slots(east.provider_id, later, east_service).front(), "00:00");
}

// ------------------------------------------------------------------------------------------
// The range form
// ------------------------------------------------------------------------------------------

// A month of slots is tens of kB of JSON: a client that asks for gzip gets it compressed, and
// the same answer once decoded.
TEST_F(AvailabilityApi, RangeIsGzippedForAClientThatAsks) {
  auto p = make_provider();
  for (int day = 0; day < 7; ++day) add_schedule(p, day, "08:00", "20:00");
  const auto service = create_service(p, 30);
  const auto from = plus_days(today_in_jakarta(), 1);
  const auto path = "/api/v1/providers/" + p.provider_id + "/availability?start_date=" + iso(from) +
                    "&end_date=" + iso(plus_days(from, 27)) + "&service_id=" + service;
  auto plain = client().get(path);
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_NE(plain.header("vary").find("Accept-Encoding"), std::string::npos);
  ASSERT_GT(plain.body.size(), 10'000u);

  auto packed = client().get(path, {"Accept-Encoding: gzip"});
  ASSERT_EQ(packed.status, 200);
  EXPECT_EQ(packed.header("content-encoding"), "gzip");
  EXPECT_LT(packed.body.size(), plain.body.size() / 5);
  EXPECT_EQ(packed.body.substr(0, 2), "\x1f\x8b");  // the gzip magic: sent compressed

  std::string decoded(plain.body.size() * 2, '\0');
  z_stream zs{};
  ASSERT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(packed.body.data());
  zs.avail_in = static_cast<uInt>(packed.body.size());
  zs.next_out = reinterpret_cast<Bytef*>(decoded.data());
  zs.avail_out = static_cast<uInt>(decoded.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  decoded.resize(zs.total_out);
  inflateEnd(&zs);
  EXPECT_EQ(nlohmann::json::parse(decoded)["data"], plain.json["data"]);
}

TEST_F(AvailabilityApi, RangeListsEveryDayInOrder) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "12:00");
  add_schedule(p, kWednesday, "13:00", "14:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const auto sunday = plus_days(monday, 6);
  auto r =
      availability_raw(p.provider_id, "start_date=" + iso(monday) + "&end_date=" + iso(sunday) +
                                          "&service_id=" + service);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& data = r.json["data"];
  EXPECT_EQ(data["start_date"], iso(monday));
  EXPECT_EQ(data["end_date"], iso(sunday));
  EXPECT_EQ(data["service_id"], service);
  ASSERT_TRUE(data["days"].is_array()) << r.body;
  ASSERT_EQ(data["days"].size(), 7u) << r.body;
  for (int i = 0; i < 7; ++i) {
    const auto& day = data["days"][static_cast<std::size_t>(i)];
    EXPECT_EQ(day["date"], iso(plus_days(monday, i)));
    const auto got = day["available_slots"].get<Slots>();
    if (i == 0) {
      EXPECT_EQ(got, (Slots{"09:00", "09:30", "10:00", "10:30", "11:00"}));
    } else if (i == 2) {
      EXPECT_EQ(got, Slots{"13:00"});
    } else {
      EXPECT_EQ(got, Slots{}) << iso(plus_days(monday, i));
    }
  }
  // A one-day range equals the single-date answer.
  auto one =
      availability_raw(p.provider_id, "start_date=" + iso(monday) + "&end_date=" + iso(monday) +
                                          "&service_id=" + service);
  ASSERT_EQ(one.status, 200) << one.body;
  ASSERT_EQ(one.json["data"]["days"].size(), 1u);
  EXPECT_EQ(one.json["data"]["days"][0]["available_slots"].get<Slots>(),
            slots(p.provider_id, monday, service));
}

TEST_F(AvailabilityApi, RangeAppliesTheBookingWindowPerDay) {
  auto p = make_provider({{"max_advance_days", 5}});
  open_every_day(p, "09:00", "10:00");
  const auto service = create_service(p, 60);
  const auto today = today_in_jakarta();
  auto r = availability_raw(p.provider_id, "start_date=" + iso(plus_days(today, -2)) +
                                               "&end_date=" + iso(plus_days(today, 8)) +
                                               "&service_id=" + service);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& days = r.json["data"]["days"];
  ASSERT_EQ(days.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    const int offset = i - 2;
    const auto got = days[static_cast<std::size_t>(i)]["available_slots"].get<Slots>();
    EXPECT_EQ(days[static_cast<std::size_t>(i)]["date"], iso(plus_days(today, offset)));
    if (offset < 0 || offset > 5) {
      EXPECT_EQ(got, Slots{}) << "day " << offset;
    } else if (offset >= 2) {
      EXPECT_EQ(got, Slots{"09:00"}) << "day " << offset;
    }
  }
}

TEST_F(AvailabilityApi, RangeLimitsAndConflicts) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "10:00");
  const auto service = create_service(p, 60);
  const auto start = plus_days(today_in_jakarta(), 2);
  auto range = [&](common::Date from, common::Date to) {
    return availability_raw(p.provider_id, "start_date=" + iso(from) + "&end_date=" + iso(to) +
                                               "&service_id=" + service);
  };
  auto longest = range(start, plus_days(start, 61));
  ASSERT_EQ(longest.status, 200) << longest.body;
  EXPECT_EQ(longest.json["data"]["days"].size(), 62u);
  int mondays = 0;
  for (const auto& d : longest.json["data"]["days"]) {
    if (!d["available_slots"].empty()) ++mondays;
  }
  EXPECT_GE(mondays, 8);
  EXPECT_LE(mondays, 9);

  auto too_long = range(start, plus_days(start, 62));
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_EQ(error_code(too_long), "VALIDATION_001");
  auto backwards = range(start, plus_days(start, -1));
  EXPECT_EQ(backwards.status, 400) << backwards.body;
  EXPECT_EQ(error_code(backwards), "VALIDATION_001");
  auto both =
      availability_raw(p.provider_id, "date=" + iso(start) + "&start_date=" + iso(start) +
                                          "&end_date=" + iso(start) + "&service_id=" + service);
  EXPECT_EQ(both.status, 400) << both.body;
  auto date_and_start = availability_raw(
      p.provider_id, "date=" + iso(start) + "&start_date=" + iso(start) + "&service_id=" + service);
  EXPECT_EQ(date_and_start.status, 400) << date_and_start.body;
  auto only_start =
      availability_raw(p.provider_id, "start_date=" + iso(start) + "&service_id=" + service);
  EXPECT_EQ(only_start.status, 400) << only_start.body;
  auto only_end =
      availability_raw(p.provider_id, "end_date=" + iso(start) + "&service_id=" + service);
  EXPECT_EQ(only_end.status, 400) << only_end.body;
  auto bad_start = availability_raw(
      p.provider_id, "start_date=2030-02-30&end_date=" + iso(start) + "&service_id=" + service);
  EXPECT_EQ(bad_start.status, 400) << bad_start.body;
  EXPECT_EQ(error_code(bad_start), "VALIDATION_001");
  EXPECT_TRUE(has_detail(bad_start, "start_date")) << bad_start.body;
  auto no_service =
      availability_raw(p.provider_id, "start_date=" + iso(start) + "&end_date=" + iso(start));
  EXPECT_EQ(no_service.status, 400) << no_service.body;
  EXPECT_EQ(error_code(no_service), "VALIDATION_002");
  EXPECT_TRUE(has_detail(no_service, "service_id")) << no_service.body;
}

// ------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------

TEST_F(AvailabilityApi, MissingAndInvalidParameters) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "10:00");
  const auto service = create_service(p, 60);
  const auto date = iso(next_weekday(today_in_jakarta(), kMonday));
  struct Case {
    std::string query;
    std::string code;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"", "VALIDATION_002", {"date", "service_id"}},
      {"date=" + date, "VALIDATION_002", {"service_id"}},
      {"service_id=" + service, "VALIDATION_002", {"date"}},
      {"date=&service_id=" + service, "", {"date"}},  // empty: missing or invalid
      {"date=" + date + "&service_id=", "", {"service_id"}},
      {"date=2030-02-30&service_id=" + service, "VALIDATION_001", {"date"}},
      {"date=2030-13-01&service_id=" + service, "VALIDATION_001", {"date"}},
      {"date=tomorrow&service_id=" + service, "VALIDATION_001", {"date"}},
      {"date=2030-1-7&service_id=" + service, "VALIDATION_001", {"date"}},
      {"date=" + date + "&service_id=not-a-uuid", "VALIDATION_001", {"service_id"}},
      {"date=" + date + "&service_id=" + service + "0", "VALIDATION_001", {"service_id"}},
      {"date=bad&service_id=bad", "VALIDATION_001", {"date", "service_id"}},
  };
  for (const auto& c : cases) {
    auto r = availability_raw(p.provider_id, c.query);
    EXPECT_EQ(r.status, 400) << c.query << " -> " << r.body;
    if (!c.code.empty()) {
      EXPECT_EQ(error_code(r), c.code) << c.query << " -> " << r.body;
    }
    for (const auto& f : c.fields) EXPECT_TRUE(has_detail(r, f)) << c.query << " -> " << r.body;
  }
}

TEST_F(AvailabilityApi, UnknownProviderAndServiceAre404) {
  auto p = make_provider();
  auto other = make_provider();
  add_schedule(p, kMonday, "09:00", "10:00");
  const auto service = create_service(p, 60);
  const auto theirs = create_service(other, 60);
  const auto paused = create_service(p, 60, {{"is_active", false}});
  const auto deleted = create_service(p, 60);
  ASSERT_EQ(del(services_path(p) + "/" + deleted, p.owner).status, 200);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const std::string unknown = test_app().app().crypto().new_uuid();

  for (const auto& provider_id : {unknown, std::string("not-a-uuid")}) {
    auto r = availability_raw(provider_id, query(monday, service));
    EXPECT_EQ(r.status, 404) << provider_id << " -> " << r.body;
    EXPECT_EQ(error_code(r), "PROVIDER_001");
  }
  for (const auto& service_id : {unknown, theirs, paused, deleted}) {
    auto r = availability_raw(p.provider_id, query(monday, service_id));
    EXPECT_EQ(r.status, 404) << service_id << " -> " << r.body;
    EXPECT_EQ(error_code(r), "SERVICE_001") << service_id << " -> " << r.body;
    auto ranged = availability_raw(p.provider_id, "start_date=" + iso(monday) +
                                                      "&end_date=" + iso(plus_days(monday, 3)) +
                                                      "&service_id=" + service_id);
    EXPECT_EQ(ranged.status, 404) << service_id << " -> " << ranged.body;
    EXPECT_EQ(error_code(ranged), "SERVICE_001");
  }
  // Even the owner cannot ask for a paused service's slots.
  auto owner = availability_raw(p.provider_id, query(monday, paused), p.owner);
  EXPECT_EQ(owner.status, 404) << owner.body;
}

TEST_F(AvailabilityApi, InactiveProviderIsNotPublic) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "10:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{"09:00"});
  update_provider(p, {{"is_active", false}});
  auto r = availability_raw(p.provider_id, query(monday, service));
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(error_code(r), "PROVIDER_001");
  auto customer = register_user("customer", "peek");
  EXPECT_EQ(availability_raw(p.provider_id, query(monday, service), customer).status, 404);
  update_provider(p, {{"is_active", true}});
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{"09:00"});
}

// ------------------------------------------------------------------------------------------
// The slot cache never serves a stale answer
// ------------------------------------------------------------------------------------------

// The invalidation tests below only mean something if answers really come from the cache: a
// row written behind the application's back stays invisible until the cache is told.
TEST_F(AvailabilityApi, AnswersComeFromTheCacheUntilInvalidated) {
  if (test_app().config().slot_cache_ttl_seconds == 0) GTEST_SKIP() << "SLOT_CACHE_TTL=0";
  auto p = make_provider();
  auto customer = register_user("customer", "stale");
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const Slots full = {"09:00", "09:30", "10:00", "10:30", "11:00"};
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
  insert_booking(p, service, customer, monday, "10:00", "11:00");
  EXPECT_EQ(slots(p.provider_id, monday, service), full);  // cached
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00"}));
}

TEST_F(AvailabilityApi, CacheSeesScheduleChanges) {
  auto p = make_provider();
  const auto morning = add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const std::string base = "/api/v1/providers/" + p.provider_id + "/schedules/";
  const Slots full = {"09:00", "09:30", "10:00", "10:30", "11:00"};
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
  EXPECT_EQ(slots(p.provider_id, monday, service), full);  // now from the cache

  ASSERT_EQ(send("PUT", base + morning, {{"end_time", "10:00"}}, p.owner).status, 200);
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{"09:00"});
  const auto afternoon = add_schedule(p, kMonday, "14:00", "15:00");
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "14:00"}));
  ASSERT_EQ(del(base + morning, p.owner).status, 200);
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{"14:00"});
  ASSERT_EQ(send("PUT", base + afternoon, {{"is_active", false}}, p.owner).status, 200);
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{});
  ASSERT_EQ(send("PUT", base + afternoon, {{"is_active", true}, {"day_of_week", kTuesday}}, p.owner)
                .status,
            200);
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(monday, 1), service), Slots{"14:00"});
}

TEST_F(AvailabilityApi, CacheSeesExceptionChanges) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const std::string base = "/api/v1/providers/" + p.provider_id + "/exceptions/";
  const Slots full = {"09:00", "09:30", "10:00", "10:30", "11:00"};
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
  EXPECT_EQ(slots(p.provider_id, monday, service), full);

  const auto id = add_exception(p, {{"exception_date", iso(monday)}});
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{});
  ASSERT_EQ(
      send("PUT", base + id, {{"start_time", "10:00"}, {"end_time", "11:00"}}, p.owner).status,
      200);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00"}));
  ASSERT_EQ(send("PUT", base + id,
                 {{"start_time", "16:00"}, {"end_time", "17:00"}, {"is_available", true}}, p.owner)
                .status,
            200);
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{"16:00"});
  ASSERT_EQ(del(base + id, p.owner).status, 200);
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
}

TEST_F(AvailabilityApi, CacheSeesServiceChanges) {
  auto p = make_provider();
  auto customer = register_user("customer", "svc-cache");
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const std::string base = services_path(p) + "/" + service;
  const Slots full = {"09:00", "09:30", "10:00", "10:30", "11:00"};
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
  EXPECT_EQ(slots(p.provider_id, monday, service), full);

  ASSERT_EQ(send("PUT", base, {{"duration", 120}}, p.owner).status, 200);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "09:30", "10:00"}));
  ASSERT_EQ(send("PUT", base, {{"duration", 30}}, p.owner).status, 200);
  EXPECT_EQ(slots(p.provider_id, monday, service), every("09:00", "11:30", 30));

  // Buffers matter next to a booking.
  insert_booking(p, service, customer, monday, "10:00", "10:30");
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, monday, service),
            (Slots{"09:00", "09:30", "10:30", "11:00", "11:30"}));
  ASSERT_EQ(send("PUT", base, {{"buffer_after_minutes", 30}}, p.owner).status, 200);
  // The booking now ends its busy time at 11:00, and each start needs 30 free minutes after.
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00", "11:30"}));

  ASSERT_EQ(send("PUT", base, {{"is_active", false}}, p.owner).status, 200);
  auto paused = availability_raw(p.provider_id, query(monday, service));
  EXPECT_EQ(paused.status, 404) << paused.body;
  EXPECT_EQ(error_code(paused), "SERVICE_001");
  ASSERT_EQ(send("PUT", base, {{"is_active", true}}, p.owner).status, 200);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00", "11:30"}));
  ASSERT_EQ(del(base, p.owner).status, 200);
  auto gone = availability_raw(p.provider_id, query(monday, service));
  EXPECT_EQ(gone.status, 404) << gone.body;
  EXPECT_EQ(error_code(gone), "SERVICE_001");
}

TEST_F(AvailabilityApi, CacheSeesProviderSettings) {
  auto p = make_provider();
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const Slots full = {"09:00", "09:30", "10:00", "10:30", "11:00"};
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
  EXPECT_EQ(slots(p.provider_id, monday, service), full);

  update_provider(p, {{"slot_interval_minutes", 60}});
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "10:00", "11:00"}));
  update_provider(p, {{"slot_interval_minutes", 20}});
  EXPECT_EQ(slots(p.provider_id, monday, service),
            (Slots{"09:00", "09:20", "09:40", "10:00", "10:20", "10:40", "11:00"}));
  update_provider(p, {{"max_advance_days", 1}});
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{});
  update_provider(p, {{"max_advance_days", 90}, {"min_notice_minutes", 30 * 24 * 60}});
  EXPECT_EQ(slots(p.provider_id, monday, service), Slots{});
  update_provider(p, {{"min_notice_minutes", 0}, {"slot_interval_minutes", 30}});
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
  update_provider(p, {{"is_active", false}});
  EXPECT_EQ(availability_raw(p.provider_id, query(monday, service)).status, 404);
  update_provider(p, {{"is_active", true}});
  EXPECT_EQ(slots(p.provider_id, monday, service), full);

  auto admin = make_admin();
  ASSERT_EQ(del("/api/v1/providers/" + p.provider_id, admin).status, 200);
  auto gone = availability_raw(p.provider_id, query(monday, service));
  EXPECT_EQ(gone.status, 404) << gone.body;
  EXPECT_EQ(error_code(gone), "PROVIDER_001");
}

TEST_F(AvailabilityApi, CacheSeesBookingsAndCancellations) {
  auto p = make_provider();
  auto customer = register_user("customer", "cancel");
  add_schedule(p, kMonday, "09:00", "12:00");
  const auto service = create_service(p, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  const Slots full = {"09:00", "09:30", "10:00", "10:30", "11:00"};
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
  EXPECT_EQ(slots(p.provider_id, monday, service), full);

  const auto booking = insert_booking(p, service, customer, monday, "10:00", "11:00", "pending");
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00"}));
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00"}));
  set_booking_status(booking, "confirmed");
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, monday, service), (Slots{"09:00", "11:00"}));
  set_booking_status(booking, "cancelled");
  invalidate_slots(p.provider_id);
  EXPECT_EQ(slots(p.provider_id, monday, service), full);
}

TEST_F(AvailabilityApi, RangeAnswersSeeChangesToo) {
  auto p = make_provider();
  open_every_day(p, "09:00", "10:00");
  const auto service = create_service(p, 60);
  const auto start = plus_days(today_in_jakarta(), 3);
  const std::string q = "start_date=" + iso(start) + "&end_date=" + iso(plus_days(start, 4)) +
                        "&service_id=" + service;
  auto count_open = [&] {
    auto r = availability_raw(p.provider_id, q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<bool> open;
    for (const auto& d : r.json["data"]["days"]) open.push_back(!d["available_slots"].empty());
    return open;
  };
  EXPECT_EQ(count_open(), std::vector<bool>(5, true));
  // Fill part of the cache through the single-date form, then change one day.
  EXPECT_EQ(slots(p.provider_id, plus_days(start, 2), service), Slots{"09:00"});
  add_exception(p, {{"exception_date", iso(plus_days(start, 2))}});
  EXPECT_EQ(count_open(), (std::vector<bool>{true, true, false, true, true}));
  EXPECT_EQ(slots(p.provider_id, plus_days(start, 2), service), Slots{});
  EXPECT_EQ(slots(p.provider_id, plus_days(start, 1), service), Slots{"09:00"});
}

TEST_F(AvailabilityApi, OtherServicesAndProvidersHaveTheirOwnAnswers) {
  auto a = make_provider();
  auto b = make_provider();
  add_schedule(a, kMonday, "09:00", "11:00");
  add_schedule(b, kMonday, "13:00", "15:00");
  const auto a_short = create_service(a, 30);
  const auto a_long = create_service(a, 120);
  const auto b_service = create_service(b, 60);
  const auto monday = next_weekday(today_in_jakarta(), kMonday);
  EXPECT_EQ(slots(a.provider_id, monday, a_short), every("09:00", "10:30", 30));
  EXPECT_EQ(slots(a.provider_id, monday, a_long), Slots{"09:00"});
  EXPECT_EQ(slots(b.provider_id, monday, b_service), (Slots{"13:00", "13:30", "14:00"}));
  // A change at one provider leaves the other's answers alone (and correct).
  add_exception(a, {{"exception_date", iso(monday)}});
  EXPECT_EQ(slots(a.provider_id, monday, a_short), Slots{});
  EXPECT_EQ(slots(b.provider_id, monday, b_service), (Slots{"13:00", "13:30", "14:00"}));
}

}  // namespace
}  // namespace janji::testing
