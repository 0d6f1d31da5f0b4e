#include "adapters/db/sql_rows.hpp"

#include "core/common/wall_time.hpp"

namespace janji::db {

bool run(soci::statement& st, const std::string& query) {
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  return st.execute(true);
}

int read_time(const std::string& text) {
  if (auto minutes = common::parse_time_of_day(text)) return *minutes;
  throw soci::soci_error("unreadable stored time of day: '" + text + "'");
}

}  // namespace janji::db
