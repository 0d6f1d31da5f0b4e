#include "adapters/payments/simulator_gateway.hpp"

#include "core/payments/payment_simulator.hpp"

namespace janji::payments {

common::Result<SnapTransaction> SimulatorGateway::create_snap(const SnapRequest& request) {
  if (auto valid = validate(request); !valid) return common::fail(valid.error());
  return SnapTransaction{crypto_.random_token(), app_url_ + "/pay/" + request.order_id};
}

common::Result<MidtransNotification> SimulatorGateway::get_status(std::string_view order_id) {
  auto payment = payments_.find_by_order_id(std::string(order_id));
  if (!payment) return common::fail(payment.error());
  if (!*payment) {
    return common::fail(common::Error::not_found("PAYMENT_001", "Transaction doesn't exist."));
  }
  return simulated_status(**payment);
}

common::Result<RefundResult> SimulatorGateway::refund(std::string_view order_id,
                                                      std::int64_t amount,
                                                      std::string_view /*reason*/,
                                                      std::string_view refund_key) {
  auto payment = payments_.find_by_order_id(std::string(order_id));
  if (!payment) return common::fail(payment.error());
  if (!*payment) {
    return common::fail(common::Error::not_found("PAYMENT_001", "Transaction doesn't exist."));
  }
  const std::int64_t total = (*payment)->refunded_amount + amount;
  const bool full = total >= (*payment)->gross_amount;
  return RefundResult{"200", full ? "refund" : "partial_refund", std::to_string(amount) + ".00",
                      std::string(refund_key), "Success, refund request is approved"};
}

}  // namespace janji::payments
