#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace janji::db {

// Prepares and runs a statement whose intos and uses are already exchanged; true when it read
// a row.
bool run(soci::statement& st, const std::string& query);

// Stored times are 'HH:MM:SS' on both dialects (PostgreSQL prints TIME so, '24:00:00' too).
// Anything else is a broken row: a soci_error, so it is logged and answered as internal.
int read_time(const std::string& text);

template <typename T>
std::optional<T> optional_of(const T& value, soci::indicator ind) {
  return ind == soci::i_ok ? std::optional<T>(value) : std::nullopt;
}

// A statement reading the columns Row binds: the buffers are bound once and every fetched row
// is copied out. Parameters are added with use() before run(), in placeholder order.
template <typename Row>
class Rows {
 public:
  explicit Rows(soci::session& sql) : st_(sql) { buffers_.bind(st_); }

  template <typename T>
  void use(const T& value) {
    st_.exchange(soci::use(value));
  }
  template <typename T>
  void use(const T& value, soci::indicator& ind) {
    st_.exchange(soci::use(value, ind));
  }
  // A temporary would be gone before the statement runs.
  template <typename T>
  void use(const T&&) = delete;

  auto run(const std::string& query) {
    std::vector<decltype(buffers_.current())> out;
    if (db::run(st_, query)) {
      do {
        out.push_back(buffers_.current());
      } while (st_.fetch());
    }
    return out;
  }

 private:
  Row buffers_;
  soci::statement st_;  // last, so it goes before the buffers it points into
};

// LIMIT and OFFSET of a 1-based page (a limit below 1 counts as 1); a page beyond any real one
// gets the largest offset instead of overflowing.
struct PageWindow {
  long long limit = 1;
  long long offset = 0;
};
PageWindow page_window(long long page, long long limit);

// SELECT COUNT(*) ...
struct CountRow {
  void bind(soci::statement& st) { st.exchange(soci::into(count)); }
  long long current() const { return count; }
  long long count = 0;
};

}  // namespace janji::db
