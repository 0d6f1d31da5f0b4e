// Authentication endpoints over real HTTP against the real server, on SQLite or
// PostgreSQL + Redis depending on the environment (scripts/test.sh runs both).
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "support/shared_app_suite.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

class AuthApi : public SharedAppSuite {
 protected:
  json register_user(const std::string& email, const std::string& role = "customer",
                     const std::string& password = "secret123") {
    auto r = client().post("/api/v1/auth/register", {{"email", email},
                                                     {"password", password},
                                                     {"full_name", "Budi Santoso"},
                                                     {"phone", "+62 812 0000 1111"},
                                                     {"role", role}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json;
  }

  HttpResult login(const std::string& email, const std::string& password,
                   const std::string& ip = "10.0.0.1") {
    return client().post("/api/v1/auth/login", {{"email", email}, {"password", password}},
                         {"X-Forwarded-For: " + ip});
  }
};

// The Set-Cookie field that carries the web app's session hint, or "".
std::string session_hint(const HttpResult& r) {
  const auto [from, to] = r.headers.equal_range("set-cookie");
  for (auto it = from; it != to; ++it) {
    if (it->second.rfind("janji_session=", 0) == 0) return it->second;
  }
  return "";
}

TEST_F(AuthApi, RegisterReturnsUserAndTokensAndSendsVerificationMail) {
  const auto email = unique_email("reg");
  auto r = client().post("/api/v1/auth/register", {{"email", email},
                                                   {"password", "secret123"},
                                                   {"full_name", "Budi Santoso"},
                                                   {"phone", "+62 812 0000 1111"},
                                                   {"role", "provider"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json["success"].get<bool>());
  const auto& data = r.json["data"];
  EXPECT_EQ(data["user"]["email"], email);
  EXPECT_EQ(data["user"]["role"], "provider");
  EXPECT_FALSE(data["user"]["is_verified"].get<bool>());
  EXPECT_FALSE(data["user"].contains("password_hash"));
  EXPECT_EQ(data["token_type"], "Bearer");
  EXPECT_FALSE(data["access_token"].get<std::string>().empty());
  EXPECT_EQ(data["refresh_token"].get<std::string>().size(), 43u);
  const auto cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("refresh_token="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // not production
  // Beside it, a readable hint for the web app (no secret in it) that a session exists.
  EXPECT_EQ(session_hint(r), "janji_session=1; Path=/; Max-Age=604800; SameSite=Strict");
  const auto mail = latest_mail_to(outbox(), email, "verify-email/");
  ASSERT_FALSE(mail.empty());
  EXPECT_NE(mail.find("Subject: "), std::string::npos);
}

TEST_F(AuthApi, RegisterNormalisesEmailAndRejectsDuplicates) {
  const auto email = unique_email("dup");
  std::string upper = email;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  register_user(email);
  auto r = client().post(
      "/api/v1/auth/register",
      {{"email", "  " + upper + " "}, {"password", "secret123"}, {"full_name", "Another"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json["error"]["code"], "AUTH_004");
}

TEST_F(AuthApi, RegisterCannotCreateAdmins) {
  auto r = client().post("/api/v1/auth/register", {{"email", unique_email("adm")},
                                                   {"password", "secret123"},
                                                   {"full_name", "Mallory"},
                                                   {"role", "admin"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["error"]["code"], "VALIDATION_001");
  EXPECT_TRUE(r.json["error"]["details"].contains("role"));
}

TEST_F(AuthApi, RegisterValidatesEveryField) {
  struct Case {
    json body;
    std::string field;
  };
  const std::string long73(73, 'a');
  const std::vector<Case> cases = {
      {{{"email", "not-an-email"}, {"password", "secret123"}, {"full_name", "A"}}, "email"},
      {{{"email", "a@b"}, {"password", "secret123"}, {"full_name", "A"}}, "email"},
      {{{"email", unique_email("v")}, {"password", "short1"}, {"full_name", "A"}}, "password"},
      {{{"email", unique_email("v")}, {"password", "onlyletters"}, {"full_name", "A"}}, "password"},
      {{{"email", unique_email("v")}, {"password", "12345678"}, {"full_name", "A"}}, "password"},
      {{{"email", unique_email("v")}, {"password", long73 + "1"}, {"full_name", "A"}}, "password"},
      {{{"email", unique_email("v")},
        {"password", std::string("abc1\0xyz9", 9)},
        {"full_name", "A"}},
       "password"},
      {{{"email", unique_email("v")}, {"password", "secret123"}}, "full_name"},
      {{{"email", unique_email("v")},
        {"password", "secret123"},
        {"full_name", "A"},
        {"phone", "call me"}},
       "phone"},
      {{{"email", unique_email("v")},
        {"password", "secret123"},
        {"full_name", "A"},
        {"locale", "fr"}},
       "locale"},
      {{{"email", 42}, {"password", "secret123"}, {"full_name", "A"}}, "email"},
  };
  for (const auto& c : cases) {
    auto r = client().post("/api/v1/auth/register", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " -> " << r.body;
    EXPECT_FALSE(r.json["success"].get<bool>());
    EXPECT_TRUE(r.json["error"]["details"].contains(c.field)) << c.body.dump() << r.body;
  }
  auto empty = client().post("/api/v1/auth/register", json::object());
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.json["error"]["code"], "VALIDATION_002");
  for (const auto* field : {"email", "password", "full_name"}) {
    EXPECT_TRUE(empty.json["error"]["details"].contains(field)) << field;
  }
}

TEST_F(AuthApi, MalformedBodiesAre400NotCrashes) {
  for (const std::string body : {"{", "[]", "\"text\"", "null", "{\"email\":", "\xff\xfe"}) {
    auto r =
        client().request("POST", "/api/v1/auth/login", body, {"Content-Type: application/json"});
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.json["error"]["code"], "VALIDATION_001") << body;
  }
  auto wrong_type = client().request("POST", "/api/v1/auth/login", "email=a",
                                     {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(wrong_type.status, 400);
}

TEST_F(AuthApi, LoginSucceedsAndFailsGenerically) {
  const auto email = unique_email("login");
  register_user(email);
  auto ok = login(email, "secret123", "10.1.0.1");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["data"]["user"]["email"], email);
  auto wrong = login(email, "wrong-password1", "10.1.0.1");
  auto unknown = login(unique_email("nobody"), "secret123", "10.1.0.1");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json["error"], unknown.json["error"]);  // no account enumeration
  EXPECT_EQ(wrong.json["error"]["code"], "AUTH_001");
  auto missing = client().post("/api/v1/auth/login", {{"email", email}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json["error"]["code"], "VALIDATION_002");
}

TEST_F(AuthApi, FailuresFromAnotherAddressDoNotLockTheOwnerOut) {
  const auto email = unique_email("lock");
  register_user(email);
  const std::string attacker = "10.2.0.1";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login(email, "badpass99", attacker).status, 401);
  // The attacker's address is refused for this account, even with the right password ...
  auto locked = login(email, "secret123", attacker);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.json["error"]["code"], "RATE_LIMIT_EXCEEDED");
  const int retry = std::stoi(locked.header("retry-after"));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 15 * 60);
  // ... but the owner, elsewhere, gets in.
  EXPECT_EQ(login(email, "secret123", "10.2.1.1").status, 200);
  // And the attacker's address may still try other accounts.
  const auto other = unique_email("free");
  register_user(other);
  EXPECT_EQ(login(other, "secret123", attacker).status, 200);
}

TEST_F(AuthApi, AccountDelaySlowsGuessingFromManyAddresses) {
  TestApp slow(std::map<std::string, std::string>{{"LOGIN_ACCOUNT_DELAY_AFTER", "3"},
                                                  {"LOGIN_ACCOUNT_DELAY_BASE", "2s"},
                                                  {"LOGIN_ACCOUNT_DELAY_MAX", "1h"}});
  auto c = slow.client();
  const auto email = unique_email("distributed");
  ASSERT_EQ(c.post("/api/v1/auth/register",
                   {{"email", email}, {"password", "secret123"}, {"full_name", "Budi"}})
                .status,
            201);
  int next_ip = 0;
  const auto attempt = [&](const std::string& password) {
    // Every attempt from a fresh address: the per-address counters never trip.
    return c.post("/api/v1/auth/login", {{"email", email}, {"password", password}},
                  {"X-Forwarded-For: 10.4.0." + std::to_string(++next_ip)});
  };
  // Waits out the current delay: polls with the right password until it is let through.
  const auto wait_out = [&]() -> int {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = attempt("secret123");
      if (r.status != 429) return r.status;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return 429;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt("wrong-guess1").status, 401);
  // The third failure started a delay: every address waits, the owner's right password too.
  auto held = attempt("secret123");
  ASSERT_EQ(held.status, 429) << held.body;
  const int first = std::stoi(held.header("retry-after"));
  EXPECT_GE(first, 1);
  EXPECT_LE(first, 2);
  // The delay is seconds, not a lockout: then the right password works.
  EXPECT_EQ(wait_out(), 200);
  // Each further failure doubles it (2 s, 4 s, ...).
  EXPECT_EQ(attempt("wrong-guess2").status, 401);
  auto longer = attempt("wrong-guess3");
  ASSERT_EQ(longer.status, 429) << longer.body;
  EXPECT_GT(std::stoi(longer.header("retry-after")), 2);
  EXPECT_LE(std::stoi(longer.header("retry-after")), 4);
}

TEST_F(AuthApi, SuccessfulLoginResetsTheFailureCount) {
  const auto email = unique_email("reset-count");
  register_user(email);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login(email, "badpass99").status, 401);
  EXPECT_EQ(login(email, "secret123").status, 200);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login(email, "badpass99").status, 401);
  EXPECT_EQ(login(email, "secret123").status, 200);
}

TEST_F(AuthApi, PerIpLimitStopsSprayingButNotTheAddressesKnownUsers) {
  TestApp strict(std::map<std::string, std::string>{{"LOGIN_MAX_FAILURES_PER_IP", "3"}});
  auto c = strict.client();
  const std::string ip = "10.3." + std::to_string(std::random_device{}() % 250) + ".7";
  const auto login_from = [&](const std::string& email, const std::string& password,
                              const std::string& from) {
    return c.post("/api/v1/auth/login", {{"email", email}, {"password", password}},
                  {"X-Forwarded-For: " + from});
  };
  const auto sign_up = [&](const std::string& email) {
    EXPECT_EQ(c.post("/api/v1/auth/register",
                     {{"email", email}, {"password", "secret123"}, {"full_name", "Sari"}})
                  .status,
              201);
  };
  // Someone behind the NAT logged in from it before the spraying starts.
  const auto regular = unique_email("nat-regular");
  sign_up(regular);
  ASSERT_EQ(login_from(regular, "secret123", ip).status, 200);

  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(login_from(unique_email("spray"), "secret123", ip).status, 401);
  }
  auto blocked = login_from(unique_email("spray"), "secret123", ip);
  EXPECT_EQ(blocked.status, 429);
  EXPECT_FALSE(blocked.header("retry-after").empty());
  // A newcomer behind the same address waits too (the address cannot tell them apart) ...
  const auto newcomer = unique_email("nat-new");
  sign_up(newcomer);
  EXPECT_EQ(login_from(newcomer, "secret123", ip).status, 429);
  EXPECT_EQ(
      login_from(newcomer, "secret123", "10.3.251." + std::to_string(std::random_device{}() % 250))
          .status,
      200);
  // ... but the known user of the address is not locked out by the sprayer.
  EXPECT_EQ(login_from(regular, "secret123", ip).status, 200);
}

TEST_F(AuthApi, RegisterIsRateLimitedPerAddress) {
  TestApp strict(std::map<std::string, std::string>{{"REGISTER_MAX_PER_IP", "2"}});
  auto c = strict.client();
  const std::string ip = "10.5." + std::to_string(std::random_device{}() % 250) + ".9";
  const auto sign_up = [&](const std::string& email, const std::string& from) {
    return c.post("/api/v1/auth/register",
                  {{"email", email}, {"password", "secret123"}, {"full_name", "Sari"}},
                  {"X-Forwarded-For: " + from});
  };
  const auto taken = unique_email("taken");
  EXPECT_EQ(sign_up(taken, ip).status, 201);
  EXPECT_EQ(sign_up(taken, ip).status, 409);  // a probe costs a hash and counts the same
  auto limited = sign_up(unique_email("third"), ip);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json["error"]["code"], "RATE_LIMIT_EXCEEDED");
  EXPECT_FALSE(limited.header("retry-after").empty());
  // Invalid input is answered without counting (no hash is spent on it).
  const std::string elsewhere = "10.5.251." + std::to_string(std::random_device{}() % 250);
  EXPECT_EQ(sign_up("not-an-email", elsewhere).status, 400);
  EXPECT_EQ(sign_up(unique_email("elsewhere"), elsewhere).status, 201);
}

TEST_F(AuthApi, RefreshRotatesAndReuseRevokesTheFamily) {
  const auto email = unique_email("refresh");
  auto reg = register_user(email);
  const auto first = reg["data"]["refresh_token"].get<std::string>();

  auto r1 = client().post("/api/v1/auth/refresh", {{"refresh_token", first}});
  ASSERT_EQ(r1.status, 200) << r1.body;
  const auto second = r1.json["data"]["refresh_token"].get<std::string>();
  EXPECT_EQ(r1.json["data"]["user"]["email"].get<std::string>(), email);
  EXPECT_NE(second, first);
  EXPECT_FALSE(r1.json["data"]["access_token"].get<std::string>().empty());

  // Replaying the rotated token is theft: it fails and kills the live successor too.
  auto replay = client().post("/api/v1/auth/refresh", {{"refresh_token", first}});
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(replay.json["error"]["code"], "AUTH_006");
  auto successor = client().post("/api/v1/auth/refresh", {{"refresh_token", second}});
  EXPECT_EQ(successor.status, 401);

  // A new login starts a fresh family that works.
  auto fresh = login(email, "secret123");
  auto r2 = client().post("/api/v1/auth/refresh",
                          {{"refresh_token", fresh.json["data"]["refresh_token"]}});
  EXPECT_EQ(r2.status, 200);
}

TEST_F(AuthApi, RefreshAcceptsTheCookie) {
  auto reg = register_user(unique_email("cookie"));
  const auto token = reg["data"]["refresh_token"].get<std::string>();
  auto r = client().request("POST", "/api/v1/auth/refresh", "",
                            {"Cookie: theme=dark; refresh_token=" + token});
  EXPECT_EQ(r.status, 200) << r.body;
  auto none = client().request("POST", "/api/v1/auth/refresh", "");
  EXPECT_EQ(none.status, 400);
  auto garbage = client().post("/api/v1/auth/refresh", {{"refresh_token", "nope"}});
  EXPECT_EQ(garbage.status, 401);
}

TEST_F(AuthApi, ConcurrentRefreshWithOneTokenYieldsAtMostOneSuccess) {
  auto reg = register_user(unique_email("race"));
  const auto token = reg["data"]["refresh_token"].get<std::string>();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = client().post("/api/v1/auth/refresh", {{"refresh_token", token}});
      if (r.status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(ok.load(), 1);
}

TEST_F(AuthApi, LogoutRevokesTheRefreshToken) {
  auto reg = register_user(unique_email("logout"));
  const auto access = reg["data"]["access_token"].get<std::string>();
  const auto refresh = reg["data"]["refresh_token"].get<std::string>();
  auto anonymous = client().post("/api/v1/auth/logout", json::object());
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.json["error"]["code"], "AUTH_REQUIRED");
  auto bad =
      client().post("/api/v1/auth/logout", json::object(), {"Authorization: Bearer not.a.token"});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.json["error"]["code"], "INVALID_TOKEN");
  auto out = client().post("/api/v1/auth/logout", {{"refresh_token", refresh}},
                           {"Authorization: Bearer " + access});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(session_hint(out), "janji_session=; Path=/; Max-Age=0; SameSite=Strict");
  EXPECT_EQ(client().post("/api/v1/auth/refresh", {{"refresh_token", refresh}}).status, 401);
}

TEST_F(AuthApi, LogoutWithoutTokenEndsEverySession) {
  const auto email = unique_email("logout-all");
  auto reg = register_user(email);
  auto other_session = login(email, "secret123");
  const auto access = reg["data"]["access_token"].get<std::string>();
  auto out =
      client().request("POST", "/api/v1/auth/logout", "", {"Authorization: Bearer " + access});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(client()
                .post("/api/v1/auth/refresh",
                      {{"refresh_token", other_session.json["data"]["refresh_token"]}})
                .status,
            401);
}

TEST_F(AuthApi, VerifyEmailLinkWorksOnce) {
  const auto email = unique_email("verify");
  register_user(email);
  const auto mail = latest_mail_to(outbox(), email, "verify-email/");
  const auto token = token_after(mail, "verify-email/");
  ASSERT_EQ(token.size(), 43u) << mail;
  auto ok = client().get("/api/v1/auth/verify-email/" + token);
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto again = client().get("/api/v1/auth/verify-email/" + token);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.json["error"]["code"], "AUTH_005");
  auto logged = login(email, "secret123");
  EXPECT_TRUE(logged.json["data"]["user"]["is_verified"].get<bool>());
  EXPECT_EQ(client().get("/api/v1/auth/verify-email/garbage").status, 400);
}

TEST_F(AuthApi, ForgotPasswordAnswersTheSameForUnknownEmails) {
  const auto email = unique_email("forgot");
  register_user(email);
  auto known = client().post("/api/v1/auth/forgot-password", {{"email", email}});
  auto unknown = client().post("/api/v1/auth/forgot-password", {{"email", unique_email("ghost")}});
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(known.body, unknown.body);
  drain_background();  // the mail is written after the answer
  EXPECT_FALSE(latest_mail_to(outbox(), email, "reset-password?token=").empty());
  EXPECT_EQ(client().post("/api/v1/auth/forgot-password", {{"email", "bad"}}).status, 400);
}

TEST_F(AuthApi, ForgotPasswordIsRateLimitedPerAccount) {
  const auto email = unique_email("forgot-limit");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client().post("/api/v1/auth/forgot-password", {{"email", email}}).status, 200);
  }
  auto limited = client().post("/api/v1/auth/forgot-password", {{"email", email}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());
}

TEST_F(AuthApi, ResetPasswordIsSingleUseAndRevokesSessions) {
  const auto email = unique_email("resetpw");
  auto reg = register_user(email);
  const auto old_refresh = reg["data"]["refresh_token"].get<std::string>();
  ASSERT_EQ(client().post("/api/v1/auth/forgot-password", {{"email", email}}).status, 200);
  drain_background();
  const auto token =
      token_after(latest_mail_to(outbox(), email, "reset-password?token="), "token=");
  ASSERT_EQ(token.size(), 43u);

  auto weak =
      client().post("/api/v1/auth/reset-password", {{"token", token}, {"new_password", "weak"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_TRUE(weak.json["error"]["details"].contains("new_password"));

  auto ok = client().post("/api/v1/auth/reset-password",
                          {{"token", token}, {"new_password", "brandnew456"}});
  ASSERT_EQ(ok.status, 200) << ok.body;  // the weak attempt did not burn the token
  auto reuse = client().post("/api/v1/auth/reset-password",
                             {{"token", token}, {"new_password", "another789"}});
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(reuse.json["error"]["code"], "AUTH_005");

  EXPECT_EQ(login(email, "secret123").status, 401);
  EXPECT_EQ(login(email, "brandnew456").status, 200);
  EXPECT_EQ(client().post("/api/v1/auth/refresh", {{"refresh_token", old_refresh}}).status, 401);
  EXPECT_FALSE(latest_mail_to(outbox(), email, "brandnew").size() > 0);  // never mailed
}

TEST_F(AuthApi, ResendVerificationSendsANewLinkAndKillsTheOldOne) {
  const auto email = unique_email("resend");
  register_user(email);
  const auto first = token_after(latest_mail_to(outbox(), email, "verify-email/"), "verify-email/");
  ASSERT_EQ(first.size(), 43u);

  auto known = client().post("/api/v1/auth/resend-verification", {{"email", email}});
  auto unknown =
      client().post("/api/v1/auth/resend-verification", {{"email", unique_email("ghost")}});
  ASSERT_EQ(known.status, 200) << known.body;
  EXPECT_EQ(known.body, unknown.body);  // no enumeration
  drain_background();
  const auto second =
      token_after(latest_mail_to(outbox(), email, "verify-email/"), "verify-email/");
  ASSERT_EQ(second.size(), 43u);
  ASSERT_NE(second, first);
  EXPECT_EQ(client().get("/api/v1/auth/verify-email/" + first).status, 400);  // superseded
  EXPECT_EQ(client().get("/api/v1/auth/verify-email/" + second).status, 200);

  // Verified: the same answer, and no new link.
  auto again = client().post("/api/v1/auth/resend-verification", {{"email", email}});
  EXPECT_EQ(again.body, known.body);
  drain_background();
  EXPECT_EQ(token_after(latest_mail_to(outbox(), email, "verify-email/"), "verify-email/"), second);

  EXPECT_EQ(client().post("/api/v1/auth/resend-verification", {{"email", "bad"}}).status, 400);
  EXPECT_EQ(client().post("/api/v1/auth/resend-verification", json::object()).status, 400);
}

TEST_F(AuthApi, ResendVerificationIsRateLimitedPerAccountAndAddress) {
  const auto email = unique_email("resend-limit");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client().post("/api/v1/auth/resend-verification", {{"email", email}}).status, 200);
  }
  auto limited = client().post("/api/v1/auth/resend-verification", {{"email", email}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());

  TestApp strict(std::map<std::string, std::string>{{"RESEND_VERIFICATION_MAX_PER_IP", "2"}});
  auto c = strict.client();
  const std::string ip = "10.6." + std::to_string(std::random_device{}() % 250) + ".3";
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(c.post("/api/v1/auth/resend-verification", {{"email", unique_email("r")}},
                     {"X-Forwarded-For: " + ip})
                  .status,
              200);
  }
  EXPECT_EQ(c.post("/api/v1/auth/resend-verification", {{"email", unique_email("r")}},
                   {"X-Forwarded-For: " + ip})
                .status,
            429);
}

TEST_F(AuthApi, ExpiredAndForgedAccessTokensAreRejected) {
  TestApp short_lived(std::map<std::string, std::string>{{"JWT_ACCESS_TOKEN_EXPIRY", "1s"}});
  auto c = short_lived.client();
  auto reg = c.post(
      "/api/v1/auth/register",
      {{"email", unique_email("exp")}, {"password", "secret123"}, {"full_name", "Ex Pired"}});
  ASSERT_EQ(reg.status, 201);
  const auto token = reg.json["data"]["access_token"].get<std::string>();
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto expired = c.post("/api/v1/auth/logout", json::object(), {"Authorization: Bearer " + token});
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.json["error"]["code"], "AUTH_002");
  // header {"alg":"none","typ":"JWT"}, unsigned
  auto none = c.post("/api/v1/auth/logout", json::object(),
                     {"Authorization: Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
                      "eyJ1c2VyX2lkIjoieCIsImVtYWlsIjoieEB4LmNvbSIsInJvbGUiOiJhZG1pbiIsImV4cCI6"
                      "OTk5OTk5OTk5OX0."});
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json["error"]["code"], "INVALID_TOKEN");
}

}  // namespace
}  // namespace janji::testing
