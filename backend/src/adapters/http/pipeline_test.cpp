#include "adapters/http/pipeline.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>

#include "adapters/http/envelope.hpp"

namespace janji::http {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    router_.add("GET", "/items/:id", [](Request& r) {
      return success(200, Json{{"id", r.param("id")}});
    });
    router_.add("DELETE", "/items/:id", [](Request&) { return message_only(200, "deleted"); });
    router_.add("GET", "/boom",
                [](Request&) -> Response { throw std::runtime_error("secret internal detail"); });
    router_.add("GET", "/boom-int", [](Request&) -> Response { throw 42; });
    // A fast lane that answers ids starting with "hot", declines others and throws on "bad".
    router_.add(
        "GET", "/fast/:id",
        [](Request&) {
          return success(200, Json{{"lane", "worker"}});
        },
        [](Request& r) -> std::optional<Response> {
          if (r.param("id") == "bad") throw std::runtime_error("fast lane failure");
          if (r.param("id").rfind("hot", 0) != 0) return std::nullopt;
          return success(200, Json{{"lane", "fast"}, {"id", r.param("id")}});
        });
  }

  std::optional<Response> run_fast(const std::string& method, const std::string& path,
                                   std::string body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.body = std::move(body);
    r.headers = {{"origin", "https://app.example.com"}};
    r.client_ip = "127.0.0.1";
    return pipeline_.try_fast(r);
  }

  Response run(const std::string& method, const std::string& path,
               std::vector<std::pair<std::string, std::string>> headers = {},
               std::string body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.client_ip = "127.0.0.1";
    return pipeline_.handle(r);
  }

  Router router_;
  Pipeline pipeline_{router_, PipelineOptions{{"https://app.example.com"}, 16, true, false, {}}};
};

TEST_F(PipelineTest, RoutesAndDecodesParameters) {
  auto r = run("GET", "/items/a%20b");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body)["data"]["id"], "a b");
}

TEST_F(PipelineTest, FastLaneAnswersWithTheUsualHeaders) {
  auto r = run_fast("GET", "/fast/hot1");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Json::parse(r->body)["data"]["lane"], "fast");
  EXPECT_TRUE(r->header("X-Request-ID").has_value());
  EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r->header("Access-Control-Allow-Origin"), "https://app.example.com");
  auto head = run_fast("HEAD", "/fast/hot2");
  ASSERT_TRUE(head.has_value());
  EXPECT_TRUE(head->body.empty());
}

TEST_F(PipelineTest, FastLaneDeclinesToTheWorkerPath) {
  EXPECT_FALSE(run_fast("GET", "/fast/cold").has_value());       // the handler declines
  EXPECT_FALSE(run_fast("GET", "/fast/bad").has_value());        // a throw is a decline
  EXPECT_FALSE(run_fast("GET", "/items/1").has_value());         // no fast lane on the route
  EXPECT_FALSE(run_fast("POST", "/fast/hot1").has_value());      // only GET and HEAD
  EXPECT_FALSE(run_fast("GET", "/fast/hot1", "x").has_value());  // never with a body
  EXPECT_FALSE(run_fast("GET", "/nope").has_value());
  EXPECT_EQ(Json::parse(run("GET", "/fast/cold").body)["data"]["lane"], "worker");
}

TEST_F(PipelineTest, UnknownPathIs404Json) {
  auto r = run("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  auto body = Json::parse(r.body);
  EXPECT_FALSE(body["success"].get<bool>());
  EXPECT_EQ(body["error"]["code"], "NOT_FOUND");
}

TEST_F(PipelineTest, KnownPathWithOtherMethodIs405WithAllow) {
  auto r = run("POST", "/items/1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow").value_or(""), "GET, DELETE");
  EXPECT_EQ(Json::parse(r.body)["error"]["code"], "METHOD_NOT_ALLOWED");
}

TEST_F(PipelineTest, ExceptionsBecome500WithRequestIdAndNoInternals) {
  for (const char* path : {"/boom", "/boom-int"}) {
    auto r = run("GET", path);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("secret internal detail"), std::string::npos);
    auto body = Json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], "INTERNAL_ERROR");
    EXPECT_EQ(body["error"]["request_id"], r.header("X-Request-ID").value_or("?"));
  }
}

TEST_F(PipelineTest, OversizedBodyIs413) {
  auto r = run("DELETE", "/items/1", {}, std::string(17, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Json::parse(r.body)["error"]["code"], "PAYLOAD_TOO_LARGE");
}

TEST_F(PipelineTest, HeadIsGetWithoutBody) {
  auto r = run("HEAD", "/items/7");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(PipelineTest, SecurityHeadersOnEveryResponse) {
  for (const auto& r : {run("GET", "/items/1"), run("GET", "/nope"), run("GET", "/boom")}) {
    EXPECT_EQ(r.header("X-Content-Type-Options").value_or(""), "nosniff");
    EXPECT_EQ(r.header("X-Frame-Options").value_or(""), "DENY");
    EXPECT_EQ(r.header("Referrer-Policy").value_or(""), "no-referrer");
    EXPECT_TRUE(r.header("Content-Security-Policy").has_value());
    EXPECT_TRUE(r.header("Strict-Transport-Security").has_value());  // production
    EXPECT_FALSE(r.header("X-Request-ID").value_or("").empty());
  }
}

TEST_F(PipelineTest, RequestIdIsEchoedWhenSafeAndReplacedOtherwise) {
  EXPECT_EQ(run("GET", "/items/1", {{"x-request-id", "abc-123"}}).header("X-Request-ID"),
            "abc-123");
  EXPECT_NE(run("GET", "/items/1", {{"x-request-id", "bad id\r\n"}}).header("X-Request-ID"),
            "bad id\r\n");
}

TEST_F(PipelineTest, CorsAllowsOnlyConfiguredOrigins) {
  auto allowed = run("GET", "/items/1", {{"origin", "https://app.example.com"}});
  EXPECT_EQ(allowed.header("Access-Control-Allow-Origin").value_or(""), "https://app.example.com");
  EXPECT_EQ(allowed.header("Access-Control-Allow-Credentials").value_or(""), "true");
  auto denied = run("GET", "/items/1", {{"origin", "https://evil.example.com"}});
  EXPECT_FALSE(denied.header("Access-Control-Allow-Origin").has_value());

  auto preflight =
      run("OPTIONS", "/items/1",
          {{"origin", "https://app.example.com"}, {"access-control-request-method", "DELETE"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_NE(preflight.header("Access-Control-Allow-Methods").value_or("").find("DELETE"),
            std::string::npos);
  EXPECT_NE(preflight.header("Access-Control-Allow-Headers").value_or("").find("Authorization"),
            std::string::npos);
}

TEST_F(PipelineTest, TrustedProxyHeaderOnlyWhenConfigured) {
  Router router;
  router.add("GET", "/ip", [](Request& r) { return success(200, Json{{"ip", r.client_ip}}); });
  Pipeline trusting(router, PipelineOptions{{}, 1024, false, true, {}});
  Pipeline plain(router, PipelineOptions{{}, 1024, false, false, {}});
  Request a;
  a.method = "GET";
  a.path = "/ip";
  a.client_ip = "127.0.0.1";
  // A client forged the first entry; the proxy appended the address it saw.
  a.headers = {{"x-forwarded-for", "10.9.9.9, 203.0.113.9"}};
  Request b = a;
  Request c = a;
  c.headers = {{"x-forwarded-for", "198.51.100.7"}};
  EXPECT_EQ(Json::parse(trusting.handle(a).body)["data"]["ip"], "203.0.113.9");
  EXPECT_EQ(Json::parse(plain.handle(b).body)["data"]["ip"], "127.0.0.1");
  EXPECT_EQ(Json::parse(trusting.handle(c).body)["data"]["ip"], "198.51.100.7");
}

TEST_F(PipelineTest, NotFoundHookAnswersUnmatchedPathsAndKeepsItsHeaders) {
  Router router;
  router.add("POST", "/form", [](Request&) { return message_only(200, "posted"); });
  const auto page = [](const Request& r) -> std::optional<Response> {
    if (r.path != "/page") return std::nullopt;
    Response out;
    out.set_header("Content-Type", "text/html; charset=utf-8");
    out.set_header("Cache-Control", "no-cache");
    out.set_header("Content-Security-Policy", "default-src 'self'");
    out.set_header("Referrer-Policy", "same-origin");
    out.set_header("Vary", "Accept-Encoding");
    out.body = "<p>hi</p>";
    return out;
  };
  Pipeline pipeline(router, PipelineOptions{{}, 1024, false, false, page});
  Request a;
  a.method = "GET";
  a.path = "/page";
  const auto answered = pipeline.handle(a);
  EXPECT_EQ(answered.status, 200);
  EXPECT_EQ(answered.body, "<p>hi</p>");
  EXPECT_EQ(answered.header("Cache-Control"), "no-cache");
  EXPECT_EQ(answered.header("Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(answered.header("Referrer-Policy"), "same-origin");
  EXPECT_EQ(answered.header("Vary"), "Accept-Encoding, Origin");
  EXPECT_EQ(answered.header("X-Content-Type-Options"), "nosniff");

  Request b;
  b.method = "GET";
  b.path = "/elsewhere";  // declined: the JSON 404 with the API's defaults
  const auto declined = pipeline.handle(b);
  EXPECT_EQ(declined.status, 404);
  EXPECT_EQ(Json::parse(declined.body)["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(declined.header("Cache-Control"), "no-store");
  EXPECT_EQ(declined.header("Referrer-Policy"), "no-referrer");

  Request c;
  c.method = "GET";
  c.path = "/form";  // a route exists for another method: 405, the hook is not asked
  EXPECT_EQ(pipeline.handle(c).status, 405);
}

TEST(PercentDecode, DecodesAndRejectsBrokenEscapes) {
  EXPECT_EQ(percent_decode("a%2Fb"), "a/b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_FALSE(percent_decode("%4").has_value());
  EXPECT_FALSE(percent_decode("%zz").has_value());
}

TEST(RequestCookies, FindsNamedCookie) {
  Request r;
  r.headers = {{"cookie", "a=1; refresh_token=xyz ; b=2"}};
  EXPECT_EQ(r.cookie("refresh_token"), "xyz");
  EXPECT_FALSE(r.cookie("missing").has_value());
}

}  // namespace
}  // namespace janji::http
