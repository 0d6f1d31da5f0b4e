#include "support/private_database.hpp"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include "support/test_app.hpp"

namespace janji::testing {

PrivateDatabase::PrivateDatabase(const std::string& tag)
    : base_(test_config()), name_("janji_" + tag + "_" + std::to_string(::getpid())) {
  soci::session admin(soci::postgresql, base_.postgres_connection_string());
  admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
  admin << "CREATE DATABASE " + name_;
  config::Config c = base_;
  c.database.name = name_;
  db::DatabaseOptions options;
  options.dialect = db::Dialect::kPostgres;
  options.pg_conninfo = c.postgres_connection_string();
  options.pool_size = 2;
  database_ = std::make_unique<db::Database>(options);
  database_->migrate();
}

PrivateDatabase::~PrivateDatabase() {
  database_.reset();
  try {
    soci::session admin(soci::postgresql, base_.postgres_connection_string());
    admin << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot drop " << name_ << ": " << e.what();
  }
}

}  // namespace janji::testing
