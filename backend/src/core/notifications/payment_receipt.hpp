#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/clock.hpp"
#include "core/common/result.hpp"
#include "core/payments/midtrans.hpp"

namespace janji::notifications {

// What a payment receipt says about the payment (table `payments`, issue 13).
struct PaymentReceipt {
  std::string payment_id;
  std::string booking_id;
  std::string order_id;  // Midtrans' order id: what the customer's bank statement shows
  int attempt = 1;
  std::int64_t gross_amount = 0;  // whole units of `currency`
  std::string currency = "IDR";
  payments::PaymentState status = payments::PaymentState::kPending;
  std::optional<std::string> payment_type;    // credit_card, bank_transfer, gopay, ...
  std::optional<std::string> transaction_id;  // Midtrans'
  std::optional<common::Instant> paid_at;
};

// Port: one read per receipt (adapters/db/sql_payment_receipts).
class PaymentReceiptSource {
 public:
  virtual ~PaymentReceiptSource() = default;
  // nullopt when no payment has this id (a malformed id included).
  virtual common::Result<std::optional<PaymentReceipt>> load_receipt(
      const std::string& payment_id) = 0;
};

// "Rp 350.000": rupiah as Indonesians write prices, in every locale (the product's money). Other
// currencies: "12.500 USD".
std::string money_text(std::int64_t amount, std::string_view currency);

// A Midtrans payment_type in words ("Kartu kredit" / "Credit card"); an unknown code as it is.
std::string payment_method_text(std::string_view payment_type, std::string_view locale);

// An instant as the provider's clock read it: "Senin, 14 Desember 2026, 10:32 (WIB,
// Asia/Jakarta)"; in UTC for an unknown zone.
std::string local_instant_text(common::Instant at, const std::string& tz_name,
                               std::string_view locale);

}  // namespace janji::notifications
