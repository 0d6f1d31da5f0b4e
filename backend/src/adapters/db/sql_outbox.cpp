#include "adapters/db/sql_outbox.hpp"

#include <array>

#include "adapters/db/sql_rows.hpp"
#include "core/common/crypto.hpp"

namespace janji::db {

using common::fail;
using common::format_instant;
using notifications::ClaimedNotification;

namespace {

// Error texts come from mail servers and APIs: kept readable, never unbounded.
constexpr std::size_t kMaxErrorLength = 1000;

std::string bounded(const std::string& text) {
  return text.size() <= kMaxErrorLength ? text : text.substr(0, kMaxErrorLength);
}

struct ClaimRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(booking_id, booking_ind));
    st.exchange(soci::into(type));
    st.exchange(soci::into(audience));
    st.exchange(soci::into(actor));
    st.exchange(soci::into(payment_id));
    st.exchange(soci::into(attempts));
  }
  ClaimedNotification current() const {
    ClaimedNotification n;
    n.id = id;
    n.user_id = user_id;
    n.booking_id = optional_of(booking_id, booking_ind);
    n.type = type;
    n.attempts = attempts;
    n.audience = audience;
    n.actor = actor;
    if (!payment_id.empty()) n.payment_id = payment_id;
    return n;
  }
  std::string id;
  std::string user_id;
  std::string booking_id;
  soci::indicator booking_ind = soci::i_null;
  std::string type;
  std::string audience;
  std::string actor;
  std::string payment_id;  // '' when the payload has none
  int attempts = 0;
};

struct DueRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(booking_id));
    st.exchange(soci::into(customer_id));
  }
  notifications::DueReminder current() const { return {booking_id, customer_id}; }
  std::string booking_id;
  std::string customer_id;
};

// Runs an UPDATE that only applies while `claimer` holds the row; true when it did.
template <typename... Uses>
common::Result<bool> update_claimed(Database& db, const std::string& query, Uses&&... uses) {
  try {
    soci::session sql(db.pool());
    soci::statement st = ((sql.prepare << query), ..., std::forward<Uses>(uses));
    st.execute(true);
    return st.get_affected_rows() == 1;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace

// A text field of the JSON payload read by the database itself ('' when absent), so this
// adapter needs no JSON library.
std::string SqlOutbox::payload_field(const char* name) const {
  const std::string key = name;
  if (db_.dialect() == Dialect::kPostgres) {
    return "COALESCE(CAST(payload AS json) ->> '" + key + "', '')";
  }
  return "COALESCE(json_extract(payload, '$." + key + "'), '')";
}

common::Result<std::vector<ClaimedNotification>> SqlOutbox::claim(const std::string& claimer,
                                                                  common::Instant now,
                                                                  std::chrono::seconds lease,
                                                                  int limit) {
  const std::string at = format_instant(now);
  const std::string until = format_instant(now + lease);
  const long long count = limit < 1 ? 1 : limit;
  // Every pending row has next_attempt_at (migration 007 set it on older rows).
  const std::string due =
      "SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= :due_at "
      "AND (claim_expires_at IS NULL OR claim_expires_at <= :free_at) ORDER BY "
      "next_attempt_at, created_at LIMIT :lim";
  const std::string query =
      "UPDATE notifications SET claimed_by = :claimer, claim_expires_at = :until, "
      "attempts = attempts + 1, updated_at = :now WHERE id IN (" +
      due + (db_.dialect() == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "") +
      ") RETURNING id, user_id, booking_id, type, " + payload_field("audience") + ", " +
      payload_field("actor") + ", " + payload_field("payment_id") + ", attempts";
  try {
    soci::session sql(db_.pool());
    Rows<ClaimRow> rows(sql);
    rows.use(claimer);
    rows.use(until);
    rows.use(at);
    rows.use(at);
    rows.use(at);
    rows.use(count);
    return rows.run(query);
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

namespace {

// Once per mail: prepared once per connection (SOCI would parse, plan and deallocate it on
// PostgreSQL every time: two of the four transactions per mail the bench counted).
std::string mark_sent_sql(Dialect dialect) {
  const auto p = [dialect](int n) {
    return (dialect == Dialect::kPostgres ? "$" : "?") + std::to_string(n);
  };
  return "UPDATE notifications SET status = 'sent', sent_at = " + p(1) + ", updated_at = " + p(1) +
         ", recipient_email = " + p(2) + ", provider_message_id = " + p(3) +
         ", error_message = NULL, claimed_by = NULL, claim_expires_at = NULL WHERE id = " + p(4) +
         " AND claimed_by = " + p(5) + " AND status = 'pending' RETURNING id";
}

}  // namespace

SqlOutbox::SqlOutbox(Database& db) : db_(db), mark_sent_(db, mark_sent_sql(db.dialect())) {}

common::Result<bool> SqlOutbox::mark_sent(const std::string& id, const std::string& claimer,
                                          common::Instant at, const std::string& recipient_email,
                                          const std::string& provider_message_id) {
  if (!common::is_uuid(id)) return false;
  const std::string when = format_instant(at);
  const std::array<NativeParam, 5> params = {
      NativeParam::text(when), NativeParam::text(recipient_email),
      provider_message_id.empty() ? NativeParam::null() : NativeParam::text(provider_message_id),
      NativeParam::text(id), NativeParam::text(claimer)};
  try {
    PoolLease lease(db_.pool());
    return mark_sent_.run(lease, params) == 1;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<bool> SqlOutbox::mark_retry(const std::string& id, const std::string& claimer,
                                           common::Instant at, common::Instant next_attempt_at,
                                           const std::string& error) {
  const std::string when = format_instant(at);
  const std::string next = format_instant(next_attempt_at);
  const std::string message = bounded(error);
  return update_claimed(
      db_,
      "UPDATE notifications SET next_attempt_at = :next, error_message = :error, "
      "updated_at = :at, claimed_by = NULL, claim_expires_at = NULL WHERE id = :id AND "
      "claimed_by = :claimer AND status = 'pending'",
      soci::use(next), soci::use(message), soci::use(when), soci::use(id), soci::use(claimer));
}

common::Result<bool> SqlOutbox::mark_undelivered(const std::string& id, const std::string& claimer,
                                                 common::Instant at, notifications::Undelivered how,
                                                 const std::string& reason) {
  const std::string when = format_instant(at);
  const std::string status = how == notifications::Undelivered::kFailed ? "failed" : "skipped";
  const std::string message = bounded(reason);
  return update_claimed(
      db_,
      "UPDATE notifications SET status = :status, error_message = :error, updated_at = :at, "
      "claimed_by = NULL, claim_expires_at = NULL WHERE id = :id AND claimed_by = :claimer AND "
      "status = 'pending'",
      soci::use(status), soci::use(message), soci::use(when), soci::use(id), soci::use(claimer));
}

common::Result<bool> SqlOutbox::release(const std::string& id, const std::string& claimer,
                                        common::Instant at) {
  const std::string when = format_instant(at);
  return update_claimed(
      db_,
      "UPDATE notifications SET attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, "
      "updated_at = :at, claimed_by = NULL, claim_expires_at = NULL WHERE id = :id AND "
      "claimed_by = :claimer AND status = 'pending'",
      soci::use(when), soci::use(id), soci::use(claimer));
}

common::Result<std::vector<notifications::DueReminder>> SqlOutbox::due_reminders(
    common::Instant now, std::chrono::seconds lead, int limit) {
  const std::string from = format_instant(now);
  const std::string to = format_instant(now + lead);
  const long long count = limit < 1 ? 1 : limit;
  // The reminder's key is 'reminder:' || booking id; the NOT EXISTS only saves inserts that
  // the unique key would refuse anyway.
  const std::string query =
      "SELECT b.id, b.customer_id FROM bookings b WHERE b.status = 'confirmed' AND "
      "b.starts_at > :from_at AND b.starts_at <= :to_at AND NOT EXISTS (SELECT 1 FROM "
      "notifications n WHERE n.dedupe_key = 'reminder:' || b.id) ORDER BY b.starts_at "
      "LIMIT :lim";
  try {
    soci::session sql(db_.pool());
    Rows<DueRow> rows(sql);
    rows.use(from);
    rows.use(to);
    rows.use(count);
    return rows.run(query);
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<int> SqlOutbox::add_reminders(
    const std::vector<notifications::NewReminder>& reminders) {
  int inserted = 0;
  try {
    soci::session sql(db_.pool());
    for (const auto& r : reminders) {
      if (!common::is_uuid(r.id) || !common::is_uuid(r.user_id) || !common::is_uuid(r.booking_id)) {
        return fail(common::Error::internal("reminder with a malformed id"));
      }
      const std::string at = format_instant(r.created_at);
      // The unique dedupe_key decides between instances scanning at once.
      soci::statement st =
          (sql.prepare << "INSERT INTO notifications (id, user_id, booking_id, type, channel, "
                          "status, payload, dedupe_key, next_attempt_at, created_at, updated_at) "
                          "VALUES (:id, :user_id, :booking_id, 'booking_reminder', 'email', "
                          "'pending', '{\"audience\":\"customer\",\"actor\":\"system\"}', :dedupe, "
                          ":next_at, :created_at, :updated_at) ON CONFLICT (dedupe_key) DO NOTHING",
           soci::use(r.id), soci::use(r.user_id), soci::use(r.booking_id), soci::use(r.dedupe_key),
           soci::use(at), soci::use(at), soci::use(at));
      st.execute(true);
      inserted += static_cast<int>(st.get_affected_rows());
    }
    return inserted;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
