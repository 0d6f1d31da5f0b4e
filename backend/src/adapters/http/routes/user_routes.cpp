#include "adapters/http/routes/user_routes.hpp"

#include <set>
#include <string>

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/auth_routes.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/http/routes/provider_routes.hpp"

namespace janji::http {

namespace {

const std::set<std::string> kUpdatableUserFields = {"full_name", "phone", "locale"};
// Changed elsewhere (password, e-mail verification) or never.
const std::set<std::string> kFixedUserFields = {
    "id",         "email",      "role",          "is_verified", "is_active",       "password",
    "created_at", "updated_at", "password_hash", "avatar_url",  "token_generation"};

Response me(auth::AuthService& auth, providers::CatalogService& catalog, Request& request) {
  auto user = auth.profile(*request.principal);
  if (!user) return error_response(user.error());
  auto provider = catalog.own_provider(*request.principal);
  if (!provider) return error_response(provider.error());
  return success(200, Json{{"user", user_json(*user)},
                           {"provider", *provider ? provider_json(**provider) : Json(nullptr)}});
}

Response update_me(auth::AuthService& auth, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields fields(*body, problems);
  fields.reject_other_fields(kUpdatableUserFields, kFixedUserFields);
  auth::ProfileUpdate update;
  // A name and a locale cannot be cleared: null is refused, not ignored.
  const auto cleared = [&body](const char* name) {
    const auto it = body->find(name);
    return it != body->end() && it->is_null();
  };
  if (cleared("full_name")) problems.invalid("full_name", "must be a string");
  if (cleared("locale")) problems.invalid("locale", "must be one of id, en");
  update.full_name = fields.string("full_name");
  // null or "" clears the phone.
  if (auto phone = fields.nullable_string("phone")) update.phone = phone->value_or("");
  update.locale = fields.one_of("locale", {"id", "en"});
  if (auto e = problems.error()) return error_response(*e);
  auto updated = auth.update_profile(*request.principal, update);
  if (!updated) return error_response(updated.error());
  return success(200, Json{{"user", user_json(*updated)}});
}

}  // namespace

void register_user_routes(Router& router, auth::AuthService& auth,
                          providers::CatalogService& catalog) {
  router.add("GET", "/api/v1/users/me", require_auth(auth, [&auth, &catalog](Request& request) {
               return me(auth, catalog, request);
             }));
  router.add("PUT", "/api/v1/users/me",
             require_auth(auth, [&auth](Request& request) { return update_me(auth, request); }));
}

}  // namespace janji::http
