#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <soci/soci.h>

#include "core/common/error.hpp"

namespace janji::db {

enum class Dialect { kSqlite, kPostgres };

struct DatabaseOptions {
  Dialect dialect = Dialect::kSqlite;
  std::string sqlite_path;  // for kSqlite
  std::string pg_conninfo;  // libpq keyword/value string, for kPostgres
  std::size_t pool_size = 4;
};

// The SOCI connection pool plus what differs between the two dialects.
class Database {
 public:
  // Opens every pooled connection; throws std::runtime_error with a readable message.
  explicit Database(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return dialect_; }
  soci::connection_pool& pool() { return *pool_; }
  std::size_t pool_size() const { return pool_size_; }

  // Applies the embedded migrations not yet recorded in schema_migrations; returns how many.
  // Each runs in one transaction: its SQL, then the C++ step registered for its version (005
  // fills the bookings' instants). A SQLite file whose first line is the marker
  // "-- janji:foreign-keys-off" runs with foreign keys off around its transaction and must
  // leave PRAGMA foreign_key_check empty (a table rebuild, lang_altertable.html section 7).
  int migrate();
  // The same, up to and including version `last` (tests prepare old schemas with it).
  int migrate_to(int last);
  // A trivial query, for /ready.
  bool ping();

 private:
  Dialect dialect_;
  std::size_t pool_size_;
  std::unique_ptr<soci::connection_pool> pool_;
};

// Opens a write transaction that takes the write lock at once on SQLite (BEGIN IMMEDIATE: a
// deferred BEGIN fails with SQLITE_BUSY under contention instead of waiting); rolls back unless
// committed.
class WriteTransaction {
 public:
  WriteTransaction(soci::session& sql, Dialect dialect);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  soci::session& sql_;
  bool done_ = false;
};

// Maps a SOCI error to the core's error: unique/exclusion violations become kConflict (with the
// given code and message), everything else kInternal with a generic message. The original text
// goes to the log, never to the client.
common::Error translate_sql_error(const soci::soci_error& e, const std::string& conflict_code = "",
                                  const std::string& conflict_message = "");

// True for a PostgreSQL deadlock (40P01) or serialization failure (40001): the transaction lost
// a race and running it again is the remedy (concurrent inserts checking an exclusion
// constraint against each other deadlock; the retry then meets the winner's row: 23P01).
bool is_retryable(const soci::soci_error& e);
// Before attempt `attempt` + 1: racers retrying in step would collide again, so a short,
// growing, jittered pause.
void retry_pause(int attempt);
inline constexpr int kMaxAttempts = 5;

// Runs `attempt` (a whole statement or transaction on its own session) again while it fails
// retryably, at most kMaxAttempts times; other errors, and the last one, propagate.
template <typename Attempt>
auto retrying(Attempt&& attempt) -> decltype(attempt()) {
  for (int n = 1;; ++n) {
    try {
      return attempt();
    } catch (const soci::soci_error& e) {
      if (n >= kMaxAttempts || !is_retryable(e)) throw;
      retry_pause(n);
    }
  }
}

// True when the error is a unique (23505 / SQLITE "UNIQUE constraint failed") or exclusion
// (23P01 / our bookings_no_overlap trigger) violation.
bool is_conflict(const soci::soci_error& e);

// True for a foreign-key violation (23503 / SQLite "FOREIGN KEY constraint failed").
bool is_foreign_key_violation(const soci::soci_error& e);

// 401 for a write whose user row vanished under it (deleted after its token was checked): the
// token's owner is gone, which is the caller's problem, not a server failure.
common::Error account_gone();

// Instants come back as "2026-11-25 10:00:00+00" from PostgreSQL and as ISO text from SQLite;
// answer both as "2026-11-25T10:00:00Z".
std::string normalize_instant_text(const std::string& text);

}  // namespace janji::db
