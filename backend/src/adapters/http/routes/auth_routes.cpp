#include "adapters/http/routes/auth_routes.hpp"

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"

namespace janji::http {

namespace {

constexpr const char* kCookieName = "refresh_token";
constexpr const char* kCookiePath = "/api/v1/auth";

std::string refresh_cookie(const std::string& token, long long max_age, bool secure) {
  std::string cookie = std::string(kCookieName) + "=" + token + "; Path=" + kCookiePath +
                       "; Max-Age=" + std::to_string(max_age) + "; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie;
}

// Not a secret: "this browser has a session", readable by the web app (not HttpOnly) so that a
// visitor who never signed in is not sent to /auth/refresh on every page load. It lives as
// long as the refresh cookie and dies with it on logout.
std::string session_hint_cookie(long long max_age, bool secure) {
  std::string cookie = std::string("janji_session=") + (max_age > 0 ? "1" : "") +
                       "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie;
}

Response session_response(int status, const auth::Session& session, const AuthRouteOptions& o,
                          bool include_user) {
  const auto expires_in = std::chrono::duration_cast<std::chrono::seconds>(
                              session.access_expires_at - session.issued_at)
                              .count();
  Json data = {{"access_token", session.access_token},
               {"refresh_token", session.refresh_token},
               {"token_type", "Bearer"},
               {"expires_in", expires_in < 0 ? 0 : expires_in}};
  if (include_user) data["user"] = user_json(session.user);
  Response r = success(status, data);
  r.set_header("Set-Cookie",
               refresh_cookie(session.refresh_token, o.refresh_ttl.count(), o.secure_cookies));
  r.add_header("Set-Cookie", session_hint_cookie(o.refresh_ttl.count(), o.secure_cookies));
  return r;
}

// The refresh token comes from the body (API clients) or the httpOnly cookie (browsers).
std::optional<std::string> presented_refresh_token(const Request& request, const Json* body) {
  if (body) {
    const auto it = body->find("refresh_token");
    if (it != body->end() && it->is_string() && !it->get<std::string>().empty()) {
      return it->get<std::string>();
    }
  }
  return request.cookie(kCookieName);
}

}  // namespace

Json user_json(const auth::User& user) {
  return Json{{"id", user.id},
              {"email", user.email},
              {"full_name", user.full_name},
              {"phone", user.phone},
              {"role", std::string(auth::to_string(user.role))},
              {"is_verified", user.is_verified},
              {"avatar_url", user.avatar_url ? Json(*user.avatar_url) : Json(nullptr)},
              {"locale", user.locale},
              {"created_at", user.created_at},
              {"updated_at", user.updated_at}};
}

void register_auth_routes(Router& router, auth::AuthService& auth, AuthRouteOptions options) {
  router.add("POST", "/api/v1/auth/register", [&auth, options](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return error_response(body.error());
    FieldReader fields(*body);
    auth::RegisterInput input;
    // Type errors here; presence and format are checked by the service, all in one report.
    input.email = fields.optional_string("email");
    input.password = fields.optional_string("password");
    input.full_name = fields.optional_string("full_name");
    input.phone = fields.optional_string("phone");
    input.role = fields.optional_string("role");
    input.locale = fields.optional_string("locale");
    if (auto e = fields.error()) return error_response(*e);
    auto session = auth.register_user(input, request.client_ip);
    if (!session) return error_response(session.error());
    return session_response(201, *session, options, true);
  });

  router.add("POST", "/api/v1/auth/login", [&auth, options](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return error_response(body.error());
    FieldReader fields(*body);
    const auto email = fields.required_string("email");
    const auto password = fields.required_string("password");
    if (auto e = fields.error()) return error_response(*e);
    auto session = auth.login(email, password, request.client_ip);
    if (!session) return error_response(session.error());
    return session_response(200, *session, options, true);
  });

  router.add("POST", "/api/v1/auth/refresh", [&auth, options](Request& request) {
    std::optional<Json> body;
    if (!request.body.empty()) {
      auto parsed = parse_json_object(request);
      if (!parsed) return error_response(parsed.error());
      body = std::move(*parsed);
    }
    if (body) {
      const auto it = body->find("refresh_token");
      if (it != body->end() && !it->is_null() && !it->is_string()) {
        return error_response(
            common::Error::invalid("Invalid input", {{"refresh_token", "must be a string"}}));
      }
    }
    const auto token = presented_refresh_token(request, body ? &*body : nullptr);
    if (!token) {
      return error_response(common::Error::missing_fields({{"refresh_token", "is required"}}));
    }
    auto session = auth.refresh(*token);
    if (!session) return error_response(session.error());
    // With the user, a reloaded web app is signed in again in one round trip.
    return session_response(200, *session, options, true);
  });

  router.add("POST", "/api/v1/auth/logout", require_auth(auth, [&auth, options](Request& request) {
               std::optional<Json> body;
               if (!request.body.empty()) {
                 auto parsed = parse_json_object(request);
                 if (!parsed) return error_response(parsed.error());
                 body = std::move(*parsed);
               }
               const auto token = presented_refresh_token(request, body ? &*body : nullptr);
               if (auto r = auth.logout(*request.principal, token); !r) {
                 return error_response(r.error());
               }
               Response response = message_only(200, "Logged out");
               response.set_header("Set-Cookie", refresh_cookie("", 0, options.secure_cookies));
               response.add_header("Set-Cookie", session_hint_cookie(0, options.secure_cookies));
               return response;
             }));

  // Both answer the same for every address: only the format and the limits can fail here.
  using LinkRequest = common::Status (auth::AuthService::*)(const std::string&, const std::string&);
  const auto add_link_request = [&router, &auth](const char* path, LinkRequest request_link,
                                                 const char* answer) {
    router.add("POST", path, [&auth, request_link, answer](Request& request) {
      auto body = parse_json_object(request);
      if (!body) return error_response(body.error());
      FieldReader fields(*body);
      const auto email = fields.required_string("email");
      if (auto e = fields.error()) return error_response(*e);
      if (auto r = (auth.*request_link)(email, request.client_ip); !r) {
        return error_response(r.error());
      }
      return message_only(200, answer);
    });
  };
  add_link_request("/api/v1/auth/forgot-password", &auth::AuthService::forgot_password,
                   "If that email address is registered, we have sent a link to reset the "
                   "password.");
  add_link_request("/api/v1/auth/resend-verification", &auth::AuthService::resend_verification,
                   "If that email address is registered and not yet verified, we have sent a "
                   "new verification link.");

  // A fresh session comes back (cookie included): every other session and every access token
  // issued before, this one's included, has ended.
  router.add("POST", "/api/v1/auth/change-password",
             require_auth(auth, [&auth, options](Request& request) {
               auto body = parse_json_object(request);
               if (!body) return error_response(body.error());
               FieldReader fields(*body);
               const auto current = fields.required_string("current_password");
               const auto replacement = fields.required_string("new_password");
               if (auto e = fields.error()) return error_response(*e);
               auto session = auth.change_password(*request.principal, current, replacement,
                                                   request.client_ip);
               if (!session) return error_response(session.error());
               return session_response(200, *session, options, true);
             }));

  router.add("POST", "/api/v1/auth/reset-password", [&auth](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return error_response(body.error());
    FieldReader fields(*body);
    const auto token = fields.required_string("token");
    const auto password = fields.required_string("new_password");
    if (auto e = fields.error()) return error_response(*e);
    if (auto r = auth.reset_password(token, password); !r) return error_response(r.error());
    return message_only(200, "Your password has been reset. Please log in again.");
  });

  router.add("GET", "/api/v1/auth/verify-email/:token", [&auth](Request& request) {
    if (auto r = auth.verify_email(request.param("token")); !r) return error_response(r.error());
    return message_only(200, "Your email address has been verified.");
  });
}

}  // namespace janji::http
