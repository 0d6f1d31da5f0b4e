#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/auth/ports.hpp"

namespace janji::crypto {

// JWT access tokens, HS256 only, implemented directly on OpenSSL HMAC so that no algorithm
// negotiation exists to get wrong ("none", HS512, key confusion).
class Hs256TokenCodec final : public auth::AccessTokenCodec {
 public:
  // Throws std::invalid_argument on an empty secret. Config should demand >= 32 random bytes.
  explicit Hs256TokenCodec(std::string secret);

  std::string issue(const auth::AccessClaims& claims, common::Instant now) const override;
  // Never throws. kMalformed: structure, header, or claims are wrong; kBadSignature: the MAC
  // does not match our key; kExpired: now >= exp. A token before its nbf is kMalformed.
  tl::expected<auth::AccessClaims, auth::TokenProblem> verify(const std::string& token,
                                                              common::Instant now) const override;

  // RFC 4648 section 5 alphabet, no padding.
  static std::string base64url_encode(std::string_view bytes);
  // Strict: rejects '=', characters outside the alphabet, impossible lengths and non-zero
  // trailing bits, so each byte string has exactly one accepted encoding.
  static std::optional<std::string> base64url_decode(std::string_view text);
  // Raw 32-byte HMAC-SHA-256.
  static std::string hmac_sha256(std::string_view key, std::string_view data);

  // Longer tokens are rejected before any decoding.
  static constexpr std::size_t kMaxTokenLength = 8192;

 private:
  std::string secret_;
};

}  // namespace janji::crypto
