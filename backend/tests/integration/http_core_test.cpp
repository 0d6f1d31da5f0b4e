// The HTTP core over real sockets: envelope, 404/405/413, HEAD, CORS, headers, health.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/shared_app_suite.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

class HttpCore : public SharedAppSuite {};

TEST_F(HttpCore, HealthAndReadiness) {
  auto health = client().get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json["data"]["status"], "ok");
  auto ready = client().get("/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json["data"]["checks"]["database"], "ok");
  if (using_redis()) {
    EXPECT_EQ(ready.json["data"]["checks"]["redis"], "ok");
  }
}

TEST_F(HttpCore, UnknownRoutesAre404Json) {
  for (const char* path : {"/api/v1/nope", "/api/v1/auth/login/extra", "/api/v1"}) {
    auto r = client().get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.json["error"]["code"], "NOT_FOUND") << path;
    EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
  }
}

TEST_F(HttpCore, WrongMethodIs405WithAllow) {
  auto r = client().get("/api/v1/auth/login");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST");
  EXPECT_EQ(r.json["error"]["code"], "METHOD_NOT_ALLOWED");
}

TEST_F(HttpCore, BodiesOverOneMebibyteAre413) {
  for (const std::size_t size : {std::size_t{(1 << 20) + 10}, std::size_t{10} << 20}) {
    const std::string big = "{\"email\":\"" + std::string(size, 'a') + "\"}";
    auto r =
        client().request("POST", "/api/v1/auth/login", big, {"Content-Type: application/json"});
    EXPECT_EQ(r.status, 413) << size;
    EXPECT_EQ(r.json["error"]["code"], "PAYLOAD_TOO_LARGE");
  }
  // The server is fine afterwards.
  EXPECT_EQ(client().get("/health").status, 200);
}

// Media types are case-insensitive (RFC 9110 8.3.1): the body is read, so the login fails on
// the credentials (401), not on the Content-Type (400).
TEST_F(HttpCore, JsonMediaTypeInAnyCase) {
  const std::string body = R"({"email":"nobody@example.com","password":"wrong-pass-1"})";
  for (const char* type :
       {"Content-Type: APPLICATION/JSON", "Content-Type: Application/Json;Charset=UTF-8"}) {
    auto r = client().request("POST", "/api/v1/auth/login", body, {type});
    EXPECT_EQ(r.status, 401) << type << " " << r.body;
    EXPECT_EQ(r.json["error"]["code"], "AUTH_001") << type;
  }
  auto text = client().request("POST", "/api/v1/auth/login", body, {"Content-Type: text/plain"});
  EXPECT_EQ(text.status, 400) << text.body;
}

TEST_F(HttpCore, HeadAnswersLikeGetWithoutBody) {
  auto r = client().request("HEAD", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(HttpCore, SecurityHeadersAndRequestId) {
  auto r = client().get("/health", {"X-Request-ID: trace-42"});
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  EXPECT_FALSE(r.header("content-security-policy").empty());
  EXPECT_EQ(r.header("x-request-id"), "trace-42");
  EXPECT_FALSE(client().get("/health").header("x-request-id").empty());
}

TEST_F(HttpCore, CorsPreflightForConfiguredOriginOnly) {
  auto ok =
      client().request("OPTIONS", "/api/v1/auth/login", "",
                       {"Origin: http://localhost:5173", "Access-Control-Request-Method: POST",
                        "Access-Control-Request-Headers: content-type"});
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.header("access-control-allow-origin"), "http://localhost:5173");
  EXPECT_EQ(ok.header("access-control-allow-credentials"), "true");
  EXPECT_NE(ok.header("access-control-allow-methods").find("POST"), std::string::npos);
  auto other = client().get("/health", {"Origin: https://evil.example.com"});
  EXPECT_TRUE(other.header("access-control-allow-origin").empty());
}

TEST_F(HttpCore, ManyConcurrentClientsAreServed) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 10; ++j) {
        if (client().get("/health").status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 160);
}

// Several listeners share the port (SO_REUSEPORT), yet a second server on a port in use must
// still fail to start instead of quietly taking half the connections.
TEST(HttpListeners, SecondServerOnABusyPortIsRefused) {
  TestApp first(std::map<std::string, std::string>{{"IO_THREADS", "2"}});
  EXPECT_EQ(first.client().get("/health").status, 200);
  const auto port = std::to_string(first.app().port());
  auto config = test_config({{"IO_THREADS", "2"}, {"PORT", port}});
  app::Application second(config);
  EXPECT_THROW(second.start(), std::runtime_error);
  EXPECT_EQ(first.client().get("/health").status, 200);
}

TEST(HttpListeners, OneAndFourListenersServe) {
  for (const char* threads : {"1", "4"}) {
    TestApp app(std::map<std::string, std::string>{{"IO_THREADS", threads}});
    for (int i = 0; i < 20; ++i) EXPECT_EQ(app.client().get("/health").status, 200) << threads;
  }
}

}  // namespace
}  // namespace janji::testing
