// POST /api/v1/bookings, GET, PUT and DELETE /api/v1/bookings/:id and GET /api/v1/bookings end
// to end: validation, the slot rules, idempotent retries, who may see, edit and cancel, the slot
// cache after booking and cancelling, lists, and many customers racing for overlapping times.
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/common/time_zone.hpp"
#include "support/booking_api_suite.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

// ------------------------------------------------------------------------------------------
// Create
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, CreateAnswers201PendingUnpaidWithTheEndComputed) {
  auto shop = make_shop(45);
  auto customer = register_user("customer", "cust");
  json body = booking_body(shop, day_ahead(), "10:00");
  body["customer_notes"] = "First visit";
  auto r = post_booking(body, customer);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& b = r.json["data"]["booking"];
  EXPECT_TRUE(b["id"].is_string());
  EXPECT_EQ(b["customer_id"], customer.user_id);
  EXPECT_EQ(b["provider_id"], shop.provider.provider_id);
  EXPECT_EQ(b["service_id"], shop.service_id);
  EXPECT_EQ(b["booking_date"], iso(day_ahead()));
  EXPECT_EQ(b["start_time"], "10:00");
  EXPECT_EQ(b["end_time"], "10:45");
  EXPECT_EQ(b["status"], "pending");
  EXPECT_EQ(b["payment_status"], "unpaid");
  EXPECT_EQ(b["customer_notes"], "First visit");
  EXPECT_TRUE(b["admin_notes"].is_null());
  EXPECT_TRUE(b["cancellation_reason"].is_null());
  EXPECT_TRUE(b["payment_id"].is_null());
  EXPECT_TRUE(b["rescheduled_from_id"].is_null());
  EXPECT_TRUE(b["rescheduled_to_id"].is_null());
  EXPECT_TRUE(b["cancelled_at"].is_null());
  EXPECT_TRUE(b["created_at"].is_string());
  EXPECT_TRUE(b["updated_at"].is_string());
  EXPECT_FALSE(b.contains("idempotency_key"));
}

TEST_F(BookingApi, AProviderAndAnAdminMayBookAsCustomers) {
  auto shop = make_shop(30);
  auto other_shop = make_shop(30);
  auto admin = make_admin();
  const std::vector<std::pair<const Actor*, std::string>> bookers = {
      {&other_shop.provider.owner, "10:00"}, {&admin, "11:00"}, {&shop.provider.owner, "12:00"}};
  for (const auto& [who, start] : bookers) {
    auto r = post_booking(booking_body(shop, day_ahead(), start), *who);
    ASSERT_EQ(r.status, 201) << who->email << " " << r.body;
    EXPECT_EQ(r.json["data"]["booking"]["customer_id"], who->user_id);
    // Their own booking, seen as its customer.
    const std::string id = r.json["data"]["booking"]["id"];
    EXPECT_EQ(get("/api/v1/bookings/" + id, *who).status, 200);
  }
}

TEST_F(BookingApi, AnonymousIsRefused) {
  auto shop = make_shop();
  auto r = post_booking(booking_body(shop, day_ahead(), "10:00"), Actor{});
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_F(BookingApi, MissingFieldsAre400Validation002) {
  auto customer = register_user("customer", "cust");
  auto r = post_booking(json::object(), customer);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_code(r), "VALIDATION_002");
  for (const char* field : {"provider_id", "service_id", "booking_date", "start_time"}) {
    EXPECT_TRUE(has_detail(r, field)) << field << " " << r.body;
  }
}

TEST_F(BookingApi, MalformedValuesAre400Validation001) {
  auto shop = make_shop();
  auto customer = register_user("customer", "cust");
  const auto date = day_ahead();
  struct Case {
    const char* field;
    json value;
  };
  const std::vector<Case> cases = {{"booking_date", "2030-13-40"},
                                   {"booking_date", "tomorrow"},
                                   {"start_time", "25:00"},
                                   {"start_time", "10am"},
                                   {"provider_id", "not-a-uuid"},
                                   {"service_id", "12345"},
                                   {"provider_id", 42},
                                   {"start_time", true},
                                   {"customer_notes", 7}};
  for (const auto& c : cases) {
    json body = booking_body(shop, date, "10:00");
    body[c.field] = c.value;
    auto r = post_booking(body, customer);
    EXPECT_EQ(r.status, 400) << c.field << "=" << c.value.dump() << " " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << c.field << " " << r.body;
    EXPECT_TRUE(has_detail(r, c.field)) << c.field << " " << r.body;
  }
  auto r = client().request(
      "POST", "/api/v1/bookings", "{not json",
      {"Authorization: Bearer " + customer.token, "Content-Type: application/json"});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_code(r), "VALIDATION_001");
  EXPECT_EQ(bookings_of(customer.user_id), 0);
}

TEST_F(BookingApi, UnknownProviderIs404) {
  auto shop = make_shop();
  auto customer = register_user("customer", "cust");
  json body = booking_body(shop, day_ahead(), "10:00");
  body["provider_id"] = test_app().app().crypto().new_uuid();
  auto r = post_booking(body, customer);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(error_code(r), "PROVIDER_001");
}

TEST_F(BookingApi, ServiceOfAnotherProviderIs404) {
  auto shop = make_shop();
  auto elsewhere = make_shop();
  auto customer = register_user("customer", "cust");
  json body = booking_body(shop, day_ahead(), "10:00");
  body["service_id"] = elsewhere.service_id;
  auto r = post_booking(body, customer);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(error_code(r), "SERVICE_001");
}

TEST_F(BookingApi, OutsideOpeningHoursIs422Booking006) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  for (const char* start : {"07:00", "16:30", "18:00"}) {
    auto r = post_booking(booking_body(shop, day_ahead(), start), customer);
    EXPECT_EQ(r.status, 422) << start << " " << r.body;
    EXPECT_EQ(error_code(r), "BOOKING_006") << start;
  }
  EXPECT_EQ(bookings_of(customer.user_id), 0);
}

TEST_F(BookingApi, PastDateIs422Booking007) {
  auto shop = make_shop();
  auto customer = register_user("customer", "cust");
  auto r = post_booking(booking_body(shop, plus_days(today_in_jakarta(), -1), "10:00"), customer);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_007");
}

TEST_F(BookingApi, BeyondTheBookingWindowIs422Booking008) {
  auto shop = make_shop(60, {{"max_advance_days", 30}});
  auto customer = register_user("customer", "cust");
  auto r = post_booking(booking_body(shop, plus_days(today_in_jakarta(), 45), "10:00"), customer);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_008");
}

TEST_F(BookingApi, ATakenSlotIs409Booking001) {
  auto shop = make_shop(60);
  auto first = register_user("customer", "first");
  auto second = register_user("customer", "second");
  book(shop, first, day_ahead(), "10:00");
  for (const char* start : {"10:00", "09:30", "10:30"}) {
    auto r = post_booking(booking_body(shop, day_ahead(), start), second);
    EXPECT_EQ(r.status, 409) << start << " " << r.body;
    EXPECT_EQ(error_code(r), "BOOKING_001") << start;
  }
  // Back to back is fine.
  book(shop, second, day_ahead(), "11:00");
}

// ------------------------------------------------------------------------------------------
// The slot cache: book, cancel
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, BookingAndCancellingShowInTheNextAvailabilityAnswer) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto date = day_ahead();
  const auto before = slots(shop.provider.provider_id, date, shop.service_id);  // fills the cache
  for (const char* start : {"09:00", "09:30", "10:00", "10:30", "11:00"}) {
    ASSERT_TRUE(contains(before, start)) << start;
  }
  // A second read is served from the cache and agrees.
  ASSERT_EQ(slots(shop.provider.provider_id, date, shop.service_id), before);

  const auto id = book(shop, customer, date, "10:00");
  ASSERT_FALSE(id.empty());
  const auto booked = slots(shop.provider.provider_id, date, shop.service_id);
  EXPECT_FALSE(contains(booked, "10:00"));
  EXPECT_FALSE(contains(booked, "09:30"));
  EXPECT_FALSE(contains(booked, "10:30"));
  EXPECT_TRUE(contains(booked, "09:00"));
  EXPECT_TRUE(contains(booked, "11:00"));

  auto r = del("/api/v1/bookings/" + id, customer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(slots(shop.provider.provider_id, date, shop.service_id), before);
}

// ------------------------------------------------------------------------------------------
// Idempotency-Key
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, TheSameKeyAndBodyReplaysTheFirstBooking) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const json body = booking_body(shop, day_ahead(), "10:00");
  auto first = post_booking(body, customer, "key-123");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("idempotent-replayed"), "");
  auto again = post_booking(body, customer, "key-123");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.json["data"]["booking"]["id"], first.json["data"]["booking"]["id"]);
  EXPECT_EQ(bookings_of(customer.user_id), 1);
}

TEST_F(BookingApi, TheSameKeyWithAnotherBodyIs422Booking009) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto first = post_booking(booking_body(shop, day_ahead(), "10:00"), customer, "key-456");
  ASSERT_EQ(first.status, 201) << first.body;
  auto other = post_booking(booking_body(shop, day_ahead(), "13:00"), customer, "key-456");
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(error_code(other), "BOOKING_009");
  EXPECT_EQ(bookings_of(customer.user_id), 1);
}

TEST_F(BookingApi, TheSameKeySentTenTimesAtOnceMakesOneBookingAndReplaysIt) {
  // A client retrying on a timeout while the first attempt is still running: every answer is
  // that one booking (201 once, replays 200), never 409 for the customer's own slot.
  constexpr int kThreads = 10;
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const std::string payload = booking_body(shop, day_ahead(), "10:00").dump();
  const auto results = post_at_once(
      std::vector<RacingBooking>(kThreads, RacingBooking{payload, &customer, "retry-key"}));
  int created = 0;
  std::set<std::string> ids;
  for (const auto& r : results) {
    ASSERT_TRUE(r.status == 201 || r.status == 200) << r.status << " " << r.body;
    if (r.status == 201) ++created;
    if (r.status == 200) {
      EXPECT_EQ(r.header("idempotent-replayed"), "true");
    }
    ids.insert(r.json["data"]["booking"]["id"].get<std::string>());
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(bookings_of(customer.user_id), 1);
}

// ------------------------------------------------------------------------------------------
// GET /bookings/:id
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, TheCustomerTheOwnerAndAnAdminSeeTheBooking) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto admin = make_admin();
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  for (const Actor* who : {&customer, &shop.provider.owner, &admin}) {
    auto r = get("/api/v1/bookings/" + id, *who);
    ASSERT_EQ(r.status, 200) << who->email << " " << r.body;
    const auto& data = r.json["data"];
    EXPECT_EQ(data["booking"]["id"], id);
    EXPECT_EQ(data["customer"]["id"], customer.user_id);
    EXPECT_FALSE(data["customer"].contains("password_hash"));
    EXPECT_EQ(data["provider"]["id"], shop.provider.provider_id);
    EXPECT_EQ(data["service"]["id"], shop.service_id);
    EXPECT_EQ(data["service"]["duration"], 60);
  }
}

TEST_F(BookingApi, OthersGet404Booking002) {
  auto shop = make_shop(60);
  auto other_shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto stranger = register_user("customer", "stranger");
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  for (const Actor* who : {&stranger, &other_shop.provider.owner}) {
    auto r = get("/api/v1/bookings/" + id, *who);
    EXPECT_EQ(r.status, 404) << who->email << " " << r.body;
    EXPECT_EQ(error_code(r), "BOOKING_002");
  }
  auto missing = get("/api/v1/bookings/" + test_app().app().crypto().new_uuid(), customer);
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(error_code(missing), "BOOKING_002");
  auto malformed = get("/api/v1/bookings/not-a-uuid", customer);
  EXPECT_EQ(malformed.status, 404) << malformed.body;
  EXPECT_EQ(get("/api/v1/bookings/" + id, Actor{}).status, 401);
}

// ------------------------------------------------------------------------------------------
// DELETE /bookings/:id
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, TheCustomerCancelsTheirPendingBooking) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  auto r = send("DELETE", "/api/v1/bookings/" + id, {{"cancellation_reason", "Sick"}}, customer);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& b = r.json["data"]["booking"];
  EXPECT_EQ(b["status"], "cancelled");
  EXPECT_EQ(b["cancellation_reason"], "Sick");
  EXPECT_TRUE(b["cancelled_at"].is_string());
  EXPECT_EQ(booking_status(id), "cancelled");

  auto twice = del("/api/v1/bookings/" + id, customer);
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(error_code(twice), "BOOKING_004");
}

TEST_F(BookingApi, CancellingWithoutABodyWorks) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  auto r = del("/api/v1/bookings/" + id, customer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["status"], "cancelled");
  EXPECT_TRUE(r.json["data"]["booking"]["cancellation_reason"].is_null());
}

TEST_F(BookingApi, AnotherCustomerCannotCancel) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto stranger = register_user("customer", "stranger");
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  auto r = del("/api/v1/bookings/" + id, stranger);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(error_code(r), "BOOKING_002");
  EXPECT_EQ(booking_status(id), "pending");
}

// ------------------------------------------------------------------------------------------
// Contention over HTTP
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, FiftyCustomersRacingForOverlappingTimesGetExactlyOneBooking) {
  constexpr int kThreads = 50;
  auto provider = make_provider(json::object(), "race");
  for (int day = 0; day < 7; ++day) add_schedule(provider, day, "08:00", "17:00");
  update_provider(provider, {{"slot_interval_minutes", 5}});
  const std::vector<int> durations = {30, 45, 60, 90};
  std::vector<std::string> services;
  for (int d : durations) services.push_back(create_service(provider, d));
  std::vector<Actor> customers;
  for (int i = 0; i < kThreads; ++i) customers.push_back(register_user("customer", "racer"));
  ASSERT_FALSE(::testing::Test::HasFailure());

  // Start 10:00 + k*5 (k < 10); every booking covers 10:45-10:46, so any two overlap.
  std::vector<json> bodies;
  for (int i = 0; i < kThreads; ++i) {
    const int k = i % 10;
    std::size_t j = static_cast<std::size_t>(i / 10) % durations.size();
    if (k * 5 + durations[j] <= 45) j = durations.size() - 1;
    char start[6];
    std::snprintf(start, sizeof start, "10:%02d", k * 5);
    bodies.push_back({{"provider_id", provider.provider_id},
                      {"service_id", services[j]},
                      {"booking_date", iso(day_ahead())},
                      {"start_time", start}});
  }

  std::vector<RacingBooking> racers;
  for (int i = 0; i < kThreads; ++i) {
    racers.push_back(RacingBooking{bodies[static_cast<std::size_t>(i)].dump(),
                                   &customers[static_cast<std::size_t>(i)], ""});
  }
  const auto results = post_at_once(racers);

  int created = 0;
  int taken = 0;
  std::map<std::string, int> others;
  for (const auto& r : results) {
    if (r.status == 201) {
      ++created;
    } else if (r.status == 409 && error_code(r) == "BOOKING_001") {
      ++taken;
    } else {
      ++others[std::to_string(r.status) + " " + r.body];
    }
  }
  std::string other_text;
  for (const auto& [k, n] : others) other_text += std::to_string(n) + "x " + k + "\n";
  std::printf("contention: 201=%d 409=%d other=%d\n", created, taken, kThreads - created - taken);
  EXPECT_EQ(created, 1) << other_text;
  EXPECT_EQ(taken, kThreads - 1) << other_text;
  EXPECT_TRUE(others.empty()) << other_text;
}

// ------------------------------------------------------------------------------------------
// PUT /bookings/:id (notes)
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, NotesFollowWhoIsAsking) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto stranger = register_user("customer", "stranger");
  auto admin = make_admin();
  const auto id = book(shop, customer, day_ahead(), "10:00");
  ASSERT_FALSE(id.empty());
  const std::string path = "/api/v1/bookings/" + id;

  auto mine = send("PUT", path, {{"customer_notes", "Bring the X-ray"}}, customer);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["data"]["booking"]["customer_notes"], "Bring the X-ray");
  EXPECT_EQ(mine.json["data"]["booking"]["status"], "pending");

  auto customer_admin = send("PUT", path, {{"admin_notes", "VIP"}}, customer);
  EXPECT_EQ(customer_admin.status, 403) << customer_admin.body;
  EXPECT_EQ(error_code(customer_admin), "AUTH_003");

  auto owner = send("PUT", path, {{"admin_notes", "Regular"}}, shop.provider.owner);
  ASSERT_EQ(owner.status, 200) << owner.body;
  EXPECT_EQ(owner.json["data"]["booking"]["admin_notes"], "Regular");
  EXPECT_EQ(owner.json["data"]["booking"]["customer_notes"], "Bring the X-ray");

  auto owner_customer = send("PUT", path, {{"customer_notes", "x"}}, shop.provider.owner);
  EXPECT_EQ(owner_customer.status, 403) << owner_customer.body;

  auto by_admin = send("PUT", path, {{"admin_notes", "Checked"}}, admin);
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(by_admin.json["data"]["booking"]["admin_notes"], "Checked");

  auto other = send("PUT", path, {{"customer_notes", "hi"}}, stranger);
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(error_code(other), "BOOKING_002");

  auto too_long = send("PUT", path, {{"customer_notes", std::string(2001, 'a')}}, customer);
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_EQ(error_code(too_long), "VALIDATION_001");
  EXPECT_TRUE(has_detail(too_long, "customer_notes"));

  auto wrong_type = send("PUT", path, {{"customer_notes", 5}}, customer);
  EXPECT_EQ(wrong_type.status, 400) << wrong_type.body;

  auto cleared = send("PUT", path, {{"customer_notes", nullptr}}, customer);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json["data"]["booking"]["customer_notes"].is_null());
  EXPECT_TRUE(cleared.json["data"]["booking"]["admin_notes"].is_null());  // not the customer's
  auto seen_by_owner = get(path, shop.provider.owner);
  EXPECT_EQ(seen_by_owner.json["data"]["booking"]["admin_notes"], "Checked") << seen_by_owner.body;
}

// admin_notes are the provider's internal notes: the owner and admins read them, the customer
// never does, in any answer that carries the booking.
TEST_F(BookingApi, AdminNotesNeverReachTheCustomer) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto admin = make_admin();
  const auto date = day_ahead();
  const std::string secret = "Pays late, ask for cash";
  auto first = post_booking(booking_body(shop, date, "10:00"), customer, "notes-key");
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string id = first.json["data"]["booking"]["id"].get<std::string>();
  const std::string path = "/api/v1/bookings/" + id;
  ASSERT_EQ(send("PUT", path, {{"admin_notes", secret}}, shop.provider.owner).status, 200);
  const auto hidden = [&](const HttpResult& r, const char* what) {
    EXPECT_LT(r.status, 300) << what << " " << r.body;
    EXPECT_EQ(r.body.find(secret), std::string::npos) << what << " " << r.body;
  };

  // The owner and an admin read it, in the booking and in their lists.
  for (const Actor* who : {&shop.provider.owner, &admin}) {
    auto detail = get(path, *who);
    EXPECT_EQ(detail.json["data"]["booking"]["admin_notes"], secret) << detail.body;
    auto list = get("/api/v1/bookings?limit=100&provider_id=" + shop.provider.provider_id, *who);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_NE(list.body.find(secret), std::string::npos) << list.body;
  }

  auto detail = get(path, customer);
  hidden(detail, "GET /bookings/{id}");
  EXPECT_TRUE(detail.json["data"]["booking"]["admin_notes"].is_null()) << detail.body;
  hidden(get("/api/v1/bookings", customer), "GET /bookings");
  hidden(get("/api/v1/bookings?as=customer", customer), "GET /bookings?as=customer");
  hidden(post_booking(booking_body(shop, date, "10:00"), customer, "notes-key"), "replay");
  hidden(send("PUT", path, {{"customer_notes", "Bring the X-ray"}}, customer), "PUT");
  auto moved = send("POST", path + "/reschedule",
                    {{"new_date", iso(date)}, {"new_start_time", "13:00"}}, customer);
  ASSERT_EQ(moved.status, 201) << moved.body;
  hidden(moved, "reschedule");
  EXPECT_TRUE(moved.json["data"]["previous"]["admin_notes"].is_null()) << moved.body;
  const std::string new_path =
      "/api/v1/bookings/" + moved.json["data"]["booking"]["id"].get<std::string>();
  ASSERT_EQ(send("PUT", new_path, {{"admin_notes", secret}}, shop.provider.owner).status, 200);
  // The owner's answer to an action keeps it; the customer's does not.
  auto confirmed = send("POST", new_path + "/confirm", json::object(), shop.provider.owner);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json["data"]["booking"]["admin_notes"], secret) << confirmed.body;
  hidden(send("DELETE", new_path, json::object(), customer), "DELETE");
}

// A provider open "until 23:59" means until midnight: the last hour is offered and bookable,
// and the booking ends at 24:00.
TEST_F(BookingApi, OpenUntil2359OffersAndBooksTheHourEndingAtMidnight) {
  auto p = make_provider(json::object(), "late");
  for (int day = 0; day < 7; ++day) add_schedule(p, day, "21:00", "23:59");
  Shop shop{p, create_service(p, 60)};
  auto customer = register_user("customer", "night");
  const auto offered = slots(p.provider_id, day_ahead(), shop.service_id);
  EXPECT_EQ(offered, (std::vector<std::string>{"21:00", "21:30", "22:00", "22:30", "23:00"}));

  auto r = post_booking(booking_body(shop, day_ahead(), "23:00"), customer);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["data"]["booking"]["end_time"], "24:00");
  auto overlapping = post_booking(booking_body(shop, day_ahead(), "22:30"), customer);
  EXPECT_EQ(overlapping.status, 409) << overlapping.body;
  auto past_midnight = post_booking(booking_body(shop, day_ahead(), "23:30"), customer);
  EXPECT_EQ(past_midnight.status, 422) << past_midnight.body;
  EXPECT_EQ(error_code(past_midnight), "BOOKING_006");
  EXPECT_EQ(slots(p.provider_id, day_ahead(), shop.service_id),
            (std::vector<std::string>{"21:00", "21:30", "22:00"}));
}

// "At most 2000 characters" counts characters: 600 emoji are 2400 bytes but 600 characters.
TEST_F(BookingApi, NotesAreLimitedInCharactersNotBytes) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  std::string emoji;
  for (int i = 0; i < 600; ++i) emoji += "\xF0\x9F\x98\x80";
  json body = booking_body(shop, day_ahead(), "10:00");
  body["customer_notes"] = emoji;
  auto created = post_booking(body, customer);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["data"]["booking"]["customer_notes"], emoji);
  const std::string path =
      "/api/v1/bookings/" + created.json["data"]["booking"]["id"].get<std::string>();

  std::string accented;
  for (int i = 0; i < 2000; ++i) accented += "\xC3\xA9";  // é, 2 bytes each
  auto at_limit = send("PUT", path, {{"customer_notes", accented}}, customer);
  ASSERT_EQ(at_limit.status, 200) << at_limit.body;
  EXPECT_EQ(at_limit.json["data"]["booking"]["customer_notes"], accented);

  auto over = send("PUT", path, {{"customer_notes", accented + "e"}}, customer);
  EXPECT_EQ(over.status, 400) << over.body;
  EXPECT_TRUE(has_detail(over, "customer_notes"));
}

// ------------------------------------------------------------------------------------------
// GET /bookings
// ------------------------------------------------------------------------------------------

TEST_F(BookingApi, ListShowsEachCallerTheirOwnBookings) {
  auto shop = make_shop(60);
  auto other_shop = make_shop(60);
  auto alice = register_user("customer", "alice");
  auto bob = register_user("customer", "bob");
  auto admin = make_admin();
  const auto date = day_ahead();
  const auto a1 = book(shop, alice, date, "09:00");
  const auto a2 = book(other_shop, alice, date, "10:00");
  const auto b1 = book(shop, bob, date, "11:00");
  ASSERT_FALSE(::testing::Test::HasFailure());

  const auto ids = [](const HttpResult& r) {
    std::vector<std::string> out;
    for (const auto& b : r.json["data"]) out.push_back(b["id"].get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };

  auto mine = get("/api/v1/bookings", alice);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(ids(mine), sorted({a1, a2}));
  EXPECT_EQ(mine.json["pagination"]["total_items"], 2);

  // Each row names its provider, service, customer and zone, as the provider page and the
  // customer's profile show them.
  auto me = get("/api/v1/users/me", alice);
  ASSERT_EQ(me.status, 200) << me.body;
  for (const auto& row : mine.json["data"]) {
    auto detail = get("/api/v1/providers/" + row["provider_id"].get<std::string>(), alice);
    ASSERT_EQ(detail.status, 200) << detail.body;
    EXPECT_EQ(row["provider_name"], detail.json["data"]["provider"]["business_name"]);
    EXPECT_EQ(row["time_zone"], detail.json["data"]["provider"]["timezone"]);
    bool service_named = false;
    for (const auto& service : detail.json["data"]["services"]) {
      if (service["id"] == row["service_id"]) {
        service_named = service["name"] == row["service_name"];
        EXPECT_EQ(row["service_price"], service["price"]) << row.dump();
      }
    }
    EXPECT_TRUE(service_named) << row.dump();
    EXPECT_EQ(row["customer_name"], me.json["data"]["user"]["full_name"]);
  }

  auto owner = get("/api/v1/bookings", shop.provider.owner);
  ASSERT_EQ(owner.status, 200) << owner.body;
  EXPECT_EQ(ids(owner), sorted({a1, b1}));

  // Filters for non-admins are ignored.
  auto sneaky = get("/api/v1/bookings?customer_id=" + bob.user_id, alice);
  ASSERT_EQ(sneaky.status, 200) << sneaky.body;
  EXPECT_EQ(ids(sneaky), sorted({a1, a2}));

  auto by_provider = get("/api/v1/bookings?provider_id=" + shop.provider.provider_id, admin);
  ASSERT_EQ(by_provider.status, 200) << by_provider.body;
  EXPECT_EQ(ids(by_provider), sorted({a1, b1}));

  auto by_customer = get("/api/v1/bookings?limit=100&customer_id=" + alice.user_id, admin);
  ASSERT_EQ(by_customer.status, 200) << by_customer.body;
  EXPECT_EQ(ids(by_customer), sorted({a1, a2}));

  auto all = get("/api/v1/bookings?limit=100", admin);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_GE(all.json["pagination"]["total_items"].get<long long>(), 3);

  auto no_business = register_user("provider", "nobiz");
  auto empty = get("/api/v1/bookings", no_business);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(empty.json["data"].empty());
  EXPECT_EQ(empty.json["pagination"]["total_items"], 0);

  EXPECT_EQ(get("/api/v1/bookings", Actor{}).status, 401);
}

// A provider (or an admin) who books at another business is that business's customer:
// as=customer lists those bookings; as=provider (a provider's default) their own business's.
TEST_F(BookingApi, AsCustomerListsTheBookingsAProviderMadeElsewhere) {
  auto mine = make_shop(60);
  auto elsewhere = make_shop(60);
  auto customer = register_user("customer", "cust");
  auto admin = make_admin();
  const auto date = day_ahead();
  const auto at_mine = book(mine, customer, date, "09:00");
  const auto made_elsewhere = book(elsewhere, mine.provider.owner, date, "10:00");
  const auto admins_own = book(elsewhere, admin, date, "12:00");
  ASSERT_FALSE(::testing::Test::HasFailure());
  ASSERT_EQ(send("PUT", "/api/v1/bookings/" + made_elsewhere, {{"admin_notes", "internal"}},
                 elsewhere.provider.owner)
                .status,
            200);
  const auto ids = [](const HttpResult& r) {
    std::vector<std::string> out;
    for (const auto& b : r.json["data"]) out.push_back(b["id"].get<std::string>());
    return out;
  };
  using Ids = std::vector<std::string>;
  const Actor& owner = mine.provider.owner;

  auto as_provider = get("/api/v1/bookings", owner);
  ASSERT_EQ(as_provider.status, 200) << as_provider.body;
  EXPECT_EQ(ids(as_provider), Ids{at_mine});
  auto explicit_provider = get("/api/v1/bookings?as=provider", owner);
  ASSERT_EQ(explicit_provider.status, 200) << explicit_provider.body;
  EXPECT_EQ(ids(explicit_provider), Ids{at_mine});

  auto as_customer = get("/api/v1/bookings?as=customer", owner);
  ASSERT_EQ(as_customer.status, 200) << as_customer.body;
  EXPECT_EQ(ids(as_customer), Ids{made_elsewhere});
  EXPECT_EQ(as_customer.json["pagination"]["total_items"], 1);
  // There they are a customer: the other business's internal notes stay hidden.
  EXPECT_TRUE(as_customer.json["data"][0]["admin_notes"].is_null()) << as_customer.body;
  auto elsewhere_view = get("/api/v1/bookings", elsewhere.provider.owner);
  EXPECT_EQ(elsewhere_view.json["data"].size(), 2u) << elsewhere_view.body;

  // The other filters apply as usual.
  auto filtered = get("/api/v1/bookings?as=customer&status=confirmed", owner);
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_TRUE(filtered.json["data"].empty()) << filtered.body;

  auto admin_mine = get("/api/v1/bookings?as=customer", admin);
  ASSERT_EQ(admin_mine.status, 200) << admin_mine.body;
  EXPECT_EQ(ids(admin_mine), Ids{admins_own});

  auto customer_default = get("/api/v1/bookings?as=customer", customer);
  ASSERT_EQ(customer_default.status, 200) << customer_default.body;
  EXPECT_EQ(ids(customer_default), Ids{at_mine});
  for (const Actor* who : {&customer, &admin}) {
    auto r = get("/api/v1/bookings?as=provider", *who);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(error_code(r), "AUTH_003") << r.body;
  }
}

TEST_F(BookingApi, ListFiltersByStatusAndDateAndPaginates) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "cust");
  const auto date = day_ahead();
  const auto first = book(shop, customer, date, "09:00");
  book(shop, customer, date, "10:00");
  book(shop, customer, plus_days(date, 1), "11:00");
  ASSERT_FALSE(::testing::Test::HasFailure());
  ASSERT_EQ(
      send("POST", "/api/v1/bookings/" + first + "/confirm", json::object(), shop.provider.owner)
          .status,
      200);

  auto confirmed = get("/api/v1/bookings?status=confirmed", customer);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  ASSERT_EQ(confirmed.json["data"].size(), 1u);
  EXPECT_EQ(confirmed.json["data"][0]["id"], first);

  auto pending = get("/api/v1/bookings?status=pending", customer);
  EXPECT_EQ(pending.json["pagination"]["total_items"], 2) << pending.body;

  auto one_day =
      get("/api/v1/bookings?start_date=" + iso(date) + "&end_date=" + iso(date), customer);
  ASSERT_EQ(one_day.status, 200) << one_day.body;
  EXPECT_EQ(one_day.json["pagination"]["total_items"], 2);

  auto page1 = get("/api/v1/bookings?limit=2&page=1", customer);
  ASSERT_EQ(page1.status, 200) << page1.body;
  EXPECT_EQ(page1.json["data"].size(), 2u);
  EXPECT_EQ(page1.json["pagination"]["total_items"], 3);
  EXPECT_EQ(page1.json["pagination"]["total_pages"], 2);
  EXPECT_EQ(page1.json["pagination"]["page"], 1);
  EXPECT_EQ(page1.json["pagination"]["limit"], 2);
  auto page2 = get("/api/v1/bookings?limit=2&page=2", customer);
  ASSERT_EQ(page2.status, 200) << page2.body;
  EXPECT_EQ(page2.json["data"].size(), 1u);
}

// Upcoming and past split by instant: a booking that ended an hour ago today is past, in the
// provider's zone or any other; upcoming lists the soonest first.
TEST_F(BookingApi, ListSplitsUpcomingAndPastByTheMomentABookingEnds) {
  const auto now = std::chrono::system_clock::now();
  // A zone where an hour that ended two hours ago is still today (not just after midnight).
  const std::string zone = common::to_local(now, "Asia/Jakarta")->minutes >= 3 * 60
                               ? "Asia/Jakarta"
                               : "America/New_York";
  const auto local = *common::to_local(now, zone);
  auto shop = make_shop(60, {{"timezone", zone}});
  auto customer = register_user("customer", "when");
  const int hour = local.minutes / 60;
  const auto hhmm = [](int h) { return (h < 10 ? "0" : "") + std::to_string(h) + ":00"; };
  const auto ended = insert_booking(shop.provider, shop.service_id, customer, local.date,
                                    hhmm(hour - 2), hhmm(hour - 1), "confirmed");
  const auto later = insert_booking(shop.provider, shop.service_id, customer,
                                    plus_days(local.date, 3), "09:00", "10:00", "confirmed");
  const auto sooner = insert_booking(shop.provider, shop.service_id, customer,
                                     plus_days(local.date, 2), "15:00", "16:00", "pending");

  auto upcoming = get("/api/v1/bookings?when=upcoming", customer);
  ASSERT_EQ(upcoming.status, 200) << upcoming.body;
  ASSERT_EQ(upcoming.json["data"].size(), 2u) << upcoming.body;
  EXPECT_EQ(upcoming.json["data"][0]["id"], sooner);
  EXPECT_EQ(upcoming.json["data"][1]["id"], later);

  auto past = get("/api/v1/bookings?when=past", customer);
  ASSERT_EQ(past.status, 200) << past.body;
  ASSERT_EQ(past.json["data"].size(), 1u) << past.body;
  EXPECT_EQ(past.json["data"][0]["id"], ended);
  EXPECT_EQ(past.json["pagination"]["total_items"], 1);
}

TEST_F(BookingApi, ListRejectsBadQueriesWith400) {
  auto customer = register_user("customer", "cust");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"status=unknown", "status"},
      {"start_date=yesterday", "start_date"},
      {"end_date=2030-02-30", "end_date"},
      {"page=0", "page"},
      {"limit=0", "limit"},
      {"limit=101", "limit"},
      {"page=abc", "page"},
      {"as=admin", "as"},
      {"as=Customer", "as"},
      {"when=later", "when"}};
  for (const auto& [query, field] : cases) {
    auto r = get("/api/v1/bookings?" + query, customer);
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << query;
    EXPECT_TRUE(has_detail(r, field)) << query << " " << r.body;
  }
}

}  // namespace
}  // namespace janji::testing
