#pragma once

#include <string>
#include <string_view>

#include "core/payments/midtrans.hpp"

// The notification signature (CONTRACTS 1.6):
//   signature_key = lowercase hex SHA-512(order_id + status_code + gross_amount + server_key)
// over the three values exactly as received ("200000.00", never a re-formatted number).

namespace janji::payments {

// Port: SHA-512 (adapters/payments/openssl_sha512 implements it with OpenSSL EVP).
class Sha512 {
 public:
  virtual ~Sha512() = default;
  // 128 lower-case hex digits.
  virtual std::string hex_digest(std::string_view data) const = 0;
};

std::string expected_signature(std::string_view order_id, std::string_view status_code,
                               std::string_view gross_amount, std::string_view server_key,
                               const Sha512& hasher);

// True when `received` is the expected signature, compared in constant time (the time does not
// depend on where the first difference is). An empty server key or signature never matches.
bool signature_matches(std::string_view received, std::string_view order_id,
                       std::string_view status_code, std::string_view gross_amount,
                       std::string_view server_key, const Sha512& hasher);
bool signature_matches(const MidtransNotification& notification, std::string_view server_key,
                       const Sha512& hasher);

// Constant-time equality for equal lengths; different lengths are unequal at once (the length
// of a SHA-512 hex digest is no secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace janji::payments
