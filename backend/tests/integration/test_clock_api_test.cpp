// The test clock of end-to-end runs (TEST_CLOCK_API=true): PUT /api/v1/test/clock moves the
// services' clock, so a booking made for tomorrow can be completed once "tomorrow" has passed,
// and cached availability follows the moved clock.
#include <gtest/gtest.h>

#include <string>

#include "support/booking_api_suite.hpp"

namespace janji::testing {
namespace {

constexpr int kDay = 24 * 3600;

class TestClockApi : public BookingApi {
 protected:
  static void SetUpTestSuite() { start_app({{"TEST_CLOCK_API", "true"}}); }

  void TearDown() override { move_clock(0); }

  HttpResult move_clock(long long offset) const {
    return client().request("PUT", "/api/v1/test/clock",
                            nlohmann::json{{"offset_seconds", offset}}.dump(),
                            {"Content-Type: application/json"});
  }

  // A fresh access token at the server's (moved) time: older ones expire with the move.
  Actor sign_in_again(Actor who) const {
    const auto r =
        client().post("/api/v1/auth/login", {{"email", who.email}, {"password", "secret123"}});
    if (r.status != 200) {
      ADD_FAILURE() << "login: " << r.status << " " << r.body;
      return who;
    }
    who.token = r.json["data"]["access_token"].get<std::string>();
    return who;
  }
};

TEST_F(TestClockApi, ReadsAndMovesTheClock) {
  const auto before = client().get("/api/v1/test/clock");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json["data"]["offset_seconds"], 0);
  const auto moved = move_clock(2 * kDay);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json["data"]["offset_seconds"], 2 * kDay);
  const auto then = common::parse_instant(moved.json["data"]["now"].get<std::string>());
  ASSERT_TRUE(then);
  const auto ahead = *then - std::chrono::system_clock::now();
  EXPECT_GT(ahead, std::chrono::hours{47});
  EXPECT_LT(ahead, std::chrono::hours{49});

  for (const auto& body :
       {nlohmann::json::object(), nlohmann::json{{"offset_seconds", "1"}},
        nlohmann::json{{"offset_seconds", 1.5}}, nlohmann::json{{"offset_seconds", 400000000}},
        nlohmann::json{{"offset_seconds", 1}, {"extra", true}}}) {
    const auto r = client().request("PUT", "/api/v1/test/clock", body.dump(),
                                    {"Content-Type: application/json"});
    EXPECT_EQ(r.status, 400) << body.dump() << " " << r.body;
  }
  EXPECT_EQ(client().get("/api/v1/test/clock").json["data"]["offset_seconds"], 2 * kDay);
}

TEST_F(TestClockApi, ABookingCompletesOnlyOnceTheClockPassesItsStart) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "clock");
  const auto tomorrow = plus_days(today_in_jakarta(), 1);
  const auto id = book(shop, customer, tomorrow, "10:00");
  ASSERT_FALSE(id.empty());
  const auto path = "/api/v1/bookings/" + id;
  ASSERT_EQ(send("POST", path + "/confirm", nlohmann::json::object(), shop.provider.owner).status,
            200);

  const auto early =
      send("POST", path + "/complete", nlohmann::json::object(), shop.provider.owner);
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(error_code(early), "BOOKING_005");
  EXPECT_EQ(booking_status(id), "confirmed");

  ASSERT_EQ(move_clock(2 * kDay).status, 200);
  const auto owner = sign_in_again(shop.provider.owner);
  const auto done = send("POST", path + "/complete", nlohmann::json::object(), owner);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["data"]["booking"]["status"], "completed");
  EXPECT_EQ(booking_status(id), "completed");
}

TEST_F(TestClockApi, CachedAvailabilityFollowsTheMovedClock) {
  auto shop = make_shop(60);
  const auto tomorrow = plus_days(today_in_jakarta(), 1);
  const auto open = slots(shop.provider.provider_id, tomorrow, shop.service_id);
  ASSERT_TRUE(contains(open, "16:00")) << open.size();
  // Asked twice so the day is cached (when the cache is on), then the clock passes the day.
  EXPECT_EQ(slots(shop.provider.provider_id, tomorrow, shop.service_id), open);
  ASSERT_EQ(move_clock(3 * kDay).status, 200);
  EXPECT_TRUE(slots(shop.provider.provider_id, tomorrow, shop.service_id).empty());
  ASSERT_EQ(move_clock(0).status, 200);
  EXPECT_EQ(slots(shop.provider.provider_id, tomorrow, shop.service_id), open);
}

// CLOCK_OFFSET_SECONDS alone shifts the services' clock from the start; the API stays off.
TEST(TestClockOffset, ShiftsTheServicesFromStartUp) {
  TestApp app({{"CLOCK_OFFSET_SECONDS", std::to_string(3 * kDay)}});
  const auto r = app.client().post(
      "/api/v1/auth/register",
      {{"email", unique_email("offset")}, {"password", "secret123"}, {"full_name", "Sari offset"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto created =
      common::parse_instant(r.json["data"]["user"]["created_at"].get<std::string>());
  ASSERT_TRUE(created);
  const auto ahead = *created - std::chrono::system_clock::now();
  EXPECT_GT(ahead, std::chrono::hours{71});
  EXPECT_LT(ahead, std::chrono::hours{73});
  // Tokens are issued and checked on the same shifted clock, and last their usual time.
  EXPECT_EQ(r.json["data"]["expires_in"], 900);
  const auto token = r.json["data"]["access_token"].get<std::string>();
  EXPECT_EQ(app.client().get("/api/v1/users/me", {"Authorization: Bearer " + token}).status, 200);
  EXPECT_EQ(app.client().get("/api/v1/test/clock").status, 404);
}

}  // namespace
}  // namespace janji::testing
