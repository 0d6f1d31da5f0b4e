// GET and PUT /api/v1/users/me over HTTP, and the links in the account e-mails.
#include <gtest/gtest.h>

#include <string>

#include "support/catalog_fixture.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

class UsersApi : public CatalogSuite {
 protected:
  HttpResult put_me(const json& body, const Actor& who) const {
    return send("PUT", "/api/v1/users/me", body, who);
  }
  std::filesystem::path outbox() const { return test_app().config().data_dir / "outbox"; }
};

TEST_F(UsersApi, RequiresASignedInUser) {
  EXPECT_EQ(client().get("/api/v1/users/me").status, 401);
  EXPECT_EQ(error_code(client().get("/api/v1/users/me")), "AUTH_REQUIRED");
  EXPECT_EQ(put_me({{"full_name", "X"}}, Actor{}).status, 401);
  EXPECT_EQ(get("/api/v1/users/me", Actor{"", "", "not-a-token"}).status, 401);
}

TEST_F(UsersApi, CustomerSeesTheAccountAndNoProvider) {
  const auto customer = register_user("customer", "me");
  const auto r = get("/api/v1/users/me", customer);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& user = r.json["data"]["user"];
  EXPECT_EQ(user["id"], customer.user_id);
  EXPECT_EQ(user["email"], customer.email);
  EXPECT_EQ(user["full_name"], "Sari me");
  EXPECT_EQ(user["phone"], "+62 812 0000 2222");
  EXPECT_EQ(user["role"], "customer");
  EXPECT_EQ(user["is_verified"], false);
  EXPECT_EQ(user["locale"], "id");
  EXPECT_TRUE(user["created_at"].is_string());
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_TRUE(r.json["data"]["provider"].is_null());
}

TEST_F(UsersApi, ProviderUserSeesTheirBusiness) {
  const auto shop = make_provider(json::object(), "mine");
  const auto r = get("/api/v1/users/me", shop.owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["user"]["role"], "provider");
  EXPECT_EQ(r.json["data"]["provider"]["id"], shop.provider_id);
  // The same shape as GET /providers/:id's provider.
  const auto detail = get("/api/v1/providers/" + shop.provider_id, shop.owner);
  EXPECT_EQ(r.json["data"]["provider"], detail.json["data"]["provider"]);
}

TEST_F(UsersApi, UpdatesNamePhoneAndLocale) {
  const auto customer = register_user("customer", "upd");
  auto r = put_me({{"full_name", "Dewi Lestari"}, {"phone", "+62 811 1234 5678"}, {"locale", "en"}},
                  customer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["user"]["full_name"], "Dewi Lestari");
  EXPECT_EQ(r.json["data"]["user"]["phone"], "+62 811 1234 5678");
  EXPECT_EQ(r.json["data"]["user"]["locale"], "en");

  // Partial: only the locale changes, the rest stays.
  r = put_me({{"locale", "id"}}, customer);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto me = get("/api/v1/users/me", customer);
  EXPECT_EQ(me.json["data"]["user"]["full_name"], "Dewi Lestari");
  EXPECT_EQ(me.json["data"]["user"]["phone"], "+62 811 1234 5678");
  EXPECT_EQ(me.json["data"]["user"]["locale"], "id");

  // null and "" clear the phone.
  EXPECT_EQ(put_me({{"phone", nullptr}}, customer).json["data"]["user"]["phone"], "");
  ASSERT_EQ(put_me({{"phone", "0812"}}, customer).status, 200);
  EXPECT_EQ(put_me({{"phone", ""}}, customer).json["data"]["user"]["phone"], "");
  EXPECT_EQ(get("/api/v1/users/me", customer).json["data"]["user"]["phone"], "");
  // An empty body changes nothing.
  EXPECT_EQ(put_me(json::object(), customer).status, 200);
}

TEST_F(UsersApi, RefusesFixedUnknownAndInvalidFields) {
  const auto customer = register_user("customer", "bad");
  const auto refused = [&](const json& body, const std::string& field) {
    SCOPED_TRACE(body.dump());
    const auto r = put_me(body, customer);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << r.body;
    EXPECT_TRUE(has_detail(r, field)) << r.body;
  };
  refused({{"email", "new@example.com"}}, "email");
  refused({{"role", "admin"}}, "role");
  refused({{"id", customer.user_id}}, "id");
  refused({{"password", "secret1234"}}, "password");
  refused({{"is_verified", true}}, "is_verified");
  refused({{"nickname", "dew"}}, "nickname");
  refused({{"full_name", ""}}, "full_name");
  refused({{"full_name", nullptr}}, "full_name");
  refused({{"full_name", std::string(101, 'a')}}, "full_name");
  refused({{"full_name", "line\nbreak"}}, "full_name");
  refused({{"full_name", 42}}, "full_name");
  refused({{"phone", "call me"}}, "phone");
  refused({{"phone", std::string(21, '1')}}, "phone");
  refused({{"locale", "fr"}}, "locale");
  refused({{"locale", nullptr}}, "locale");
  // Nothing was written.
  const auto me = get("/api/v1/users/me", customer);
  EXPECT_EQ(me.json["data"]["user"]["email"], customer.email);
  EXPECT_EQ(me.json["data"]["user"]["role"], "customer");
  EXPECT_EQ(me.json["data"]["user"]["full_name"], "Sari bad");
  const auto not_json = client().request("PUT", "/api/v1/users/me", "[1]", [&] {
    auto h = customer.auth();
    h.push_back("Content-Type: application/json");
    return h;
  }());
  EXPECT_EQ(not_json.status, 400);
}

TEST_F(UsersApi, MailsFollowTheChosenLocaleAndLinkToTheWebApp) {
  const auto customer = register_user("customer", "mail");
  // Registered without a locale: Indonesian, and the verification link is a web page.
  test_app().app().drain_background();
  const auto welcome = latest_mail_to(outbox(), customer.email, "verify-email/");
  ASSERT_FALSE(welcome.empty());
  EXPECT_NE(welcome.find("http://localhost:8080/verify-email/"), std::string::npos);
  EXPECT_EQ(welcome.find("/api/v1/auth/verify-email/"), std::string::npos);

  ASSERT_EQ(put_me({{"locale", "en"}}, customer).status, 200);
  ASSERT_EQ(client().post("/api/v1/auth/forgot-password", {{"email", customer.email}}).status, 200);
  test_app().app().drain_background();
  const auto reset = latest_mail_to(outbox(), customer.email, "reset-password?token=");
  ASSERT_FALSE(reset.empty());
  EXPECT_NE(reset.find("Hi Sari mail"), std::string::npos) << reset;
  EXPECT_NE(reset.find("http://localhost:8080/reset-password?token="), std::string::npos);
  // The page's token works with the unchanged API endpoint.
  const auto token = token_after(welcome, "verify-email/");
  EXPECT_EQ(client().get("/api/v1/auth/verify-email/" + token).status, 200);
  EXPECT_EQ(get("/api/v1/users/me", customer).json["data"]["user"]["is_verified"], true);
}

}  // namespace
}  // namespace janji::testing
