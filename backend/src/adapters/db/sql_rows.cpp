#include "adapters/db/sql_rows.hpp"

#include "core/common/wall_time.hpp"

namespace janji::db {

bool run(soci::statement& st, const std::string& query) {
  st.alloc();
  // One-time: SOCI would otherwise PREPARE, EXECUTE and DEALLOCATE a repeatable statement on
  // PostgreSQL, three round trips where PQexecParams needs one (SQLite prepares either way).
  st.prepare(query, soci::details::st_one_time_query);
  st.define_and_bind();
  return st.execute(true);
}

int read_time(const std::string& text) {
  if (auto minutes = common::parse_time_of_day(text)) return *minutes;
  throw soci::soci_error("unreadable stored time of day: '" + text + "'");
}

}  // namespace janji::db
