#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Midtrans order ids for booking payments. An order id can be used once only (CONTRACTS 1.2),
// so each payment attempt of a booking gets its own: "JNJ-" + the booking UUID's 32 hex digits
// + "-" + the attempt number (>= 1). At most 4 + 32 + 1 + 10 = 47 characters, within the
// 50-character alphabet [A-Za-z0-9-_~.].

namespace janji::payments {

inline constexpr std::size_t kMaxOrderIdLength = 50;

// At most 50 characters, each alphanumeric or one of "-_~.", not empty (CONTRACTS 1.2).
bool is_valid_order_id(std::string_view order_id);

// Throws std::invalid_argument when booking_id is not a canonical UUID or attempt is 0: ids are
// validated at the edge, so either is a programming error.
std::string order_id_for(std::string_view booking_id, std::uint32_t attempt);

struct OrderRef {
  std::string booking_id;  // canonical lower-case UUID, 8-4-4-4-12
  std::uint32_t attempt = 0;
  bool operator==(const OrderRef&) const = default;
};

// The inverse of order_id_for, exactly: std::nullopt for any other text (upper-case hex, a
// leading zero or a 0 attempt, another prefix, trailing bytes...), so an order id maps to one
// (booking, attempt) and back.
std::optional<OrderRef> parse_order_id(std::string_view order_id);

}  // namespace janji::payments
