#include "adapters/db/sql_user_repository.hpp"

#include "core/common/crypto.hpp"

namespace janji::db {

using common::fail;

common::Result<auth::User> SqlUserRepository::create(const auth::User& user) {
  try {
    soci::session sql(db_.pool());
    const std::string role(auth::to_string(user.role));
    const int verified = user.is_verified ? 1 : 0;
    soci::indicator phone_ind = user.phone.empty() ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO users (id, email, password_hash, full_name, phone, role, is_verified, "
           "locale, created_at, updated_at) VALUES (:id, :email, :hash, :name, :phone, :role, "
           ":verified, :locale, :created, :updated)",
        soci::use(user.id), soci::use(user.email), soci::use(user.password_hash),
        soci::use(user.full_name), soci::use(user.phone, phone_ind), soci::use(role),
        soci::use(verified), soci::use(user.locale), soci::use(user.created_at),
        soci::use(user.updated_at);
    return user;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e, "AUTH_004", "This email is already registered"));
  }
}

common::Result<std::optional<auth::User>> SqlUserRepository::find_by_email(
    const std::string& email) {
  return find_one("email", email);
}

common::Result<std::optional<auth::User>> SqlUserRepository::find_by_id(const std::string& id) {
  if (!common::is_uuid(id)) return std::optional<auth::User>{};
  return find_one("id", id);
}

common::Result<std::optional<auth::User>> SqlUserRepository::find_one(const std::string& column,
                                                                      const std::string& value) {
  try {
    soci::session sql(db_.pool());
    auth::User u;
    std::string role;
    std::string avatar;
    int verified = 0;
    int active = 0;
    long long generation = 0;
    soci::indicator avatar_ind = soci::i_null;
    // `column` is one of two literals chosen above, never user input.
    sql << "SELECT id, email, password_hash, full_name, COALESCE(phone, ''), role, "
           "CAST(is_verified AS INTEGER), avatar_url, locale, created_at, updated_at, "
           "CAST(is_active AS INTEGER), token_generation "
           "FROM users WHERE " +
               column + " = :value AND deleted_at IS NULL",
        soci::use(value), soci::into(u.id), soci::into(u.email), soci::into(u.password_hash),
        soci::into(u.full_name), soci::into(u.phone), soci::into(role), soci::into(verified),
        soci::into(avatar, avatar_ind), soci::into(u.locale), soci::into(u.created_at),
        soci::into(u.updated_at), soci::into(active), soci::into(generation);
    if (!sql.got_data()) return std::optional<auth::User>{};
    u.role = auth::parse_role(role).value_or(auth::Role::kCustomer);
    u.is_verified = verified != 0;
    u.is_active = active != 0;
    u.token_generation = generation;
    if (avatar_ind == soci::i_ok) u.avatar_url = avatar;
    u.created_at = normalize_instant_text(u.created_at);
    u.updated_at = normalize_instant_text(u.updated_at);
    return std::optional<auth::User>{std::move(u)};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlUserRepository::set_verified(const std::string& user_id, common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string at = common::format_instant(now);
    const int verified = 1;
    sql << "UPDATE users SET is_verified = :v, updated_at = :at WHERE id = :id",
        soci::use(verified, "v"), soci::use(at, "at"), soci::use(user_id, "id");
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlUserRepository::update_profile(const auth::User& user) {
  try {
    soci::session sql(db_.pool());
    // No phone is stored as NULL, as at registration.
    soci::indicator phone_ind = user.phone.empty() ? soci::i_null : soci::i_ok;
    sql << "UPDATE users SET full_name = :name, phone = :phone, locale = :locale, "
           "updated_at = :at WHERE id = :id AND deleted_at IS NULL",
        soci::use(user.full_name, "name"), soci::use(user.phone, phone_ind, "phone"),
        soci::use(user.locale, "locale"), soci::use(user.updated_at, "at"),
        soci::use(user.id, "id");
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlUserRepository::set_password_hash(const std::string& user_id,
                                                    const std::string& hash, common::Instant now) {
  try {
    soci::session sql(db_.pool());
    const std::string at = common::format_instant(now);
    sql << "UPDATE users SET password_hash = :hash, updated_at = :at, "
           "token_generation = token_generation + 1 WHERE id = :id",
        soci::use(hash, "hash"), soci::use(at, "at"), soci::use(user_id, "id");
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<auth::AccountStanding> SqlUserRepository::find_standing(
    const std::string& user_id, common::Instant revoked_since) {
  auth::AccountStanding standing;
  if (!common::is_uuid(user_id)) return standing;  // inactive: no such user
  try {
    soci::session sql(db_.pool());
    int active = 0;
    long long generation = 0;
    sql << "SELECT CAST(is_active AS INTEGER), token_generation FROM users "
           "WHERE id = :id AND deleted_at IS NULL",
        soci::use(user_id), soci::into(active), soci::into(generation);
    if (!sql.got_data() || active == 0) return standing;
    standing.active = true;
    standing.token_generation = generation;
    // A session revoked before `revoked_since` has no live access token left to refuse.
    const std::string since = common::format_instant(revoked_since);
    soci::rowset<std::string> families =
        (sql.prepare << "SELECT DISTINCT family_id FROM refresh_tokens "
                        "WHERE user_id = :id AND revoked_at IS NOT NULL AND revoked_at >= :since",
         soci::use(user_id, "id"), soci::use(since, "since"));
    for (const auto& family : families) standing.revoked_sessions.push_back(family);
    return standing;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
