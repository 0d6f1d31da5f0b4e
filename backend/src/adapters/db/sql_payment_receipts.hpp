#pragma once

#include "adapters/db/database.hpp"
#include "core/notifications/payment_receipt.hpp"

namespace janji::db {

// What a payment receipt says, read from `payments` (one SELECT) on SOCI.
class SqlPaymentReceipts final : public notifications::PaymentReceiptSource {
 public:
  explicit SqlPaymentReceipts(Database& db) : db_(db) {}

  common::Result<std::optional<notifications::PaymentReceipt>> load_receipt(
      const std::string& payment_id) override;

 private:
  Database& db_;
};

}  // namespace janji::db
