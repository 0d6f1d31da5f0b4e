#include "core/payments/signature.hpp"

namespace janji::payments {

std::string expected_signature(std::string_view order_id, std::string_view status_code,
                               std::string_view gross_amount, std::string_view server_key,
                               const Sha512& hasher) {
  std::string input;
  input.reserve(order_id.size() + status_code.size() + gross_amount.size() + server_key.size());
  input.append(order_id).append(status_code).append(gross_amount).append(server_key);
  return hasher.hex_digest(input);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  // volatile: keep the compiler from turning the loop into an early-exit memcmp.
  volatile unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = diff | static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

bool signature_matches(std::string_view received, std::string_view order_id,
                       std::string_view status_code, std::string_view gross_amount,
                       std::string_view server_key, const Sha512& hasher) {
  if (server_key.empty() || received.empty()) return false;
  const std::string expected =
      expected_signature(order_id, status_code, gross_amount, server_key, hasher);
  return constant_time_equal(expected, received);
}

bool signature_matches(const MidtransNotification& notification, std::string_view server_key,
                       const Sha512& hasher) {
  return signature_matches(notification.signature_key, notification.order_id,
                           notification.status_code, notification.gross_amount, server_key, hasher);
}

}  // namespace janji::payments
