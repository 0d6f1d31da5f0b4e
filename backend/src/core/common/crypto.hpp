#pragma once

#include <string>
#include <string_view>

namespace janji::common {

// Port: randomness and digests the core needs, implemented with libsodium in adapters/crypto.
class Crypto {
 public:
  virtual ~Crypto() = default;
  // 32 random bytes, base64url without padding (43 characters): refresh, reset, verify tokens.
  virtual std::string random_token() const = 0;
  // Random UUID v4, lowercase canonical form.
  virtual std::string new_uuid() const = 0;
  // Lowercase hex SHA-256; tokens are stored only as this digest.
  virtual std::string sha256_hex(std::string_view data) const = 0;
  // Constant-time equality for secrets.
  virtual bool equal_constant_time(std::string_view a, std::string_view b) const = 0;
};

// True for the canonical 8-4-4-4-12 hex form (any version); ids are validated at the edge.
bool is_uuid(std::string_view text);

}  // namespace janji::common
