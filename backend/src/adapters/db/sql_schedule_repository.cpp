#include "adapters/db/sql_schedule_repository.hpp"
#include "adapters/db/sql_rows.hpp"

#include "core/common/crypto.hpp"

namespace janji::db {

using availability::Schedule;
using availability::ScheduleException;
using common::Error;
using common::fail;

namespace {

Error schedule_not_found() { return Error::not_found("SCHEDULE_001", "Schedule not found"); }
Error exception_not_found() { return Error::not_found("EXCEPTION_001", "Exception not found"); }

// A schedule change's write transaction on PostgreSQL first takes a transaction-scoped advisory
// lock on the provider: concurrent overlapping inserts would otherwise wait on each other
// inside the exclusion check and deadlock (detected only after deadlock_timeout, a second
// each); with the lock the later one finds the earlier committed and is refused as an overlap
// at once. SQLite's BEGIN IMMEDIATE serializes writers anyway.
void lock_provider_schedule(soci::session& sql, Dialect dialect, const std::string& provider_id) {
  if (dialect != Dialect::kPostgres) return;
  long long locked = 0;
  sql << "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:provider_id))) AS l",
      soci::into(locked), soci::use(provider_id);
}

common::Error translate_schedule_error(const soci::soci_error& e) {
  // availability_schedules_no_overlap (002): the exclusion constraint or the SQLite trigger.
  return translate_sql_error(e, "SCHEDULE_002",
                             "This range overlaps another range on the same day");
}

// One schedule INSERT or UPDATE ... RETURNING: in its own transaction holding the provider's
// schedule lock, retried should PostgreSQL still report a deadlock or serialization failure;
// `missing` when it returned no row.
template <typename Statement>
common::Result<Schedule> write_schedule(Database& db, const std::string& provider_id,
                                        common::Error missing, Statement statement) {
  try {
    return retrying([&]() -> common::Result<Schedule> {
      soci::session sql(db.pool());
      WriteTransaction tx(sql, db.dialect());
      lock_provider_schedule(sql, db.dialect(), provider_id);
      auto stored = statement(sql);
      if (stored.empty()) return fail(missing);
      tx.commit();
      return std::move(stored.front());
    });
  } catch (const soci::soci_error& e) {
    return fail(translate_schedule_error(e));
  }
}

constexpr const char* kScheduleColumns =
    "id, provider_id, day_of_week, start_time, end_time, CAST(is_active AS INTEGER), created_at";

struct ScheduleRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.provider_id));
    st.exchange(soci::into(row.day_of_week));
    st.exchange(soci::into(start));
    st.exchange(soci::into(end));
    st.exchange(soci::into(is_active));
    st.exchange(soci::into(row.created_at));
  }
  Schedule current() const {
    Schedule s = row;
    s.range = common::TimeRange{read_time(start), read_time(end)};
    s.is_active = is_active != 0;
    s.created_at = normalize_instant_text(s.created_at);
    return s;
  }
  Schedule row;
  std::string start;
  std::string end;
  int is_active = 0;
};

constexpr const char* kExceptionColumns =
    "id, provider_id, exception_date, start_time, end_time, reason, "
    "CAST(is_available AS INTEGER), created_at";

struct ExceptionRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.provider_id));
    st.exchange(soci::into(row.date));
    st.exchange(soci::into(start, start_ind));
    st.exchange(soci::into(end, end_ind));
    st.exchange(soci::into(reason, reason_ind));
    st.exchange(soci::into(is_available));
    st.exchange(soci::into(row.created_at));
  }
  ScheduleException current() const {
    ScheduleException e = row;
    // Both times or neither (a CHECK in both schemas); neither = the whole day.
    e.range = start_ind == soci::i_ok && end_ind == soci::i_ok
                  ? std::optional(common::TimeRange{read_time(start), read_time(end)})
                  : std::nullopt;
    e.reason = reason_ind == soci::i_ok ? std::optional(reason) : std::nullopt;
    e.is_available = is_available != 0;
    e.created_at = normalize_instant_text(e.created_at);
    return e;
  }
  ScheduleException row;
  std::string start;
  std::string end;
  std::string reason;
  int is_available = 0;
  soci::indicator start_ind = soci::i_null;
  soci::indicator end_ind = soci::i_null;
  soci::indicator reason_ind = soci::i_null;
};

// Bindable copies of a schedule's times and flag (SOCI has no bool).
struct ScheduleParams {
  explicit ScheduleParams(const Schedule& s)
      : start(common::format_hhmmss(s.range.start)),
        end(common::format_hhmmss(s.range.end)),
        is_active(s.is_active ? 1 : 0) {}
  std::string start;
  std::string end;
  int is_active;
};

// Bindable copies of an exception's nullable fields (SOCI has no std::optional).
struct ExceptionParams {
  explicit ExceptionParams(const ScheduleException& e)
      : start(e.range ? common::format_hhmmss(e.range->start) : ""),
        end(e.range ? common::format_hhmmss(e.range->end) : ""),
        reason(e.reason.value_or("")),
        is_available(e.is_available ? 1 : 0),
        start_ind(e.range ? soci::i_ok : soci::i_null),
        end_ind(e.range ? soci::i_ok : soci::i_null),
        reason_ind(e.reason ? soci::i_ok : soci::i_null) {}
  std::string start;
  std::string end;
  std::string reason;
  int is_available;
  soci::indicator start_ind;
  soci::indicator end_ind;
  soci::indicator reason_ind;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Weekly schedules
// ---------------------------------------------------------------------------------------------

common::Result<std::vector<Schedule>> SqlScheduleRepository::list_schedules(
    const std::string& provider_id) {
  if (!common::is_uuid(provider_id)) return std::vector<Schedule>{};
  try {
    soci::session sql(db_.pool());
    Rows<ScheduleRow> rows(sql);
    rows.use(provider_id);
    return rows.run(std::string("SELECT ") + kScheduleColumns +
                    " FROM availability_schedules WHERE provider_id = :provider_id "
                    "ORDER BY day_of_week, start_time, id");
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<Schedule>> SqlScheduleRepository::find_schedule(
    const std::string& provider_id, const std::string& id) {
  if (!common::is_uuid(provider_id) || !common::is_uuid(id)) return std::optional<Schedule>{};
  try {
    soci::session sql(db_.pool());
    Rows<ScheduleRow> rows(sql);
    rows.use(id);
    rows.use(provider_id);
    auto found = rows.run(std::string("SELECT ") + kScheduleColumns +
                          " FROM availability_schedules WHERE id = :id AND "
                          "provider_id = :provider_id");
    if (found.empty()) return std::optional<Schedule>{};
    return std::optional<Schedule>{std::move(found.front())};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<Schedule> SqlScheduleRepository::create_schedule(const Schedule& schedule) {
  return write_schedule(db_, schedule.provider_id, Error::internal(), [&](soci::session& sql) {
    ScheduleParams params(schedule);
    Rows<ScheduleRow> rows(sql);
    rows.use(schedule.id);
    rows.use(schedule.provider_id);
    rows.use(schedule.day_of_week);
    rows.use(params.start);
    rows.use(params.end);
    rows.use(params.is_active);
    rows.use(schedule.created_at);
    return rows.run(
        std::string("INSERT INTO availability_schedules (id, provider_id, day_of_week, "
                    "start_time, end_time, is_active, created_at) VALUES (:id, :provider_id, "
                    ":day_of_week, :start_time, :end_time, :is_active, :created_at) RETURNING ") +
        kScheduleColumns);
  });
}

common::Result<Schedule> SqlScheduleRepository::update_schedule(const Schedule& schedule) {
  if (!common::is_uuid(schedule.provider_id) || !common::is_uuid(schedule.id)) {
    return fail(schedule_not_found());
  }
  return write_schedule(db_, schedule.provider_id, schedule_not_found(), [&](soci::session& sql) {
    ScheduleParams params(schedule);
    Rows<ScheduleRow> rows(sql);
    rows.use(schedule.day_of_week);
    rows.use(params.start);
    rows.use(params.end);
    rows.use(params.is_active);
    rows.use(schedule.id);
    rows.use(schedule.provider_id);
    return rows.run(
        std::string("UPDATE availability_schedules SET day_of_week = :day_of_week, start_time = "
                    ":start_time, end_time = :end_time, is_active = :is_active WHERE id = :id "
                    "AND provider_id = :provider_id RETURNING ") +
        kScheduleColumns);
  });
}

common::Result<bool> SqlScheduleRepository::delete_schedule(const std::string& provider_id,
                                                            const std::string& id) {
  if (!common::is_uuid(provider_id) || !common::is_uuid(id)) return false;
  try {
    soci::session sql(db_.pool());
    soci::statement st = (sql.prepare << "DELETE FROM availability_schedules WHERE id = :id AND "
                                         "provider_id = :provider_id",
                          soci::use(id, "id"), soci::use(provider_id, "provider_id"));
    st.execute(true);
    return st.get_affected_rows() > 0;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

// ---------------------------------------------------------------------------------------------
// Dated exceptions
// ---------------------------------------------------------------------------------------------

common::Result<std::vector<ScheduleException>> SqlScheduleRepository::list_exceptions(
    const std::string& provider_id, const std::string& from, const std::string& to) {
  if (!common::is_uuid(provider_id)) return std::vector<ScheduleException>{};
  try {
    soci::session sql(db_.pool());
    Rows<ExceptionRow> rows(sql);
    rows.use(provider_id);
    // 'YYYY-MM-DD' text compares in date order on SQLite; PostgreSQL types the untyped
    // parameter as date from the column.
    std::string where = " WHERE provider_id = :provider_id";
    if (!from.empty()) {
      where += " AND exception_date >= :from";
      rows.use(from);
    }
    if (!to.empty()) {
      where += " AND exception_date <= :to";
      rows.use(to);
    }
    // NULLS FIRST: both dialects put the whole-day exception first (their defaults differ).
    return rows.run(std::string("SELECT ") + kExceptionColumns + " FROM availability_exceptions" +
                    where + " ORDER BY exception_date, start_time NULLS FIRST, id");
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<ScheduleException>> SqlScheduleRepository::find_exception(
    const std::string& provider_id, const std::string& id) {
  if (!common::is_uuid(provider_id) || !common::is_uuid(id)) {
    return std::optional<ScheduleException>{};
  }
  try {
    soci::session sql(db_.pool());
    Rows<ExceptionRow> rows(sql);
    rows.use(id);
    rows.use(provider_id);
    auto found = rows.run(std::string("SELECT ") + kExceptionColumns +
                          " FROM availability_exceptions WHERE id = :id AND "
                          "provider_id = :provider_id");
    if (found.empty()) return std::optional<ScheduleException>{};
    return std::optional<ScheduleException>{std::move(found.front())};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<ScheduleException> SqlScheduleRepository::create_exception(
    const ScheduleException& exception) {
  try {
    soci::session sql(db_.pool());
    ExceptionParams params(exception);
    Rows<ExceptionRow> rows(sql);
    rows.use(exception.id);
    rows.use(exception.provider_id);
    rows.use(exception.date);
    rows.use(params.start, params.start_ind);
    rows.use(params.end, params.end_ind);
    rows.use(params.reason, params.reason_ind);
    rows.use(params.is_available);
    rows.use(exception.created_at);
    auto stored = rows.run(
        std::string("INSERT INTO availability_exceptions (id, provider_id, exception_date, "
                    "start_time, end_time, reason, is_available, created_at) VALUES (:id, "
                    ":provider_id, :exception_date, :start_time, :end_time, :reason, "
                    ":is_available, :created_at) RETURNING ") +
        kExceptionColumns);
    if (stored.empty()) return fail(Error::internal());
    return std::move(stored.front());
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<ScheduleException> SqlScheduleRepository::update_exception(
    const ScheduleException& exception) {
  if (!common::is_uuid(exception.provider_id) || !common::is_uuid(exception.id)) {
    return fail(exception_not_found());
  }
  try {
    soci::session sql(db_.pool());
    ExceptionParams params(exception);
    Rows<ExceptionRow> rows(sql);
    rows.use(exception.date);
    rows.use(params.start, params.start_ind);
    rows.use(params.end, params.end_ind);
    rows.use(params.reason, params.reason_ind);
    rows.use(params.is_available);
    rows.use(exception.id);
    rows.use(exception.provider_id);
    auto stored = rows.run(
        std::string("UPDATE availability_exceptions SET exception_date = :exception_date, "
                    "start_time = :start_time, end_time = :end_time, reason = :reason, "
                    "is_available = :is_available WHERE id = :id AND provider_id = :provider_id "
                    "RETURNING ") +
        kExceptionColumns);
    if (stored.empty()) return fail(exception_not_found());
    return std::move(stored.front());
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<bool> SqlScheduleRepository::delete_exception(const std::string& provider_id,
                                                             const std::string& id) {
  if (!common::is_uuid(provider_id) || !common::is_uuid(id)) return false;
  try {
    soci::session sql(db_.pool());
    soci::statement st = (sql.prepare << "DELETE FROM availability_exceptions WHERE id = :id AND "
                                         "provider_id = :provider_id",
                          soci::use(id, "id"), soci::use(provider_id, "provider_id"));
    st.execute(true);
    return st.get_affected_rows() > 0;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
