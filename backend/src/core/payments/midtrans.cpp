#include "core/payments/midtrans.hpp"

#include <array>
#include <cstdio>
#include <map>

#include "core/payments/order_id.hpp"

namespace janji::payments {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Rank in the forward-only order (see moves_forward in the header).
int rank(PaymentState state) {
  switch (state) {
    case PaymentState::kPending:
      return 0;
    case PaymentState::kChallenge:
      return 1;
    case PaymentState::kDenied:
    case PaymentState::kFailed:
      return 2;
    case PaymentState::kExpired:
    case PaymentState::kCancelled:
      return 3;
    case PaymentState::kPaid:
      return 4;
    case PaymentState::kPartiallyRefunded:
      return 5;
    case PaymentState::kRefunded:
      return 6;
  }
  return 0;
}

constexpr std::array<std::pair<TransactionStatus, std::string_view>, 10> kStatusNames{{
    {TransactionStatus::kAuthorize, "authorize"},
    {TransactionStatus::kCapture, "capture"},
    {TransactionStatus::kSettlement, "settlement"},
    {TransactionStatus::kPending, "pending"},
    {TransactionStatus::kDeny, "deny"},
    {TransactionStatus::kCancel, "cancel"},
    {TransactionStatus::kExpire, "expire"},
    {TransactionStatus::kFailure, "failure"},
    {TransactionStatus::kRefund, "refund"},
    {TransactionStatus::kPartialRefund, "partial_refund"},
}};

constexpr std::array<std::pair<FraudStatus, std::string_view>, 3> kFraudNames{{
    {FraudStatus::kAccept, "accept"},
    {FraudStatus::kChallenge, "challenge"},
    {FraudStatus::kDeny, "deny"},
}};

constexpr std::array<std::pair<PaymentState, std::string_view>, 9> kStateNames{{
    {PaymentState::kPending, "pending"},
    {PaymentState::kChallenge, "challenge"},
    {PaymentState::kDenied, "denied"},
    {PaymentState::kFailed, "failed"},
    {PaymentState::kExpired, "expired"},
    {PaymentState::kCancelled, "cancelled"},
    {PaymentState::kPaid, "paid"},
    {PaymentState::kPartiallyRefunded, "partially_refunded"},
    {PaymentState::kRefunded, "refunded"},
}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& names,
                          std::string_view text) {
  const std::string wanted = lower(text);
  for (const auto& [v, name] : names) {
    if (name == wanted) return v;
  }
  return std::nullopt;
}

PaymentEvent apply(PaymentEvent event, PaymentState state) {
  event.actionable = true;
  event.state = state;
  return event;
}

PaymentEvent refuse(PaymentEvent event, std::string reason) {
  event.actionable = false;
  event.reason = std::move(reason);
  return event;
}

}  // namespace

std::string_view to_string(ExpiryUnit unit) {
  switch (unit) {
    case ExpiryUnit::kMinute:
      return "minute";
    case ExpiryUnit::kHour:
      return "hour";
    case ExpiryUnit::kDay:
      return "day";
  }
  return "minute";
}

std::string midtrans_time(common::Instant at, std::chrono::minutes utc_offset) {
  using namespace std::chrono;
  const auto local = floor<seconds>(at) + utc_offset;
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> time{local - day};
  const long offset = static_cast<long>(utc_offset.count());
  const long abs_offset = offset < 0 ? -offset : offset;
  char buffer[96];  // room for any long, to keep -Wformat-truncation quiet
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02ld:%02ld:%02ld %c%02ld%02ld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(time.hours().count()),
                static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()), offset < 0 ? '-' : '+', abs_offset / 60,
                abs_offset % 60);
  return buffer;
}

common::Status validate(const SnapRequest& request) {
  std::map<std::string, std::string> problems;
  if (!is_valid_order_id(request.order_id)) {
    problems["transaction_details.order_id"] =
        "must be 1 to 50 characters of letters, digits, '-', '_', '~' or '.'";
  }
  if (request.gross_amount <= 0) {
    problems["transaction_details.gross_amount"] = "must be a positive number of rupiah";
  }
  if (request.items.empty()) problems["item_details"] = "at least one item is required";
  std::int64_t sum = 0;
  bool overflow = false;
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const ItemDetail& item = request.items[i];
    const std::string field = "item_details[" + std::to_string(i) + "]";
    if (item.name.empty()) problems[field + ".name"] = "is required";
    if (item.quantity < 1) problems[field + ".quantity"] = "must be at least 1";
    std::int64_t subtotal = 0;
    if (__builtin_mul_overflow(item.price, item.quantity, &subtotal) ||
        __builtin_add_overflow(sum, subtotal, &sum)) {
      overflow = true;
    }
  }
  if (overflow) {
    problems["item_details"] = "the items' total is out of range";
  } else if (!request.items.empty() && sum != request.gross_amount) {
    problems["item_details"] = "prices times quantities must add up to the gross amount (" +
                               std::to_string(sum) + " != " + std::to_string(request.gross_amount) +
                               ")";
  }
  if (request.expiry && request.expiry->duration <= 0) {
    problems["expiry.duration"] = "must be positive";
  }
  if (!problems.empty()) {
    return common::fail(common::Error::invalid("Invalid Snap request", std::move(problems)));
  }
  return {};
}

std::optional<TransactionStatus> parse_transaction_status(std::string_view text) {
  return value_of(kStatusNames, text);
}
std::string_view to_string(TransactionStatus status) { return name_of(kStatusNames, status); }

std::optional<FraudStatus> parse_fraud_status(std::string_view text) {
  return value_of(kFraudNames, text);
}
std::string_view to_string(FraudStatus status) { return name_of(kFraudNames, status); }

std::string_view to_string(PaymentState state) { return name_of(kStateNames, state); }
std::optional<PaymentState> parse_payment_state(std::string_view text) {
  // Stored values are exactly ours: no case folding.
  for (const auto& [v, name] : kStateNames) {
    if (name == text) return v;
  }
  return std::nullopt;
}

bool moves_forward(PaymentState from, PaymentState to) { return rank(to) > rank(from); }

bool is_paid(PaymentState state) { return state == PaymentState::kPaid; }
bool frees_slot(PaymentState state) {
  return state == PaymentState::kExpired || state == PaymentState::kCancelled;
}
bool allows_new_attempt(PaymentState state) {
  return state == PaymentState::kDenied || state == PaymentState::kFailed || frees_slot(state);
}
bool is_refund(PaymentState state) {
  return state == PaymentState::kPartiallyRefunded || state == PaymentState::kRefunded;
}

PaymentEvent interpret(const MidtransNotification& notification) {
  PaymentEvent event;
  event.status = parse_transaction_status(notification.transaction_status);
  if (!event.status) {
    return refuse(event, "unknown transaction_status '" + notification.transaction_status + "'");
  }
  if (notification.fraud_status && !notification.fraud_status->empty()) {
    event.fraud = parse_fraud_status(*notification.fraud_status);
  }
  const bool unknown_fraud =
      notification.fraud_status && !notification.fraud_status->empty() && !event.fraud;
  switch (*event.status) {
    case TransactionStatus::kCapture:
    case TransactionStatus::kSettlement: {
      if (unknown_fraud) {
        return refuse(event, "unknown fraud_status '" + *notification.fraud_status + "'");
      }
      if (event.fraud == FraudStatus::kDeny) return apply(event, PaymentState::kDenied);
      if (event.fraud == FraudStatus::kChallenge) return apply(event, PaymentState::kChallenge);
      // accept, or no fraud_status at all (cstore): success only with status_code 200 (1.7).
      if (notification.status_code != "200") {
        return refuse(event, std::string(to_string(*event.status)) + " with status_code '" +
                                 notification.status_code + "' instead of 200");
      }
      return apply(event, PaymentState::kPaid);
    }
    case TransactionStatus::kAuthorize:  // pre-auth is not used: not money yet
    case TransactionStatus::kPending:
      return apply(event, PaymentState::kPending);
    case TransactionStatus::kDeny:
      return apply(event, PaymentState::kDenied);
    case TransactionStatus::kCancel:
      return apply(event, PaymentState::kCancelled);
    case TransactionStatus::kExpire:
      return apply(event, PaymentState::kExpired);
    case TransactionStatus::kFailure:
      return apply(event, PaymentState::kFailed);
    case TransactionStatus::kRefund:
      return apply(event, PaymentState::kRefunded);
    case TransactionStatus::kPartialRefund:
      return apply(event, PaymentState::kPartiallyRefunded);
  }
  return refuse(event, "unhandled transaction_status");
}

}  // namespace janji::payments
