#include "adapters/http/envelope.hpp"

#include <gtest/gtest.h>

#include <string>

namespace janji::http {
namespace {

Request json_post(const std::string& content_type) {
  Request r;
  r.method = "POST";
  r.path = "/api/v1/auth/login";
  r.headers.emplace_back("content-type", content_type);
  r.body = R"({"email":"a@example.com"})";
  return r;
}

TEST(HttpStatus, EveryErrorKindHasOneStatus) {
  EXPECT_EQ(http_status(common::ErrorKind::kInvalidArgument), 400);
  EXPECT_EQ(http_status(common::ErrorKind::kUnauthenticated), 401);
  EXPECT_EQ(http_status(common::ErrorKind::kPermissionDenied), 403);
  EXPECT_EQ(http_status(common::ErrorKind::kNotFound), 404);
  EXPECT_EQ(http_status(common::ErrorKind::kConflict), 409);
  EXPECT_EQ(http_status(common::ErrorKind::kPayloadTooLarge), 413);
  EXPECT_EQ(http_status(common::ErrorKind::kFailedPrecondition), 422);
  EXPECT_EQ(http_status(common::ErrorKind::kRateLimited), 429);
  EXPECT_EQ(http_status(common::ErrorKind::kInternal), 500);
  EXPECT_EQ(http_status(common::ErrorKind::kUnavailable), 503);
}

TEST(ParseJsonObject, MediaTypeIsCaseInsensitiveAndTakesParameters) {
  for (const std::string type :
       {"application/json", "APPLICATION/JSON", "Application/Json; charset=UTF-8",
        "application/json;charset=utf-8", " application/json ; charset=utf-8"}) {
    const auto parsed = parse_json_object(json_post(type));
    ASSERT_TRUE(parsed) << type;
    EXPECT_EQ(parsed->at("email"), "a@example.com") << type;
  }
}

TEST(ParseJsonObject, OtherMediaTypesAreRefused) {
  for (const std::string type :
       {"text/plain", "application/jsonp", "application/x-www-form-urlencoded",
        "text/plain; x=application/json", "multipart/form-data", ""}) {
    const auto parsed = parse_json_object(json_post(type));
    ASSERT_FALSE(parsed) << type;
    EXPECT_EQ(parsed.error().code, "VALIDATION_001") << type;
    EXPECT_EQ(parsed.error().details.at("content-type"), "must be application/json") << type;
  }
}

TEST(ParseJsonObject, MissingContentTypeIsReadAsJson) {
  Request r = json_post("x");
  r.headers.clear();
  EXPECT_TRUE(parse_json_object(r));
}

}  // namespace
}  // namespace janji::http
