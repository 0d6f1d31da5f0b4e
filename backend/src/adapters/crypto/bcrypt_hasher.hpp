#pragma once

#include <string>

#include "core/auth/ports.hpp"

namespace janji::crypto {

// bcrypt ($2b$) through libxcrypt. Thread-safe: every call uses its own crypt_data.
class BcryptHasher final : public auth::PasswordHasher {
 public:
  // bcrypt's cost range is 4..31 (throws std::invalid_argument otherwise). Hashes one dummy
  // password at this cost (throws std::runtime_error if libxcrypt cannot).
  explicit BcryptHasher(int cost);

  // InvalidArgument (VALIDATION_001) for passwords that bcrypt would silently truncate:
  // more than 72 bytes or containing NUL.
  common::Result<std::string> hash(const std::string& password) const override;
  // False for anything but a well-formed $2[abxy]$ hash, and for unhashable passwords.
  bool verify(const std::string& password, const std::string& hash) const override;

  // One verify against a private hash of the same cost, so a login for an unknown user costs
  // as much time as one for a known user (OWASP: no timing-based enumeration).
  void burn_time(const std::string& password) const;

  int cost() const { return cost_; }

  static constexpr int kMinCost = 4;
  static constexpr int kMaxCost = 31;
  static constexpr std::size_t kMaxPasswordBytes = 72;

 private:
  int cost_;
  std::string dummy_hash_;
};

}  // namespace janji::crypto
