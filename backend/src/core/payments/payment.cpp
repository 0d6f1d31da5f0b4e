#include "core/payments/payment.hpp"

#include <limits>

namespace janji::payments {

bool is_live(PaymentState state) {
  return state == PaymentState::kPending || state == PaymentState::kChallenge;
}

std::optional<std::int64_t> parse_rupiah(std::string_view text) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  if (whole.empty() || whole.size() > 15) return std::nullopt;
  std::int64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (dot != std::string_view::npos) {
    const std::string_view fraction = text.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 2) return std::nullopt;
    for (char c : fraction) {
      if (c != '0') return std::nullopt;  // sen: IDR has none, and ours never has any
    }
  }
  return value;
}

}  // namespace janji::payments
