// The booking lifecycle after creation over HTTP: confirm, reject, complete, no-show, the
// cancellation cutoff, and rescheduling (including a reschedule racing new bookings).
#include <algorithm>
#include <atomic>
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "support/booking_api_suite.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

// ------------------------------------------------------------------------------------------
// The status machine over HTTP: confirm, reject, complete, no-show
// ------------------------------------------------------------------------------------------

class BookingActions : public BookingApi {
 protected:
  HttpResult act(const std::string& id, const std::string& action, const Actor& who,
                 const json& body = json::object()) const {
    return send("POST", "/api/v1/bookings/" + id + "/" + action, body, who);
  }
  HttpResult act_without_body(const std::string& id, const std::string& action,
                              const Actor& who) const {
    return client().request("POST", "/api/v1/bookings/" + id + "/" + action, "", who.auth());
  }
};

TEST_F(BookingActions, TheProviderOwnerConfirms) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  auto r = act_without_body(id, "confirm", shop.provider.owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["status"], "confirmed");
  EXPECT_EQ(booking_status(id), "confirmed");

  auto twice = act(id, "confirm", shop.provider.owner);
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(error_code(twice), "BOOKING_004");
}

TEST_F(BookingActions, AnAdminConfirms) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto admin = make_admin();
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  auto r = act(id, "confirm", admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["status"], "confirmed");
}

TEST_F(BookingActions, TheCustomerCannotConfirmAndStrangersGet404) {
  auto shop = make_shop(60);
  auto other_shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  auto r = act(id, "confirm", customer);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(error_code(r), "AUTH_003");
  auto stranger = act(id, "confirm", other_shop.provider.owner);
  EXPECT_EQ(stranger.status, 404) << stranger.body;
  EXPECT_EQ(error_code(stranger), "BOOKING_002");
  EXPECT_EQ(act(id, "confirm", Actor{}).status, 401);
  EXPECT_EQ(booking_status(id), "pending");
}

TEST_F(BookingActions, RejectStoresTheReasonAndFreesTheSlot) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto date = day_ahead();
  const auto id = book(shop, customer, date, "10:00");
  ASSERT_FALSE(id.empty());
  EXPECT_FALSE(contains(slots(shop.provider.provider_id, date, shop.service_id), "10:00"));

  auto by_customer = act(id, "reject", customer, {{"reason", "no"}});
  EXPECT_EQ(by_customer.status, 403) << by_customer.body;

  auto r = act(id, "reject", shop.provider.owner, {{"reason", "Fully booked that day"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& b = r.json["data"]["booking"];
  EXPECT_EQ(b["status"], "cancelled");
  EXPECT_EQ(b["cancellation_reason"], "Fully booked that day");
  EXPECT_TRUE(b["cancelled_at"].is_string());
  EXPECT_EQ(booking_status(id), "cancelled");
  EXPECT_TRUE(contains(slots(shop.provider.provider_id, date, shop.service_id), "10:00"));

  auto again = act(id, "reject", shop.provider.owner);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(error_code(again), "BOOKING_004");
}

TEST_F(BookingActions, CompletingBeforeTheStartIs409Booking005) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  auto pending = act(id, "complete", shop.provider.owner);
  EXPECT_EQ(pending.status, 409) << pending.body;
  EXPECT_EQ(error_code(pending), "BOOKING_004");
  ASSERT_EQ(act(id, "confirm", shop.provider.owner).status, 200);
  for (const char* action : {"complete", "no-show"}) {
    auto r = act(id, action, shop.provider.owner);
    EXPECT_EQ(r.status, 409) << action << " " << r.body;
    EXPECT_EQ(error_code(r), "BOOKING_005") << action;
  }
  auto by_customer = act(id, "complete", customer);
  EXPECT_EQ(by_customer.status, 403) << by_customer.body;
  EXPECT_EQ(booking_status(id), "confirmed");
}

TEST_F(BookingActions, APastConfirmedBookingCanBeCompletedOrMarkedNoShow) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto yesterday = plus_days(today_in_jakarta(), -1);
  const auto done = insert_booking(shop.provider, shop.service_id, customer, yesterday, "10:00",
                                   "11:00", "confirmed");
  const auto missed = insert_booking(shop.provider, shop.service_id, customer, yesterday, "12:00",
                                     "13:00", "confirmed");
  auto r = act(done, "complete", shop.provider.owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["status"], "completed");
  auto n = act_without_body(missed, "no-show", shop.provider.owner);
  ASSERT_EQ(n.status, 200) << n.body;
  EXPECT_EQ(n.json["data"]["booking"]["status"], "no_show");
  auto again = act(done, "no-show", shop.provider.owner);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(error_code(again), "BOOKING_004");
}

TEST_F(BookingActions, ACustomerCannotCancelAConfirmedBookingInsideTheCutoff) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  // Later today (provider-local): always less than 24 hours ahead.
  const auto soon = insert_booking(shop.provider, shop.service_id, customer, today_in_jakarta(),
                                   "23:00", "23:30", "confirmed");
  auto r = del("/api/v1/bookings/" + soon, customer);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_003");
  EXPECT_EQ(booking_status(soon), "confirmed");
  // The provider may still cancel it.
  auto by_owner = del("/api/v1/bookings/" + soon, shop.provider.owner);
  EXPECT_EQ(by_owner.status, 200) << by_owner.body;

  // Far enough ahead, the customer may.
  const auto later = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(later.empty());
  ASSERT_EQ(act(later, "confirm", shop.provider.owner).status, 200);
  auto ok = del("/api/v1/bookings/" + later, customer);
  EXPECT_EQ(ok.status, 200) << ok.body;
}

// ------------------------------------------------------------------------------------------
// The outbox: every state change leaves pending notification rows for the delivery worker
// ------------------------------------------------------------------------------------------

class BookingOutbox : public BookingActions {
 protected:
  // "<type> <customer|owner>" for each notification row of the booking, sorted.
  std::vector<std::string> outbox(const std::string& booking_id, const Actor& customer,
                                  const Actor& owner) {
    soci::session sql(test_app().app().database().pool());
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT type, user_id, channel, status FROM notifications WHERE "
                        "booking_id = :id",
         soci::use(booking_id));
    std::vector<std::string> out;
    for (const auto& row : rows) {
      const auto user = row.get<std::string>(1);
      const std::string who = user == customer.user_id ? "customer"
                              : user == owner.user_id  ? "owner"
                                                       : user;
      out.push_back(row.get<std::string>(0) + " " + who + " " + row.get<std::string>(2) + " " +
                    row.get<std::string>(3));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

// Each change is announced to those it concerns (issue 12): the customer of everything but a
// no-show, the owner of a new booking and of what the customer did, never of their own action.
TEST_F(BookingOutbox, EveryStateChangeWritesRowsForThoseConcerned) {
  using Lines = std::vector<std::string>;
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const Actor& owner = shop.provider.owner;

  const auto confirmed = book(shop, customer, day_ahead(), "09:00");
  ASSERT_EQ(act(confirmed, "confirm", owner).status, 200);
  EXPECT_EQ(outbox(confirmed, customer, owner), (Lines{"booking_confirmed customer email pending",
                                                       "booking_created customer email pending",
                                                       "booking_created owner email pending"}));

  const auto rejected = book(shop, customer, day_ahead(), "11:00");
  ASSERT_EQ(act(rejected, "reject", owner, {{"reason", "Closed for a private event"}}).status, 200);
  EXPECT_EQ(outbox(rejected, customer, owner),
            (Lines{"booking_created customer email pending", "booking_created owner email pending",
                   "booking_rejected customer email pending"}));

  const auto cancelled = book(shop, customer, day_ahead(), "13:00");
  ASSERT_EQ(del("/api/v1/bookings/" + cancelled, customer).status, 200);
  EXPECT_EQ(
      outbox(cancelled, customer, owner),
      (Lines{"booking_cancelled customer email pending", "booking_cancelled owner email pending",
             "booking_created customer email pending", "booking_created owner email pending"}));

  const auto called_off = book(shop, customer, day_ahead(), "15:00");
  ASSERT_EQ(del("/api/v1/bookings/" + called_off, owner).status, 200);
  EXPECT_EQ(outbox(called_off, customer, owner).front(),
            "booking_cancelled customer email pending");
  EXPECT_EQ(outbox(called_off, customer, owner).size(), 3u);  // the owner did it: no mail to them

  const auto yesterday = plus_days(today_in_jakarta(), -1);
  const auto done = insert_booking(shop.provider, shop.service_id, customer, yesterday, "10:00",
                                   "11:00", "confirmed");
  const auto missed = insert_booking(shop.provider, shop.service_id, customer, yesterday, "12:00",
                                     "13:00", "confirmed");
  ASSERT_EQ(act(done, "complete", owner).status, 200);
  ASSERT_EQ(act(missed, "no-show", owner).status, 200);
  EXPECT_EQ(outbox(done, customer, owner), (Lines{"booking_completed customer email pending"}));
  EXPECT_EQ(outbox(missed, customer, owner), Lines{});

  // A refused change writes nothing.
  ASSERT_EQ(act(done, "confirm", owner).status, 409);
  EXPECT_EQ(outbox(done, customer, owner).size(), 1u);
}

// ------------------------------------------------------------------------------------------
// Reschedule
// ------------------------------------------------------------------------------------------

class BookingReschedule : public BookingApi {
 protected:
  HttpResult reschedule(const std::string& id, common::Date date, const std::string& start,
                        const Actor& who, const json& extra = json::object()) const {
    json body = {{"new_date", iso(date)}, {"new_start_time", start}};
    body.update(extra);
    return send("POST", "/api/v1/bookings/" + id + "/reschedule", body, who);
  }
  HttpResult fetch(const std::string& id, const Actor& who) const {
    return get("/api/v1/bookings/" + id, who);
  }
};

// "Add to calendar": one UID across a move (so the calendar moves the event), SEQUENCE counting
// the revisions, times in UTC from the booking's instants, and a CANCEL once cancelled; only
// for those who may read the booking.
TEST_F(BookingReschedule, CalendarFileFollowsTheBookingThroughAMoveAndACancel) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "ics");
  auto stranger = register_user("customer", "ics-other");
  const auto date = day_ahead();
  const auto first = book(shop, customer, date, "10:00");
  ASSERT_FALSE(first.empty());
  const auto ics = [&](const std::string& id, const Actor& who) {
    return get("/api/v1/bookings/" + id + "/calendar.ics", who);
  };
  const auto line = [](const std::string& text, const std::string& name) {
    const auto at = text.find("\r\n" + name + ":");
    if (at == std::string::npos) return std::string();
    const auto end = text.find("\r\n", at + 2);
    return text.substr(at + 2, end - at - 2);
  };

  auto original = ics(first, customer);
  ASSERT_EQ(original.status, 200) << original.body;
  EXPECT_EQ(original.header("content-type"), "text/calendar; charset=utf-8; method=REQUEST");
  EXPECT_NE(original.header("content-disposition").find(".ics"), std::string::npos);
  EXPECT_EQ(line(original.body, "METHOD"), "METHOD:REQUEST");
  const auto uid = line(original.body, "UID");
  EXPECT_EQ(uid, "UID:booking-" + first + "@janji");
  EXPECT_EQ(line(original.body, "SEQUENCE"), "SEQUENCE:0");
  auto detail = fetch(first, customer);
  std::string starts = detail.json["data"]["booking"]["starts_at"];  // 2027-01-18T03:00:00Z
  std::string compact;
  for (char c : starts) {
    if (c != '-' && c != ':') compact += c;
  }
  EXPECT_EQ(line(original.body, "DTSTART"), "DTSTART:" + compact);
  EXPECT_EQ(ics(first, stranger).status, 404);
  EXPECT_EQ(ics(first, shop.provider.owner).status, 200);

  auto moved = reschedule(first, plus_days(date, 1), "11:00", customer);
  ASSERT_EQ(moved.status, 201) << moved.body;
  const std::string second = moved.json["data"]["booking"]["id"];
  auto after_move = ics(second, customer);
  EXPECT_EQ(line(after_move.body, "UID"), uid);
  EXPECT_EQ(line(after_move.body, "SEQUENCE"), "SEQUENCE:1");
  EXPECT_EQ(line(after_move.body, "METHOD"), "METHOD:REQUEST");
  // The moved-from booking gives the same file, not a CANCEL of the moved event.
  EXPECT_EQ(line(ics(first, customer).body, "DTSTART"), line(after_move.body, "DTSTART"));

  ASSERT_EQ(del("/api/v1/bookings/" + second, customer).status, 200);
  auto cancelled = ics(second, customer);
  EXPECT_EQ(cancelled.header("content-type"), "text/calendar; charset=utf-8; method=CANCEL");
  EXPECT_EQ(line(cancelled.body, "METHOD"), "METHOD:CANCEL");
  EXPECT_EQ(line(cancelled.body, "STATUS"), "STATUS:CANCELLED");
  EXPECT_EQ(line(cancelled.body, "UID"), uid);
  EXPECT_EQ(line(cancelled.body, "SEQUENCE"), "SEQUENCE:2");
}

TEST_F(BookingReschedule, MovesToAFreeSlotAndLinksBothBookings) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto date = day_ahead();
  const auto later = plus_days(date, 1);
  json body = booking_body(shop, date, "10:00");
  body["customer_notes"] = "Window seat";
  auto created = post_booking(body, customer);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string old_id = created.json["data"]["booking"]["id"];
  ASSERT_TRUE(contains(slots(shop.provider.provider_id, later, shop.service_id), "11:00"));
  ASSERT_FALSE(contains(slots(shop.provider.provider_id, date, shop.service_id), "10:00"));

  auto r = reschedule(old_id, later, "11:00", customer, {{"reason", "Clash at work"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& fresh = r.json["data"]["booking"];
  const auto& previous = r.json["data"]["previous"];
  const std::string new_id = fresh["id"];
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(fresh["status"], "pending");
  EXPECT_EQ(fresh["booking_date"], iso(later));
  EXPECT_EQ(fresh["start_time"], "11:00");
  EXPECT_EQ(fresh["end_time"], "12:00");
  EXPECT_EQ(fresh["service_id"], shop.service_id);
  EXPECT_EQ(fresh["customer_id"], customer.user_id);
  EXPECT_EQ(fresh["customer_notes"], "Window seat");
  EXPECT_EQ(fresh["rescheduled_from_id"], old_id);
  EXPECT_TRUE(fresh["rescheduled_to_id"].is_null());
  EXPECT_EQ(previous["id"], old_id);
  EXPECT_EQ(previous["status"], "cancelled");
  EXPECT_EQ(previous["rescheduled_to_id"], new_id);
  EXPECT_EQ(previous["cancellation_reason"], "Clash at work");
  EXPECT_TRUE(previous["cancelled_at"].is_string());

  auto old_view = fetch(old_id, customer);
  ASSERT_EQ(old_view.status, 200) << old_view.body;
  EXPECT_EQ(old_view.json["data"]["booking"]["status"], "cancelled");
  EXPECT_EQ(old_view.json["data"]["booking"]["rescheduled_to_id"], new_id);

  EXPECT_TRUE(contains(slots(shop.provider.provider_id, date, shop.service_id), "10:00"));
  EXPECT_FALSE(contains(slots(shop.provider.provider_id, later, shop.service_id), "11:00"));

  // A cancelled booking cannot be moved again.
  auto again = reschedule(old_id, later, "14:00", customer);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(error_code(again), "BOOKING_004");
}

TEST_F(BookingReschedule, MovingByThirtyMinutesIntoItsOwnTimeWorks) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto date = day_ahead();
  const auto id = book(shop, customer, date, "10:00");
  ASSERT_FALSE(id.empty());
  auto r = reschedule(id, date, "10:30", customer);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["start_time"], "10:30");
  EXPECT_EQ(r.json["data"]["previous"]["status"], "cancelled");
  const auto after = slots(shop.provider.provider_id, date, shop.service_id);
  EXPECT_FALSE(contains(after, "10:30"));
  EXPECT_FALSE(contains(after, "10:00"));
  EXPECT_TRUE(contains(after, "09:30"));
  EXPECT_TRUE(contains(after, "11:30"));
}

TEST_F(BookingReschedule, ATakenSlotIs409Booking001AndNothingChanges) {
  auto shop = make_shop(60);
  auto alice = register_user("customer", "alice");
  auto bob = register_user("customer", "bob");
  const auto date = day_ahead();
  const auto mine = book(shop, alice, date, "10:00");
  book(shop, bob, date, "12:00");
  ASSERT_FALSE(::testing::Test::HasFailure());
  const long long before = bookings_of(alice.user_id);

  auto r = reschedule(mine, date, "11:30", alice);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_001");
  EXPECT_EQ(bookings_of(alice.user_id), before);
  auto view = fetch(mine, alice);
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(view.json["data"]["booking"]["status"], "pending");
  EXPECT_EQ(view.json["data"]["booking"]["start_time"], "10:00");
  EXPECT_TRUE(view.json["data"]["booking"]["rescheduled_to_id"].is_null());
  EXPECT_FALSE(contains(slots(shop.provider.provider_id, date, shop.service_id), "10:00"));

  auto closed = reschedule(mine, date, "07:00", alice);
  EXPECT_EQ(closed.status, 422) << closed.body;
  EXPECT_EQ(error_code(closed), "BOOKING_006");
  auto missing = send("POST", "/api/v1/bookings/" + mine + "/reschedule", json::object(), alice);
  EXPECT_EQ(missing.status, 400) << missing.body;
}

TEST_F(BookingReschedule, StrangersGet404AndTheOwnerMayReschedule) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto stranger = register_user("customer", "stranger");
  const auto date = day_ahead();
  const auto id = book(shop, customer, date, "10:00");
  ASSERT_FALSE(id.empty());
  auto r = reschedule(id, date, "13:00", stranger);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_002");
  auto options = get("/api/v1/bookings/" + id + "/reschedule-options", stranger);
  EXPECT_EQ(options.status, 404) << options.body;
  EXPECT_EQ(reschedule(id, date, "13:00", Actor{}).status, 401);

  auto owner = reschedule(id, date, "13:00", shop.provider.owner);
  ASSERT_EQ(owner.status, 201) << owner.body;
  EXPECT_EQ(owner.json["data"]["booking"]["customer_id"], customer.user_id);
}

TEST_F(BookingReschedule, OptionsListFourteenDaysIncludingItsOwnTime) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto date = day_ahead();
  const auto id = book(shop, customer, date, "10:00");
  ASSERT_FALSE(id.empty());
  const auto plain = slots(shop.provider.provider_id, date, shop.service_id);
  ASSERT_FALSE(contains(plain, "10:00"));

  auto r = get("/api/v1/bookings/" + id + "/reschedule-options", customer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["booking_id"], id);
  const auto& days = r.json["data"]["days"];
  ASSERT_EQ(days.size(), 14u) << r.body;
  EXPECT_EQ(days[0]["date"], iso(today_in_jakarta()));
  EXPECT_EQ(days[13]["date"], iso(plus_days(today_in_jakarta(), 13)));
  bool found = false;
  for (const auto& d : days) {
    if (d["date"] != iso(date)) continue;
    found = true;
    const auto offered = d["available_slots"].get<Slots>();
    EXPECT_TRUE(contains(offered, "10:00")) << d.dump();
    EXPECT_TRUE(contains(offered, "10:30")) << d.dump();
    EXPECT_TRUE(contains(offered, "09:00")) << d.dump();
  }
  EXPECT_TRUE(found);

  auto other_service = create_service(shop.provider, 30);
  auto with_service =
      get("/api/v1/bookings/" + id + "/reschedule-options?service_id=" + other_service, customer);
  ASSERT_EQ(with_service.status, 200) << with_service.body;
  EXPECT_EQ(with_service.json["data"]["days"].size(), 14u);
  auto bad = get("/api/v1/bookings/" + id + "/reschedule-options?service_id=nope", customer);
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(BookingReschedule, ARescheduleRacingTenNewBookingsForTheSameSlotHasOneWinner) {
  constexpr int kRivals = 10;
  auto shop = make_shop(60);
  auto mover = register_user("customer", "mover");
  std::vector<Actor> rivals;
  for (int i = 0; i < kRivals; ++i) rivals.push_back(register_user("customer", "rival"));
  const auto date = day_ahead();
  const auto id = book(shop, mover, date, "10:00");
  ASSERT_FALSE(::testing::Test::HasFailure());

  std::vector<HttpResult> results(kRivals + 1);
  std::latch go(kRivals + 1);
  std::vector<std::thread> threads;
  for (int i = 0; i <= kRivals; ++i) {
    threads.emplace_back([&, i] {
      HttpClient http(client().base_url());
      const bool moving = i == kRivals;
      const Actor& who = moving ? mover : rivals[static_cast<std::size_t>(i)];
      std::vector<std::string> headers = who.auth();
      headers.push_back("Content-Type: application/json");
      const std::string path =
          moving ? "/api/v1/bookings/" + id + "/reschedule" : std::string("/api/v1/bookings");
      const std::string payload =
          moving ? json{{"new_date", iso(date)}, {"new_start_time", "14:00"}}.dump()
                 : booking_body(shop, date, "14:00").dump();
      go.arrive_and_wait();
      results[static_cast<std::size_t>(i)] = http.request("POST", path, payload, headers);
    });
  }
  for (auto& t : threads) t.join();

  int won = 0;
  std::string other;
  for (const auto& r : results) {
    if (r.status == 201) {
      ++won;
    } else if (!(r.status == 409 && error_code(r) == "BOOKING_001")) {
      other += std::to_string(r.status) + " " + r.body + "\n";
    }
  }
  EXPECT_EQ(won, 1) << other;
  EXPECT_TRUE(other.empty()) << other;

  soci::session sql(test_app().app().database().pool());
  long long at_two = 0;
  sql << "SELECT COUNT(*) FROM bookings WHERE provider_id = '" + shop.provider.provider_id +
             "' AND status IN ('pending', 'confirmed') AND start_time < '15:00:00' AND "
             "end_time > '14:00:00'",
      soci::into(at_two);
  EXPECT_EQ(at_two, 1);
  // If the move lost, the old booking is untouched.
  auto view = fetch(id, mover);
  ASSERT_EQ(view.status, 200) << view.body;
  const bool moved = results[kRivals].status == 201;
  EXPECT_EQ(view.json["data"]["booking"]["status"], moved ? "cancelled" : "pending");
}

}  // namespace
}  // namespace janji::testing
