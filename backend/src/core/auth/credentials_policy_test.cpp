#include "core/auth/credentials_policy.hpp"

#include <gtest/gtest.h>

namespace janji::auth {
namespace {

TEST(PasswordPolicy, AcceptsLettersAndDigitsFrom8To72Bytes) {
  EXPECT_FALSE(password_problem("secret12").has_value());
  EXPECT_FALSE(password_problem(std::string(71, 'a') + "1").has_value());
  EXPECT_FALSE(password_problem("kata sandi 2026").has_value());
  EXPECT_FALSE(password_problem("rahasia\xC3\xA9"
                                "1")
                   .has_value());  // UTF-8 counts as letters
}

TEST(PasswordPolicy, RejectsWeakLongAndNul) {
  EXPECT_EQ(password_problem(""), "is required");
  EXPECT_TRUE(password_problem("abc1234").has_value());                   // 7 characters
  EXPECT_TRUE(password_problem("abcdefgh").has_value());                  // no digit
  EXPECT_TRUE(password_problem("12345678").has_value());                  // no letter
  EXPECT_TRUE(password_problem(std::string(72, 'a') + "1").has_value());  // 73 bytes
  EXPECT_TRUE(password_problem(std::string("abcd\0"
                                           "1234",
                                           9))
                  .has_value());
}

TEST(PasswordPolicy, CountsCharactersNotBytesForTheMinimum) {
  // Four 2-byte characters and three digits: 7 characters, 11 bytes.
  EXPECT_TRUE(password_problem("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                               "123")
                  .has_value());
}

TEST(EmailPolicy, NormalisesAndValidates) {
  EXPECT_EQ(normalize_email("  Budi@Example.COM "), "budi@example.com");
  EXPECT_FALSE(email_problem("budi@example.com").has_value());
  EXPECT_FALSE(email_problem("budi.santoso+janji@mail.example.co.id").has_value());
  for (const char* bad :
       {"", "budi", "budi@", "@example.com", "budi@example", "a@b@c.com", "budi @example.com",
        "budi@exa mple.com", "budi@.example.com", "budi@example.com.", "bu..di@example.com",
        "<budi>@example.com", "budi@example.com\r\nBcc: x@y.z"}) {
    EXPECT_TRUE(email_problem(bad).has_value()) << bad;
  }
  EXPECT_TRUE(email_problem(std::string(65, 'a') + "@example.com").has_value());
}

}  // namespace
}  // namespace janji::auth
