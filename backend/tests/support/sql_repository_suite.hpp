// The fixture shared by the SQL repository tests: one Application (its migrated database) per
// suite, ids, and user rows to hang providers and bookings on. SQLite by default, PostgreSQL
// when the environment says DB_DRIVER=postgres.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "adapters/db/database.hpp"
#include "adapters/db/sql_user_repository.hpp"
#include "app/application.hpp"
#include "support/test_app.hpp"

namespace janji::testing {

inline constexpr const char* kSuiteCreatedAt = "2026-01-02T03:04:05Z";

class SqlRepositorySuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { app() = std::make_unique<app::Application>(test_config()); }
  static void TearDownTestSuite() { app().reset(); }

  static std::unique_ptr<app::Application>& app() {
    static std::unique_ptr<app::Application> instance;
    return instance;
  }
  static db::Database& database() { return app()->database(); }
  static std::string new_id() { return app()->crypto().new_uuid(); }

  // A user of `role` through the user repository; `tag` goes into its unique e-mail.
  std::string make_user(auth::Role role, const std::string& tag,
                        const std::string& full_name = "Sari Dewi") {
    auth::User u;
    u.id = new_id();
    u.email = unique_email(tag);
    u.password_hash = "$2b$04$not.a.real.hash.but.long.enough.for.the.column.........";
    u.full_name = full_name;
    u.role = role;
    u.created_at = u.updated_at = kSuiteCreatedAt;
    EXPECT_TRUE(users_.create(u).has_value());
    return u.id;
  }

  db::SqlUserRepository users_{database()};
};

}  // namespace janji::testing
