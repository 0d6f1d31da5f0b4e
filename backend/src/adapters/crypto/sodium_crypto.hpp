#pragma once

#include <string>
#include <string_view>

#include "core/common/crypto.hpp"

namespace janji::crypto {

// libsodium-backed randomness and digests. Thread-safe; construct once at start-up.
class SodiumCrypto final : public common::Crypto {
 public:
  // Initialises libsodium; throws std::runtime_error if it cannot (no usable entropy source).
  SodiumCrypto();

  std::string random_token() const override;
  std::string new_uuid() const override;
  std::string sha256_hex(std::string_view data) const override;
  bool equal_constant_time(std::string_view a, std::string_view b) const override;
};

}  // namespace janji::crypto
