#pragma once

#include <string>

#include "adapters/db/database.hpp"
#include "core/auth/auth_service.hpp"
#include "core/common/crypto.hpp"

namespace janji::db {

struct DemoSeedResult {
  int providers_created = 0;
  int customers_created = 0;
  std::string password;  // shared by every demo account
};

// Fills a database with a few realistic providers (clinic, salon, consultant, music studio),
// their services and weekly hours, plus a demo customer. Safe to run twice: existing demo
// accounts are left alone.
common::Result<DemoSeedResult> seed_demo(Database& db, auth::AuthService& auth,
                                         const common::Crypto& crypto);

}  // namespace janji::db
