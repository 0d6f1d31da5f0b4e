#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/auth/ports.hpp"
#include "core/auth/user.hpp"
#include "core/common/crypto.hpp"
#include "core/common/event_log.hpp"
#include "core/notifications/mail.hpp"

namespace janji::auth {

struct AuthSettings {
  std::chrono::seconds access_ttl{15 * 60};
  std::chrono::seconds refresh_ttl{7 * 24 * 3600};
  std::chrono::seconds verify_email_ttl{24 * 3600};
  std::chrono::seconds reset_password_ttl{3600};
  int login_max_failures_per_account = 5;
  int login_max_failures_per_ip = 50;
  std::chrono::seconds login_window{15 * 60};
  int forgot_max_per_account = 5;
  int forgot_max_per_ip = 20;
  std::string app_name = "Janji";
  std::string app_url = "http://localhost:8080";       // API links (verify e-mail)
  std::string frontend_url = "http://localhost:3000";  // pages (reset password form)
  std::string default_locale = "id";
};

struct RegisterInput {
  std::string email;
  std::string password;
  std::string full_name;
  std::string phone;
  std::string role;    // "customer" or "provider"; empty means customer
  std::string locale;  // "id" or "en"; empty means the default
};

struct Session {
  User user;
  std::string access_token;
  Instant access_expires_at;
  std::string refresh_token;
  Instant refresh_expires_at;
};

struct AuthDependencies {
  UserRepository& users;
  RefreshTokenRepository& refresh_tokens;
  OneTimeTokenRepository& one_time_tokens;
  PasswordHasher& hasher;
  AccessTokenCodec& access_tokens;
  RateLimiter& limiter;
  notifications::Mailer& mailer;
  notifications::MailTemplates& templates;
  common::Crypto& crypto;
  common::Clock& clock;
  common::EventLog& log;
};

// The seven authentication use cases of SPEC.md plus token checks for the HTTP middleware.
class AuthService {
 public:
  AuthService(AuthDependencies deps, AuthSettings settings);

  Result<Session> register_user(const RegisterInput& input);
  Result<Session> login(const std::string& email, const std::string& password,
                        const std::string& client_ip);
  // Rotates: the presented token dies, a new one in the same family is returned. Presenting a
  // token that was already rotated revokes the whole family (RFC 9700 reuse detection).
  Result<Session> refresh(const std::string& refresh_token);
  // Revokes the family of the presented refresh token, or every session of the user when no
  // token is presented.
  Status logout(const Principal& who, const std::optional<std::string>& refresh_token);
  // Same answer whether or not the address is known.
  Status forgot_password(const std::string& email, const std::string& client_ip);
  Status reset_password(const std::string& token, const std::string& new_password);
  Status verify_email(const std::string& token);
  Result<Principal> authenticate(const std::string& access_token) const;
  // The only way to make an admin (CLI); promotes nothing, creates a verified admin.
  Result<User> create_admin(const std::string& email, const std::string& password,
                            const std::string& full_name);

 private:
  Result<Session> start_session(const User& user, const std::optional<std::string>& family_id);
  Status send_one_time_link(const User& user, OneTimePurpose purpose);
  void send_mail(const User& user, const std::string& template_name,
                 const std::map<std::string, std::string>& vars);

  AuthDependencies deps_;
  AuthSettings settings_;
  std::string dummy_hash_;  // verified against for unknown e-mails so timing matches
};

}  // namespace janji::auth
