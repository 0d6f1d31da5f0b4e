#include "adapters/db/sql_rows.hpp"

#include <limits>

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

PageWindow page_window(long long page, long long limit) {
  PageWindow w;
  w.limit = limit < 1 ? 1 : limit;
  const long long before = page < 1 ? 0 : page - 1;
  w.offset = before > std::numeric_limits<long long>::max() / w.limit
                 ? std::numeric_limits<long long>::max()
                 : before * w.limit;
  return w;
}

int read_time(const std::string& text) {
  if (auto minutes = common::parse_time_of_day(text)) return *minutes;
  throw soci::soci_error("unreadable stored time of day: '" + text + "'");
}

}  // namespace janji::db
