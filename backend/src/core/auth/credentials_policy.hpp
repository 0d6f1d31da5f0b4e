#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace janji::auth {

// Lowercases and trims an e-mail address; login and registration agree on one spelling.
std::string normalize_email(std::string_view email);

// A pragmatic address check (RFC 5321 lengths, one @, a dotted domain, no spaces or controls).
// Returns the problem, or nullopt when acceptable.
std::optional<std::string> email_problem(std::string_view email);

// At least 8 characters with a letter and a digit; at most 72 bytes and no NUL, because bcrypt
// silently truncates at 72 bytes and C strings stop at NUL.
std::optional<std::string> password_problem(std::string_view password);

inline constexpr std::size_t kMaxPasswordBytes = 72;
inline constexpr std::size_t kMinPasswordChars = 8;

}  // namespace janji::auth
