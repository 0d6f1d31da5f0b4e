#pragma once

#include <chrono>
#include <nlohmann/json.hpp>

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"

namespace janji::http {

struct AuthRouteOptions {
  bool secure_cookies = false;  // Secure flag on the refresh cookie (production)
  std::chrono::seconds refresh_ttl{7 * 24 * 3600};
};

// POST register, login, refresh, logout, forgot-password, reset-password; GET verify-email.
void register_auth_routes(Router& router, auth::AuthService& auth, AuthRouteOptions options);

// The public JSON form of a user (never the password hash).
nlohmann::json user_json(const auth::User& user);

}  // namespace janji::http
