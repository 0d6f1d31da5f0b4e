#include "core/auth/user.hpp"

namespace janji::auth {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kCustomer:
      return "customer";
    case Role::kProvider:
      return "provider";
    case Role::kAdmin:
      return "admin";
  }
  return "customer";  // unreachable: the switch covers the closed enum
}

// Exact, case-sensitive: roles are stored and signed in lowercase only.
std::optional<Role> parse_role(std::string_view text) {
  if (text == "customer") return Role::kCustomer;
  if (text == "provider") return Role::kProvider;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

}  // namespace janji::auth
