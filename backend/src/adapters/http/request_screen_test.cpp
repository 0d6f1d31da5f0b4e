#include "adapters/http/request_screen.hpp"

#include <gtest/gtest.h>

#include <string>

namespace janji::http {
namespace {

const MessageLimits kLimits{};

RequestScreen::Verdict feed(RequestScreen& screen, const std::string& bytes) {
  return screen.feed(bytes.data(), bytes.size());
}

TEST(RequestScreen, PassesWellFormedRequestsWhole) {
  RequestScreen screen(&kLimits);
  EXPECT_TRUE(screen.between_messages());
  const std::string two =
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi";
  const auto v = feed(screen, two);
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.pass, two.size());
  EXPECT_TRUE(screen.between_messages());
}

TEST(RequestScreen, KnowsAPartlyReceivedRequestIsNotIdle) {
  RequestScreen screen(&kLimits);
  EXPECT_EQ(feed(screen, "GET /a HTT").status, 0);
  EXPECT_FALSE(screen.between_messages());
  EXPECT_EQ(feed(screen, "P/1.1\r\n\r\n").status, 0);
  EXPECT_TRUE(screen.between_messages());
}

TEST(RequestScreen, HoldsBackOnlyTheMalformedRequest) {
  // RESTinio gets the whole good request; the bad one is answered after it.
  RequestScreen screen(&kLimits);
  const std::string good = "GET /a HTTP/1.1\r\n\r\n";
  const auto v = feed(screen, good + "FOO /b HTTP/1.1\r\n\r\n");
  EXPECT_EQ(v.status, 501);
  EXPECT_EQ(v.pass, good.size());
}

TEST(RequestScreen, AMalformedRequestBegunInAnEarlierReadPassesNothingMore) {
  RequestScreen screen(&kLimits);
  EXPECT_EQ(feed(screen, "GET /a HTTP/1.1\r\nX-A: 1\r\n").status, 0);
  const auto v = feed(screen, std::string("X-B: a\0b\r\n\r\n", 12));
  EXPECT_EQ(v.status, 400);
  EXPECT_EQ(v.pass, 0u);
  // Once rejected, the rest of the connection is not parsed.
  EXPECT_EQ(feed(screen, "GET / HTTP/1.1\r\n\r\n").status, 0);
}

TEST(RequestScreen, StatusesFollowRfc9110) {
  struct Case {
    std::string bytes;
    int status;
  };
  std::string many;
  for (int i = 0; i < 201; ++i) many += "X" + std::to_string(i) + ": v\r\n";
  const Case cases[] = {
      {"FOO / HTTP/1.1\r\n\r\n", 501},
      {"get / HTTP/1.1\r\n\r\n", 501},
      {"GET /" + std::string(16 * 1024, 'u') + " HTTP/1.1\r\n\r\n", 414},
      {"GET / HTTP/1.1\r\nX: " + std::string(16 * 1024, 'v') + "\r\n\r\n", 431},
      {"GET / HTTP/1.1\r\n" + std::string(1025, 'n') + ": v\r\n\r\n", 431},
      {"GET / HTTP/1.1\r\n" + many + "\r\n", 431},
      {"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"GET nope HTTP/1.1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 16777217\r\n\r\n", 413},
      {"GET / HTTP/9.9\r\n\r\n", 505},
      {"GET / HTTP/2.0\r\n\r\n", 505},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.bytes.substr(0, 60));
    RequestScreen screen(&kLimits);
    EXPECT_EQ(feed(screen, c.bytes).status, c.status);
  }
}

TEST(RequestScreen, LimitsMatchRestinios) {
  // 200 fields, a name of 1 KiB and a value just under 16 KiB are fine (RESTinio's bounds).
  std::string fields;
  for (int i = 0; i < 199; ++i) fields += "X" + std::to_string(i) + ": v\r\n";
  fields += std::string(1024, 'n') + ": " + std::string(16 * 1024 - 1, 'v') + "\r\n";
  RequestScreen screen(&kLimits);
  EXPECT_EQ(
      feed(screen, "GET /" + std::string(16 * 1024 - 1, 'u') + " HTTP/1.1\r\n" + fields + "\r\n")
          .status,
      0);
}

TEST(RequestScreen, RejectionsAreCompleteAnswersInTheEnvelope) {
  for (int status : {400, 413, 414, 431, 501}) {
    const std::string text(RequestScreen::rejection(status, false));
    EXPECT_EQ(text.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0), 0u) << text;
    EXPECT_NE(text.find("Connection: close\r\n"), std::string::npos);
    EXPECT_NE(text.find("\r\n\r\n{\"success\":false,\"error\":{\"code\":\""), std::string::npos);
    const auto body = text.substr(text.find("\r\n\r\n") + 4);
    EXPECT_NE(text.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
              std::string::npos);
    EXPECT_EQ(text.find("Strict-Transport-Security"), std::string::npos);
    EXPECT_NE(std::string(RequestScreen::rejection(status, true)).find("Strict-Transport-Security"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace janji::http
