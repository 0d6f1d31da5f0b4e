#include "core/providers/provider.hpp"

#include <array>

namespace janji::providers {

bool is_business_type(std::string_view text) {
  static constexpr std::array<std::string_view, 4> kTypes = {"doctor", "salon", "consultant",
                                                             "studio"};
  for (const auto t : kTypes) {
    if (t == text) return true;
  }
  return false;
}

bool can_manage(const auth::Principal& who, const Provider& provider) {
  return can_manage(who, provider.user_id);
}

bool can_manage(const auth::Principal& who, std::string_view owner_user_id) {
  return who.role == auth::Role::kAdmin || who.user_id == owner_user_id;
}

}  // namespace janji::providers
