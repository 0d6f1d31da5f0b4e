#pragma once

#include <string>
#include <vector>

namespace janji::db {

struct EmbeddedMigration {
  std::string name;  // "001_init": the version is the numeric prefix
  std::string sql;
};

const std::vector<EmbeddedMigration>& sqlite_migrations();
const std::vector<EmbeddedMigration>& postgres_migrations();

}  // namespace janji::db
