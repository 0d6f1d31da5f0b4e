#include "core/auth/auth_service.hpp"

#include <algorithm>
#include <utility>

#include "core/auth/credentials_policy.hpp"
#include "core/common/text.hpp"

namespace janji::auth {

using common::Error;
using common::fail;

namespace {

constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxPhoneChars = 20;

// A successful login from an address keeps it usable for that account this long, even while
// the address is over its failure limit (a NAT with an attacker behind it).
constexpr std::chrono::seconds kKnownPairTtl{30 * 24 * 3600};

std::string pair_of(const std::string& email, const std::string& ip) { return email + "|" + ip; }
std::string login_pair_key(const std::string& email, const std::string& ip) {
  return "login:pair:" + pair_of(email, ip);
}
std::string login_known_key(const std::string& email, const std::string& ip) {
  return "login:known:" + pair_of(email, ip);
}
std::string login_account_key(const std::string& email) { return "login:acct:" + email; }
std::string login_hold_key(const std::string& email) { return "login:hold:" + email; }
std::string login_ip_key(const std::string& ip) { return "login:ip:" + ip; }
std::string register_ip_key(const std::string& ip) { return "register:ip:" + ip; }

Error invalid_token() { return Error::unauthenticated("INVALID_TOKEN", "Access token is invalid"); }

Error invalid_credentials() {
  return Error::unauthenticated("AUTH_001", "Invalid email or password");
}

Error invalid_refresh() {
  return Error::unauthenticated("AUTH_006", "Refresh token is invalid or expired");
}

Error invalid_link() {
  return {
      common::ErrorKind::kInvalidArgument, "AUTH_005", "This link is invalid or has expired", {}};
}

std::optional<std::string> phone_problem(const std::string& phone) {
  if (phone.size() > kMaxPhoneChars) return "must be at most 20 characters";
  for (const char c : phone) {
    if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ' || c == '(' || c == ')')) {
      return "may contain only digits, spaces and + - ( )";
    }
  }
  return std::nullopt;
}

bool has_control_chars(const std::string& s) {
  for (const unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Registration and profile updates share it.
std::optional<std::string> name_problem(const std::string& name) {
  if (name.empty()) return "is required";
  if (common::utf8_length(name) > kMaxNameChars) return "must be at most 100 characters";
  if (has_control_chars(name)) return "must not contain control characters";
  return std::nullopt;
}

}  // namespace

AuthService::AuthService(AuthDependencies deps, AuthSettings settings)
    : deps_(deps), settings_(std::move(settings)) {
  // A real hash of the configured cost, so an unknown e-mail costs one full bcrypt verify.
  auto dummy = deps_.hasher.hash("timing-equaliser-" + deps_.crypto.random_token());
  dummy_hash_ = dummy ? *dummy : std::string{};
}

Result<Session> AuthService::register_user(const RegisterInput& input,
                                           const std::string& client_ip) {
  std::map<std::string, std::string> problems;
  const std::string email = normalize_email(input.email);
  if (auto p = email_problem(email)) problems["email"] = *p;
  if (auto p = password_problem(input.password)) problems["password"] = *p;
  if (auto p = name_problem(input.full_name)) problems["full_name"] = *p;
  if (auto p = phone_problem(input.phone)) problems["phone"] = *p;
  Role role = Role::kCustomer;
  if (!input.role.empty()) {
    const auto parsed = parse_role(input.role);
    if (!parsed || *parsed == Role::kAdmin) {
      problems["role"] = "must be customer or provider";
    } else {
      role = *parsed;
    }
  }
  std::string locale = input.locale.empty() ? settings_.default_locale : input.locale;
  if (locale != "id" && locale != "en") problems["locale"] = "must be id or en";
  if (!problems.empty()) {
    const bool only_missing = [&] {
      for (const auto& [field, problem] : problems) {
        if (problem != "is required") return false;
      }
      return true;
    }();
    return fail(only_missing ? Error::missing_fields(problems)
                             : Error::invalid("Invalid input", problems));
  }

  // Counted before the hash: every call that gets this far costs one, taken or not.
  if (!client_ip.empty()) {
    const auto ip_key = register_ip_key(client_ip);
    if (auto d = deps_.limiter.check(ip_key, settings_.register_max_per_ip); !d.allowed) {
      return fail(Error::rate_limited(d.retry_after_seconds));
    }
    deps_.limiter.add(ip_key, settings_.register_window);
  }
  auto hash = deps_.hasher.hash(input.password);
  if (!hash) return fail(hash.error());

  const auto now = deps_.clock.now();
  User user;
  user.id = deps_.crypto.new_uuid();
  user.email = email;
  user.password_hash = *hash;
  user.full_name = input.full_name;
  user.phone = input.phone;
  user.role = role;
  user.is_verified = false;
  user.locale = locale;
  user.created_at = user.updated_at = common::format_instant(now);
  auto created = deps_.users.create(user);
  if (!created) return fail(created.error());

  if (auto sent = send_one_time_link(*created, OneTimePurpose::kVerifyEmail); !sent) {
    return fail(sent.error());
  }
  return start_session(*created, std::nullopt);
}

Result<Session> AuthService::login(const std::string& raw_email, const std::string& password,
                                   const std::string& client_ip) {
  std::map<std::string, std::string> missing;
  if (raw_email.empty()) missing["email"] = "is required";
  if (password.empty()) missing["password"] = "is required";
  if (!missing.empty()) return fail(Error::missing_fields(missing));

  const std::string email = normalize_email(raw_email);
  if (auto refused = login_refused(email, client_ip)) return fail(std::move(*refused));

  auto found = deps_.users.find_by_email(email);
  if (!found) return fail(found.error());
  bool ok = false;
  if (*found) {
    // A deactivated account fails like a wrong password: nothing tells the two apart.
    ok = deps_.hasher.verify(password, (*found)->password_hash) && (*found)->is_active;
  } else {
    (void)deps_.hasher.verify(password, dummy_hash_);
  }
  if (!ok) {
    count_login_failure(email, client_ip);
    return fail(invalid_credentials());
  }
  deps_.limiter.reset(login_pair_key(email, client_ip));
  deps_.limiter.add(login_known_key(email, client_ip), kKnownPairTtl);
  return start_session(**found, std::nullopt);
}

// Checked before the password, so a refused attempt learns nothing about it.
std::optional<Error> AuthService::login_refused(const std::string& email,
                                                const std::string& client_ip) {
  // The account's progressive delay holds for every address, the right password included.
  if (auto d = deps_.limiter.check(login_hold_key(email), 1); !d.allowed) {
    return Error::rate_limited(d.retry_after_seconds);
  }
  if (auto d = deps_.limiter.check(login_pair_key(email, client_ip),
                                   settings_.login_max_failures_per_account_ip);
      !d.allowed) {
    return Error::rate_limited(d.retry_after_seconds);
  }
  if (auto d = deps_.limiter.check(login_ip_key(client_ip), settings_.login_max_failures_per_ip);
      !d.allowed) {
    // The address is over its limit, but an account that logged in from it before may go on.
    const bool known = !deps_.limiter.check(login_known_key(email, client_ip), 1).allowed;
    if (!known) return Error::rate_limited(d.retry_after_seconds);
  }
  return std::nullopt;
}

void AuthService::count_login_failure(const std::string& email, const std::string& client_ip) {
  deps_.limiter.add(login_pair_key(email, client_ip), settings_.login_window);
  deps_.limiter.add(login_ip_key(client_ip), settings_.login_window);
  const int failures = deps_.limiter.add(login_account_key(email), settings_.login_account_window);
  if (failures < settings_.login_account_delay_after) return;
  // 1, 2, 4, ... times the base from the threshold on, capped.
  const int doublings = std::min(failures - settings_.login_account_delay_after, 20);
  const std::chrono::seconds delay = std::min<std::chrono::seconds>(
      settings_.login_account_delay_base * (1LL << doublings), settings_.login_account_delay_max);
  deps_.limiter.add(login_hold_key(email), std::max(delay, std::chrono::seconds{1}));
}

Result<Session> AuthService::refresh(const std::string& refresh_token) {
  if (refresh_token.empty()) {
    return fail(Error::missing_fields({{"refresh_token", "is required"}}));
  }
  const auto now = deps_.clock.now();
  auto found = deps_.refresh_tokens.find_by_hash(deps_.crypto.sha256_hex(refresh_token));
  if (!found) return fail(found.error());
  if (!*found) return fail(invalid_refresh());
  const RefreshTokenRecord record = **found;
  if (record.rotated || record.revoked) {
    if (record.rotated) {
      // Someone replays a token that was already exchanged: assume theft, end the family.
      if (auto r = deps_.refresh_tokens.revoke_family(record.family_id, now); !r) {
        return fail(r.error());
      }
      // The family's access tokens die with it (their `sid` is now revoked).
      deps_.standings.changed(record.user_id);
      deps_.log.warn("refresh token reuse detected; family revoked for user " + record.user_id);
    }
    return fail(invalid_refresh());
  }
  if (now >= record.expires_at) return fail(invalid_refresh());
  auto claimed = deps_.refresh_tokens.mark_rotated(record.id, now);
  if (!claimed) return fail(claimed.error());
  if (!*claimed) {
    (void)deps_.refresh_tokens.revoke_family(record.family_id, now);
    deps_.standings.changed(record.user_id);
    deps_.log.warn("concurrent refresh token reuse; family revoked for user " + record.user_id);
    return fail(invalid_refresh());
  }
  auto user = deps_.users.find_by_id(record.user_id);
  if (!user) return fail(user.error());
  if (!*user || !(*user)->is_active) return fail(invalid_refresh());
  return start_session(**user, record.family_id);
}

Status AuthService::logout(const Principal& who, const std::optional<std::string>& refresh_token) {
  const auto now = deps_.clock.now();
  Status done;
  if (refresh_token && !refresh_token->empty()) {
    auto found = deps_.refresh_tokens.find_by_hash(deps_.crypto.sha256_hex(*refresh_token));
    if (!found) return fail(found.error());
    // A token of another user is ignored rather than revoked: logout cannot hurt others.
    if (*found && (*found)->user_id == who.user_id) {
      done = deps_.refresh_tokens.revoke_family((*found)->family_id, now);
    }
    // The caller's own session ends too, whichever refresh token came with it.
    if (done && !who.session_id.empty()) {
      done = deps_.refresh_tokens.revoke_family(who.session_id, now);
    }
  } else {
    done = deps_.refresh_tokens.revoke_all_for_user(who.user_id, now);
  }
  deps_.standings.changed(who.user_id);
  return done;
}

Result<std::string> AuthService::admit_link_request(const std::string& raw_email,
                                                    const std::string& client_ip,
                                                    const LinkRequestLimits& limits) {
  const std::string email = normalize_email(raw_email);
  if (email.empty()) return fail(Error::missing_fields({{"email", "is required"}}));
  if (auto p = email_problem(email)) return fail(Error::invalid("Invalid input", {{"email", *p}}));
  const std::string ip_key = std::string(limits.key_prefix) + ":ip:" + client_ip;
  const std::string account_key = std::string(limits.key_prefix) + ":acct:" + email;
  if (auto d = deps_.limiter.check(ip_key, limits.max_per_ip); !d.allowed) {
    return fail(Error::rate_limited(d.retry_after_seconds));
  }
  if (auto d = deps_.limiter.check(account_key, limits.max_per_account); !d.allowed) {
    return fail(Error::rate_limited(d.retry_after_seconds));
  }
  deps_.limiter.add(ip_key, settings_.login_window);
  deps_.limiter.add(account_key, settings_.login_window);
  return email;
}

Status AuthService::forgot_password(const std::string& raw_email, const std::string& client_ip) {
  auto email =
      admit_link_request(raw_email, client_ip,
                         {"forgot", settings_.forgot_max_per_ip, settings_.forgot_max_per_account});
  if (!email) return fail(email.error());
  // Known and unknown addresses take the same path up to here; the lookup, the token and the
  // mail cost time only for a known one, so they happen after the answer.
  defer("password reset mail", [this, email = *email] { mail_reset_link(email); });
  return {};
}

Status AuthService::resend_verification(const std::string& raw_email,
                                        const std::string& client_ip) {
  auto email = admit_link_request(raw_email, client_ip,
                                  {"verify", settings_.resend_verification_max_per_ip,
                                   settings_.resend_verification_max_per_account});
  if (!email) return fail(email.error());
  defer("verification mail", [this, email = *email] { mail_verification_link(email); });
  return {};
}

void AuthService::mail_reset_link(const std::string& email) {
  auto found = deps_.users.find_by_email(email);
  if (!found) {
    deps_.log.warn("password reset lookup failed: " + found.error().message);
    return;
  }
  if (!*found || !(*found)->is_active) return;
  if (auto r = send_one_time_link(**found, OneTimePurpose::kResetPassword); !r) {
    deps_.log.warn("password reset link for user " + (*found)->id +
                   " failed: " + r.error().message);
  }
}

void AuthService::mail_verification_link(const std::string& email) {
  auto found = deps_.users.find_by_email(email);
  if (!found) {
    deps_.log.warn("verification lookup failed: " + found.error().message);
    return;
  }
  if (!*found || !(*found)->is_active || (*found)->is_verified) return;
  // A new link invalidates the older ones (send_one_time_link).
  if (auto r = send_one_time_link(**found, OneTimePurpose::kVerifyEmail); !r) {
    deps_.log.warn("verification link for user " + (*found)->id + " failed: " + r.error().message);
  }
}

void AuthService::defer(const char* what, std::function<void()> task) {
  if (!deps_.background.post(std::move(task))) {
    deps_.log.warn(std::string(what) + " dropped: the background queue is full or stopping");
  }
}

Result<Session> AuthService::change_password(const Principal& who,
                                             const std::string& current_password,
                                             const std::string& new_password,
                                             const std::string& client_ip) {
  std::map<std::string, std::string> missing;
  if (current_password.empty()) missing["current_password"] = "is required";
  if (new_password.empty()) missing["new_password"] = "is required";
  if (!missing.empty()) return fail(Error::missing_fields(missing));
  if (auto p = password_problem(new_password)) {
    return fail(Error::invalid("Invalid input", {{"new_password", *p}}));
  }
  auto user = deps_.users.find_by_id(who.user_id);
  if (!user) return fail(user.error());
  if (!*user || !(*user)->is_active) return fail(invalid_token());
  // A stolen access token must not become a password oracle: same limits as login.
  if (auto refused = login_refused((*user)->email, client_ip)) return fail(std::move(*refused));
  if (!deps_.hasher.verify(current_password, (*user)->password_hash)) {
    count_login_failure((*user)->email, client_ip);
    return fail(Error::invalid("Invalid input", {{"current_password", "is incorrect"}}));
  }
  auto hash = deps_.hasher.hash(new_password);
  if (!hash) return fail(hash.error());
  const auto now = deps_.clock.now();
  if (auto r = deps_.users.set_password_hash(who.user_id, *hash, now); !r) return fail(r.error());
  if (auto r = deps_.refresh_tokens.revoke_all_for_user(who.user_id, now); !r) {
    return fail(r.error());
  }
  if (auto r = deps_.one_time_tokens.invalidate_for_user(OneTimePurpose::kResetPassword,
                                                         who.user_id, now);
      !r) {
    return fail(r.error());
  }
  deps_.standings.changed(who.user_id);
  auto fresh = deps_.users.find_by_id(who.user_id);
  if (!fresh) return fail(fresh.error());
  if (!*fresh) return fail(invalid_token());
  const User updated = **fresh;
  defer("password changed mail", [this, updated] {
    send_mail(updated, "password_changed", {{"full_name", updated.full_name}});
  });
  return start_session(updated, std::nullopt);
}

Status AuthService::reset_password(const std::string& token, const std::string& new_password) {
  std::map<std::string, std::string> missing;
  if (token.empty()) missing["token"] = "is required";
  if (new_password.empty()) missing["new_password"] = "is required";
  if (!missing.empty()) return fail(Error::missing_fields(missing));
  // Check the password first so a weak choice does not burn the single-use token.
  if (auto p = password_problem(new_password)) {
    return fail(Error::invalid("Invalid input", {{"new_password", *p}}));
  }
  auto hash = deps_.hasher.hash(new_password);
  if (!hash) return fail(hash.error());

  const auto now = deps_.clock.now();
  auto user_id = deps_.one_time_tokens.consume(OneTimePurpose::kResetPassword,
                                               deps_.crypto.sha256_hex(token), now);
  if (!user_id) return fail(user_id.error());
  if (!*user_id) return fail(invalid_link());
  if (auto r = deps_.users.set_password_hash(**user_id, *hash, now); !r) return r;
  if (auto r = deps_.refresh_tokens.revoke_all_for_user(**user_id, now); !r) return r;
  if (auto r =
          deps_.one_time_tokens.invalidate_for_user(OneTimePurpose::kResetPassword, **user_id, now);
      !r) {
    return r;
  }
  // The new generation (set_password_hash) and the revoked sessions hold from now on.
  deps_.standings.changed(**user_id);
  auto user = deps_.users.find_by_id(**user_id);
  if (user && *user) {
    // The owner proved control of the mailbox: the account's guessing delay no longer applies.
    deps_.limiter.reset(login_account_key((*user)->email));
    deps_.limiter.reset(login_hold_key((*user)->email));
    send_mail(**user, "password_changed", {{"full_name", (*user)->full_name}});
  }
  return {};
}

Status AuthService::verify_email(const std::string& token) {
  if (token.empty()) return fail(invalid_link());
  const auto now = deps_.clock.now();
  auto user_id = deps_.one_time_tokens.consume(OneTimePurpose::kVerifyEmail,
                                               deps_.crypto.sha256_hex(token), now);
  if (!user_id) return fail(user_id.error());
  if (!*user_id) return fail(invalid_link());
  return deps_.users.set_verified(**user_id, now);
}

Result<Principal> AuthService::authenticate(const std::string& access_token) const {
  auto claims = deps_.access_tokens.verify(access_token, deps_.clock.now());
  if (!claims) {
    if (claims.error() == TokenProblem::kExpired) {
      return fail(Error::unauthenticated("AUTH_002", "Access token has expired"));
    }
    return fail(invalid_token());
  }
  auto standing = deps_.standings.standing(claims->user_id);
  if (!standing) return fail(standing.error());
  if (!standing->active || claims->token_generation != standing->token_generation) {
    return fail(invalid_token());
  }
  if (!claims->session_id.empty()) {
    const auto& revoked = standing->revoked_sessions;
    if (std::find(revoked.begin(), revoked.end(), claims->session_id) != revoked.end()) {
      return fail(invalid_token());
    }
  }
  return Principal{claims->user_id, claims->email, claims->role, claims->session_id};
}

Result<User> AuthService::create_admin(const std::string& raw_email, const std::string& password,
                                       const std::string& full_name) {
  std::map<std::string, std::string> problems;
  const std::string email = normalize_email(raw_email);
  if (auto p = email_problem(email)) problems["email"] = *p;
  if (auto p = password_problem(password)) problems["password"] = *p;
  if (full_name.empty()) problems["name"] = "is required";
  if (!problems.empty()) return fail(Error::invalid("Invalid input", problems));
  auto hash = deps_.hasher.hash(password);
  if (!hash) return fail(hash.error());
  User user;
  user.id = deps_.crypto.new_uuid();
  user.email = email;
  user.password_hash = *hash;
  user.full_name = full_name;
  user.role = Role::kAdmin;
  user.is_verified = true;
  user.locale = settings_.default_locale;
  user.created_at = user.updated_at = common::format_instant(deps_.clock.now());
  return deps_.users.create(user);
}

Result<Session> AuthService::start_session(const User& user,
                                           const std::optional<std::string>& family_id) {
  const auto now = deps_.clock.now();
  Session session;
  session.issued_at = now;
  session.user = user;
  session.access_expires_at = now + settings_.access_ttl;
  RefreshTokenRecord record;
  record.id = deps_.crypto.new_uuid();
  record.user_id = user.id;
  record.family_id = family_id ? *family_id : deps_.crypto.new_uuid();
  session.access_token = deps_.access_tokens.issue(
      AccessClaims{user.id, user.email, user.role, session.access_expires_at, record.family_id,
                   user.token_generation},
      now);
  session.refresh_token = deps_.crypto.random_token();
  session.refresh_expires_at = now + settings_.refresh_ttl;
  record.token_hash = deps_.crypto.sha256_hex(session.refresh_token);
  record.expires_at = session.refresh_expires_at;
  record.created_at = now;
  if (auto r = deps_.refresh_tokens.insert(record); !r) return fail(r.error());
  return session;
}

Result<User> AuthService::profile(const Principal& who) {
  auto found = deps_.users.find_by_id(who.user_id);
  if (!found) return fail(found.error());
  if (!*found || !(*found)->is_active) return fail(invalid_token());
  return std::move(**found);
}

Result<User> AuthService::update_profile(const Principal& who, const ProfileUpdate& update) {
  std::map<std::string, std::string> problems;
  if (update.full_name) {
    if (auto p = name_problem(*update.full_name)) problems["full_name"] = *p;
  }
  if (update.phone) {
    if (auto p = phone_problem(*update.phone)) problems["phone"] = *p;
  }
  if (update.locale && *update.locale != "id" && *update.locale != "en") {
    problems["locale"] = "must be id or en";
  }
  if (!problems.empty()) return fail(Error::invalid("Invalid input", problems));

  auto user = profile(who);
  if (!user) return user;
  if (update.full_name) user->full_name = *update.full_name;
  if (update.phone) user->phone = *update.phone;
  if (update.locale) user->locale = *update.locale;
  user->updated_at = common::format_instant(deps_.clock.now());
  if (auto r = deps_.users.update_profile(*user); !r) return fail(r.error());
  return user;
}

Status AuthService::send_one_time_link(const User& user, OneTimePurpose purpose) {
  const auto now = deps_.clock.now();
  const bool verify = purpose == OneTimePurpose::kVerifyEmail;
  const auto ttl = verify ? settings_.verify_email_ttl : settings_.reset_password_ttl;
  if (auto r = deps_.one_time_tokens.invalidate_for_user(purpose, user.id, now); !r) return r;
  const std::string token = deps_.crypto.random_token();
  if (auto r = deps_.one_time_tokens.insert(purpose, deps_.crypto.new_uuid(), user.id,
                                            deps_.crypto.sha256_hex(token), now + ttl, now);
      !r) {
    return r;
  }
  if (verify) {
    send_mail(user, "verify_email",
              {{"full_name", user.full_name},
               // A web page that calls GET /api/v1/auth/verify-email/:token and says how it went.
               {"verify_url", settings_.frontend_url + "/verify-email/" + token},
               {"expires_hours", std::to_string(ttl.count() / 3600)}});
  } else {
    send_mail(user, "password_reset",
              {{"full_name", user.full_name},
               {"reset_url", settings_.frontend_url + "/reset-password?token=" + token},
               {"expires_minutes", std::to_string(ttl.count() / 60)}});
  }
  return {};
}

void AuthService::send_mail(const User& user, const std::string& template_name,
                            const std::map<std::string, std::string>& vars) {
  auto all = vars;
  all["app_name"] = settings_.app_name;
  auto rendered = deps_.templates.render(template_name, user.locale, all);
  if (!rendered) {
    deps_.log.warn("mail template " + template_name + " failed: " + rendered.error().message);
    return;
  }
  notifications::MailMessage message;
  message.to_email = user.email;
  message.to_name = user.full_name;
  message.subject = rendered->subject;
  message.text_body = rendered->text_body;
  message.html_body = rendered->html_body;
  if (auto sent = deps_.mailer.send(message); !sent) {
    deps_.log.warn("mail " + template_name + " to user " + user.id +
                   " failed: " + sent.error().message);
  }
}

}  // namespace janji::auth
