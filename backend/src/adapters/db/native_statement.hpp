#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/db/database.hpp"

namespace janji::db {

// A pool position held for the scope: the holder knows which connection it has, so it can use
// that connection's native prepared statements (and a SOCI transaction on the same session).
class PoolLease {
 public:
  explicit PoolLease(soci::connection_pool& pool) : pool_(pool), position_(pool.lease()) {}
  ~PoolLease() { pool_.give_back(position_); }
  PoolLease(const PoolLease&) = delete;
  PoolLease& operator=(const PoolLease&) = delete;

  std::size_t position() const { return position_; }
  soci::session& session() { return pool_.at(position_); }

 private:
  soci::connection_pool& pool_;
  std::size_t position_;
};

// A parameter of a NativeStatement. Text is viewed, not copied: it must outlive run().
struct NativeParam {
  enum class Kind { kNull, kText, kInteger };
  static NativeParam text(std::string_view value) { return {Kind::kText, value, 0}; }
  static NativeParam integer(long long value) { return {Kind::kInteger, {}, value}; }
  static NativeParam null() { return {}; }
  static NativeParam optional(const std::optional<std::string>& value) {
    return value ? text(*value) : null();
  }
  Kind kind = Kind::kNull;
  std::string_view text_value;
  long long integer_value = 0;
};

// The current row of a NativeStatement's result, on either backend. PostgreSQL answers in text
// (booleans 't'/'f'); SQLite keeps its native values. A value it cannot read as asked throws
// UnreadableValue.
class NativeRow {
 public:
  bool is_null(int col) const;
  std::string_view text(int col) const;
  // Text up to its first NUL, one call cheaper on SQLite: for fixed-format values (ids, dates,
  // times) that a parser checks anyway.
  std::string_view short_text(int col) const;
  long long integer(int col) const;
  double real(int col) const;
  bool flag(int col) const;

 private:
  friend class NativeStatement;
  NativeRow(void* sqlite_statement, const void* pg_result, int row)
      : sqlite_(sqlite_statement), pg_(pg_result), row_(row) {}
  void* sqlite_;    // sqlite3_stmt*, stepped to the row
  const void* pg_;  // PGresult*
  int row_;
};

// A stored value that is not what the schema promises: a soci_error, so the repositories log
// it and answer "internal" as for any other database error.
class UnreadableValue : public soci::soci_error {
 public:
  using soci::soci_error::soci_error;
};

// One SQL statement prepared once per pooled connection through the native API (sqlite3,
// libpq) and reused. SOCI prepares a statement anew on every execution: on PostgreSQL that is
// a parse and a plan per request (pgbench: ~1.7x the transactions with prepared statements),
// on SQLite a compile. Parameters are numbered: $1.. on PostgreSQL, ?1.. on SQLite.
//
// Thread-safe as the pool is: a run touches only the statement of the lease's position, which
// only the lease holder uses. Errors are thrown as SOCI's own (postgresql_soci_error with its
// SQLSTATE, sqlite3_soci_error), so callers translate them as any other database error.
// Destroy it before the Database (its destructor takes every pooled connection back).
class NativeStatement {
 public:
  using RowSink = std::function<void(const NativeRow&)>;

  NativeStatement(Database& db, std::string sql);
  ~NativeStatement();
  NativeStatement(const NativeStatement&) = delete;
  NativeStatement& operator=(const NativeStatement&) = delete;

  // Runs the statement on the lease's connection (inside whatever transaction it has open) and
  // calls `on_row` for each result row. Returns the number of rows.
  std::size_t run(PoolLease& lease, std::span<const NativeParam> params,
                  const RowSink& on_row = {});

  const std::string& sql() const { return sql_; }

 private:
  struct Prepared;  // per pool position; defined in the source
  Database& db_;
  std::string sql_;
  std::string name_;  // PostgreSQL: unique per statement object
  std::vector<std::unique_ptr<Prepared>> prepared_;
};

}  // namespace janji::db
