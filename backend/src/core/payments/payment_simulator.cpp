#include "core/payments/payment_simulator.hpp"

#include <chrono>
#include <cstdio>

namespace janji::payments {

using common::Error;
using common::fail;

std::optional<SimulatedOutcome> parse_simulated_outcome(std::string_view text) {
  if (text == "pay") return SimulatedOutcome::kPay;
  if (text == "fail") return SimulatedOutcome::kFail;
  if (text == "expire") return SimulatedOutcome::kExpire;
  return std::nullopt;
}

namespace {

std::string amount_text(std::int64_t rupiah) { return std::to_string(rupiah) + ".00"; }

// "YYYY-MM-DD HH:MM:SS" in GMT+7, as Midtrans writes transaction_time (CONTRACTS 1.5).
std::string wib_time(common::Instant at) {
  using namespace std::chrono;
  const auto local = floor<seconds>(at + hours{7});
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u %02ld:%02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return out;
}

}  // namespace

MidtransNotification simulated_status(const Payment& payment) {
  MidtransNotification n;
  n.order_id = payment.order_id;
  n.gross_amount = amount_text(payment.gross_amount);
  n.currency = payment.currency;
  n.transaction_id = payment.transaction_id.value_or("");
  n.payment_type = payment.payment_type.value_or("");
  n.status_message = "Janji payment simulator";
  n.merchant_id = "JANJI-SIMULATOR";
  const auto set = [&](const char* code, const char* status) {
    n.status_code = code;
    n.transaction_status = status;
  };
  switch (payment.status) {
    case PaymentState::kPending:
      set("201", "pending");
      break;
    case PaymentState::kChallenge:
      set("201", "capture");
      n.fraud_status = "challenge";
      break;
    case PaymentState::kDenied:
      set("202", "deny");
      break;
    case PaymentState::kFailed:
      set("202", "failure");
      break;
    case PaymentState::kExpired:
      set("407", "expire");
      break;
    case PaymentState::kCancelled:
      set("200", "cancel");
      break;
    case PaymentState::kPaid:
      set("200", "settlement");
      n.fraud_status = "accept";
      break;
    case PaymentState::kPartiallyRefunded:
      set("200", "partial_refund");
      n.refund_amount = amount_text(payment.refunded_amount);
      break;
    case PaymentState::kRefunded:
      set("200", "refund");
      n.refund_amount = amount_text(payment.refunded_amount);
      break;
  }
  return n;
}

PaymentSimulator::PaymentSimulator(SimulatorDependencies deps, std::string server_key)
    : deps_(std::move(deps)), server_key_(std::move(server_key)) {}

MidtransNotification PaymentSimulator::notification_for(const Payment& payment,
                                                        SimulatedOutcome outcome) const {
  MidtransNotification n;
  n.order_id = payment.order_id;
  n.gross_amount = amount_text(payment.gross_amount);
  n.currency = payment.currency;
  n.merchant_id = "JANJI-SIMULATOR";
  n.transaction_id = payment.transaction_id.value_or(deps_.crypto.new_uuid());
  n.transaction_time = wib_time(deps_.clock.now());
  n.status_message = "midtrans payment notification";
  switch (outcome) {
    case SimulatedOutcome::kPay:
      n.status_code = "200";
      n.transaction_status = "settlement";
      n.fraud_status = "accept";
      n.payment_type = "qris";
      n.settlement_time = n.transaction_time;
      break;
    case SimulatedOutcome::kFail:
      n.status_code = "202";
      n.transaction_status = "deny";
      n.fraud_status = "deny";
      n.payment_type = "credit_card";
      break;
    case SimulatedOutcome::kExpire:
      n.status_code = "407";
      n.transaction_status = "expire";
      n.payment_type = payment.payment_type.value_or("qris");
      break;
  }
  n.signature_key =
      expected_signature(n.order_id, n.status_code, n.gross_amount, server_key_, deps_.sha512);
  return n;
}

common::Result<CallbackOutcome> PaymentSimulator::complete(const std::string& order_id,
                                                           SimulatedOutcome outcome) {
  auto payment = deps_.payments.find_for_pay_page(order_id);
  if (!payment) return fail(payment.error());
  if (!is_live(payment->status)) {
    return fail(Error::conflict("PAYMENT_002", "This payment is no longer open"));
  }
  if (outcome != SimulatedOutcome::kExpire && deps_.clock.now() >= payment->expires_at) {
    return fail(Error::conflict("PAYMENT_005", "This payment page has expired"));
  }
  ReceivedNotification received;
  received.fields = notification_for(*payment, outcome);
  received.raw_body = deps_.to_json(received.fields);
  received.source = "simulator";
  return deps_.payments.receive(received);
}

}  // namespace janji::payments
