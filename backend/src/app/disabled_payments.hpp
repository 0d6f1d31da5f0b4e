#pragma once

#include "core/payments/midtrans.hpp"

namespace janji::app {

// PAYMENT_DRIVER=disabled: no gateway. Bookings never wait for payment then, so this only
// answers a client that asks anyway.
class DisabledPayments final : public payments::SnapGateway {
 public:
  common::Result<payments::SnapTransaction> create_snap(const payments::SnapRequest&) override {
    return common::fail(off());
  }
  common::Result<payments::MidtransNotification> get_status(std::string_view) override {
    return common::fail(off());
  }
  common::Result<payments::RefundResult> refund(std::string_view, std::int64_t, std::string_view,
                                                std::string_view) override {
    return common::fail(off());
  }

 private:
  static common::Error off() {
    return common::Error::unavailable("Payments are not configured on this server");
  }
};

}  // namespace janji::app
