#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace janji::config {

// Configuration comes from environment variables (names from SPEC.md "Environment Variables"
// plus ours) and an optional .env file. Everything is validated once at start-up.
//
// An empty value means "unset, use the default", except for the variables where empty is a
// meaningful value: DB_PASSWORD, REDIS_PASSWORD, SENDGRID_API_KEY, SMTP_PASSWORD,
// MIDTRANS_SERVER_KEY, MIDTRANS_CLIENT_KEY, EMAIL_TEMPLATE_DIR, WEB_DIR and ALLOWED_ORIGINS (empty
// list: same-origin only).

enum class Environment { kDevelopment, kStaging, kProduction, kTest };
enum class DbDriver { kSqlite, kPostgres };
enum class MailDriver { kLog, kSendGrid, kSmtp };
enum class SmtpSecurity { kNone, kStartTls, kTls };
enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

std::string_view to_string(Environment env);
std::string_view to_string(DbDriver driver);
std::string_view to_string(MailDriver driver);
std::string_view to_string(SmtpSecurity security);
std::string_view to_string(LogLevel level);

// JWT_SECRET used outside production when none is set; refused in production.
inline constexpr std::string_view kDevJwtSecret =
    "janji-INSECURE-development-jwt-secret-do-not-use-in-production";
// The example value from SPEC.md; refused in production.
inline constexpr std::string_view kSpecExampleJwtSecret =
    "your-super-secret-key-change-in-production";
inline constexpr std::size_t kMinJwtSecretBytes = 32;

// 2 x hardware threads, at least 2, at most 256: default DB_POOL_SIZE and WORKER_THREADS.
int default_pool_size();

struct DatabaseConfig {
  DbDriver driver = DbDriver::kSqlite;  // DB_DRIVER; postgres when unset and DB_HOST is set
  std::filesystem::path sqlite_path;    // DB_PATH (<data_dir>/janji.db)
  // PostgreSQL only:
  std::string host = "localhost";       // DB_HOST
  std::uint16_t port = 5432;            // DB_PORT
  std::string user = "postgres";        // DB_USER
  std::string password = "postgres";    // DB_PASSWORD (secret)
  std::string name = "booking_system";  // DB_NAME
  std::string ssl_mode = "disable";     // DB_SSL_MODE: disable|allow|prefer|require|verify-*
  int pool_size = 2;                    // DB_POOL_SIZE (default_pool_size(), 1..256)
};

struct RedisConfig {
  bool enabled = false;       // true when REDIS_HOST is set and non-empty
  std::string host;           // REDIS_HOST
  std::uint16_t port = 6379;  // REDIS_PORT
  std::string password;       // REDIS_PASSWORD (secret; empty = no AUTH)
  int db = 0;                 // REDIS_DB (0..15)
};

struct JwtConfig {
  std::string secret;  // JWT_SECRET (secret; kDevJwtSecret outside production when unset)
  std::chrono::seconds access_token_expiry{15 * 60};         // JWT_ACCESS_TOKEN_EXPIRY
  std::chrono::seconds refresh_token_expiry{168 * 60 * 60};  // JWT_REFRESH_TOKEN_EXPIRY
};

struct RateLimitConfig {
  int login_max_failures_per_account_ip = 5;           // LOGIN_MAX_FAILURES_PER_ACCOUNT_IP
  std::chrono::seconds login_failure_window{15 * 60};  // LOGIN_FAILURE_WINDOW
  int login_max_failures_per_ip = 50;  // LOGIN_MAX_FAILURES_PER_IP, per the same window
  int login_account_delay_after = 20;  // LOGIN_ACCOUNT_DELAY_AFTER
  std::chrono::seconds login_account_window{3600};   // LOGIN_ACCOUNT_WINDOW
  std::chrono::seconds login_account_delay_base{1};  // LOGIN_ACCOUNT_DELAY_BASE
  std::chrono::seconds login_account_delay_max{60};  // LOGIN_ACCOUNT_DELAY_MAX
  int forgot_password_max_per_account = 5;           // FORGOT_PASSWORD_MAX_PER_ACCOUNT
  int forgot_password_max_per_ip = 20;               // FORGOT_PASSWORD_MAX_PER_IP
  int resend_verification_max_per_account = 3;       // RESEND_VERIFICATION_MAX_PER_ACCOUNT
  int resend_verification_max_per_ip = 20;           // RESEND_VERIFICATION_MAX_PER_IP
  int register_max_per_ip = 10;                      // REGISTER_MAX_PER_IP
  std::chrono::seconds register_window{3600};        // REGISTER_WINDOW
};

struct MailConfig {
  MailDriver driver = MailDriver::kLog;  // MAIL_DRIVER: log|smtp|sendgrid
  std::string sendgrid_api_key;          // SENDGRID_API_KEY (secret; sendgrid needs it)
  std::string sendgrid_base_url = "https://api.sendgrid.com";  // SENDGRID_BASE_URL, no trailing /
  std::string smtp_host;                                       // SMTP_HOST (smtp needs it)
  SmtpSecurity smtp_security = SmtpSecurity::kStartTls;        // SMTP_SECURITY: none|starttls|tls
  std::uint16_t smtp_port = 587;  // SMTP_PORT; default 587 starttls, 465 tls, 25 none
  std::string smtp_username;      // SMTP_USERNAME (empty: no AUTH)
  std::string smtp_password;      // SMTP_PASSWORD (secret)
  std::string from_email = "noreply@janji.local";  // SENDGRID_FROM_EMAIL
  std::string from_name = "Janji";                 // SENDGRID_FROM_NAME
  // EMAIL_TEMPLATE_DIR; empty means "use the compiled-in default" (JANJI_TEMPLATE_DIR).
  std::string template_dir;
  std::string default_locale = "id";  // DEFAULT_LOCALE: id|en
};

enum class PaymentDriver { kMidtrans, kSimulator, kDisabled };
std::string_view to_string(PaymentDriver driver);

// The key the simulator signs its notifications with when no MIDTRANS_SERVER_KEY is set.
inline constexpr std::string_view kSimulatorServerKey = "janji-payment-simulator-server-key";

struct MidtransConfig {
  std::string server_key;      // MIDTRANS_SERVER_KEY (secret)
  std::string client_key;      // MIDTRANS_CLIENT_KEY (secret)
  bool is_production = false;  // MIDTRANS_IS_PRODUCTION
  // PAYMENT_DRIVER: midtrans|simulator|disabled. Default: midtrans with a server key; without
  // one, simulator (disabled in production, where the simulator is refused). Disabled: no
  // booking waits for payment, creating a payment answers 503.
  PaymentDriver driver = PaymentDriver::kSimulator;
  // MIDTRANS_SNAP_BASE_URL / MIDTRANS_API_BASE_URL: Midtrans' by MIDTRANS_IS_PRODUCTION
  // unless set (tests point them at a local stand-in).
  std::string snap_base_url;
  std::string api_base_url;
  // MIDTRANS_VERIFY_STATUS: ask Get Status before acting on a notification (default: on in
  // production).
  bool verify_status = false;
  std::chrono::seconds payment_hold{15 * 60};    // PAYMENT_HOLD
  std::chrono::seconds hold_sweep_interval{15};  // PAYMENT_SWEEP_INTERVAL
};

// Delivery of the notifications outbox (issue 12).
struct NotificationConfig {
  bool worker = true;                     // NOTIFICATION_WORKER: `serve` delivers the outbox too
  int worker_threads = 1;                 // OUTBOX_WORKERS (default 1 on SQLite, 2 on PostgreSQL)
  std::chrono::seconds poll_interval{1};  // OUTBOX_POLL_INTERVAL: idle look for due rows
  int batch_size = 10;                    // OUTBOX_BATCH_SIZE: rows claimed at once
  int max_attempts = 8;                   // OUTBOX_MAX_ATTEMPTS: then a row ends failed
  // OUTBOX_LEASE: how long a claim holds rows; a dead claimer's rows are taken again after it.
  std::chrono::seconds lease{300};
  std::chrono::seconds first_retry{30};  // OUTBOX_RETRY_DELAY: doubled per attempt, jittered
  std::chrono::seconds reminder_lead{24 * 3600};    // REMINDER_LEAD
  std::chrono::seconds reminder_scan_interval{30};  // REMINDER_SCAN_INTERVAL
};

struct Config {
  Environment env = Environment::kDevelopment;  // ENV
  std::uint16_t port = 8080;                    // PORT; 0 = ephemeral (tests)
  std::string host = "0.0.0.0";                 // HOST
  // ALLOWED_ORIGINS, comma-separated, trimmed; "*" only outside production.
  std::vector<std::string> allowed_origins{"http://localhost:3000", "http://localhost:5173"};
  std::filesystem::path data_dir = "./data";  // DATA_DIR: SQLite file, outbox

  DatabaseConfig database;
  RedisConfig redis;
  JwtConfig jwt;
  int bcrypt_cost = 12;  // BCRYPT_COST: 4..31, production >= 10
  RateLimitConfig rate_limits;
  bool trust_proxy = false;  // TRUST_PROXY: take the client IP from X-Forwarded-For
  MailConfig mail;
  MidtransConfig midtrans;
  NotificationConfig notifications;

  // Base URLs for links in e-mails (never derived from the Host header); no trailing slash.
  std::string app_url = "http://localhost:8080";  // APP_URL
  // FRONTEND_URL: where the web app's pages are (verify-email, reset-password); defaults to
  // APP_URL, since `janji serve` serves the web app itself.
  std::string frontend_url = "http://localhost:8080";
  // WEB_DIR: the built web app (Vite's dist/); empty means the compiled-in default
  // (JANJI_WEB_DIR, <source root>/frontend/dist).
  std::string web_dir;

  // CLOCK_OFFSET_SECONDS: shifts the services' clock (end-to-end tests); refused in production.
  std::int64_t clock_offset_seconds = 0;
  // TEST_CLOCK_API: enables PUT /api/v1/test/clock to change that offset at run time; refused
  // in production.
  bool test_clock_api = false;
  // TEST_PAYMENT_ANSWER_DELAY: the payment callback waits this long after its commit before
  // answering (crash tests kill the process in that gap); refused in production.
  std::chrono::seconds test_payment_answer_delay{0};

  std::size_t max_body_bytes = 1048576;       // MAX_BODY_BYTES
  std::chrono::seconds request_timeout{30};   // REQUEST_TIMEOUT
  std::chrono::seconds shutdown_timeout{20};  // SHUTDOWN_TIMEOUT
  LogLevel log_level = LogLevel::kInfo;       // LOG_LEVEL
  int worker_threads = 2;                     // WORKER_THREADS (default: database.pool_size)
  int io_threads = 1;  // IO_THREADS: HTTP listener threads (default: CPU threads, at most 8)
  // MAX_CONNECTIONS: open client connections at most; 0 = the open-files limit less a reserve
  // for the database, Redis and files (computed at start-up).
  int max_connections = 0;
  int cancellation_cutoff_hours = 24;  // CANCELLATION_CUTOFF_HOURS
  // SLOT_CACHE_TTL (seconds): how long computed availability is cached; 0 turns the cache off.
  int slot_cache_ttl_seconds = 300;
  // AUTH_STANDING_CACHE_TTL: how long an instance trusts its copy of an account's standing
  // (active, token generation, revoked sessions) when no change notice reaches it; 0 = no copy.
  int auth_standing_cache_ttl_seconds = 10;
  // With Redis: keep a copy of the days this instance used in memory, invalidated over Redis
  // pub/sub (NearSlotCache). No effect without Redis.
  bool slot_cache_near = true;

  // Non-fatal notes for the start-up log of every command (DB_HOST ignored, ...).
  std::vector<std::string> warnings;
  // The same about what only `serve` uses (development JWT secret, wildcard CORS, plain-http
  // links in e-mails): logged by `serve` alone, so migrate or create-admin do not cry wolf.
  std::vector<std::string> serve_warnings;

  bool is_production() const { return env == Environment::kProduction; }

  // Multi-line summary, safe to log: secrets are redacted.
  std::string describe() const;
  // Which database this process uses, for the start-up log: "sqlite <absolute path>" or
  // "postgres <host>:<port>/<dbname>" (never the password). A relative DB_PATH or DATA_DIR is
  // resolved against the working directory, the usual cause of a second, empty database.
  std::string database_in_use() const;

  // libpq keyword/value string for the database fields: every value single-quoted (\ and '
  // escaped), connect_timeout=5, UTC sessions and quiet notices.
  std::string postgres_connection_string() const;
};

// Reads variables from `env` (a name->value map: the process environment merged over the .env
// file; the process environment wins). Returns the Config or every problem found, each naming
// the variable, the bad value (never for secrets) and what is allowed.
tl::expected<Config, std::vector<std::string>> load_config(
    const std::map<std::string, std::string>& env);

// Parses .env text: KEY=VALUE lines, '#' comments, blank lines, optional `export ` prefix,
// single-quoted (literal) or double-quoted values (escapes \n \r \t \" \\), inline ` #`
// comments after unquoted values. A malformed line is an error naming its line number.
tl::expected<std::map<std::string, std::string>, std::string> parse_dotenv(std::string_view text);

// The process environment (environ) merged over the .env file at `dotenv_path` (if it exists;
// a file that exists but cannot be read or parsed is an error).
tl::expected<std::map<std::string, std::string>, std::string> gather_environment(
    const std::filesystem::path& dotenv_path);

// Go-style durations: "15m", "168h", "30s", "1h30m"; a bare integer is seconds ("900").
// Units h, m, s only (whole numbers, no sign). nullopt when malformed or absurdly large.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace janji::config
