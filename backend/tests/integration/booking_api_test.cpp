// POST /api/v1/bookings, GET and DELETE /api/v1/bookings/:id end to end: validation, the slot
// rules, idempotent retries, who may see and cancel, the slot cache after booking and
// cancelling, and many customers racing for overlapping times over HTTP.
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "adapters/db/database.hpp"
#include "support/catalog_fixture.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;
using Slots = std::vector<std::string>;

bool contains(const Slots& slots, const std::string& start) {
  return std::find(slots.begin(), slots.end(), start) != slots.end();
}

class BookingApi : public CatalogSuite {
 protected:
  // A provider open every day 08:00-17:00 with one service of `duration` minutes.
  struct Shop {
    ProviderAccount provider;
    std::string service_id;
  };

  Shop make_shop(int duration = 60, const json& provider_fields = json::object()) {
    Shop s;
    s.provider = make_provider(provider_fields, "shop");
    for (int day = 0; day < 7; ++day) add_schedule(s.provider, day, "08:00", "17:00");
    s.service_id = create_service(s.provider, duration);
    return s;
  }

  static common::Date day_ahead() { return plus_days(today_in_jakarta(), 3); }

  static json booking_body(const Shop& s, common::Date date, const std::string& start) {
    return {{"provider_id", s.provider.provider_id},
            {"service_id", s.service_id},
            {"booking_date", iso(date)},
            {"start_time", start}};
  }

  HttpResult post_booking(const json& body, const Actor& who,
                          const std::string& idempotency_key = "") const {
    auto headers = who.auth();
    headers.push_back("Content-Type: application/json");
    if (!idempotency_key.empty()) headers.push_back("Idempotency-Key: " + idempotency_key);
    return client().request("POST", "/api/v1/bookings", body.dump(), headers);
  }

  // Books and returns the new id (ADD_FAILURE otherwise).
  std::string book(const Shop& s, const Actor& who, common::Date date, const std::string& start) {
    auto r = post_booking(booking_body(s, date, start), who);
    if (r.status != 201) {
      ADD_FAILURE() << "book " << start << ": " << r.status << " " << r.body;
      return {};
    }
    return r.json["data"]["booking"]["id"].get<std::string>();
  }

  long long bookings_of(const std::string& customer_id) {
    soci::session sql(test_app().app().database().pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM bookings WHERE customer_id = '" + customer_id + "'", soci::into(n);
    return n;
  }
};

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

  std::vector<HttpResult> results(kThreads);
  std::latch go(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      HttpClient http(client().base_url());
      std::vector<std::string> headers = customers[static_cast<std::size_t>(i)].auth();
      headers.push_back("Content-Type: application/json");
      const std::string payload = bodies[static_cast<std::size_t>(i)].dump();
      go.arrive_and_wait();
      results[static_cast<std::size_t>(i)] =
          http.request("POST", "/api/v1/bookings", payload, headers);
    });
  }
  for (auto& t : threads) t.join();

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
  EXPECT_EQ(cleared.json["data"]["booking"]["admin_notes"], "Checked");
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

TEST_F(BookingApi, ListRejectsBadQueriesWith400) {
  auto customer = register_user("customer", "cust");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"status=unknown", "status"},
      {"start_date=yesterday", "start_date"},
      {"end_date=2030-02-30", "end_date"},
      {"page=0", "page"},
      {"limit=0", "limit"},
      {"limit=101", "limit"},
      {"page=abc", "page"}};
  for (const auto& [query, field] : cases) {
    auto r = get("/api/v1/bookings?" + query, customer);
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << query;
    EXPECT_TRUE(has_detail(r, field)) << query << " " << r.body;
  }
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
