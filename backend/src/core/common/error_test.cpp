#include "core/common/error.hpp"

#include <gtest/gtest.h>

#include "core/common/clock.hpp"

namespace janji::common {
namespace {

TEST(ErrorMapping, FactoriesUseTheSpecCodes) {
  EXPECT_EQ(Error::invalid("x").code, "VALIDATION_001");
  EXPECT_EQ(Error::missing_fields({{"a", "is required"}}).code, "VALIDATION_002");
  EXPECT_EQ(Error::forbidden().code, "AUTH_003");
  EXPECT_EQ(Error::rate_limited(0).retry_after_seconds, 1);
  EXPECT_EQ(Error::rate_limited(90).code, "RATE_LIMIT_EXCEEDED");
  EXPECT_EQ(Error::internal().message, "Internal server error");
}

TEST(Instants, FormatAndParseBothStorageForms) {
  const auto t = from_unix_seconds(1764064800);  // 2025-11-25T10:00:00Z
  EXPECT_EQ(format_instant(t), "2025-11-25T10:00:00Z");
  EXPECT_EQ(parse_instant("2025-11-25T10:00:00Z"), t);
  EXPECT_EQ(parse_instant("2025-11-25 10:00:00+00"), t);
  EXPECT_EQ(parse_instant("2025-11-25 10:00:00.123456+00"), t);
  EXPECT_FALSE(parse_instant("2025-11-25 10:00:00+07").has_value());
  EXPECT_FALSE(parse_instant("2025-02-30T10:00:00Z").has_value());
  EXPECT_FALSE(parse_instant("garbage").has_value());
}

}  // namespace
}  // namespace janji::common
