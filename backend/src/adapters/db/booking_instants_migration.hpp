#pragma once

#include <soci/soci.h>

#include "adapters/db/database.hpp"

namespace janji::db {

// The C++ half of migration 005, run by the migration runner right after 005's SQL in the same
// transaction: one code path for both dialects (SQLite has no time zones). For every booking,
// from its provider's time zone:
//   starts_at = the first instant its wall clock reads booking_date start_time (a time inside a
//               spring-forward gap read with the offset before the gap, as PostgreSQL does),
//   ends_at   = starts_at + (end_time - start_time): the old code stored start + the service's
//               duration in nominal minutes, and that duration is elapsed time,
//   end_time  = the wall-clock reading of ends_at (a 60-minute booking at 01:30 on New York's
//               spring-forward night ends at 03:30; at most 24:00, the column's limit).
// Rows are written in batches (one UPDATE per kBatch rows) so 100k rows take seconds, not
// minutes. Throws on failure (the runner's transaction rolls back).
void fill_booking_instants(soci::session& sql, Dialect dialect);

}  // namespace janji::db
