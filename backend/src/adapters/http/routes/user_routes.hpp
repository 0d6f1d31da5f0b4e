#pragma once

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/providers/catalog_service.hpp"

namespace janji::http {

// GET /api/v1/users/me (the account and the business it owns, so the web app knows a provider
// user's provider id) and PUT /api/v1/users/me (name, phone, locale).
void register_user_routes(Router& router, auth::AuthService& auth,
                          providers::CatalogService& catalog);

}  // namespace janji::http
