#pragma once

#include <memory>
#include <string>

#include "adapters/db/database.hpp"
#include "config/config.hpp"

namespace janji::testing {

// A PostgreSQL database of one suite's own, migrated: for child processes that act on every
// row they find (outbox workers, payment hold sweepers), so that rows other suites leave in
// the shared test database are not theirs to take. Dropped (WITH (FORCE)) on destruction.
class PrivateDatabase {
 public:
  // "janji_<tag>_<pid>" on this run's PostgreSQL server (DB_* of the environment).
  explicit PrivateDatabase(const std::string& tag);
  ~PrivateDatabase();
  PrivateDatabase(const PrivateDatabase&) = delete;
  PrivateDatabase& operator=(const PrivateDatabase&) = delete;

  const std::string& name() const { return name_; }
  db::Database& database() { return *database_; }

 private:
  config::Config base_;
  std::string name_;
  std::unique_ptr<db::Database> database_;
};

}  // namespace janji::testing
