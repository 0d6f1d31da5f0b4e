#include "core/common/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace janji::common {
namespace {

TEST(Utf8Length, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("caf\xC3\xA9"), 4u);       // é: 2 bytes
  EXPECT_EQ(utf8_length("\xE2\x82\xAC"), 1u);      // €: 3 bytes
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);  // 😀: 4 bytes
  std::string emoji;
  for (int i = 0; i < 600; ++i) emoji += "\xF0\x9F\x98\x80";
  EXPECT_EQ(emoji.size(), 2400u);
  EXPECT_EQ(utf8_length(emoji), 600u);
}

}  // namespace
}  // namespace janji::common
