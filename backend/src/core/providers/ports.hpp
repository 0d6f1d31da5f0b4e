#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/common/clock.hpp"
#include "core/common/result.hpp"
#include "core/providers/provider.hpp"

namespace janji::providers {

using common::Instant;
using common::Result;
using common::Status;

struct ProviderFilter {
  std::string search;         // substring of name, description or address; case-insensitive
  std::string business_type;  // exact, empty = any
  bool include_inactive = false;
  long long page = 1;  // 1-based
  long long limit = 10;
};

struct ProviderPage {
  std::vector<Provider> items;
  long long total_items = 0;
};

// Soft-deleted providers (deleted_at set) are invisible to every method.
class ProviderRepository {
 public:
  virtual ~ProviderRepository() = default;
  // Sorted by business_name, then id.
  virtual Result<ProviderPage> list(const ProviderFilter& filter) = 0;
  virtual Result<std::optional<Provider>> find(const std::string& id) = 0;
  virtual Result<std::optional<Provider>> find_by_user(const std::string& user_id) = 0;
  // Conflict PROVIDER_002 when the user already has a live provider (the unique index decides).
  virtual Result<Provider> create(const Provider& provider) = 0;
  // Writes every mutable field and updated_at; NotFound PROVIDER_001 when gone meanwhile.
  virtual Result<Provider> update(const Provider& provider) = 0;
  // Hides the provider (deleted_at, is_active=false); bookings and services stay for history.
  virtual Status soft_delete(const std::string& id, Instant now) = 0;
};

// Soft-deleted services are invisible to every method (bookings still reference them).
class ServiceRepository {
 public:
  virtual ~ServiceRepository() = default;
  // Sorted by name, then id.
  virtual Result<std::vector<Service>> list(const std::string& provider_id, bool active_only) = 0;
  // Only a service of this provider.
  virtual Result<std::optional<Service>> find(const std::string& provider_id,
                                              const std::string& id) = 0;
  virtual Result<Service> create(const Service& service) = 0;
  virtual Result<Service> update(const Service& service) = 0;
  virtual Status soft_delete(const std::string& provider_id, const std::string& id,
                             Instant now) = 0;
};

// Called after every committed change to a provider's catalogue or settings (slot cache).
class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  virtual void provider_changed(const std::string& provider_id) = 0;
};

}  // namespace janji::providers
