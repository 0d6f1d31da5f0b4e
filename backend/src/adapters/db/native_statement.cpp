#include "adapters/db/native_statement.hpp"

// SOCI's SQLite header wraps <sqlite3.h> in namespace sqlite_api: it must be the one to include
// it (sqlite_api:: names and the SQLITE_* macros below come from here).
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <soci/postgresql/soci-postgresql.h>
#include <atomic>
#include <charconv>

namespace janji::db {

// The native statement of one pooled connection, remembered with the connection it belongs to:
// when SOCI hands out another native connection at that position (a reconnect), it is dropped.
struct NativeStatement::Prepared {
  const void* connection = nullptr;
  sqlite_api::sqlite3_stmt* sqlite = nullptr;
  bool postgres_prepared = false;
};

namespace {

sqlite_api::sqlite3_stmt* as_sqlite(void* p) { return static_cast<sqlite_api::sqlite3_stmt*>(p); }
const PGresult* as_pg(const void* p) { return static_cast<const PGresult*>(p); }

// Ends the statement's run and drops the parameter pointers, whatever happened.
class SqliteReset {
 public:
  explicit SqliteReset(sqlite_api::sqlite3_stmt* st) : st_(st) {}
  ~SqliteReset() {
    sqlite_api::sqlite3_reset(st_);
    sqlite_api::sqlite3_clear_bindings(st_);
  }
  SqliteReset(const SqliteReset&) = delete;
  SqliteReset& operator=(const SqliteReset&) = delete;

 private:
  sqlite_api::sqlite3_stmt* st_;
};

using PgResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string_view sqlstate(const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state ? std::string_view(state) : std::string_view();
}

// SOCI's error for a failed PostgreSQL call; no SQLSTATE (a lost connection) is reported as
// 08006 connection_failure, which SOCI files under connection_error.
[[noreturn]] void throw_pg(PGconn* conn, const PGresult* result, const char* what) {
  const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  std::string state(sqlstate(result));
  if (state.size() != 5) state = "08006";
  throw soci::postgresql_soci_error(std::string(what) + ": " + (message ? message : ""),
                                    state.c_str());
}

[[noreturn]] void throw_sqlite(sqlite_api::sqlite3* conn, int rc, const char* what) {
  throw soci::sqlite3_soci_error(std::string(what) + ": " + sqlite_api::sqlite3_errmsg(conn), rc);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

bool NativeRow::is_null(int col) const {
  if (sqlite_) return sqlite_api::sqlite3_column_type(as_sqlite(sqlite_), col) == SQLITE_NULL;
  return PQgetisnull(as_pg(pg_), row_, col) != 0;
}

std::string_view NativeRow::text(int col) const {
  if (sqlite_) {
    // text before bytes: the documented order (bytes then counts the converted text).
    const auto* p = sqlite_api::sqlite3_column_text(as_sqlite(sqlite_), col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(as_sqlite(sqlite_), col))};
  }
  return {PQgetvalue(as_pg(pg_), row_, col),
          static_cast<std::size_t>(PQgetlength(as_pg(pg_), row_, col))};
}

std::string_view NativeRow::short_text(int col) const {
  const char* p =
      sqlite_
          ? reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(as_sqlite(sqlite_), col))
          : PQgetvalue(as_pg(pg_), row_, col);
  return p ? std::string_view(p) : std::string_view();
}

long long NativeRow::integer(int col) const {
  if (sqlite_) return sqlite_api::sqlite3_column_int64(as_sqlite(sqlite_), col);
  const std::string_view t = text(col);
  long long value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc{} || end != t.data() + t.size() || t.empty()) {
    throw UnreadableValue("unreadable stored integer");
  }
  return value;
}

double NativeRow::real(int col) const {
  if (sqlite_) return sqlite_api::sqlite3_column_double(as_sqlite(sqlite_), col);
  const std::string_view t = text(col);
  double value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc{} || end != t.data() + t.size()) throw UnreadableValue("unreadable number");
  return value;
}

bool NativeRow::flag(int col) const {
  if (sqlite_) return integer(col) != 0;
  const std::string_view t = text(col);  // 't' or 'f'
  return !t.empty() && t[0] == 't';
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

NativeStatement::NativeStatement(Database& db, std::string sql) : db_(db), sql_(std::move(sql)) {
  static std::atomic<int> statements{0};
  name_ = "janji_native_" + std::to_string(++statements);
  prepared_.reserve(db_.pool_size());
  for (std::size_t i = 0; i < db_.pool_size(); ++i) {
    prepared_.push_back(std::make_unique<Prepared>());
  }
}

NativeStatement::~NativeStatement() {
  // A connection may only be used by the thread holding it: take every position (waiting for
  // runs in flight, but not forever: a thread of ours holding one would never give it back),
  // then release the native statements of those we got.
  std::vector<std::size_t> held;
  std::size_t position = 0;
  while (held.size() < prepared_.size() && db_.pool().try_lease(position, 10000)) {
    held.push_back(position);
  }
  for (const std::size_t pos : held) {
    Prepared& prepared = *prepared_[pos];
    if (prepared.sqlite) {
      sqlite_api::sqlite3_finalize(prepared.sqlite);
    } else if (prepared.postgres_prepared) {
      auto* backend =
          static_cast<soci::postgresql_session_backend*>(db_.pool().at(pos).get_backend());
      // Best effort: the statement goes with the connection anyway.
      if (backend && backend->conn_ == prepared.connection) {
        PQclear(PQexec(backend->conn_, ("DEALLOCATE " + name_).c_str()));
      }
    }
    prepared = Prepared{};
  }
  for (const std::size_t pos : held) db_.pool().give_back(pos);
  if (held.size() < prepared_.size()) {
    spdlog::warn("native statement: {} pooled connections were busy at shutdown",
                 prepared_.size() - held.size());
  }
}

std::size_t NativeStatement::run(PoolLease& lease, std::span<const NativeParam> params,
                                 const RowSink& on_row) {
  Prepared& prepared = *prepared_[lease.position()];
  if (db_.dialect() == Dialect::kSqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(lease.session().get_backend());
    if (!backend || !backend->conn_) {
      throw soci::sqlite3_soci_error("no SQLite connection", SQLITE_MISUSE);
    }
    sqlite_api::sqlite3* conn = backend->conn_;
    if (prepared.connection != conn) {
      sqlite_api::sqlite3_finalize(prepared.sqlite);  // harmless on nullptr
      prepared.sqlite = nullptr;
      prepared.connection = conn;
    }
    if (!prepared.sqlite) {
      // PERSISTENT: it lives as long as the connection, so SQLite keeps it out of its lookaside.
      const int rc =
          sqlite_api::sqlite3_prepare_v3(conn, sql_.c_str(), static_cast<int>(sql_.size() + 1),
                                         SQLITE_PREPARE_PERSISTENT, &prepared.sqlite, nullptr);
      if (rc != SQLITE_OK) {
        sqlite_api::sqlite3_finalize(prepared.sqlite);
        prepared.sqlite = nullptr;
        throw_sqlite(conn, rc, "cannot prepare statement");
      }
    }
    sqlite_api::sqlite3_stmt* st = prepared.sqlite;
    SqliteReset reset(st);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const NativeParam& p = params[i];
      if (p.kind == NativeParam::Kind::kText) {
        // SQLITE_STATIC: the text outlives the steps, and the reset above drops the pointers.
        sqlite_api::sqlite3_bind_text(st, index, p.text_value.data(),
                                      static_cast<int>(p.text_value.size()), SQLITE_STATIC);
      } else if (p.kind == NativeParam::Kind::kInteger) {
        sqlite_api::sqlite3_bind_int64(st, index, p.integer_value);
      }  // else NULL: cleared after the last run
    }
    std::size_t rows = 0;
    const NativeRow row(st, nullptr, 0);
    for (;;) {
      const int rc = sqlite_api::sqlite3_step(st);
      if (rc == SQLITE_DONE) return rows;
      if (rc != SQLITE_ROW) throw_sqlite(conn, rc, "statement failed");
      ++rows;
      if (on_row) on_row(row);
    }
  }

  auto* backend = static_cast<soci::postgresql_session_backend*>(lease.session().get_backend());
  if (!backend || !backend->conn_) throw_pg(nullptr, nullptr, "no PostgreSQL connection");
  PGconn* conn = backend->conn_;
  if (prepared.connection != conn) {
    prepared.connection = conn;
    prepared.postgres_prepared = false;
  }
  // Text parameters must end in NUL: copy them into one buffer (integers printed).
  std::string buffer;
  std::vector<std::size_t> offsets(params.size(), std::string::npos);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const NativeParam& p = params[i];
    if (p.kind == NativeParam::Kind::kNull) continue;
    offsets[i] = buffer.size();
    if (p.kind == NativeParam::Kind::kText) {
      buffer.append(p.text_value);
    } else {
      buffer += std::to_string(p.integer_value);
    }
    buffer.push_back('\0');
  }
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (offsets[i] != std::string::npos) values[i] = buffer.data() + offsets[i];
  }

  // A server-side statement disappears with its server session (a reset connection): the
  // execution then fails with 26000 and we prepare it again, once.
  for (int attempt = 0;; ++attempt) {
    if (!prepared.postgres_prepared) {
      // No parameter types: the server infers them from the statement.
      PgResultPtr made(PQprepare(conn, name_.c_str(), sql_.c_str(), 0, nullptr), &PQclear);
      // 42P05: it exists already on this session (prepared by an attempt we lost track of).
      if (PQresultStatus(made.get()) != PGRES_COMMAND_OK && sqlstate(made.get()) != "42P05") {
        throw_pg(conn, made.get(), "cannot prepare statement");
      }
      prepared.postgres_prepared = true;
    }
    PgResultPtr result(PQexecPrepared(conn, name_.c_str(), static_cast<int>(values.size()),
                                      values.data(), nullptr, nullptr, 0),
                       &PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
      const int rows = PQntuples(result.get());
      if (on_row) {
        for (int i = 0; i < rows; ++i) on_row(NativeRow(nullptr, result.get(), i));
      }
      return static_cast<std::size_t>(rows);
    }
    const bool lost_statement = sqlstate(result.get()) == "26000";
    if (lost_statement || PQstatus(conn) != CONNECTION_OK) prepared.postgres_prepared = false;
    if (lost_statement && attempt == 0) continue;
    throw_pg(conn, result.get(), "statement failed");
  }
}

}  // namespace janji::db
