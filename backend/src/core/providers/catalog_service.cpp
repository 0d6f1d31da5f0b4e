#include "core/providers/catalog_service.hpp"

#include "core/common/text.hpp"
#include "core/common/time_zone.hpp"

namespace janji::providers {

using common::Error;
using common::fail;

namespace {

constexpr std::size_t kMaxNameLength = 255;
constexpr std::size_t kMaxTextLength = 5000;
constexpr std::size_t kMaxPricingInfoLength = 10000;
constexpr int kMaxBufferMinutes = 1440;

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// Empty or blank optional text is stored as NULL.
std::optional<std::string> normalized_text(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  std::string t = trimmed(*s);
  if (t.empty()) return std::nullopt;
  return t;
}

void apply(Provider& p, const ProviderFields& f) {
  if (f.business_name) p.business_name = trimmed(*f.business_name);
  if (f.business_type) p.business_type = *f.business_type;
  if (f.description) p.description = normalized_text(*f.description);
  if (f.address) p.address = normalized_text(*f.address);
  if (f.latitude) p.latitude = *f.latitude;
  if (f.longitude) p.longitude = *f.longitude;
  if (f.pricing_info) p.pricing_info = *f.pricing_info;
  if (f.is_active) p.is_active = *f.is_active;
  if (f.timezone) p.timezone = *f.timezone;
  if (f.slot_interval_minutes) p.slot_interval_minutes = *f.slot_interval_minutes;
  if (f.min_notice_minutes) p.min_notice_minutes = *f.min_notice_minutes;
  if (f.max_advance_days) p.max_advance_days = *f.max_advance_days;
  if (f.requires_payment) p.requires_payment = *f.requires_payment;
}

void apply(Service& s, const ServiceFields& f) {
  if (f.name) s.name = trimmed(*f.name);
  if (f.description) s.description = normalized_text(*f.description);
  if (f.duration) s.duration = *f.duration;
  if (f.price) s.price = *f.price;
  if (f.buffer_before_minutes) s.buffer_before_minutes = *f.buffer_before_minutes;
  if (f.buffer_after_minutes) s.buffer_after_minutes = *f.buffer_after_minutes;
  if (f.is_active) s.is_active = *f.is_active;
}

bool is_admin(const auth::Principal& who) { return who.role == auth::Role::kAdmin; }

// Field checks shared by create and update, keyed by the provider's attribute names (SPEC's
// columns, which are also the wire names): field -> problem; empty when valid.
std::map<std::string, std::string> validate_provider(const Provider& p) {
  std::map<std::string, std::string> problems;
  if (p.business_name.empty()) {
    problems["business_name"] = "must not be empty";
  } else if (common::utf8_length(p.business_name) > kMaxNameLength) {
    problems["business_name"] = "must be at most 255 characters";
  }
  if (!is_business_type(p.business_type)) {
    problems["business_type"] = "must be one of doctor, salon, consultant, studio";
  }
  if (p.description && common::utf8_length(*p.description) > kMaxTextLength) {
    problems["description"] = "must be at most 5000 characters";
  }
  if (p.address && common::utf8_length(*p.address) > kMaxTextLength) {
    problems["address"] = "must be at most 5000 characters";
  }
  if (p.latitude && (*p.latitude < -90.0 || *p.latitude > 90.0)) {
    problems["latitude"] = "must be between -90 and 90";
  }
  if (p.longitude && (*p.longitude < -180.0 || *p.longitude > 180.0)) {
    problems["longitude"] = "must be between -180 and 180";
  }
  if (p.latitude.has_value() != p.longitude.has_value()) {
    problems[p.latitude ? "longitude" : "latitude"] =
        "latitude and longitude must be given together";
  }
  if (common::utf8_length(p.pricing_info) > kMaxPricingInfoLength) {
    problems["pricing_info"] = "must be at most 10000 bytes";
  }
  if (!common::is_valid_time_zone(p.timezone)) {
    problems["timezone"] = "must be an IANA time zone such as Asia/Jakarta";
  }
  if (p.slot_interval_minutes < 5 || p.slot_interval_minutes > 240) {
    problems["slot_interval_minutes"] = "must be between 5 and 240";
  }
  if (p.min_notice_minutes < 0 || p.min_notice_minutes > kMaxMinNoticeMinutes) {
    problems["min_notice_minutes"] = "must be between 0 and 43200 (30 days)";
  }
  if (p.max_advance_days < 1 || p.max_advance_days > 730) {
    problems["max_advance_days"] = "must be between 1 and 730";
  }
  return problems;
}

std::map<std::string, std::string> validate_service(const Service& s) {
  std::map<std::string, std::string> problems;
  if (s.name.empty()) {
    problems["name"] = "must not be empty";
  } else if (common::utf8_length(s.name) > kMaxNameLength) {
    problems["name"] = "must be at most 255 characters";
  }
  if (s.description && common::utf8_length(*s.description) > kMaxTextLength) {
    problems["description"] = "must be at most 5000 characters";
  }
  if (s.duration < 5 || s.duration > 1440) {
    problems["duration"] = "must be between 5 and 1440 minutes";
  }
  if (s.price < 0 || s.price > kMaxPrice) {
    problems["price"] = "must be a whole number of rupiah from 0 to 9999999999";
  }
  if (s.buffer_before_minutes < 0 || s.buffer_before_minutes > kMaxBufferMinutes) {
    problems["buffer_before_minutes"] = "must be between 0 and 1440";
  }
  if (s.buffer_after_minutes < 0 || s.buffer_after_minutes > kMaxBufferMinutes) {
    problems["buffer_after_minutes"] = "must be between 0 and 1440";
  }
  return problems;
}

}  // namespace

Error provider_not_found() { return Error::not_found("PROVIDER_001", "Provider not found"); }
Error service_not_found() { return Error::not_found("SERVICE_001", "Service not found"); }

Result<ProviderPage> CatalogService::list_providers(ProviderFilter filter,
                                                    const auth::Principal* viewer) {
  filter.search = trimmed(filter.search);
  if (filter.include_inactive && !(viewer && is_admin(*viewer))) filter.include_inactive = false;
  return deps_.providers.list(filter);
}

Result<Provider> CatalogService::visible_provider(const std::string& id,
                                                  const auth::Principal* viewer) {
  if (!common::is_uuid(id)) return fail(provider_not_found());
  auto found = deps_.providers.find(id);
  if (!found) return fail(found.error());
  if (!*found) return fail(provider_not_found());
  const Provider& p = **found;
  if (!p.is_active && !(viewer && can_manage(*viewer, p))) return fail(provider_not_found());
  return p;
}

Result<Provider> CatalogService::managed_provider(const auth::Principal& who,
                                                  const std::string& id) {
  if (!common::is_uuid(id)) return fail(provider_not_found());
  auto found = deps_.providers.find(id);
  if (!found) return fail(found.error());
  if (!*found) return fail(provider_not_found());
  const Provider& p = **found;
  if (!can_manage(who, p)) {
    // An inactive business is not public: do not reveal that it exists.
    if (!p.is_active) return fail(provider_not_found());
    return fail(Error::forbidden("Only the provider's owner or an admin can change it"));
  }
  return p;
}

Result<ProviderDetail> CatalogService::provider_detail(const std::string& id,
                                                       const auth::Principal* viewer) {
  auto provider = visible_provider(id, viewer);
  if (!provider) return fail(provider.error());
  auto services = deps_.services.list(provider->id, true);
  if (!services) return fail(services.error());
  return ProviderDetail{std::move(*provider), std::move(*services)};
}

Result<Provider> CatalogService::create_provider(const auth::Principal& who,
                                                 const std::optional<std::string>& owner_user_id,
                                                 const ProviderFields& fields) {
  if (who.role == auth::Role::kCustomer) {
    return fail(Error::forbidden("Only provider accounts can register a business"));
  }
  if (!is_admin(who) && owner_user_id && *owner_user_id != who.user_id) {
    return fail(Error::forbidden("Only an admin can create a business for another user"));
  }
  // The route requires these; without them there is no business to create.
  if (!fields.business_name || !fields.business_type) {
    return fail(Error::internal("A new provider needs its name and type"));
  }
  // An admin has no business of their own: the owner is the provider's user_id attribute.
  if (is_admin(who) && !owner_user_id) {
    return fail(
        Error::missing_fields({{"user_id", "is required when an admin creates a provider"}}));
  }

  const std::string owner_id = owner_user_id.value_or(who.user_id);
  if (owner_id != who.user_id) {
    auto owner = deps_.users.find_by_id(owner_id);
    if (!owner) return fail(owner.error());
    if (!*owner) return fail(Error::invalid("Invalid input", {{"user_id", "no such user"}}));
    if ((*owner)->role != auth::Role::kProvider) {
      return fail(Error::precondition("PROVIDER_003", "The owner must have the provider role"));
    }
  }

  Provider p;
  p.id = deps_.crypto.new_uuid();
  p.user_id = owner_id;
  apply(p, fields);
  if (auto problems = validate_provider(p); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  p.created_at = p.updated_at = common::format_instant(deps_.clock.now());
  auto created = deps_.providers.create(p);
  if (!created) return fail(created.error());
  deps_.changes.provider_changed(created->id);
  return created;
}

Result<Provider> CatalogService::update_provider(const auth::Principal& who, const std::string& id,
                                                 const ProviderFields& fields) {
  auto current = managed_provider(who, id);
  if (!current) return fail(current.error());
  Provider p = *current;
  apply(p, fields);
  if (auto problems = validate_provider(p); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  p.updated_at = common::format_instant(deps_.clock.now());
  auto updated = deps_.providers.update(p);
  if (!updated) return fail(updated.error());
  deps_.changes.provider_changed(p.id);
  return updated;
}

Status CatalogService::delete_provider(const auth::Principal& who, const std::string& id) {
  if (!is_admin(who)) return fail(Error::forbidden("Only an admin can delete a provider"));
  auto found = deps_.providers.find(id);
  if (!found) return fail(found.error());
  if (!*found) return fail(provider_not_found());
  auto done = deps_.providers.soft_delete(id, deps_.clock.now());
  if (!done) return done;
  deps_.changes.provider_changed(id);
  return {};
}

Result<std::vector<Service>> CatalogService::list_services(const std::string& provider_id,
                                                           const auth::Principal* viewer) {
  auto provider = visible_provider(provider_id, viewer);
  if (!provider) return fail(provider.error());
  // The owner's dashboard also lists paused services; the public sees bookable ones only.
  const bool manager = viewer && can_manage(*viewer, *provider);
  return deps_.services.list(provider->id, !manager);
}

Result<Service> CatalogService::create_service(const auth::Principal& who,
                                               const std::string& provider_id,
                                               const ServiceFields& fields) {
  auto provider = managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  // The route requires these; a service without them sells nothing.
  if (!fields.name || !fields.duration) {
    return fail(Error::internal("A new service needs its name and duration"));
  }
  Service s;
  s.id = deps_.crypto.new_uuid();
  s.provider_id = provider->id;
  apply(s, fields);
  if (auto problems = validate_service(s); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  s.created_at = s.updated_at = common::format_instant(deps_.clock.now());
  auto created = deps_.services.create(s);
  if (!created) return fail(created.error());
  deps_.changes.provider_changed(s.provider_id);
  return created;
}

Result<Service> CatalogService::update_service(const auth::Principal& who,
                                               const std::string& provider_id,
                                               const std::string& service_id,
                                               const ServiceFields& fields) {
  auto provider = managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  auto found = deps_.services.find(provider->id, service_id);
  if (!found) return fail(found.error());
  if (!*found) return fail(service_not_found());
  Service s = **found;
  apply(s, fields);
  if (auto problems = validate_service(s); !problems.empty()) {
    return fail(Error::invalid("Invalid input", problems));
  }
  s.updated_at = common::format_instant(deps_.clock.now());
  auto updated = deps_.services.update(s);
  if (!updated) return fail(updated.error());
  deps_.changes.provider_changed(s.provider_id);
  return updated;
}

Status CatalogService::delete_service(const auth::Principal& who, const std::string& provider_id,
                                      const std::string& service_id) {
  auto provider = managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  auto found = deps_.services.find(provider->id, service_id);
  if (!found) return fail(found.error());
  if (!*found) return fail(service_not_found());
  auto done = deps_.services.soft_delete(provider->id, service_id, deps_.clock.now());
  if (!done) return done;
  deps_.changes.provider_changed(provider->id);
  return {};
}

Result<std::optional<Provider>> CatalogService::own_provider(const auth::Principal& who) {
  return deps_.providers.find_by_user(who.user_id);
}

}  // namespace janji::providers
