#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "adapters/http/http_types.hpp"
#include "core/auth/auth_service.hpp"

namespace janji::http {

// "Authorization: Bearer <token>" -> token; nullopt when absent or another scheme.
std::optional<std::string> bearer_token(const Request& request);

// SPEC's AuthRequired: 401 AUTH_REQUIRED without a token, INVALID_TOKEN / AUTH_002 (expired)
// for a bad one; on success request.principal is set and `next` runs.
Handler require_auth(const auth::AuthService& auth, Handler next);

// SPEC's RoleRequired on top of require_auth: 403 AUTH_003 when the role is not listed.
Handler require_role(const auth::AuthService& auth, std::initializer_list<auth::Role> roles,
                     Handler next);

// For public endpoints where owners and admins see more: the principal of a valid bearer token;
// nullopt without one or for a bad one (a stale token must not break a public page).
std::optional<auth::Principal> optional_principal(const auth::AuthService& auth,
                                                  const Request& request);

}  // namespace janji::http
