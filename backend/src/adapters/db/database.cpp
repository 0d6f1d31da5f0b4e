#include "adapters/db/database.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <chrono>
#include <climits>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "adapters/db/booking_instants_migration.hpp"
#include "adapters/db/embedded_migrations.hpp"
#include "core/common/clock.hpp"

namespace janji::db {

namespace {

void exec_script(soci::session& sql, Dialect dialect, const std::string& script) {
  // Migrations hold many statements (and trigger bodies), which SOCI would cut at the first
  // statement; the native APIs run whole scripts.
  if (dialect == Dialect::kSqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    char* message = nullptr;
    if (sqlite_api::sqlite3_exec(backend->conn_, script.c_str(), nullptr, nullptr, &message) !=
        SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite_api::sqlite3_free(message);
      throw std::runtime_error(text);
    }
  } else {
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
    PGresult* result = PQexec(backend->conn_, script.c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      std::string text = PQresultErrorMessage(result);
      PQclear(result);
      throw std::runtime_error(text);
    }
    PQclear(result);
  }
}

// C++ steps of migrations, by version: run right after that version's SQL, in its transaction.
const std::map<std::string, std::function<void(soci::session&, Dialect)>>& migration_steps() {
  static const std::map<std::string, std::function<void(soci::session&, Dialect)>> kSteps = {
      {"005", fill_booking_instants},
  };
  return kSteps;
}

constexpr std::string_view kForeignKeysOff = "-- janji:foreign-keys-off";

// SQLite: a migration that rebuilds a table runs with foreign keys off (dropping the old table
// would otherwise cascade into the rows pointing at it) and checks them all before its commit.
void check_foreign_keys(soci::session& sql, const std::string& name) {
  std::string table;
  soci::indicator ind = soci::i_null;
  sql << "PRAGMA foreign_key_check", soci::into(table, ind);
  if (sql.got_data()) {
    throw std::runtime_error("migration " + name + " leaves a foreign key broken in " + table);
  }
}

// SQLite's defaults keep a global mutex around every allocation (for memory statistics) and a
// mutex per connection. A pooled connection is used by one thread at a time, so neither is
// needed, and under load the global one serialised every worker (measured: futex waits were a
// third of an uncached availability request). Both settings only work before SQLite
// initialises; a later call fails harmlessly and SQLite stays in its safe default mode.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  });
}

}  // namespace

Database::Database(const DatabaseOptions& options)
    : dialect_(options.dialect), pool_size_(options.pool_size < 1 ? 1 : options.pool_size) {
  pool_ = std::make_unique<soci::connection_pool>(pool_size_);
  try {
    if (dialect_ == Dialect::kSqlite) {
      configure_sqlite_once();
      const std::filesystem::path path(options.sqlite_path);
      if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
      for (std::size_t i = 0; i < pool_size_; ++i) {
        soci::session& s = pool_->at(i);
        s.open(soci::sqlite3, "db=" + options.sqlite_path + " timeout=5");
        s << "PRAGMA foreign_keys=ON";
        s << "PRAGMA busy_timeout=5000";
        s << "PRAGMA synchronous=NORMAL";
        if (i == 0) {
          std::string mode;
          s << "PRAGMA journal_mode=WAL", soci::into(mode);
        }
      }
    } else {
      for (std::size_t i = 0; i < pool_size_; ++i) {
        soci::session& s = pool_->at(i);
        s.open(soci::postgresql, options.pg_conninfo);
        // Instants are read as text, which PostgreSQL renders in the session's zone: UTC
        // whatever the server, role or connection string says, so they read as "+00".
        s << "SET TIME ZONE 'UTC'";
      }
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot open the database: ") + e.what());
  }
}

Database::~Database() = default;

int Database::migrate() { return migrate_to(INT_MAX); }

int Database::migrate_to(int last) {
  const auto& migrations =
      dialect_ == Dialect::kSqlite ? sqlite_migrations() : postgres_migrations();
  soci::session sql(*pool_);
  // Serialise concurrent instances starting at once.
  if (dialect_ == Dialect::kPostgres) sql << "SELECT pg_advisory_lock(727001)";
  int applied = 0;
  try {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
    for (const auto& m : migrations) {
      const std::string version = m.name.substr(0, m.name.find('_'));
      int count = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(version),
          soci::into(count);
      if (count > 0) continue;
      if (std::stoi(version) > last) break;
      const bool foreign_keys_off =
          dialect_ == Dialect::kSqlite && m.sql.rfind(kForeignKeysOff, 0) == 0;
      // A no-op inside a transaction: set around it.
      if (foreign_keys_off) sql << "PRAGMA foreign_keys=OFF";
      struct ForeignKeysBackOn {
        soci::session& sql;
        bool active;
        ~ForeignKeysBackOn() {
          if (!active) return;
          try {
            sql << "PRAGMA foreign_keys=ON";
          } catch (const std::exception& e) {
            spdlog::error("cannot turn foreign keys back on: {}", e.what());
          }
        }
      } back_on{sql, foreign_keys_off};
      WriteTransaction tx(sql, dialect_);
      exec_script(sql, dialect_, m.sql);
      if (const auto step = migration_steps().find(version); step != migration_steps().end()) {
        step->second(sql, dialect_);
      }
      if (foreign_keys_off) check_foreign_keys(sql, m.name);
      const std::string now = common::format_instant(std::chrono::system_clock::now());
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
          soci::use(version), soci::use(m.name), soci::use(now);
      tx.commit();
      spdlog::info("applied migration {}", m.name);
      ++applied;
    }
  } catch (...) {
    if (dialect_ == Dialect::kPostgres) sql << "SELECT pg_advisory_unlock(727001)";
    throw;
  }
  if (dialect_ == Dialect::kPostgres) sql << "SELECT pg_advisory_unlock(727001)";
  return applied;
}

bool Database::ping() {
  try {
    soci::session sql(*pool_);
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception& e) {
    spdlog::warn("database ping failed: {}", e.what());
    return false;
  }
}

WriteTransaction::WriteTransaction(soci::session& sql, Dialect dialect) : sql_(sql) {
  sql_ << (dialect == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (const std::exception& e) {
    spdlog::warn("rollback failed: {}", e.what());
  }
}

void WriteTransaction::commit() {
  sql_ << "COMMIT";
  done_ = true;
}

bool is_retryable(const soci::soci_error& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const auto state = pg->sqlstate();
    return state == "40P01" || state == "40001";
  }
  return false;
}

void retry_pause(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::this_thread::sleep_for(std::chrono::milliseconds(attempt * 2 + static_cast<int>(rng() % 5)));
}

bool is_conflict(const soci::soci_error& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const auto state = pg->sqlstate();
    return state == "23505" || state == "23P01";
  }
  const std::string what = e.what();
  return what.find("UNIQUE constraint failed") != std::string::npos ||
         what.find("bookings_no_overlap") != std::string::npos ||
         what.find("availability_schedules_no_overlap") != std::string::npos;
}

bool is_foreign_key_violation(const soci::soci_error& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "23503";
  }
  return std::string(e.what()).find("FOREIGN KEY constraint failed") != std::string::npos;
}

common::Error account_gone() {
  return common::Error::unauthenticated("INVALID_TOKEN", "Access token is invalid");
}

common::Error translate_sql_error(const soci::soci_error& e, const std::string& conflict_code,
                                  const std::string& conflict_message) {
  if (!conflict_code.empty() && is_conflict(e)) {
    return common::Error::conflict(conflict_code, conflict_message);
  }
  spdlog::error("database error: {}", e.what());
  if (e.get_error_category() == soci::soci_error::connection_error) {
    return common::Error::unavailable("The database is unavailable, please retry");
  }
  return common::Error::internal();
}

std::string normalize_instant_text(const std::string& text) {
  if (auto t = common::parse_instant(text)) return common::format_instant(*t);
  return text;
}

}  // namespace janji::db
