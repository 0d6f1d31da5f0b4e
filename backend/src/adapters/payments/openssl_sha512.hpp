#pragma once

#include <string>
#include <string_view>

#include "core/payments/signature.hpp"

namespace janji::payments {

// The Sha512 port with OpenSSL's EVP interface (one-shot EVP_Digest: no shared state, so one
// instance serves every thread).
class OpenSslSha512 final : public Sha512 {
 public:
  // Throws std::runtime_error if OpenSSL cannot hash (out of memory, FIPS provider refusing).
  std::string hex_digest(std::string_view data) const override;
};

}  // namespace janji::payments
