#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "config/config.hpp"

// How a Config reads to people and to libpq: the start-up summary (secrets redacted), the
// database in use, the PostgreSQL connection string. Parsing is config.cpp's.

namespace janji::config {

namespace {

using std::chrono::seconds;

// "1h30m" style, the inverse of parse_duration, for describe().
std::string format_duration(seconds d) {
  auto s = d.count();
  if (s == 0) return "0s";
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  s %= 3600;
  if (s >= 60) out += std::to_string(s / 60) + "m";
  s %= 60;
  if (s > 0) out += std::to_string(s) + "s";
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

// libpq keyword/value quoting: 'value' with \ and ' escaped by a backslash.
std::string pq_quote(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

std::string redacted(const std::string& secret) { return secret.empty() ? "<none>" : "<redacted>"; }

}  // namespace

std::string Config::describe() const {
  std::ostringstream o;
  o << "env: " << to_string(env) << '\n';
  o << "listen: " << host << ':' << port << '\n';
  o << "allowed_origins: " << (allowed_origins.empty() ? "(none)" : join(allowed_origins, ", "))
    << '\n';
  o << "data_dir: " << data_dir.string() << '\n';
  if (database.driver == DbDriver::kSqlite) {
    o << "database: sqlite path=" << database.sqlite_path.string();
  } else {
    o << "database: postgres host=" << database.host << " port=" << database.port
      << " user=" << database.user << " dbname=" << database.name
      << " sslmode=" << database.ssl_mode << " password=" << redacted(database.password);
  }
  o << " pool_size=" << database.pool_size << '\n';
  if (redis.enabled) {
    o << "redis: " << redis.host << ':' << redis.port << " db=" << redis.db
      << " password=" << redacted(redis.password) << '\n';
  } else {
    o << "redis: disabled (in-process cache and rate limits)\n";
  }
  o << "jwt: secret="
    << (jwt.secret == kDevJwtSecret ? std::string("<insecure development default>")
                                    : redacted(jwt.secret))
    << " access_token_expiry=" << format_duration(jwt.access_token_expiry)
    << " refresh_token_expiry=" << format_duration(jwt.refresh_token_expiry) << '\n';
  o << "bcrypt_cost: " << bcrypt_cost << '\n';
  o << "rate_limits: login_max_failures_per_account_ip="
    << rate_limits.login_max_failures_per_account_ip
    << " login_failure_window=" << format_duration(rate_limits.login_failure_window)
    << " login_max_failures_per_ip=" << rate_limits.login_max_failures_per_ip
    << " login_account_delay_after=" << rate_limits.login_account_delay_after
    << " login_account_window=" << format_duration(rate_limits.login_account_window)
    << " login_account_delay_base=" << format_duration(rate_limits.login_account_delay_base)
    << " login_account_delay_max=" << format_duration(rate_limits.login_account_delay_max)
    << " resend_verification_max_per_account=" << rate_limits.resend_verification_max_per_account
    << " resend_verification_max_per_ip=" << rate_limits.resend_verification_max_per_ip
    << " register_max_per_ip=" << rate_limits.register_max_per_ip
    << " register_window=" << format_duration(rate_limits.register_window)
    << " forgot_password_max_per_account=" << rate_limits.forgot_password_max_per_account
    << " forgot_password_max_per_ip=" << rate_limits.forgot_password_max_per_ip << '\n';
  o << "trust_proxy: " << (trust_proxy ? "true" : "false") << '\n';
  o << "mail: driver=" << to_string(mail.driver) << " from=\"" << mail.from_name << " <"
    << mail.from_email
    << ">\" template_dir=" << (mail.template_dir.empty() ? "<built-in>" : mail.template_dir)
    << " default_locale=" << mail.default_locale
    << " sendgrid_api_key=" << redacted(mail.sendgrid_api_key)
    << " sendgrid_base_url=" << mail.sendgrid_base_url << '\n';
  o << "smtp: host=" << (mail.smtp_host.empty() ? "<none>" : mail.smtp_host)
    << " port=" << mail.smtp_port << " security=" << to_string(mail.smtp_security)
    << " username=" << (mail.smtp_username.empty() ? "<none>" : mail.smtp_username)
    << " password=" << redacted(mail.smtp_password) << '\n';
  o << "midtrans: is_production=" << (midtrans.is_production ? "true" : "false")
    << " server_key=" << redacted(midtrans.server_key)
    << " client_key=" << redacted(midtrans.client_key) << " driver=" << to_string(midtrans.driver)
    << " verify_status=" << (midtrans.verify_status ? "true" : "false")
    << " payment_hold=" << format_duration(midtrans.payment_hold)
    << " sweep_interval=" << format_duration(midtrans.hold_sweep_interval) << '\n';
  o << "app_url: " << app_url << '\n';
  o << "frontend_url: " << frontend_url << '\n';
  o << "web_dir: " << (web_dir.empty() ? "<built-in>" : web_dir) << '\n';
  o << "test_clock: offset=" << clock_offset_seconds << "s api=" << (test_clock_api ? "on" : "off")
    << '\n';
  o << "http: max_body_bytes=" << max_body_bytes
    << " request_timeout=" << format_duration(request_timeout)
    << " shutdown_timeout=" << format_duration(shutdown_timeout)
    << " worker_threads=" << worker_threads << " io_threads=" << io_threads << " max_connections="
    << (max_connections == 0 ? std::string("auto") : std::to_string(max_connections)) << '\n';
  o << "log_level: " << to_string(log_level) << '\n';
  o << "cancellation_cutoff_hours: " << cancellation_cutoff_hours << '\n';
  o << "auth_standing_cache_ttl: " << auth_standing_cache_ttl_seconds << "s\n";
  o << "slot_cache_ttl: " << slot_cache_ttl_seconds << "s"
    << (slot_cache_ttl_seconds == 0 ? " (off)" : "") << '\n';
  o << "slot_cache_near: " << (slot_cache_near ? "on" : "off") << '\n';
  o << "notifications: worker=" << (notifications.worker ? "on" : "off")
    << " threads=" << notifications.worker_threads
    << " poll=" << format_duration(notifications.poll_interval)
    << " batch=" << notifications.batch_size << " lease=" << format_duration(notifications.lease)
    << " max_attempts=" << notifications.max_attempts
    << " retry=" << format_duration(notifications.first_retry)
    << " reminder_lead=" << format_duration(notifications.reminder_lead)
    << " reminder_scan=" << format_duration(notifications.reminder_scan_interval) << '\n';
  return o.str();
}

std::string Config::database_in_use() const {
  if (database.driver == DbDriver::kSqlite) {
    std::error_code ignored;
    const auto path = std::filesystem::absolute(database.sqlite_path, ignored).lexically_normal();
    return "sqlite " + (path.empty() ? database.sqlite_path : path).string();
  }
  return "postgres " + database.host + ":" + std::to_string(database.port) + "/" + database.name;
}

std::string Config::postgres_connection_string() const {
  std::string out;
  const auto add = [&out](std::string_view key, std::string_view value) {
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += pq_quote(value);
  };
  add("host", database.host);
  add("port", std::to_string(database.port));
  add("dbname", database.name);
  add("user", database.user);
  // Omitted when empty so libpq falls back to ~/.pgpass or trust/peer authentication.
  if (!database.password.empty()) add("password", database.password);
  add("sslmode", database.ssl_mode);
  add("connect_timeout", "5");
  add("options", "-c TimeZone=UTC -c client_min_messages=warning");
  return out;
}

}  // namespace janji::config
