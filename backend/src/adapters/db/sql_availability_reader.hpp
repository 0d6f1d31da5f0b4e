#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/db/database.hpp"
#include "core/availability/ports.hpp"

namespace janji::db {

// What one pooled connection has prepared (native handles); defined in the source.
struct PreparedAvailabilityQuery;

// The hot path of an uncached availability request: provider, service, weekly schedules,
// exceptions and active bookings in one statement (one round trip on PostgreSQL), prepared once
// per pooled connection through the native API and reused (SOCI would prepare it anew on every
// call, which was half the CPU of the request). Schedules, exceptions and bookings come back
// sorted as the repositories sort them.
//
// Thread-safe: each call leases a pool position and only touches that position's cache.
// Destroy it before the Database (its destructor waits for every pooled connection).
class SqlAvailabilityReader final : public availability::AvailabilityReader {
 public:
  explicit SqlAvailabilityReader(Database& db);
  ~SqlAvailabilityReader() override;
  SqlAvailabilityReader(const SqlAvailabilityReader&) = delete;
  SqlAvailabilityReader& operator=(const SqlAvailabilityReader&) = delete;

  common::Result<std::optional<availability::AvailabilityInputs>> load(
      const std::string& provider_id, const std::string& service_id, const std::string& from,
      const std::string& to) override;

 private:
  Database& db_;
  std::string query_;           // in the database's dialect
  std::string statement_name_;  // PostgreSQL: unique per reader, so two readers never clash
  // One per pool position, used only by the thread that holds that position's lease.
  std::vector<std::unique_ptr<PreparedAvailabilityQuery>> prepared_;
};

}  // namespace janji::db
