#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth/ports.hpp"
#include "core/auth/user.hpp"
#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/common/result.hpp"
#include "core/providers/ports.hpp"
#include "core/providers/provider.hpp"

namespace janji::providers {

// Fields of a provider a request may set, typed at the edge (business_type one of the four
// kinds). Absent = unchanged (update) or default (create; business_name and business_type are
// required there); for nullable columns an inner nullopt clears the value. Ranges, lengths and
// the time zone are the core's rules.
struct ProviderFields {
  std::optional<std::string> business_name;
  std::optional<std::string> business_type;
  std::optional<std::optional<std::string>> description;
  std::optional<std::optional<std::string>> address;
  std::optional<std::optional<double>> latitude;
  std::optional<std::optional<double>> longitude;
  std::optional<std::string> pricing_info;  // JSON object text
  std::optional<bool> is_active;
  std::optional<std::string> timezone;
  std::optional<int> slot_interval_minutes;
  std::optional<int> min_notice_minutes;
  std::optional<int> max_advance_days;
  std::optional<bool> requires_payment;
};

// Fields of a service; on create name and duration are required.
struct ServiceFields {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<int> duration;
  std::optional<long long> price;
  std::optional<int> buffer_before_minutes;
  std::optional<int> buffer_after_minutes;
  std::optional<bool> is_active;
};

// A provider as its detail page shows it.
struct ProviderDetail {
  Provider provider;
  std::vector<Service> services;  // active ones
};

inline constexpr long long kMaxPageLimit = 100;
inline constexpr std::size_t kMaxSearchLength = 255;
inline constexpr long long kMaxPrice = 9'999'999'999;  // NUMERIC(12,2) in whole rupiah
inline constexpr int kMaxMinNoticeMinutes = 30 * 24 * 60;

struct CatalogDependencies {
  ProviderRepository& providers;
  ServiceRepository& services;
  auth::UserRepository& users;
  ChangeListener& changes;
  const common::Crypto& crypto;
  const common::Clock& clock;
};

// Use cases of SPEC "Providers" and "Services", with their permission rules: anyone reads
// active providers; a provider-role user registers and runs their own business; an admin may do
// everything, including creating a business for a provider-role user and deleting one.
class CatalogService {
 public:
  explicit CatalogService(CatalogDependencies deps) : deps_(deps) {}

  // `viewer` (may be null) sees inactive providers too when admin. The filter is checked at the
  // edge: page >= 1, limit 1..kMaxPageLimit, search at most kMaxSearchLength characters,
  // business_type empty or a known kind.
  Result<ProviderPage> list_providers(ProviderFilter filter, const auth::Principal* viewer);
  // Inactive providers are visible to their owner and admins only (404 for others).
  Result<ProviderDetail> provider_detail(const std::string& id, const auth::Principal* viewer);
  // No `owner_user_id` = the caller. Only admins may name another user (and must name one).
  Result<Provider> create_provider(const auth::Principal& who,
                                   const std::optional<std::string>& owner_user_id,
                                   const ProviderFields& fields);
  Result<Provider> update_provider(const auth::Principal& who, const std::string& id,
                                   const ProviderFields& fields);
  Status delete_provider(const auth::Principal& who, const std::string& id);

  Result<std::vector<Service>> list_services(const std::string& provider_id,
                                             const auth::Principal* viewer);
  Result<Service> create_service(const auth::Principal& who, const std::string& provider_id,
                                 const ServiceFields& fields);
  Result<Service> update_service(const auth::Principal& who, const std::string& provider_id,
                                 const std::string& service_id, const ServiceFields& fields);
  Status delete_service(const auth::Principal& who, const std::string& provider_id,
                        const std::string& service_id);

  // The business `who` owns (at most one per user), active or not; nullopt when none.
  Result<std::optional<Provider>> own_provider(const auth::Principal& who);

  // The provider `who` may manage: NotFound for unknown ids (and for inactive ones `who`
  // cannot see), PermissionDenied for someone else's business. Used by the schedule service.
  Result<Provider> managed_provider(const auth::Principal& who, const std::string& id);
  // A provider the public may see (live and active), or owner/admin view of an inactive one.
  Result<Provider> visible_provider(const std::string& id, const auth::Principal* viewer);

 private:
  CatalogDependencies deps_;
};

// The answers for an unknown (or malformed) provider or service id.
common::Error provider_not_found();
common::Error service_not_found();

}  // namespace janji::providers
