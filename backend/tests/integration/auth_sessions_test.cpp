// Access tokens end with their user and their session, over real HTTP on SQLite or PostgreSQL +
// Redis: deleted and deactivated users, password reset and change, refresh-token reuse, logout,
// and a logout seen by a second instance.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <thread>

#include "support/booking_api_suite.hpp"

namespace janji::testing {
namespace {

class AuthSessions : public BookingApi {
 protected:
  // A fresh session of a new user: {access, refresh}.
  struct Tokens {
    std::string user_id;
    std::string email;
    std::string access;
    std::string refresh;
  };

  static Tokens tokens_of(const HttpResult& r) {
    EXPECT_TRUE(r.status == 200 || r.status == 201) << r.status << " " << r.body;
    Tokens t;
    const auto& data = r.json["data"];
    if (data.contains("user")) {
      t.user_id = data["user"]["id"].get<std::string>();
      t.email = data["user"]["email"].get<std::string>();
    }
    t.access = data.value("access_token", "");
    t.refresh = data.value("refresh_token", "");
    return t;
  }

  Tokens sign_up(const std::string& role, const std::string& tag,
                 const std::string& password = "secret123") {
    return tokens_of(client().post("/api/v1/auth/register", {{"email", unique_email(tag)},
                                                             {"password", password},
                                                             {"full_name", "Dewi Lestari"},
                                                             {"role", role}}));
  }

  Tokens log_in(const std::string& email, const std::string& password = "secret123") {
    return tokens_of(
        client().post("/api/v1/auth/login", {{"email", email}, {"password", password}}));
  }

  static Actor actor(const Tokens& t) { return Actor{t.user_id, t.email, t.access}; }

  // The cheapest authenticated request: 200 while the token counts, 401 after.
  int list_bookings(const std::string& access) {
    return client()
        .request("GET", "/api/v1/bookings", "", {"Authorization: Bearer " + access})
        .status;
  }

  void run_sql(const std::string& statement, const std::string& user_id) {
    soci::session sql(test_app().app().database().pool());
    std::string id = user_id;
    sql << statement, soci::use(id);
  }
};

TEST_F(AuthSessions, DeletedUsersTokenIs401NeverA500) {
  const Shop shop = make_shop();
  const Tokens customer = sign_up("customer", "gone-cust");
  const Tokens owner = sign_up("provider", "gone-prov");
  run_sql("DELETE FROM users WHERE id = :id", customer.user_id);
  run_sql("DELETE FROM users WHERE id = :id", owner.user_id);

  auto booking = post_booking(booking_body(shop, day_ahead(), "09:00"), actor(customer));
  EXPECT_EQ(booking.status, 401) << booking.body;
  EXPECT_EQ(booking.json["error"]["code"], "INVALID_TOKEN");
  EXPECT_EQ(list_bookings(customer.access), 401);
  auto provider =
      send("POST", "/api/v1/providers",
           {{"business_name", "Klinik Hilang"}, {"business_type", "doctor"}}, actor(owner));
  EXPECT_EQ(provider.status, 401) << provider.body;
  EXPECT_EQ(bookings_of(customer.user_id), 0);
}

// The row goes while this instance still holds the user's standing (deleted behind the app's
// back, so no change notice): the write reaches the database and the vanished foreign key is
// answered 401 as well (or the standing expired first: 401 either way, never 500).
TEST_F(AuthSessions, UserDeletedBehindTheCacheIsStill401) {
  const Shop shop = make_shop();
  const Tokens customer = sign_up("customer", "raced-cust");
  const Tokens owner = sign_up("provider", "raced-prov");
  ASSERT_EQ(list_bookings(customer.access), 200);
  ASSERT_EQ(list_bookings(owner.access), 200);
  run_sql("DELETE FROM users WHERE id = :id", customer.user_id);
  run_sql("DELETE FROM users WHERE id = :id", owner.user_id);
  auto booking = post_booking(booking_body(shop, day_ahead(), "10:00"), actor(customer));
  EXPECT_EQ(booking.status, 401) << booking.body;
  auto provider =
      send("POST", "/api/v1/providers",
           {{"business_name", "Klinik Hilang"}, {"business_type", "doctor"}}, actor(owner));
  EXPECT_EQ(provider.status, 401) << provider.body;
}

TEST_F(AuthSessions, DeactivatedUserCannotUseTokensOrLogIn) {
  const Tokens user = sign_up("customer", "inactive");
  run_sql(using_postgres() ? "UPDATE users SET is_active = false WHERE id = :id"
                           : "UPDATE users SET is_active = 0 WHERE id = :id",
          user.user_id);
  EXPECT_EQ(list_bookings(user.access), 401);
  auto login =
      client().post("/api/v1/auth/login", {{"email", user.email}, {"password", "secret123"}});
  EXPECT_EQ(login.status, 401);
  EXPECT_EQ(login.json["error"]["code"], "AUTH_001");
  EXPECT_EQ(client().post("/api/v1/auth/refresh", {{"refresh_token", user.refresh}}).status, 401);
}

TEST_F(AuthSessions, PasswordResetEndsEarlierAccessTokens) {
  const Tokens user = sign_up("customer", "reset-ends");
  ASSERT_EQ(list_bookings(user.access), 200);  // now in this instance's standing cache
  ASSERT_EQ(client().post("/api/v1/auth/forgot-password", {{"email", user.email}}).status, 200);
  test_app().app().drain_background();
  const auto token = token_after(
      latest_mail_to(test_app().config().data_dir / "outbox", user.email, "token="), "token=");
  ASSERT_EQ(token.size(), 43u);
  ASSERT_EQ(
      client()
          .post("/api/v1/auth/reset-password", {{"token", token}, {"new_password", "fresh4567"}})
          .status,
      200);
  EXPECT_EQ(list_bookings(user.access), 401);
  EXPECT_EQ(list_bookings(log_in(user.email, "fresh4567").access), 200);
}

TEST_F(AuthSessions, PasswordChangeEndsEveryEarlierTokenAndReturnsAFreshSession) {
  const Tokens first = sign_up("customer", "change");
  const Tokens second = log_in(first.email);
  ASSERT_EQ(list_bookings(first.access), 200);
  ASSERT_EQ(list_bookings(second.access), 200);
  const auto change = [&](const nlohmann::json& body, const std::string& access) {
    return client().post("/api/v1/auth/change-password", body, {"Authorization: Bearer " + access});
  };

  auto wrong =
      change({{"current_password", "not-it-123"}, {"new_password", "changed789"}}, first.access);
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_TRUE(wrong.json["error"]["details"].contains("current_password"));
  auto weak = change({{"current_password", "secret123"}, {"new_password", "short"}}, first.access);
  EXPECT_EQ(weak.status, 400);
  EXPECT_TRUE(weak.json["error"]["details"].contains("new_password"));
  EXPECT_EQ(change({{"new_password", "changed789"}}, first.access).status, 400);
  EXPECT_EQ(client()
                .post("/api/v1/auth/change-password",
                      {{"current_password", "secret123"}, {"new_password", "changed789"}})
                .status,
            401);
  EXPECT_EQ(list_bookings(first.access), 200);  // failed attempts changed nothing

  auto ok =
      change({{"current_password", "secret123"}, {"new_password", "changed789"}}, first.access);
  ASSERT_EQ(ok.status, 200) << ok.body;
  const Tokens fresh = tokens_of(ok);
  EXPECT_NE(ok.header("set-cookie").find("refresh_token="), std::string::npos);
  EXPECT_EQ(list_bookings(first.access), 401);
  EXPECT_EQ(list_bookings(second.access), 401);
  EXPECT_EQ(client().post("/api/v1/auth/refresh", {{"refresh_token", second.refresh}}).status, 401);
  EXPECT_EQ(list_bookings(fresh.access), 200);
  EXPECT_EQ(client().post("/api/v1/auth/refresh", {{"refresh_token", fresh.refresh}}).status, 200);
  EXPECT_EQ(client()
                .post("/api/v1/auth/login", {{"email", first.email}, {"password", "secret123"}})
                .status,
            401);
  EXPECT_EQ(list_bookings(log_in(first.email, "changed789").access), 200);
}

TEST_F(AuthSessions, RefreshReuseEndsTheFamilysAccessTokens) {
  const Tokens first = sign_up("customer", "reuse");
  const Tokens rotated =
      tokens_of(client().post("/api/v1/auth/refresh", {{"refresh_token", first.refresh}}));
  ASSERT_EQ(list_bookings(rotated.access), 200);
  // The old refresh token comes back: theft is assumed and the whole session ends.
  EXPECT_EQ(client().post("/api/v1/auth/refresh", {{"refresh_token", first.refresh}}).status, 401);
  EXPECT_EQ(list_bookings(rotated.access), 401);
  EXPECT_EQ(list_bookings(first.access), 401);
  EXPECT_EQ(list_bookings(log_in(first.email).access), 200);
}

TEST_F(AuthSessions, LogoutEndsThatSessionsAccessTokensOnly) {
  const Tokens first = sign_up("customer", "logout-one");
  const Tokens second = log_in(first.email);
  ASSERT_EQ(list_bookings(first.access), 200);
  ASSERT_EQ(list_bookings(second.access), 200);
  auto out = client().post("/api/v1/auth/logout", {{"refresh_token", first.refresh}},
                           {"Authorization: Bearer " + first.access});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(list_bookings(first.access), 401);
  EXPECT_EQ(list_bookings(second.access), 200);
}

// Two instances on one PostgreSQL + Redis: a logout on A reaches B's standing cache over
// pub/sub. B keeps standings for an hour here, so only the change notice can make it refuse.
TEST_F(AuthSessions, SecondInstanceSeesALogoutWithinMoments) {
  if (!using_redis()) GTEST_SKIP() << "one instance only without Redis";
  TestApp other(std::map<std::string, std::string>{{"AUTH_STANDING_CACHE_TTL", "3600"}});
  auto b = other.client();
  const Tokens user = sign_up("customer", "two-instances");
  const auto on_b = [&] {
    return b.request("GET", "/api/v1/bookings", "", {"Authorization: Bearer " + user.access})
        .status;
  };
  ASSERT_EQ(on_b(), 200);  // B holds the standing now
  ASSERT_EQ(client()
                .post("/api/v1/auth/logout", {{"refresh_token", user.refresh}},
                      {"Authorization: Bearer " + user.access})
                .status,
            200);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    status = on_b();
    if (status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 401);
}

}  // namespace
}  // namespace janji::testing
