#include "adapters/http/static_site.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace janji::http {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// dist/ as Vite writes it, and a secret beside it that must never be served.
class StaticSiteTest : public ::testing::Test {
 protected:
  StaticSiteTest()
      : base_(fs::temp_directory_path() / ("janji-static-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(std::random_device{}()))),
        root_(base_ / "dist") {
    write(root_ / "index.html", "<!doctype html><title>Janji</title>");
    write(root_ / "assets/app-abc123.js", "console.log('app')");
    write(root_ / "assets/app-abc123.js.gz", "GZIP-BYTES");
    write(root_ / "assets/app-abc123.js.br", "BROTLI-BYTES");
    write(root_ / "assets/style-def456.css", "body{}");
    write(root_ / "icons/nested/logo.svg", "<svg/>");
    write(root_ / "site.webmanifest", "{}");
    write(root_ / "font.woff2", "w");
    write(root_ / "data.bin", "b");
    write(base_ / "secret.txt", "TOP-SECRET");
    fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
    fs::create_symlink(base_, root_ / "up");
    fs::create_symlink(root_ / "icons/nested/logo.svg", root_ / "logo-link.svg");
  }
  ~StaticSiteTest() override {
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  std::optional<Response> get(const std::string& path,
                              std::vector<std::pair<std::string, std::string>> headers = {},
                              const std::string& method = "GET") const {
    Request r;
    r.method = method;
    r.path = path;
    r.headers = std::move(headers);
    return StaticSite(root_).serve(r);
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticSiteTest, ServesFilesWithTheirTypes) {
  const auto cases = std::vector<std::pair<std::string, std::string>>{
      {"/", "text/html; charset=utf-8"},
      {"/index.html", "text/html; charset=utf-8"},
      {"/assets/app-abc123.js", "text/javascript; charset=utf-8"},
      {"/assets/style-def456.css", "text/css; charset=utf-8"},
      {"/icons/nested/logo.svg", "image/svg+xml"},
      {"/site.webmanifest", "application/manifest+json"},
      {"/font.woff2", "font/woff2"},
      {"/data.bin", "application/octet-stream"},
  };
  for (const auto& [path, type] : cases) {
    const auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->header("Content-Type"), type) << path;
  }
  EXPECT_EQ(get("/icons/nested/logo.svg")->body, "<svg/>");
  EXPECT_EQ(content_type_for("a.MJS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.js.map"), "application/json; charset=utf-8");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("LICENSE"), "application/octet-stream");
}

TEST_F(StaticSiteTest, AssetsAreImmutableAndPagesRevalidate) {
  EXPECT_EQ(get("/assets/style-def456.css")->header("Cache-Control"),
            "public, max-age=31536000, immutable");
  const auto index = get("/");
  EXPECT_EQ(index->header("Cache-Control"), "no-cache");
  EXPECT_NE(index->header("Content-Security-Policy").value_or("").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(index->header("Referrer-Policy"), "same-origin");
  EXPECT_EQ(get("/icons/nested/logo.svg")->header("Cache-Control"), "no-cache");
  EXPECT_FALSE(get("/icons/nested/logo.svg")->header("Content-Security-Policy"));
}

TEST_F(StaticSiteTest, DeepLinksAnswerIndexButMissingAssetsDoNot) {
  for (const char* path : {"/providers/abc", "/verify-email/tok-123", "/icons", "/icons/",
                           "/reset-password", "/no.such.file"}) {
    const auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body, "<!doctype html><title>Janji</title>") << path;
  }
  EXPECT_FALSE(get("/assets/app-old999.js"));
  EXPECT_FALSE(get("/assets/"));
}

TEST_F(StaticSiteTest, PrecompressedFilesFollowAcceptEncoding) {
  const auto plain = get("/assets/app-abc123.js");
  EXPECT_EQ(plain->body, "console.log('app')");
  EXPECT_FALSE(plain->header("Content-Encoding"));
  EXPECT_EQ(plain->header("Vary"), "Accept-Encoding");

  const auto gz = get("/assets/app-abc123.js", {{"accept-encoding", "gzip, deflate"}});
  EXPECT_EQ(gz->body, "GZIP-BYTES");
  EXPECT_EQ(gz->header("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->header("Content-Type"), "text/javascript; charset=utf-8");

  EXPECT_EQ(get("/assets/app-abc123.js", {{"accept-encoding", "gzip, br"}})->body, "BROTLI-BYTES");
  EXPECT_EQ(get("/assets/app-abc123.js", {{"accept-encoding", "br;q=0, gzip;q=0.5"}})->body,
            "GZIP-BYTES");
  EXPECT_EQ(get("/assets/app-abc123.js", {{"accept-encoding", "gzip;q=0"}})->body,
            "console.log('app')");
  EXPECT_EQ(get("/assets/app-abc123.js", {{"accept-encoding", "*"}})->header("Content-Encoding"),
            "br");
  EXPECT_EQ(get("/assets/app-abc123.js", {{"accept-encoding", "identity"}})->body,
            "console.log('app')");
  // A file without a compressed sibling says nothing about encodings.
  EXPECT_FALSE(get("/assets/style-def456.css", {{"accept-encoding", "gzip"}})->header("Vary"));
}

TEST_F(StaticSiteTest, EtagsGive304) {
  const auto first = get("/assets/app-abc123.js");
  const auto etag = first->header("ETag").value_or("");
  ASSERT_FALSE(etag.empty());
  const auto again = get("/assets/app-abc123.js", {{"if-none-match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->header("ETag"), etag);
  EXPECT_EQ(get("/assets/app-abc123.js", {{"if-none-match", "\"other\", W/" + etag}})->status, 304);
  EXPECT_EQ(get("/assets/app-abc123.js", {{"if-none-match", "\"other\""}})->status, 200);
  // The gzip variant is another representation: another tag.
  const auto gz = get("/assets/app-abc123.js", {{"accept-encoding", "gzip"}});
  EXPECT_NE(gz->header("ETag"), etag);
  EXPECT_EQ(
      get("/assets/app-abc123.js", {{"if-none-match", etag}, {"accept-encoding", "gzip"}})->status,
      200);
}

TEST_F(StaticSiteTest, NeverLeavesTheDirectory) {
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/..%2fsecret.txt", "/assets%2f..%2f..%2fsecret.txt", "/leak.txt", "/up/secret.txt",
        "/a\\..\\secret.txt", "/%5c../secret.txt", "/x%00.html", "/./index.html", "/%zz"}) {
    const auto r = get(path);
    if (r) {
      EXPECT_EQ(r->body.find("TOP-SECRET"), std::string::npos) << path;
    }
    EXPECT_FALSE(r) << path;
  }
  // A symlink that stays inside is an ordinary file.
  EXPECT_EQ(get("/logo-link.svg")->body, "<svg/>");
}

TEST_F(StaticSiteTest, OnlyGetAndHeadOutsideTheApi) {
  EXPECT_FALSE(get("/api/v1/nope"));
  EXPECT_FALSE(get("/api"));
  EXPECT_FALSE(get("/%61pi/v1/nope"));
  EXPECT_FALSE(get("/", {}, "POST"));
  EXPECT_FALSE(get("/providers/abc", {}, "DELETE"));
  const auto head = get("/assets/app-abc123.js", {}, "HEAD");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_FALSE(get("/apiary") == std::nullopt);  // only the /api/ prefix is the API's
}

TEST_F(StaticSiteTest, MissingDirectoryAnswersNotBuiltPage) {
  Request r;
  r.method = "GET";
  r.path = "/providers/abc";
  const StaticSite missing(base_ / "nope");
  EXPECT_FALSE(missing.available());
  const auto page = missing.serve(r);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_EQ(page->header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("scripts/run.sh"), std::string::npos);
  r.path = "/api/v1/x";
  EXPECT_FALSE(missing.serve(r));

  // The first build after start-up is served without a restart.
  write(base_ / "nope/index.html", "<p>built</p>");
  EXPECT_TRUE(missing.available());
  r.path = "/providers/abc";
  EXPECT_EQ(missing.serve(r)->body, "<p>built</p>");
}

}  // namespace
}  // namespace janji::http
