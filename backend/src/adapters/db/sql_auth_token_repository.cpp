#include "adapters/db/sql_auth_token_repository.hpp"

namespace janji::db {

using common::fail;
using common::format_instant;

common::Status SqlRefreshTokenRepository::insert(const auth::RefreshTokenRecord& r) {
  try {
    soci::session sql(db_.pool());
    const std::string expires = format_instant(r.expires_at);
    const std::string created = format_instant(r.created_at);
    sql << "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, "
           "created_at) VALUES (:id, :user_id, :family_id, :hash, :expires, :created)",
        soci::use(r.id), soci::use(r.user_id), soci::use(r.family_id), soci::use(r.token_hash),
        soci::use(expires), soci::use(created);
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<auth::RefreshTokenRecord>> SqlRefreshTokenRepository::find_by_hash(
    const std::string& hash) {
  try {
    soci::session sql(db_.pool());
    auth::RefreshTokenRecord r;
    std::string expires;
    std::string created;
    std::string rotated;
    std::string revoked;
    soci::indicator rotated_ind = soci::i_null;
    soci::indicator revoked_ind = soci::i_null;
    sql << "SELECT id, user_id, family_id, token_hash, expires_at, created_at, rotated_at, "
           "revoked_at FROM refresh_tokens WHERE token_hash = :hash",
        soci::use(hash), soci::into(r.id), soci::into(r.user_id), soci::into(r.family_id),
        soci::into(r.token_hash), soci::into(expires), soci::into(created),
        soci::into(rotated, rotated_ind), soci::into(revoked, revoked_ind);
    if (!sql.got_data()) return std::optional<auth::RefreshTokenRecord>{};
    r.expires_at = common::parse_instant(expires).value_or(common::Instant{});
    r.created_at = common::parse_instant(created).value_or(common::Instant{});
    r.rotated = rotated_ind == soci::i_ok;
    r.revoked = revoked_ind == soci::i_ok;
    return std::optional<auth::RefreshTokenRecord>{std::move(r)};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<bool> SqlRefreshTokenRepository::mark_rotated(const std::string& id,
                                                             common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string at = format_instant(now);
    soci::statement st = (sql.prepare << "UPDATE refresh_tokens SET rotated_at = :at "
                                         "WHERE id = :id AND rotated_at IS NULL AND "
                                         "revoked_at IS NULL",
                          soci::use(at, "at"), soci::use(id, "id"));
    st.execute(true);
    return st.get_affected_rows() == 1;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlRefreshTokenRepository::revoke_family(const std::string& family_id,
                                                        common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string at = format_instant(now);
    sql << "UPDATE refresh_tokens SET revoked_at = :at WHERE family_id = :family AND "
           "revoked_at IS NULL",
        soci::use(at, "at"), soci::use(family_id, "family");
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlRefreshTokenRepository::revoke_all_for_user(const std::string& user_id,
                                                              common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string at = format_instant(now);
    sql << "UPDATE refresh_tokens SET revoked_at = :at WHERE user_id = :user_id AND "
           "revoked_at IS NULL",
        soci::use(at, "at"), soci::use(user_id, "user_id");
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

namespace {

std::string purpose_text(auth::OneTimePurpose purpose) {
  return purpose == auth::OneTimePurpose::kVerifyEmail ? "verify_email" : "reset_password";
}

}  // namespace

common::Status SqlOneTimeTokenRepository::insert(auth::OneTimePurpose purpose,
                                                 const std::string& id, const std::string& user_id,
                                                 const std::string& token_hash,
                                                 common::Instant expires_at, common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string kind = purpose_text(purpose);
    const std::string expires = format_instant(expires_at);
    const std::string created = format_instant(now);
    sql << "INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, expires_at, "
           "created_at) VALUES (:id, :user_id, :purpose, :hash, :expires, :created)",
        soci::use(id), soci::use(user_id), soci::use(kind), soci::use(token_hash),
        soci::use(expires), soci::use(created);
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<std::string>> SqlOneTimeTokenRepository::consume(
    auth::OneTimePurpose purpose, const std::string& token_hash, common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string kind = purpose_text(purpose);
    const std::string at = format_instant(now);
    std::string user_id;
    // One statement marks and returns, so two concurrent uses cannot both succeed.
    sql << "UPDATE one_time_tokens SET used_at = :now WHERE token_hash = :hash AND "
           "purpose = :purpose AND used_at IS NULL AND expires_at > :now2 RETURNING user_id",
        soci::use(at, "now"), soci::use(token_hash, "hash"), soci::use(kind, "purpose"),
        soci::use(at, "now2"), soci::into(user_id);
    if (!sql.got_data()) return std::optional<std::string>{};
    return std::optional<std::string>{user_id};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlOneTimeTokenRepository::invalidate_for_user(auth::OneTimePurpose purpose,
                                                              const std::string& user_id,
                                                              common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string kind = purpose_text(purpose);
    const std::string at = format_instant(now);
    sql << "UPDATE one_time_tokens SET used_at = :now WHERE user_id = :user_id AND "
           "purpose = :purpose AND used_at IS NULL",
        soci::use(at, "now"), soci::use(user_id, "user_id"), soci::use(kind, "purpose");
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
