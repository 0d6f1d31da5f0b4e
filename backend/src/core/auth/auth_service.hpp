#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/auth/ports.hpp"
#include "core/auth/user.hpp"
#include "core/common/background_work.hpp"
#include "core/common/crypto.hpp"
#include "core/common/event_log.hpp"
#include "core/notifications/mail.hpp"

namespace janji::auth {

struct AuthSettings {
  std::chrono::seconds access_ttl{15 * 60};
  std::chrono::seconds refresh_ttl{7 * 24 * 3600};
  std::chrono::seconds verify_email_ttl{24 * 3600};
  std::chrono::seconds reset_password_ttl{3600};
  // Failed logins are counted per (account, client address): the pair is refused for the
  // rest of `login_window` after this many, other addresses are not affected.
  int login_max_failures_per_account_ip = 5;
  std::chrono::seconds login_window{15 * 60};
  // Failures per client address over all accounts; refused only for (account, address) pairs
  // that have not logged in successfully before, so a NAT's known users keep working.
  int login_max_failures_per_ip = 50;
  // Against guessing from many addresses: from this many failures per account within
  // `login_account_window` on, every attempt (right password or not) waits a delay that
  // doubles with each further failure, from `..._delay_base` up to `..._delay_max` (OWASP:
  // progressive delay rather than lockout).
  int login_account_delay_after = 20;
  std::chrono::seconds login_account_window{3600};
  std::chrono::seconds login_account_delay_base{1};
  std::chrono::seconds login_account_delay_max{60};
  int forgot_max_per_account = 5;
  int forgot_max_per_ip = 20;
  int resend_verification_max_per_account = 3;
  int resend_verification_max_per_ip = 20;
  // Registrations per client address (each one costs a bcrypt hash).
  int register_max_per_ip = 10;
  std::chrono::seconds register_window{3600};
  std::string app_name = "Janji";
  std::string app_url = "http://localhost:8080";       // the API's own origin
  std::string frontend_url = "http://localhost:8080";  // pages (verify e-mail, reset password)
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

// PUT /users/me: the fields given change, the others stay. An empty phone clears it.
struct ProfileUpdate {
  std::optional<std::string> full_name;
  std::optional<std::string> phone;
  std::optional<std::string> locale;  // "id" or "en"
};

struct Session {
  User user;
  // The service clock's "now" at issue: expires_in is counted from it, so a shifted test clock
  // (or a slow request) does not distort it.
  Instant issued_at;
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
  AccountStandings& standings;
  common::BackgroundWork& background;
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

  // Limited per client address (each call costs a bcrypt hash); an empty `client_ip` is a
  // local caller (the demo seeder) and is not limited.
  Result<Session> register_user(const RegisterInput& input, const std::string& client_ip);
  Result<Session> login(const std::string& email, const std::string& password,
                        const std::string& client_ip);
  // Rotates: the presented token dies, a new one in the same family is returned. Presenting a
  // token that was already rotated revokes the whole family (RFC 9700 reuse detection).
  Result<Session> refresh(const std::string& refresh_token);
  // Revokes the caller's session (the access token's) and the family of the presented refresh
  // token, or every session of the user when no refresh token is presented.
  Status logout(const Principal& who, const std::optional<std::string>& refresh_token);
  // Same answer, in the same time, whether or not the address is known: the lookup and the mail
  // happen in the background.
  Status forgot_password(const std::string& email, const std::string& client_ip);
  // Like forgot_password, for a new verification link (only an unverified account gets one).
  Status resend_verification(const std::string& email, const std::string& client_ip);
  // Ends every other session and every access token issued before; returns a fresh session.
  Result<Session> change_password(const Principal& who, const std::string& current_password,
                                  const std::string& new_password, const std::string& client_ip);
  Status reset_password(const std::string& token, const std::string& new_password);
  Status verify_email(const std::string& token);
  // The token's signature and expiry, then its account's standing (cached, see
  // AccountStandings): unknown, deleted or deactivated users, older generations and revoked
  // sessions are refused.
  Result<Principal> authenticate(const std::string& access_token) const;
  // The caller's own account; Unauthenticated when it is gone or deactivated.
  Result<User> profile(const Principal& who);
  // Same rules as registration for the name and the phone; the updated account.
  Result<User> update_profile(const Principal& who, const ProfileUpdate& update);
  // The only way to make an admin (CLI); promotes nothing, creates a verified admin.
  Result<User> create_admin(const std::string& email, const std::string& password,
                            const std::string& full_name);

 private:
  Result<Session> start_session(const User& user, const std::optional<std::string>& family_id);
  Status send_one_time_link(const User& user, OneTimePurpose purpose);
  // The front half of forgot_password and resend_verification, the same for known and
  // unknown addresses: the address's format, then the limits per client address and per
  // account (keys "<key_prefix>:ip:..." and "<key_prefix>:acct:..."), counted. The address,
  // normalised.
  struct LinkRequestLimits {
    const char* key_prefix;
    int max_per_ip;
    int max_per_account;
  };
  Result<std::string> admit_link_request(const std::string& raw_email, const std::string& client_ip,
                                         const LinkRequestLimits& limits);
  // The background halves of forgot_password and resend_verification.
  void mail_reset_link(const std::string& email);
  void mail_verification_link(const std::string& email);
  std::optional<common::Error> login_refused(const std::string& email,
                                             const std::string& client_ip);
  void count_login_failure(const std::string& email, const std::string& client_ip);
  void defer(const char* what, std::function<void()> task);
  void send_mail(const User& user, const std::string& template_name,
                 const std::map<std::string, std::string>& vars);

  AuthDependencies deps_;
  AuthSettings settings_;
  std::string dummy_hash_;  // verified against for unknown e-mails so timing matches
};

}  // namespace janji::auth
