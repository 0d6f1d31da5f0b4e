#include "core/auth/credentials_policy.hpp"

#include <algorithm>
#include <cctype>

namespace janji::auth {

std::string normalize_email(std::string_view email) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!email.empty() && is_space(static_cast<unsigned char>(email.front()))) {
    email.remove_prefix(1);
  }
  while (!email.empty() && is_space(static_cast<unsigned char>(email.back()))) {
    email.remove_suffix(1);
  }
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::string> email_problem(std::string_view email) {
  if (email.empty()) return "is required";
  if (email.size() > 254) return "must be at most 254 characters";
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return "must be a valid e-mail address";
  }
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64 || domain.size() < 3) {
    return "must be a valid e-mail address";
  }
  for (const unsigned char c : email) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']') {
      return "must be a valid e-mail address";
    }
  }
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return "must be a valid e-mail address";
  }
  return std::nullopt;
}

std::optional<std::string> password_problem(std::string_view password) {
  if (password.empty()) return "is required";
  if (password.find('\0') != std::string_view::npos) return "must not contain NUL characters";
  if (password.size() > kMaxPasswordBytes) return "must be at most 72 bytes";
  // Count characters, not bytes, for the minimum: UTF-8 continuation bytes are 10xxxxxx.
  std::size_t chars = 0;
  bool letter = false;
  bool digit = false;
  for (const unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (std::isdigit(c)) digit = true;
    if (std::isalpha(c) || c >= 0x80) letter = true;
  }
  if (chars < kMinPasswordChars) return "must be at least 8 characters";
  if (!letter || !digit) return "must contain at least one letter and one digit";
  return std::nullopt;
}

}  // namespace janji::auth
