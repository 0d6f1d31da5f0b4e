#include "adapters/http/auth_middleware.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "adapters/http/envelope.hpp"

namespace janji::http {

std::optional<std::string> bearer_token(const Request& request) {
  const auto value = request.header("authorization");
  if (!value || value->size() < 7) return std::nullopt;
  std::string scheme = value->substr(0, 7);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "bearer ") return std::nullopt;
  std::string token = value->substr(7);
  while (!token.empty() && token.front() == ' ') token.erase(token.begin());
  while (!token.empty() && token.back() == ' ') token.pop_back();
  if (token.empty()) return std::nullopt;
  return token;
}

Handler require_auth(const auth::AuthService& auth, Handler next) {
  return [&auth, next = std::move(next)](Request& request) -> Response {
    const auto token = bearer_token(request);
    if (!token) {
      return error_response(
          common::Error::unauthenticated("AUTH_REQUIRED", "Authorization header is required"));
    }
    auto principal = auth.authenticate(*token);
    if (!principal) return error_response(principal.error());
    request.principal = std::move(*principal);
    return next(request);
  };
}

Handler require_role(const auth::AuthService& auth, std::initializer_list<auth::Role> roles,
                     Handler next) {
  std::vector<auth::Role> allowed(roles);
  return require_auth(auth, [allowed, next = std::move(next)](Request& request) -> Response {
    if (std::find(allowed.begin(), allowed.end(), request.principal->role) == allowed.end()) {
      return error_response(common::Error::forbidden());
    }
    return next(request);
  });
}

std::optional<auth::Principal> optional_principal(const auth::AuthService& auth,
                                                  const Request& request) {
  const auto token = bearer_token(request);
  if (!token) return std::nullopt;
  auto principal = auth.authenticate(*token);
  if (!principal) return std::nullopt;
  return std::move(*principal);
}

}  // namespace janji::http
