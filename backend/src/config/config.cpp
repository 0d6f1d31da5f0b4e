#include "config/config.hpp"

#include "config/text_scan.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>

namespace janji::config {

namespace {

using std::chrono::seconds;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool has_control(std::string_view s) { return std::any_of(s.begin(), s.end(), is_control); }
bool has_space_or_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return is_space(c) || is_control(c); });
}

// A value quoted for a problem message: escaped so stray spaces and control bytes are visible,
// and truncated so a pasted blob does not flood the log.
std::string show(std::string_view value) {
  constexpr std::size_t kMaxShown = 80;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < value.size() && i < kMaxShown; ++i) {
    const char c = value[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (is_control(c)) {
      const auto u = static_cast<unsigned char>(c);
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
  if (value.size() > kMaxShown) out += "...";
  return out;
}

std::optional<bool> parse_bool(std::string_view s) {
  const std::string v = lower(s);
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return std::nullopt;
}

// http(s)://host[:port][/path], no query, fragment, whitespace or control characters.
bool is_http_url(std::string_view url) {
  const std::string l = lower(url.substr(0, 8));
  std::string_view rest;
  if (l.starts_with("https://")) {
    rest = url.substr(8);
  } else if (l.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  const auto host_end = rest.find('/');
  const auto host = rest.substr(0, host_end);
  if (host.empty() || host.front() == ':') return false;
  return !has_space_or_control(url) && url.find_first_of("?#") == std::string_view::npos;
}

// A browser Origin: scheme://host[:port] exactly, no path (not even a trailing slash).
bool is_origin(std::string_view origin) {
  return is_http_url(origin) && origin.find('/', origin.find("://") + 3) == std::string_view::npos;
}

bool is_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  if (s.find('@', at + 1) != std::string_view::npos) return false;
  // Characters that would break or inject into a From: header.
  return !has_space_or_control(s) && s.find_first_of("<>,;\"()[]\\") == std::string_view::npos;
}

bool is_loopback_host(std::string_view host) {
  const std::string h = lower(host);
  return h == "localhost" || h == "::1" || h == "[::1]" || h.starts_with("127.");
}

// The host of an http(s) URL (is_http_url checked), without port or userinfo.
std::string url_host(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.starts_with('[')) return std::string(rest.substr(0, rest.find(']') + 1));
  return std::string(rest.substr(0, rest.find(':')));
}

// A host name or IP literal for a mail server URL: letters, digits, '.', '-', '_', ':'.
bool is_mail_host(std::string_view host) {
  return !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
           c == ':';
  });
}

// Reads variables and collects every problem instead of stopping at the first.
class Loader {
 public:
  explicit Loader(const std::map<std::string, std::string>& env) : env_(env) {}

  // The value when present, even if empty.
  std::optional<std::string> raw(std::string_view name) const {
    const auto it = env_.find(std::string(name));
    if (it == env_.end()) return std::nullopt;
    return it->second;
  }

  // The value when present and non-empty: an empty value means "use the default".
  std::optional<std::string> get(std::string_view name) const {
    auto v = raw(name);
    if (v && v->empty()) return std::nullopt;
    return v;
  }

  void problem(std::string text) { problems_.push_back(std::move(text)); }

  void invalid(std::string_view name, std::string_view value, std::string_view expected) {
    problem(std::string(name) + ": " + show(value) + " is not valid; expected " +
            std::string(expected));
  }

  std::int64_t integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) {
    const auto v = get(name);
    if (!v) return fallback;
    const auto n = parse_int(*v);
    if (!n || *n < min || *n > max) {
      invalid(name, *v,
              "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      return fallback;
    }
    return *n;
  }

  bool boolean(std::string_view name, bool fallback) {
    const auto v = get(name);
    if (!v) return fallback;
    const auto b = parse_bool(*v);
    if (!b) {
      invalid(name, *v, "true/false, 1/0 or yes/no");
      return fallback;
    }
    return *b;
  }

  seconds duration(std::string_view name, seconds fallback) {
    const auto v = get(name);
    if (!v) return fallback;
    const auto d = parse_duration(*v);
    if (!d || d->count() <= 0) {
      invalid(name, *v, "a positive duration such as 30s, 15m, 168h, 1h30m or plain seconds");
      return fallback;
    }
    return *d;
  }

  // One of `allowed` (case-insensitive), returned in lower case.
  std::string choice(std::string_view name, std::string_view fallback,
                     std::initializer_list<std::string_view> allowed) {
    const auto v = get(name);
    if (!v) return std::string(fallback);
    const std::string l = lower(*v);
    if (std::find(allowed.begin(), allowed.end(), l) != allowed.end()) return l;
    std::string list;
    for (const auto a : allowed) {
      if (!list.empty()) list += '|';
      list += a;
    }
    invalid(name, *v, "one of " + list);
    return std::string(fallback);
  }

  // Free text without control characters (it may end up in logs or mail headers).
  std::string text(std::string_view name, std::string_view fallback) {
    const auto v = get(name);
    if (!v) return std::string(fallback);
    if (has_control(*v)) {
      invalid(name, *v, "text without control characters");
      return std::string(fallback);
    }
    return *v;
  }

  // A host name or address: no whitespace or control characters.
  std::string host(std::string_view name, std::string_view fallback) {
    const auto v = get(name);
    if (!v) return std::string(fallback);
    if (has_space_or_control(*v)) {
      invalid(name, *v, "a host name or IP address without spaces");
      return std::string(fallback);
    }
    return *v;
  }

  // An http(s) base URL, returned without trailing slashes so paths can be appended.
  std::string base_url(std::string_view name, std::string_view fallback) {
    const auto v = get(name);
    if (!v) return std::string(fallback);
    if (!is_http_url(*v)) {
      invalid(name, *v, "an http:// or https:// URL without query or fragment");
      return std::string(fallback);
    }
    std::string url = *v;
    // Safe: is_http_url guarantees a non-empty host before any '/'.
    while (url.ends_with('/')) url.pop_back();
    return url;
  }

  std::vector<std::string> take_problems() { return std::move(problems_); }

 private:
  const std::map<std::string, std::string>& env_;
  std::vector<std::string> problems_;
};

std::vector<std::string> load_origins(Loader& in, bool production,
                                      std::vector<std::string>& warnings) {
  const auto raw = in.raw("ALLOWED_ORIGINS");
  if (!raw) return Config{}.allowed_origins;
  std::vector<std::string> origins;
  std::string_view rest = *raw;
  while (true) {
    const auto comma = rest.find(',');
    const auto item = trim(rest.substr(0, comma));
    if (!item.empty()) {
      std::string origin = item == "*" ? std::string("*") : lower(item);
      if (origin != "*" && !is_origin(origin)) {
        in.invalid("ALLOWED_ORIGINS", item,
                   "\"*\" or origins like https://app.example.com or http://localhost:3000 "
                   "(scheme://host[:port], no path or trailing slash), separated by commas");
      } else if (std::find(origins.begin(), origins.end(), origin) == origins.end()) {
        origins.push_back(std::move(origin));
      }
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (std::find(origins.begin(), origins.end(), "*") != origins.end()) {
    if (production) {
      in.problem(
          "ALLOWED_ORIGINS: \"*\" (any origin) is not allowed in production; list the front-end "
          "origins instead");
    } else {
      warnings.push_back("ALLOWED_ORIGINS contains \"*\": any web site may call this API");
    }
  }
  return origins;
}

void load_jwt(Loader& in, Config& c) {
  const bool production = c.is_production();
  const auto secret = in.get("JWT_SECRET");
  if (!secret) {
    if (production) {
      in.problem(
          "JWT_SECRET: required in production; expected at least 32 bytes of random data "
          "(e.g. `openssl rand -base64 48`)");
    } else {
      c.jwt.secret = std::string(kDevJwtSecret);
      c.serve_warnings.push_back(
          "JWT_SECRET is not set: using the built-in INSECURE development secret (refused in "
          "production)");
    }
  } else {
    c.jwt.secret = *secret;
    const bool is_default = *secret == kSpecExampleJwtSecret || *secret == kDevJwtSecret;
    const bool is_short = secret->size() < kMinJwtSecretBytes;
    // The value is never echoed: only what is wrong with it.
    if (production && is_default) {
      in.problem(
          "JWT_SECRET: the example/development value is not allowed in production; expected at "
          "least 32 bytes of random data (e.g. `openssl rand -base64 48`)");
    } else if (production && is_short) {
      in.problem("JWT_SECRET: too short for production; expected at least 32 bytes");
    } else if (is_default) {
      c.serve_warnings.push_back("JWT_SECRET is a well-known example value: tokens can be forged");
    } else if (is_short) {
      c.serve_warnings.push_back("JWT_SECRET is shorter than 32 bytes (refused in production)");
    }
  }
  c.jwt.access_token_expiry = in.duration("JWT_ACCESS_TOKEN_EXPIRY", c.jwt.access_token_expiry);
  c.jwt.refresh_token_expiry = in.duration("JWT_REFRESH_TOKEN_EXPIRY", c.jwt.refresh_token_expiry);
}

void load_database(Loader& in, Config& c) {
  auto& db = c.database;
  const bool host_set = in.get("DB_HOST").has_value();
  const auto driver =
      in.choice("DB_DRIVER", host_set ? "postgres" : "sqlite", {"sqlite", "postgres"});
  db.driver = driver == "postgres" ? DbDriver::kPostgres : DbDriver::kSqlite;
  if (db.driver == DbDriver::kSqlite && host_set) {
    c.warnings.push_back(
        "DB_HOST is set but DB_DRIVER=sqlite: the PostgreSQL settings are ignored");
  }
  const auto path = in.text("DB_PATH", "");
  db.sqlite_path = path.empty() ? c.data_dir / "janji.db" : std::filesystem::path(path);
  db.host = in.host("DB_HOST", db.host);
  db.port = static_cast<std::uint16_t>(in.integer("DB_PORT", db.port, 1, 65535));
  db.user = in.text("DB_USER", db.user);
  db.password = in.raw("DB_PASSWORD").value_or(db.password);
  db.name = in.text("DB_NAME", db.name);
  db.ssl_mode = in.choice("DB_SSL_MODE", db.ssl_mode,
                          {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"});
  db.pool_size = static_cast<int>(in.integer("DB_POOL_SIZE", default_pool_size(), 1, 256));
}

void load_redis(Loader& in, Config& c) {
  auto& r = c.redis;
  r.host = in.host("REDIS_HOST", "");
  r.enabled = !r.host.empty();
  r.port = static_cast<std::uint16_t>(in.integer("REDIS_PORT", r.port, 1, 65535));
  r.password = in.raw("REDIS_PASSWORD").value_or("");
  r.db = static_cast<int>(in.integer("REDIS_DB", r.db, 0, 15));
}

void load_payments(Loader& in, Config& c) {
  auto& m = c.midtrans;
  const char* fallback =
      !m.server_key.empty() ? "midtrans" : (c.is_production() ? "disabled" : "simulator");
  const auto driver = in.choice("PAYMENT_DRIVER", fallback, {"midtrans", "simulator", "disabled"});
  m.driver = driver == "midtrans"    ? PaymentDriver::kMidtrans
             : driver == "simulator" ? PaymentDriver::kSimulator
                                     : PaymentDriver::kDisabled;
  if (m.driver == PaymentDriver::kDisabled) {
    c.serve_warnings.push_back(
        "PAYMENT_DRIVER=disabled: payments are off; bookings at providers that require payment "
        "are taken unpaid (set MIDTRANS_SERVER_KEY to take payments)");
  }
  if (m.driver == PaymentDriver::kMidtrans && m.server_key.empty()) {
    in.problem("MIDTRANS_SERVER_KEY: required when PAYMENT_DRIVER=midtrans");
  } else if (has_control(m.server_key)) {
    in.problem("MIDTRANS_SERVER_KEY: must not contain control characters");
  }
  if (c.is_production() && m.driver == PaymentDriver::kSimulator) {
    in.problem("PAYMENT_DRIVER: simulator is refused in production (set MIDTRANS_SERVER_KEY)");
  }
  m.snap_base_url = in.base_url("MIDTRANS_SNAP_BASE_URL", "");
  m.api_base_url = in.base_url("MIDTRANS_API_BASE_URL", "");
  // The server key travels in every request: only a loopback stand-in may see it over http.
  for (const auto& [name, url] :
       {std::pair<const char*, const std::string*>{"MIDTRANS_SNAP_BASE_URL", &m.snap_base_url},
        {"MIDTRANS_API_BASE_URL", &m.api_base_url}}) {
    if (!url->empty() && !lower(*url).starts_with("https://") &&
        !is_loopback_host(url_host(*url))) {
      in.problem(std::string(name) + ": must be https (plain http only to a loopback host)");
    }
  }
  m.verify_status = in.boolean("MIDTRANS_VERIFY_STATUS", c.is_production());
  m.payment_hold = in.duration("PAYMENT_HOLD", m.payment_hold);
  if (m.payment_hold < std::chrono::minutes{1} || m.payment_hold > std::chrono::hours{24}) {
    in.problem("PAYMENT_HOLD: must be between 1m and 24h");
  }
  m.hold_sweep_interval = in.duration("PAYMENT_SWEEP_INTERVAL", m.hold_sweep_interval);
}

void load_mail(Loader& in, Config& c) {
  auto& m = c.mail;
  const auto driver = in.choice("MAIL_DRIVER", "log", {"log", "sendgrid", "smtp"});
  if (driver == "sendgrid") m.driver = MailDriver::kSendGrid;
  if (driver == "smtp") m.driver = MailDriver::kSmtp;
  m.sendgrid_api_key = in.raw("SENDGRID_API_KEY").value_or("");
  m.sendgrid_base_url = in.base_url("SENDGRID_BASE_URL", m.sendgrid_base_url);
  if (m.driver == MailDriver::kSendGrid && m.sendgrid_api_key.empty()) {
    in.problem("SENDGRID_API_KEY: required when MAIL_DRIVER=sendgrid");
  } else if (has_control(m.sendgrid_api_key)) {
    in.problem("SENDGRID_API_KEY: must not contain control characters");
  }
  // The API key travels in every request: only a loopback stand-in may see it over plain http.
  if (c.is_production() && m.driver == MailDriver::kSendGrid &&
      !lower(m.sendgrid_base_url).starts_with("https://") &&
      !is_loopback_host(url_host(m.sendgrid_base_url))) {
    in.problem(
        "SENDGRID_BASE_URL: plain http is refused in production unless the host is "
        "loopback; use https");
  }

  m.smtp_host = in.host("SMTP_HOST", "");
  if (!m.smtp_host.empty() && !is_mail_host(m.smtp_host)) {
    in.invalid("SMTP_HOST", m.smtp_host, "a host name or IP address (letters, digits, . - _ :)");
    m.smtp_host.clear();
  }
  const auto security = in.choice("SMTP_SECURITY", "starttls", {"none", "starttls", "tls"});
  m.smtp_security = security == "none"  ? SmtpSecurity::kNone
                    : security == "tls" ? SmtpSecurity::kTls
                                        : SmtpSecurity::kStartTls;
  const std::uint16_t default_port = m.smtp_security == SmtpSecurity::kNone  ? 25
                                     : m.smtp_security == SmtpSecurity::kTls ? 465
                                                                             : 587;
  m.smtp_port = static_cast<std::uint16_t>(in.integer("SMTP_PORT", default_port, 1, 65535));
  m.smtp_username = in.text("SMTP_USERNAME", "");
  m.smtp_password = in.raw("SMTP_PASSWORD").value_or("");
  if (has_control(m.smtp_password))
    in.problem("SMTP_PASSWORD: must not contain control characters");
  if (m.driver == MailDriver::kSmtp) {
    if (m.smtp_host.empty()) in.problem("SMTP_HOST: required when MAIL_DRIVER=smtp");
    // Credentials and messages in clear text cross the network only to a relay on this host.
    if (c.is_production() && m.smtp_security == SmtpSecurity::kNone && !m.smtp_host.empty() &&
        !is_loopback_host(m.smtp_host)) {
      in.problem(
          "SMTP_SECURITY: none is refused in production unless SMTP_HOST is loopback "
          "(localhost, 127.0.0.1, ::1); use starttls or tls");
    }
  }
  if (const auto from = in.get("SENDGRID_FROM_EMAIL")) {
    if (is_email(*from)) {
      m.from_email = *from;
    } else {
      in.invalid("SENDGRID_FROM_EMAIL", *from, "an e-mail address like noreply@example.com");
    }
  }
  m.from_name = in.text("SENDGRID_FROM_NAME", m.from_name);
  if (const auto dir = in.raw("EMAIL_TEMPLATE_DIR")) {
    if (has_control(*dir)) {
      in.invalid("EMAIL_TEMPLATE_DIR", *dir, "a directory path");
    } else {
      m.template_dir = *dir;
    }
  }
  m.default_locale = in.choice("DEFAULT_LOCALE", m.default_locale, {"id", "en"});
}

// A shifted clock and the API that moves it are for end-to-end tests only: in production they
// would let anyone (the API) or a stray variable (the offset) move every deadline.
void load_test_clock(Loader& in, Config& c) {
  constexpr std::int64_t kTenYears = 10LL * 366 * 24 * 3600;
  c.clock_offset_seconds =
      in.integer("CLOCK_OFFSET_SECONDS", c.clock_offset_seconds, -kTenYears, kTenYears);
  c.test_clock_api = in.boolean("TEST_CLOCK_API", c.test_clock_api);
  c.test_payment_answer_delay =
      in.duration("TEST_PAYMENT_ANSWER_DELAY", c.test_payment_answer_delay);
  if (c.is_production()) {
    if (c.test_payment_answer_delay.count() != 0) {
      in.problem("TEST_PAYMENT_ANSWER_DELAY: for crash tests only; not allowed in production");
    }
    if (c.clock_offset_seconds != 0) {
      in.problem(
          "CLOCK_OFFSET_SECONDS: a shifted clock is for tests only and is not allowed in "
          "production; unset it or set 0");
    }
    if (c.test_clock_api) {
      in.problem(
          "TEST_CLOCK_API: the test clock API is for tests only and is not allowed in "
          "production; unset it or set false");
    }
    return;
  }
  if (c.clock_offset_seconds != 0) {
    c.serve_warnings.push_back("CLOCK_OFFSET_SECONDS=" + std::to_string(c.clock_offset_seconds) +
                               ": THE SERVER'S CLOCK IS SHIFTED; for tests only");
  }
  if (c.test_clock_api) {
    c.serve_warnings.push_back(
        "TEST_CLOCK_API is on: PUT /api/v1/test/clock lets ANY caller move the server's clock; "
        "for tests only");
  }
}

LogLevel to_log_level(std::string_view s) {
  if (s == "trace") return LogLevel::kTrace;
  if (s == "debug") return LogLevel::kDebug;
  if (s == "warn") return LogLevel::kWarn;
  if (s == "error") return LogLevel::kError;
  return LogLevel::kInfo;
}

Environment to_environment(std::string_view s) {
  if (s == "staging") return Environment::kStaging;
  if (s == "production") return Environment::kProduction;
  if (s == "test") return Environment::kTest;
  return Environment::kDevelopment;
}

}  // namespace

std::string_view to_string(Environment env) {
  switch (env) {
    case Environment::kDevelopment:
      return "development";
    case Environment::kStaging:
      return "staging";
    case Environment::kProduction:
      return "production";
    case Environment::kTest:
      return "test";
  }
  return "development";
}

std::string_view to_string(DbDriver driver) {
  return driver == DbDriver::kPostgres ? "postgres" : "sqlite";
}

std::string_view to_string(SmtpSecurity security) {
  switch (security) {
    case SmtpSecurity::kNone:
      return "none";
    case SmtpSecurity::kStartTls:
      return "starttls";
    case SmtpSecurity::kTls:
      return "tls";
  }
  return "?";
}

std::string_view to_string(PaymentDriver driver) {
  switch (driver) {
    case PaymentDriver::kMidtrans:
      return "midtrans";
    case PaymentDriver::kSimulator:
      return "simulator";
    case PaymentDriver::kDisabled:
      return "disabled";
  }
  return "disabled";
}

std::string_view to_string(MailDriver driver) {
  switch (driver) {
    case MailDriver::kLog:
      return "log";
    case MailDriver::kSendGrid:
      return "sendgrid";
    case MailDriver::kSmtp:
      return "smtp";
  }
  return "log";
}

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

int default_pool_size() {
  const auto threads = static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(2 * threads, 2, 256);
}

tl::expected<Config, std::vector<std::string>> load_config(
    const std::map<std::string, std::string>& env) {
  Loader in(env);
  Config c;

  c.env = to_environment(
      in.choice("ENV", "development", {"development", "staging", "production", "test"}));
  const bool production = c.is_production();
  c.port = static_cast<std::uint16_t>(in.integer("PORT", c.port, 0, 65535));
  c.host = in.host("HOST", c.host);
  c.allowed_origins = load_origins(in, production, c.serve_warnings);
  c.data_dir = in.text("DATA_DIR", c.data_dir.string());

  load_database(in, c);
  load_redis(in, c);
  load_jwt(in, c);

  c.bcrypt_cost = static_cast<int>(in.integer("BCRYPT_COST", c.bcrypt_cost, 4, 31));
  if (production && c.bcrypt_cost < 10) {
    in.problem("BCRYPT_COST: " + show(std::to_string(c.bcrypt_cost)) +
               " is too low for production; expected 10 to 31");
  }

  auto& rl = c.rate_limits;
  constexpr std::int64_t kMaxLimit = 1'000'000;
  rl.login_max_failures_per_account_ip = static_cast<int>(in.integer(
      "LOGIN_MAX_FAILURES_PER_ACCOUNT_IP", rl.login_max_failures_per_account_ip, 1, kMaxLimit));
  rl.login_failure_window = in.duration("LOGIN_FAILURE_WINDOW", rl.login_failure_window);
  rl.login_max_failures_per_ip = static_cast<int>(
      in.integer("LOGIN_MAX_FAILURES_PER_IP", rl.login_max_failures_per_ip, 1, kMaxLimit));
  rl.login_account_delay_after = static_cast<int>(
      in.integer("LOGIN_ACCOUNT_DELAY_AFTER", rl.login_account_delay_after, 1, kMaxLimit));
  rl.login_account_window = in.duration("LOGIN_ACCOUNT_WINDOW", rl.login_account_window);
  rl.login_account_delay_base =
      in.duration("LOGIN_ACCOUNT_DELAY_BASE", rl.login_account_delay_base);
  rl.login_account_delay_max = in.duration("LOGIN_ACCOUNT_DELAY_MAX", rl.login_account_delay_max);
  if (rl.login_account_delay_max < rl.login_account_delay_base) {
    in.problem("LOGIN_ACCOUNT_DELAY_MAX: must not be shorter than LOGIN_ACCOUNT_DELAY_BASE");
  }
  rl.resend_verification_max_per_account = static_cast<int>(in.integer(
      "RESEND_VERIFICATION_MAX_PER_ACCOUNT", rl.resend_verification_max_per_account, 1, kMaxLimit));
  rl.resend_verification_max_per_ip = static_cast<int>(in.integer(
      "RESEND_VERIFICATION_MAX_PER_IP", rl.resend_verification_max_per_ip, 1, kMaxLimit));
  rl.register_max_per_ip =
      static_cast<int>(in.integer("REGISTER_MAX_PER_IP", rl.register_max_per_ip, 1, kMaxLimit));
  rl.register_window = in.duration("REGISTER_WINDOW", rl.register_window);
  rl.forgot_password_max_per_account = static_cast<int>(in.integer(
      "FORGOT_PASSWORD_MAX_PER_ACCOUNT", rl.forgot_password_max_per_account, 1, kMaxLimit));
  rl.forgot_password_max_per_ip = static_cast<int>(
      in.integer("FORGOT_PASSWORD_MAX_PER_IP", rl.forgot_password_max_per_ip, 1, kMaxLimit));
  c.trust_proxy = in.boolean("TRUST_PROXY", c.trust_proxy);

  load_mail(in, c);

  c.midtrans.server_key = in.raw("MIDTRANS_SERVER_KEY").value_or("");
  c.midtrans.client_key = in.raw("MIDTRANS_CLIENT_KEY").value_or("");
  c.midtrans.is_production = in.boolean("MIDTRANS_IS_PRODUCTION", c.midtrans.is_production);
  load_payments(in, c);

  c.app_url = in.base_url("APP_URL", c.app_url);
  // The web app is served by janji itself unless told otherwise: same origin as the API.
  c.frontend_url = in.base_url("FRONTEND_URL", c.app_url);
  if (const auto dir = in.raw("WEB_DIR")) {
    if (has_control(*dir)) {
      in.invalid("WEB_DIR", *dir, "a directory path");
    } else {
      c.web_dir = *dir;
    }
  }
  load_test_clock(in, c);
  if (production) {
    const auto warn_plain_http = [&c](std::string_view name, const std::string& url) {
      if (!lower(url).starts_with("https://")) {
        c.serve_warnings.push_back(std::string(name) +
                                   " is not https in production: links in e-mails use plain http");
      }
    };
    warn_plain_http("APP_URL", c.app_url);
    warn_plain_http("FRONTEND_URL", c.frontend_url);
  }

  c.max_body_bytes = static_cast<std::size_t>(
      in.integer("MAX_BODY_BYTES", static_cast<std::int64_t>(c.max_body_bytes), 1024, 1 << 30));
  c.request_timeout = in.duration("REQUEST_TIMEOUT", c.request_timeout);
  c.shutdown_timeout = in.duration("SHUTDOWN_TIMEOUT", c.shutdown_timeout);
  c.log_level =
      to_log_level(in.choice("LOG_LEVEL", "info", {"trace", "debug", "info", "warn", "error"}));
  c.worker_threads = static_cast<int>(in.integer("WORKER_THREADS", c.database.pool_size, 1, 256));
  const int cpu_threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  c.io_threads = static_cast<int>(in.integer("IO_THREADS", std::min(cpu_threads, 8), 1, 64));
  c.max_connections = static_cast<int>(in.integer("MAX_CONNECTIONS", 0, 0, 1000000));
  c.cancellation_cutoff_hours = static_cast<int>(
      in.integer("CANCELLATION_CUTOFF_HOURS", c.cancellation_cutoff_hours, 0, 24 * 365));
  c.slot_cache_ttl_seconds =
      static_cast<int>(in.integer("SLOT_CACHE_TTL", c.slot_cache_ttl_seconds, 0, 86400));
  c.auth_standing_cache_ttl_seconds = static_cast<int>(
      in.integer("AUTH_STANDING_CACHE_TTL", c.auth_standing_cache_ttl_seconds, 0, 3600));
  c.slot_cache_near = in.boolean("SLOT_CACHE_NEAR", c.slot_cache_near);

  auto& n = c.notifications;
  n.worker = in.boolean("NOTIFICATION_WORKER", n.worker);
  // SQLite has one writer at a time: a second delivery thread would only wait for it.
  const int default_outbox_workers = c.database.driver == DbDriver::kPostgres ? 2 : 1;
  n.worker_threads = static_cast<int>(in.integer("OUTBOX_WORKERS", default_outbox_workers, 1, 64));
  n.poll_interval = in.duration("OUTBOX_POLL_INTERVAL", n.poll_interval);
  n.batch_size = static_cast<int>(in.integer("OUTBOX_BATCH_SIZE", n.batch_size, 1, 500));
  n.max_attempts = static_cast<int>(in.integer("OUTBOX_MAX_ATTEMPTS", n.max_attempts, 1, 100));
  n.first_retry = in.duration("OUTBOX_RETRY_DELAY", n.first_retry);
  n.lease = in.duration("OUTBOX_LEASE", n.lease);
  n.reminder_lead = in.duration("REMINDER_LEAD", n.reminder_lead);
  n.reminder_scan_interval = in.duration("REMINDER_SCAN_INTERVAL", n.reminder_scan_interval);

  auto problems = in.take_problems();
  if (!problems.empty()) return tl::unexpected(std::move(problems));
  return c;
}

}  // namespace janji::config
