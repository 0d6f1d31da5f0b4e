#include "core/payments/order_id.hpp"

#include <stdexcept>

#include "core/common/crypto.hpp"

namespace janji::payments {
namespace {

constexpr std::string_view kPrefix = "JNJ-";
constexpr std::size_t kHexDigits = 32;

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

bool is_valid_order_id(std::string_view order_id) {
  if (order_id.empty() || order_id.size() > kMaxOrderIdLength) return false;
  for (const char c : order_id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '~' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string order_id_for(std::string_view booking_id, std::uint32_t attempt) {
  if (!common::is_uuid(booking_id)) {
    throw std::invalid_argument("order_id_for: booking id is not a UUID");
  }
  if (attempt == 0) throw std::invalid_argument("order_id_for: attempts count from 1");
  std::string out(kPrefix);
  for (const char c : booking_id) {
    if (c == '-') continue;
    out.push_back((c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  out += '-';
  out += std::to_string(attempt);
  return out;
}

std::optional<OrderRef> parse_order_id(std::string_view order_id) {
  if (!order_id.starts_with(kPrefix)) return std::nullopt;
  order_id.remove_prefix(kPrefix.size());
  if (order_id.size() < kHexDigits + 2 || order_id[kHexDigits] != '-') return std::nullopt;
  const std::string_view hex = order_id.substr(0, kHexDigits);
  const std::string_view digits = order_id.substr(kHexDigits + 1);
  for (const char c : hex) {
    if (!is_lower_hex(c)) return std::nullopt;
  }
  if (digits.size() > 10 || digits.front() == '0') return std::nullopt;
  std::uint64_t attempt = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    attempt = attempt * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (attempt == 0 || attempt > UINT32_MAX) return std::nullopt;
  OrderRef ref;
  ref.attempt = static_cast<std::uint32_t>(attempt);
  // 8-4-4-4-12
  ref.booking_id.reserve(36);
  for (std::size_t i = 0; i < kHexDigits; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) ref.booking_id.push_back('-');
    ref.booking_id.push_back(hex[i]);
  }
  return ref;
}

}  // namespace janji::payments
