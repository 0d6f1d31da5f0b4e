#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/user.hpp"
#include "core/common/clock.hpp"
#include "core/common/result.hpp"

namespace janji::auth {

using common::Instant;
using common::Result;
using common::Status;

// Whether the access tokens of a user still count: the account exists, is not deleted or
// deactivated, the token's generation is current and its session was not revoked.
struct AccountStanding {
  bool active = false;
  std::int64_t token_generation = 0;
  std::vector<std::string> revoked_sessions;  // refresh-token family ids, recently revoked
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Conflict AUTH_004 when the e-mail is taken (the unique index decides, not a pre-check).
  virtual Result<User> create(const User& user) = 0;
  virtual Result<std::optional<User>> find_by_email(const std::string& email) = 0;
  virtual Result<std::optional<User>> find_by_id(const std::string& id) = 0;
  virtual Status set_verified(const std::string& user_id, Instant now) = 0;
  // Also bumps the user's token generation: every access token issued before dies.
  virtual Status set_password_hash(const std::string& user_id, const std::string& hash,
                                   Instant now) = 0;
  // Writes full_name, phone, locale and updated_at of `user` (found by id).
  virtual Status update_profile(const User& user) = 0;
  // What an access token of this user is checked against (see AccountStanding); inactive for
  // an unknown or deleted user. Sessions revoked at or after `revoked_since` are listed.
  virtual Result<AccountStanding> find_standing(const std::string& user_id,
                                                Instant revoked_since) = 0;
};

struct RefreshTokenRecord {
  std::string id;
  std::string user_id;
  std::string family_id;  // every rotation stays in the family of the login that began it
  std::string token_hash;
  Instant expires_at;
  Instant created_at;
  bool rotated = false;  // already exchanged for a successor
  bool revoked = false;
};

class RefreshTokenRepository {
 public:
  virtual ~RefreshTokenRepository() = default;
  virtual Status insert(const RefreshTokenRecord& record) = 0;
  virtual Result<std::optional<RefreshTokenRecord>> find_by_hash(const std::string& hash) = 0;
  // Atomically marks an active token rotated; false when someone else rotated or revoked it
  // first (a replay race), which the caller treats as reuse.
  virtual Result<bool> mark_rotated(const std::string& id, Instant now) = 0;
  virtual Status revoke_family(const std::string& family_id, Instant now) = 0;
  virtual Status revoke_all_for_user(const std::string& user_id, Instant now) = 0;
};

enum class OneTimePurpose { kVerifyEmail, kResetPassword };

class OneTimeTokenRepository {
 public:
  virtual ~OneTimeTokenRepository() = default;
  virtual Status insert(OneTimePurpose purpose, const std::string& id, const std::string& user_id,
                        const std::string& token_hash, Instant expires_at, Instant now) = 0;
  // Marks the token used if it exists, is unused and unexpired; returns its user id. Atomic, so
  // a token works once even under concurrent requests.
  virtual Result<std::optional<std::string>> consume(OneTimePurpose purpose,
                                                     const std::string& token_hash,
                                                     Instant now) = 0;
  // Older outstanding tokens die when a new one is issued or the password changes.
  virtual Status invalidate_for_user(OneTimePurpose purpose, const std::string& user_id,
                                     Instant now) = 0;
};

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual Result<std::string> hash(const std::string& password) const = 0;
  virtual bool verify(const std::string& password, const std::string& hash) const = 0;
};

struct AccessClaims {
  std::string user_id;
  std::string email;
  Role role = Role::kCustomer;
  Instant expires_at;
  std::string session_id{};         // `sid`: the refresh-token family; empty in old tokens
  std::int64_t token_generation{};  // `gen`: the user's generation at issue; 0 when absent
};

enum class TokenProblem { kMalformed, kBadSignature, kExpired };

class AccessTokenCodec {
 public:
  virtual ~AccessTokenCodec() = default;
  virtual std::string issue(const AccessClaims& claims, Instant now) const = 0;
  // Only HS256 with our key; `exp` is required and must be after `now`.
  virtual tl::expected<AccessClaims, TokenProblem> verify(const std::string& token,
                                                          Instant now) const = 0;
};

struct RateDecision {
  bool allowed = true;
  int retry_after_seconds = 0;
};

// Fixed-window counters keyed by strings; in-process or Redis, same semantics.
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Whether `key` is still below `limit` in its current window (does not count).
  virtual RateDecision check(const std::string& key, int limit) = 0;
  // Counts one event; the window starts at the first event and lasts `window`. Returns the
  // count in the window after this event (0 when the store could not be reached).
  virtual int add(const std::string& key, std::chrono::seconds window) = 0;
  virtual void reset(const std::string& key) = 0;
};

// The per-request view of AccountStanding. Implementations cache it (a database round trip per
// request would be the price otherwise), so whoever changes a standing must call changed().
class AccountStandings {
 public:
  virtual ~AccountStandings() = default;
  virtual Result<AccountStanding> standing(const std::string& user_id) = 0;
  // The standing of `user_id` changed (here): forget it now, on every instance.
  virtual void changed(const std::string& user_id) = 0;
};

}  // namespace janji::auth
