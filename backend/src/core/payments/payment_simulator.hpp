#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/common/result.hpp"
#include "core/payments/midtrans.hpp"
#include "core/payments/payment.hpp"
#include "core/payments/payment_service.hpp"
#include "core/payments/signature.hpp"

namespace janji::payments {

// PAYMENT_DRIVER=simulator: Janji plays Midtrans' part so that the whole flow works with no
// account anywhere. Its pay page (/pay/:order_id) lets the customer pay, fail or let the
// payment expire; each is the notification Midtrans would send, signed with the server key and
// handed to the same PaymentService::receive() as the callback route's.
enum class SimulatedOutcome { kPay, kFail, kExpire };
std::optional<SimulatedOutcome> parse_simulated_outcome(std::string_view text);  // pay|fail|expire

// The notification-shaped status of a payment as Midtrans would report it (Get Status), with
// `transaction_id` and an unsigned body: what the simulator gateway answers.
MidtransNotification simulated_status(const Payment& payment);

struct SimulatorDependencies {
  PaymentService& payments;
  const Sha512& sha512;
  const common::Crypto& crypto;
  const common::Clock& clock;
  std::function<std::string(const MidtransNotification&)> to_json;  // the body Midtrans posts
};

class PaymentSimulator {
 public:
  PaymentSimulator(SimulatorDependencies deps, std::string server_key);

  // The signed notification of `outcome` for `payment` (settlement, deny, expire).
  MidtransNotification notification_for(const Payment& payment, SimulatedOutcome outcome) const;

  // The customer pressed a button on the pay page: refused once the page expired (PAYMENT_005,
  // as Snap's page would) or when the attempt is no longer live (PAYMENT_002); else the
  // notification is received as the callback would receive it.
  common::Result<CallbackOutcome> complete(const std::string& order_id, SimulatedOutcome outcome);

 private:
  SimulatorDependencies deps_;
  std::string server_key_;
};

}  // namespace janji::payments
