#include "adapters/db/sql_calendar_feed_repository.hpp"
#include "adapters/db/sql_rows.hpp"

#include "core/common/crypto.hpp"

namespace janji::db {

using common::fail;
using providers::FeedBooking;

namespace {

// A reschedule chain is short (each move is a customer's action); the bound only stops a
// cycle in damaged data.
constexpr int kMaxChain = 100;

common::Instant read_instant(const std::string& text) {
  if (auto t = common::parse_instant(text)) return *t;
  throw soci::soci_error("unreadable stored instant: '" + text + "'");
}

struct TextRow {
  void bind(soci::statement& st) { st.exchange(soci::into(text, ind)); }
  std::optional<std::string> current() const { return optional_of(text, ind); }
  std::string text;
  soci::indicator ind = soci::i_null;
};

struct FeedRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.origin_id));
    st.exchange(soci::into(row.moves));
    st.exchange(soci::into(status));
    st.exchange(soci::into(starts_at));
    st.exchange(soci::into(ends_at));
    st.exchange(soci::into(row.service_name));
    st.exchange(soci::into(row.customer_name));
    st.exchange(soci::into(notes, notes_ind));
  }
  FeedBooking current() const {
    FeedBooking b = row;
    b.confirmed = status == "confirmed";
    b.starts_at = read_instant(starts_at);
    b.ends_at = read_instant(ends_at);
    b.customer_notes = optional_of(notes, notes_ind);
    return b;
  }
  FeedBooking row;
  std::string status, starts_at, ends_at, notes;
  soci::indicator notes_ind = soci::i_null;
};

}  // namespace

common::Result<std::optional<std::string>> SqlCalendarFeedRepository::token_created_at(
    const std::string& provider_id) {
  if (!common::is_uuid(provider_id)) return std::optional<std::string>{};
  try {
    soci::session sql(db_.pool());
    Rows<TextRow> rows(sql);
    rows.use(provider_id);
    auto found = rows.run(
        "SELECT calendar_feed_token_created_at FROM service_providers WHERE id = :id AND "
        "deleted_at IS NULL AND calendar_feed_token_hash IS NOT NULL");
    if (found.empty() || !found.front()) return std::optional<std::string>{};
    return std::optional<std::string>{normalize_instant_text(*found.front())};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlCalendarFeedRepository::set_token(const std::string& provider_id,
                                                    const std::optional<std::string>& token_hash,
                                                    common::Instant now) {
  if (!common::is_uuid(provider_id)) {
    return fail(common::Error::not_found("PROVIDER_001", "Provider not found"));
  }
  try {
    soci::session sql(db_.pool());
    const std::string hash = token_hash.value_or("");
    soci::indicator hash_ind = token_hash ? soci::i_ok : soci::i_null;
    const std::string created = common::format_instant(now);
    soci::indicator created_ind = token_hash ? soci::i_ok : soci::i_null;
    sql << "UPDATE service_providers SET calendar_feed_token_hash = :hash, "
           "calendar_feed_token_created_at = :created WHERE id = :id AND deleted_at IS NULL",
        soci::use(hash, hash_ind), soci::use(created, created_ind), soci::use(provider_id);
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<std::string>> SqlCalendarFeedRepository::provider_by_token(
    const std::string& token_hash) {
  try {
    soci::session sql(db_.pool());
    Rows<TextRow> rows(sql);
    rows.use(token_hash);
    auto found = rows.run(
        "SELECT id FROM service_providers WHERE calendar_feed_token_hash = :hash AND "
        "deleted_at IS NULL");
    if (found.empty()) return std::optional<std::string>{};
    return found.front();
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::vector<FeedBooking>> SqlCalendarFeedRepository::active_bookings(
    const std::string& provider_id, common::Instant from, int limit) {
  if (!common::is_uuid(provider_id)) return std::vector<FeedBooking>{};
  try {
    soci::session sql(db_.pool());
    const std::string since = common::format_instant(from);
    const long long max_rows = limit;
    const int max_chain = kMaxChain;
    Rows<FeedRow> rows(sql);
    rows.use(provider_id);
    rows.use(since);
    rows.use(max_rows);
    rows.use(max_chain);
    // The chosen bookings first, then each one's chain walked backwards to its first booking:
    // the origin gives the UID, the number of steps the SEQUENCE (as the invites count them).
    return rows.run(
        "WITH RECURSIVE listed AS ("
        "  SELECT id, rescheduled_from_id, status, starts_at, ends_at, service_id, customer_id, "
        "         customer_notes "
        "  FROM bookings WHERE provider_id = :provider_id AND status IN ('pending', 'confirmed') "
        "  AND starts_at >= :since ORDER BY starts_at, id LIMIT :max_rows), "
        "chain (id, ancestor_id, parent_id, moves) AS ("
        "  SELECT id, id, rescheduled_from_id, 0 FROM listed "
        "  UNION ALL "
        "  SELECT chain.id, b.id, b.rescheduled_from_id, chain.moves + 1 "
        "  FROM chain JOIN bookings b ON b.id = chain.parent_id WHERE chain.moves < :max_chain) "
        "SELECT l.id, c.ancestor_id, c.moves, l.status, l.starts_at, l.ends_at, "
        "       COALESCE((SELECT name FROM services s WHERE s.id = l.service_id), ''), "
        "       COALESCE((SELECT full_name FROM users u WHERE u.id = l.customer_id), ''), "
        "       l.customer_notes "
        "FROM listed l JOIN chain c ON c.id = l.id AND c.parent_id IS NULL "
        "ORDER BY l.starts_at, l.id");
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
