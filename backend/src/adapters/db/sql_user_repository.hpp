#pragma once

#include "adapters/db/database.hpp"
#include "core/auth/ports.hpp"

namespace janji::db {

class SqlUserRepository final : public auth::UserRepository {
 public:
  explicit SqlUserRepository(Database& db) : db_(db) {}

  common::Result<auth::User> create(const auth::User& user) override;
  common::Result<std::optional<auth::User>> find_by_email(const std::string& email) override;
  common::Result<std::optional<auth::User>> find_by_id(const std::string& id) override;
  common::Status set_verified(const std::string& user_id, common::Instant now) override;
  common::Status update_profile(const auth::User& user) override;
  common::Status set_password_hash(const std::string& user_id, const std::string& hash,
                                   common::Instant now) override;
  common::Result<auth::AccountStanding> find_standing(const std::string& user_id,
                                                      common::Instant revoked_since) override;

 private:
  common::Result<std::optional<auth::User>> find_one(const std::string& column,
                                                     const std::string& value);
  Database& db_;
};

}  // namespace janji::db
