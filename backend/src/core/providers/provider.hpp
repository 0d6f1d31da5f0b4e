#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/auth/user.hpp"

namespace janji::providers {

// A business that takes bookings (SPEC "service_providers") with its booking settings.
struct Provider {
  std::string id;
  std::string user_id;  // the owner: a provider-role user
  std::string business_name;
  std::string business_type;  // doctor, salon, consultant, studio
  std::optional<std::string> description;
  std::optional<std::string> address;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string pricing_info = "{}";  // a JSON object, checked at the edge; opaque to the core
  bool is_active = true;
  std::string timezone = "Asia/Jakarta";  // IANA; booking dates and times are wall-clock here
  int slot_interval_minutes = 30;
  int min_notice_minutes = 60;
  int max_advance_days = 90;
  // Bookings of services with a price are paid when booked (issue 13): pending + unpaid,
  // holding the slot for PAYMENT_HOLD.
  bool requires_payment = false;
  std::string created_at;  // ISO-8601 UTC
  std::string updated_at;
};

// Something a provider sells, e.g. "Scaling, 60 minutes, Rp 350.000".
struct Service {
  std::string id;
  std::string provider_id;
  std::string name;
  std::optional<std::string> description;
  int duration = 30;    // minutes
  long long price = 0;  // whole rupiah
  int buffer_before_minutes = 0;
  int buffer_after_minutes = 0;
  bool is_active = true;
  std::string created_at;
  std::string updated_at;
};

bool is_business_type(std::string_view text);

// Owner or admin: who may change a provider, its services, hours and exceptions.
bool can_manage(const auth::Principal& who, const Provider& provider);
// The same, for the provider owned by `owner_user_id`.
bool can_manage(const auth::Principal& who, std::string_view owner_user_id);

}  // namespace janji::providers
