#pragma once

#include "adapters/db/database.hpp"
#include "core/providers/ports.hpp"

namespace janji::db {

class SqlProviderRepository final : public providers::ProviderRepository {
 public:
  explicit SqlProviderRepository(Database& db) : db_(db) {}

  common::Result<providers::ProviderPage> list(const providers::ProviderFilter& filter) override;
  common::Result<std::optional<providers::Provider>> find(const std::string& id) override;
  common::Result<std::optional<providers::Provider>> find_by_user(
      const std::string& user_id) override;
  common::Result<providers::Provider> create(const providers::Provider& provider) override;
  common::Result<providers::Provider> update(const providers::Provider& provider) override;
  common::Status soft_delete(const std::string& id, common::Instant now) override;

 private:
  common::Result<std::optional<providers::Provider>> find_one(const std::string& column,
                                                              const std::string& value);
  Database& db_;
};

class SqlServiceRepository final : public providers::ServiceRepository {
 public:
  explicit SqlServiceRepository(Database& db) : db_(db) {}

  common::Result<std::vector<providers::Service>> list(const std::string& provider_id,
                                                       bool active_only) override;
  common::Result<std::optional<providers::Service>> find(const std::string& provider_id,
                                                         const std::string& id) override;
  common::Result<providers::Service> create(const providers::Service& service) override;
  common::Result<providers::Service> update(const providers::Service& service) override;
  common::Status soft_delete(const std::string& provider_id, const std::string& id,
                             common::Instant now) override;

 private:
  Database& db_;
};

}  // namespace janji::db
