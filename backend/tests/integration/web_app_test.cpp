// `janji serve` serving the built web app over real sockets: files, types, caching, gzip,
// deep links, what stays the API's JSON, and paths that try to leave WEB_DIR.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "support/test_app.hpp"

namespace janji::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIndex = "<!doctype html><html><head><title>Janji</title></head></html>";

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A dist/ as the front-end build writes it, beside a secret that must never be served.
class WebApp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto base = scratch_dir() / "web";
    const auto dist = base / "dist";
    write(dist / "index.html", kIndex);
    write(dist / "assets/app-abc123.js", "console.log('janji')");
    write(dist / "assets/app-abc123.js.gz", "PRETEND-GZIP");
    write(dist / "assets/app-abc123.css", "body{color:#111}");
    write(dist / "locales/id/common.json", "{\"hello\":\"halo\"}");
    write(dist / "favicon.ico", "ico");
    write(base / "secret.txt", "TOP-SECRET");
    std::error_code ignored;
    fs::create_symlink(base / "secret.txt", dist / "escape.txt", ignored);
    app() =
        std::make_unique<TestApp>(std::map<std::string, std::string>{{"WEB_DIR", dist.string()}});
  }
  static void TearDownTestSuite() { app().reset(); }

  static std::unique_ptr<TestApp>& app() {
    static std::unique_ptr<TestApp> instance;
    return instance;
  }
  HttpClient client() const { return app()->client(); }
};

TEST_F(WebApp, ServesFilesWithTypesAndCaching) {
  const auto index = client().get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.body, kIndex);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  EXPECT_EQ(index.header("referrer-policy"), "same-origin");
  EXPECT_EQ(index.header("x-content-type-options"), "nosniff");
  const auto csp = index.header("content-security-policy");
  for (const char* part : {"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                           "style-src 'self' 'unsafe-inline'", "form-action 'self'"}) {
    EXPECT_NE(csp.find(part), std::string::npos) << part << " in " << csp;
  }

  const auto js = client().get("/assets/app-abc123.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log('janji')");
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(client().get("/assets/app-abc123.css").header("content-type"),
            "text/css; charset=utf-8");
  const auto nested = client().get("/locales/id/common.json");
  EXPECT_EQ(nested.status, 200);
  EXPECT_EQ(nested.body, "{\"hello\":\"halo\"}");
  EXPECT_EQ(nested.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(nested.header("cache-control"), "no-cache");
  EXPECT_EQ(client().get("/favicon.ico").header("content-type"), "image/x-icon");
}

TEST_F(WebApp, GzipOnlyWhenAccepted) {
  const auto gz = client().get("/assets/app-abc123.js", {"Accept-Encoding: gzip, deflate"});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.body, "PRETEND-GZIP");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gz.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(gz.header("vary").find("Accept-Encoding"), std::string::npos);

  const auto plain = client().get("/assets/app-abc123.js", {"Accept-Encoding: identity"});
  EXPECT_EQ(plain.body, "console.log('janji')");
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_NE(plain.header("vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_EQ(client().get("/assets/app-abc123.js", {"Accept-Encoding: gzip;q=0"}).body,
            "console.log('janji')");
}

TEST_F(WebApp, EtagRevalidationAnswers304) {
  const auto first = client().get("/");
  const auto etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  const auto again = client().get("/", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  EXPECT_EQ(client().get("/", {"If-None-Match: \"stale\""}).status, 200);
}

TEST_F(WebApp, HeadHasHeadersWithoutBody) {
  const auto head = client().request("HEAD", "/assets/app-abc123.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(head.header("cache-control"), "public, max-age=31536000, immutable");
}

TEST_F(WebApp, DeepLinksAnswerIndex) {
  for (const char* path : {"/providers/abc", "/verify-email/tok-123", "/reset-password?token=x",
                           "/dashboard/bookings/42", "/locales"}) {
    const auto r = client().get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_EQ(r.header("cache-control"), "no-cache") << path;
  }
  // A missing hashed asset is a 404, not a page the browser would try to run.
  EXPECT_EQ(client().get("/assets/app-old.js").status, 404);
}

TEST_F(WebApp, ApiPathsAndOtherMethodsStayJson) {
  for (const char* path : {"/api/nope", "/api/v1/nope", "/api/v1/providers/x/y/z"}) {
    const auto r = client().get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.json["error"]["code"], "NOT_FOUND") << path;
    EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos) << path;
  }
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    const auto r =
        client().request(method, "/providers/abc", "{}", {"Content-Type: application/json"});
    EXPECT_TRUE(r.status == 404 || r.status == 405) << method << " " << r.status;
    EXPECT_TRUE(r.json.is_object()) << method << " " << r.body;
    EXPECT_EQ(r.body.find("<!doctype"), std::string::npos) << method;
  }
  // The API keeps its own headers.
  const auto health = client().get("/health");
  EXPECT_EQ(health.header("cache-control"), "no-store");
}

TEST_F(WebApp, TraversalNeverLeaves) {
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets%2f..%2f..%2fsecret.txt",
        "/escape.txt", "/%5c..%5csecret.txt", "/a%00/index.html"}) {
    const auto r = client().get(path);
    EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos) << path;
    EXPECT_NE(r.status, 200) << path << " " << r.body;
  }
}

// The ordinary test application: WEB_DIR names a directory that does not exist.
class WebAppMissing : public ::testing::Test {};

TEST_F(WebAppMissing, ExplainsHowToBuildAndKeepsTheApi) {
  TestApp app;
  const auto page = app.client().get("/");
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("not built"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("scripts/run.sh"), std::string::npos) << page.body;
  EXPECT_EQ(app.client().get("/providers/x").status, 404);
  EXPECT_EQ(app.client().get("/api/v1/nope").json["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(app.client().get("/health").status, 200);
  // The test clock does not exist unless TEST_CLOCK_API is on.
  const auto clock =
      app.client().request("PUT", "/api/v1/test/clock", R"({"offset_seconds":86400})",
                           {"Content-Type: application/json"});
  EXPECT_EQ(clock.status, 404);
  EXPECT_EQ(clock.json["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(app.client().get("/api/v1/test/clock").status, 404);
}

}  // namespace
}  // namespace janji::testing
