#pragma once

#include "adapters/db/database.hpp"
#include "core/auth/ports.hpp"

namespace janji::db {

class SqlRefreshTokenRepository final : public auth::RefreshTokenRepository {
 public:
  explicit SqlRefreshTokenRepository(Database& db) : db_(db) {}

  common::Status insert(const auth::RefreshTokenRecord& record) override;
  common::Result<std::optional<auth::RefreshTokenRecord>> find_by_hash(
      const std::string& hash) override;
  common::Result<bool> mark_rotated(const std::string& id, common::Instant now) override;
  common::Status revoke_family(const std::string& family_id, common::Instant now) override;
  common::Status revoke_all_for_user(const std::string& user_id, common::Instant now) override;

 private:
  Database& db_;
};

class SqlOneTimeTokenRepository final : public auth::OneTimeTokenRepository {
 public:
  explicit SqlOneTimeTokenRepository(Database& db) : db_(db) {}

  common::Status insert(auth::OneTimePurpose purpose, const std::string& id,
                        const std::string& user_id, const std::string& token_hash,
                        common::Instant expires_at, common::Instant now) override;
  common::Result<std::optional<std::string>> consume(auth::OneTimePurpose purpose,
                                                     const std::string& token_hash,
                                                     common::Instant now) override;
  common::Status invalidate_for_user(auth::OneTimePurpose purpose, const std::string& user_id,
                                     common::Instant now) override;

 private:
  Database& db_;
};

}  // namespace janji::db
