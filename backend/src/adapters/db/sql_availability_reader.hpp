#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/db/database.hpp"
#include "adapters/db/native_statement.hpp"
#include "core/availability/ports.hpp"
#include "core/common/wall_time.hpp"

namespace janji::db {

// The hot path of an uncached availability request, and the day a booking transaction checks:
// provider, service, weekly schedules, exceptions and active bookings in one statement (one
// round trip on PostgreSQL), a NativeStatement (SOCI would prepare it anew on every call, which
// was half the CPU of the request). Schedules, exceptions and bookings come back sorted as the
// repositories sort them (bookings by starts_at).
//
// Bookings are those dated from-1 .. to+1: instants decide, and a booking (or its buffers) of
// the day before or after can reach into a requested day (a late booking in UTC-10 is
// tomorrow in UTC+14; a fall-back night's booking may end after midnight).
//
// Thread-safe: each call leases a pool position (or uses the caller's) and only touches that
// position's state. Destroy it before the Database.
class SqlAvailabilityReader final : public availability::AvailabilityReader {
 public:
  explicit SqlAvailabilityReader(Database& db);
  ~SqlAvailabilityReader() override;
  SqlAvailabilityReader(const SqlAvailabilityReader&) = delete;
  SqlAvailabilityReader& operator=(const SqlAvailabilityReader&) = delete;

  common::Result<std::optional<availability::AvailabilityInputs>> load(
      const std::string& provider_id, const std::string& service_id, const std::string& from,
      const std::string& to) override;

  // The same read on a connection the caller holds, inside its transaction (a booking's write
  // transaction sees the day as its insert will), optionally with the booking whose id is
  // `excluded_id` left out (a reschedule's own). nullopt: no live provider. Throws
  // soci::soci_error.
  std::optional<availability::AvailabilityInputs> load_on(
      PoolLease& lease, const std::string& provider_id, const std::string& service_id,
      const std::string& from, const std::string& to, const std::string* excluded_id = nullptr);

  // Row counts of the last load on one connection, to reserve the next one's vectors.
  struct Sizes {
    std::size_t schedules = 0;
    std::size_t exceptions = 0;
    std::size_t bookings = 0;
  };

 private:
  Database& db_;
  NativeStatement query_;
  std::vector<Sizes> sizes_;  // per pool position, used only by the lease holder
};

}  // namespace janji::db
