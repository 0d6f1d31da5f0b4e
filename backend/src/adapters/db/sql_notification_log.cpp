#include "adapters/db/sql_notification_log.hpp"
#include "adapters/db/sql_rows.hpp"

#include "core/common/crypto.hpp"

namespace janji::db {

using common::fail;
using notifications::NotificationRecord;

namespace {

// The row's own address when it has one, else its user's (booking rows leave it empty and the
// worker addresses the user).
constexpr const char* kColumns =
    "id, type, channel, status, user_id, COALESCE(recipient_email, (SELECT email FROM users u "
    "WHERE u.id = notifications.user_id)), booking_id, attempts, next_attempt_at, error_message, "
    "sent_at, provider_message_id, created_at, updated_at";

std::optional<std::string> optional_instant(const std::string& text, soci::indicator ind) {
  if (ind != soci::i_ok) return std::nullopt;
  return normalize_instant_text(text);
}

struct NotificationRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.type));
    st.exchange(soci::into(row.channel));
    st.exchange(soci::into(status));
    st.exchange(soci::into(row.user_id));
    st.exchange(soci::into(recipient_email, recipient_email_ind));
    st.exchange(soci::into(booking_id, booking_id_ind));
    st.exchange(soci::into(row.attempts));
    st.exchange(soci::into(next_attempt_at, next_attempt_at_ind));
    st.exchange(soci::into(error_message, error_message_ind));
    st.exchange(soci::into(sent_at, sent_at_ind));
    st.exchange(soci::into(provider_message_id, provider_message_id_ind));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
  }
  NotificationRecord current() const {
    NotificationRecord r = row;
    const auto parsed = notifications::parse_notification_status(status);
    if (!parsed) throw soci::soci_error("unreadable stored notification status: '" + status + "'");
    r.status = *parsed;
    r.recipient_email = optional_of(recipient_email, recipient_email_ind);
    r.booking_id = optional_of(booking_id, booking_id_ind);
    r.next_attempt_at = optional_instant(next_attempt_at, next_attempt_at_ind);
    r.error_message = optional_of(error_message, error_message_ind);
    r.sent_at = optional_instant(sent_at, sent_at_ind);
    r.provider_message_id = optional_of(provider_message_id, provider_message_id_ind);
    r.created_at = normalize_instant_text(created_at);
    r.updated_at = normalize_instant_text(updated_at);
    return r;
  }
  NotificationRecord row;
  std::string status, recipient_email, booking_id, next_attempt_at, error_message, sent_at,
      provider_message_id, created_at, updated_at;
  soci::indicator recipient_email_ind = soci::i_null, booking_id_ind = soci::i_null,
                  next_attempt_at_ind = soci::i_null, error_message_ind = soci::i_null,
                  sent_at_ind = soci::i_null, provider_message_id_ind = soci::i_null;
};

struct IdRow {
  void bind(soci::statement& st) { st.exchange(soci::into(id)); }
  std::string current() const { return id; }
  std::string id;
};

std::optional<NotificationRecord> find_on(soci::session& sql, const std::string& id) {
  Rows<NotificationRow> rows(sql);
  rows.use(id);
  auto found = rows.run(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = :id");
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace

common::Result<notifications::NotificationPage> SqlNotificationLog::list(
    const notifications::NotificationFilter& filter) {
  // A malformed id names nobody: an empty page rather than a PostgreSQL error.
  if (filter.recipient_user_id && !common::is_uuid(*filter.recipient_user_id)) {
    return notifications::NotificationPage{};
  }
  try {
    soci::session sql(db_.pool());
    const std::string status =
        filter.status ? std::string(notifications::to_string(*filter.status)) : std::string();
    const std::string from =
        filter.created_from ? common::format_instant(*filter.created_from) : "";
    const std::string before =
        filter.created_before ? common::format_instant(*filter.created_before) : "";
    // Instants compare as ISO text on SQLite; PostgreSQL types the parameters from the column.
    std::string where = " WHERE 1 = 1";
    if (filter.status) where += " AND status = :status";
    if (filter.type) where += " AND type = :type";
    if (filter.recipient_user_id) where += " AND user_id = :user_id";
    if (filter.recipient_email) {
      where +=
          " AND (lower(recipient_email) = :email OR (recipient_email IS NULL AND user_id IN "
          "(SELECT id FROM users WHERE lower(email) = :email2)))";
    }
    if (filter.created_from) where += " AND created_at >= :from";
    if (filter.created_before) where += " AND created_at < :before";
    const auto bind_filter = [&](auto& query) {
      if (filter.status) query.use(status);
      if (filter.type) query.use(*filter.type);
      if (filter.recipient_user_id) query.use(*filter.recipient_user_id);
      if (filter.recipient_email) {
        query.use(*filter.recipient_email);
        query.use(*filter.recipient_email);
      }
      if (filter.created_from) query.use(from);
      if (filter.created_before) query.use(before);
    };

    notifications::NotificationPage page;
    Rows<CountRow> count(sql);
    bind_filter(count);
    page.total_items = count.run("SELECT COUNT(*) FROM notifications" + where).at(0);

    const PageWindow window = page_window(filter.page, filter.limit);
    if (window.offset >= page.total_items) return page;

    Rows<NotificationRow> rows(sql);
    bind_filter(rows);
    rows.use(window.limit);
    rows.use(window.offset);
    page.items = rows.run(std::string("SELECT ") + kColumns + " FROM notifications" + where +
                          " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
    return page;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<NotificationRecord>> SqlNotificationLog::find(const std::string& id) {
  if (!common::is_uuid(id)) return std::optional<NotificationRecord>{};
  try {
    soci::session sql(db_.pool());
    return find_on(sql, id);
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<NotificationRecord>> SqlNotificationLog::requeue(const std::string& id,
                                                                              common::Instant now) {
  if (!common::is_uuid(id)) return std::optional<NotificationRecord>{};
  try {
    soci::session sql(db_.pool());
    const std::string at = common::format_instant(now);
    // The status in the WHERE is the compare-and-set: a row the worker (or another admin) moved
    // meanwhile matches nothing. The claim goes too: a stale lease must not keep it from the
    // next worker.
    Rows<IdRow> updated(sql);
    updated.use(at);
    updated.use(at);
    updated.use(id);
    auto ids = updated.run(
        "UPDATE notifications SET status = 'pending', next_attempt_at = :next_attempt_at, "
        "attempts = 0, claimed_by = NULL, claim_expires_at = NULL, updated_at = :updated_at "
        "WHERE id = :id AND status IN ('failed', 'skipped') RETURNING id");
    if (ids.empty()) return std::optional<NotificationRecord>{};
    return find_on(sql, id);
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
