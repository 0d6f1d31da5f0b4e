#include "core/notifications/payment_receipt.hpp"

#include <array>
#include <cctype>

#include "core/common/time_zone.hpp"
#include "core/notifications/local_time_text.hpp"

namespace janji::notifications {
namespace {

// As local_time_text: English by primary tag, anything else Indonesian.
bool is_english(std::string_view locale) {
  const std::string_view tag = locale.substr(0, locale.find_first_of("-_"));
  return tag.size() == 2 && std::tolower(static_cast<unsigned char>(tag[0])) == 'e' &&
         std::tolower(static_cast<unsigned char>(tag[1])) == 'n';
}

struct MethodName {
  std::string_view code;
  std::string_view id;
  std::string_view en;
};

// Snap's payment types (CONTRACTS 1.5); brand names are the same in both languages.
constexpr std::array<MethodName, 7> kMethods{{
    {"credit_card", "Kartu kredit", "Credit card"},
    {"bank_transfer", "Transfer bank (virtual account)", "Bank transfer (virtual account)"},
    {"echannel", "Mandiri Bill Payment", "Mandiri Bill Payment"},
    {"gopay", "GoPay", "GoPay"},
    {"shopeepay", "ShopeePay", "ShopeePay"},
    {"qris", "QRIS", "QRIS"},
    {"cstore", "Gerai retail (Indomaret/Alfamart)", "Convenience store (Indomaret/Alfamart)"},
}};

// 350000 -> "350.000"
std::string grouped(std::int64_t amount) {
  const bool negative = amount < 0;
  // Via unsigned, so that the smallest int64 has a magnitude too.
  const auto magnitude =
      negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

}  // namespace

std::string money_text(std::int64_t amount, std::string_view currency) {
  if (currency == "IDR") return "Rp " + grouped(amount);
  return grouped(amount) + " " + std::string(currency);
}

std::string payment_method_text(std::string_view payment_type, std::string_view locale) {
  for (const MethodName& m : kMethods) {
    if (m.code == payment_type) return std::string(is_english(locale) ? m.en : m.id);
  }
  return std::string(payment_type);
}

std::string local_instant_text(common::Instant at, const std::string& tz_name,
                               std::string_view locale) {
  auto local = common::to_local(at, tz_name);
  if (!local) local = common::to_local(at, "UTC");
  if (!local) return common::format_instant(at);
  return long_date(local->date, locale) + ", " + clock_time(local->minutes) + " (" +
         zone_label(tz_name, at) + ")";
}

}  // namespace janji::notifications
