#pragma once

#include <string>

#include "core/common/crypto.hpp"
#include "core/payments/midtrans.hpp"
#include "core/payments/ports.hpp"

namespace janji::payments {

// SnapGateway for PAYMENT_DRIVER=simulator: "Snap" is Janji's own pay page at
// <app_url>/pay/<order_id>; Get Status reads the payment as stored; a refund always succeeds.
class SimulatorGateway final : public SnapGateway {
 public:
  SimulatorGateway(PaymentRepository& payments, const common::Crypto& crypto, std::string app_url)
      : payments_(payments), crypto_(crypto), app_url_(std::move(app_url)) {}

  common::Result<SnapTransaction> create_snap(const SnapRequest& request) override;
  common::Result<MidtransNotification> get_status(std::string_view order_id) override;
  common::Result<RefundResult> refund(std::string_view order_id, std::int64_t amount,
                                      std::string_view reason,
                                      std::string_view refund_key) override;

 private:
  PaymentRepository& payments_;
  const common::Crypto& crypto_;
  std::string app_url_;
};

}  // namespace janji::payments
