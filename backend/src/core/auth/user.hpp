#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace janji::auth {

enum class Role { kCustomer, kProvider, kAdmin };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct User {
  std::string id;
  std::string email;  // stored lowercased
  std::string password_hash;
  std::string full_name;
  std::string phone;
  Role role = Role::kCustomer;
  bool is_verified = false;
  bool is_active = true;              // false: deactivated; cannot log in, its tokens stop working
  std::int64_t token_generation = 0;  // bumped by a password change: older tokens die
  std::optional<std::string> avatar_url;
  std::string locale = "id";  // "id" or "en": language of the e-mails we send
  std::string created_at;     // ISO-8601 UTC
  std::string updated_at;
};

// Who is calling, as proven by a valid access token.
struct Principal {
  std::string user_id;
  std::string email;
  Role role = Role::kCustomer;
  std::string session_id{};  // the refresh-token family the access token was issued for
};

}  // namespace janji::auth
