#include "config/config.hpp"

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "config/config_test_env.hpp"

namespace janji::config {
namespace {

using namespace testing;

using std::chrono::seconds;

TEST(LoadConfig, DefaultsFromAnEmptyEnvironment) {
  const Config c = load_ok({});
  EXPECT_EQ(c.env, Environment::kDevelopment);
  EXPECT_FALSE(c.is_production());
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.allowed_origins,
            (std::vector<std::string>{"http://localhost:3000", "http://localhost:5173"}));
  EXPECT_EQ(c.data_dir, std::filesystem::path("./data"));

  EXPECT_EQ(c.database.driver, DbDriver::kSqlite);
  EXPECT_EQ(c.database.sqlite_path, std::filesystem::path("./data/janji.db"));
  EXPECT_EQ(c.database.host, "localhost");
  EXPECT_EQ(c.database.port, 5432);
  EXPECT_EQ(c.database.user, "postgres");
  EXPECT_EQ(c.database.password, "postgres");
  EXPECT_EQ(c.database.name, "booking_system");
  EXPECT_EQ(c.database.ssl_mode, "disable");
  EXPECT_EQ(c.database.pool_size, default_pool_size());
  EXPECT_GE(c.database.pool_size, 2);

  EXPECT_FALSE(c.redis.enabled);
  EXPECT_EQ(c.redis.port, 6379);
  EXPECT_EQ(c.redis.password, "");
  EXPECT_EQ(c.redis.db, 0);

  EXPECT_EQ(c.jwt.secret, kDevJwtSecret);
  EXPECT_GE(c.jwt.secret.size(), kMinJwtSecretBytes);
  EXPECT_EQ(c.jwt.access_token_expiry, seconds(15 * 60));
  EXPECT_EQ(c.jwt.refresh_token_expiry, seconds(168 * 3600));
  EXPECT_EQ(c.bcrypt_cost, 12);

  EXPECT_EQ(c.rate_limits.login_max_failures_per_account_ip, 5);
  EXPECT_EQ(c.rate_limits.login_failure_window, seconds(15 * 60));
  EXPECT_EQ(c.rate_limits.login_max_failures_per_ip, 50);
  EXPECT_EQ(c.rate_limits.login_account_delay_after, 20);
  EXPECT_EQ(c.rate_limits.login_account_delay_base, seconds(1));
  EXPECT_EQ(c.rate_limits.login_account_delay_max, seconds(60));
  EXPECT_EQ(c.rate_limits.register_max_per_ip, 10);
  EXPECT_EQ(c.auth_standing_cache_ttl_seconds, 10);
  EXPECT_EQ(c.rate_limits.forgot_password_max_per_account, 5);
  EXPECT_EQ(c.rate_limits.forgot_password_max_per_ip, 20);
  EXPECT_FALSE(c.trust_proxy);

  EXPECT_EQ(c.mail.driver, MailDriver::kLog);
  EXPECT_EQ(c.mail.sendgrid_api_key, "");
  EXPECT_EQ(c.mail.from_email, "noreply@janji.local");
  EXPECT_EQ(c.mail.from_name, "Janji");
  EXPECT_EQ(c.mail.template_dir, "");
  EXPECT_EQ(c.mail.default_locale, "id");
  EXPECT_EQ(c.mail.sendgrid_base_url, "https://api.sendgrid.com");
  EXPECT_EQ(c.mail.smtp_host, "");
  EXPECT_EQ(c.mail.smtp_security, SmtpSecurity::kStartTls);
  EXPECT_EQ(c.mail.smtp_port, 587);
  EXPECT_EQ(c.mail.smtp_username, "");
  EXPECT_EQ(c.mail.smtp_password, "");

  EXPECT_EQ(c.midtrans.server_key, "");
  EXPECT_EQ(c.midtrans.client_key, "");
  EXPECT_FALSE(c.midtrans.is_production);

  EXPECT_EQ(c.app_url, "http://localhost:8080");
  EXPECT_EQ(c.frontend_url, "http://localhost:8080");
  EXPECT_EQ(c.web_dir, "");
  EXPECT_EQ(c.clock_offset_seconds, 0);
  EXPECT_FALSE(c.test_clock_api);
  EXPECT_EQ(c.max_body_bytes, 1048576u);
  EXPECT_EQ(c.request_timeout, seconds(30));
  EXPECT_EQ(c.shutdown_timeout, seconds(20));
  EXPECT_EQ(c.log_level, LogLevel::kInfo);
  EXPECT_EQ(c.worker_threads, c.database.pool_size);
  EXPECT_GE(c.io_threads, 1);
  EXPECT_LE(c.io_threads, 8);
  EXPECT_EQ(c.max_connections, 0);  // automatic: from the open-files limit
  EXPECT_EQ(c.cancellation_cutoff_hours, 24);
  EXPECT_EQ(c.slot_cache_ttl_seconds, 300);
  EXPECT_TRUE(c.slot_cache_near);

  EXPECT_TRUE(c.warnings.empty()) << joined(c.warnings);
  ASSERT_EQ(c.serve_warnings.size(), 1u);
  EXPECT_NE(c.serve_warnings[0].find("JWT_SECRET"), std::string::npos);
}

TEST(LoadConfig, EveryVariableIsParsed) {
  const Env env = {
      {"ENV", "staging"},
      {"PORT", "0"},
      {"HOST", "127.0.0.1"},
      {"ALLOWED_ORIGINS", " https://a.example.com , http://localhost:4000 ,"},
      {"DATA_DIR", "/var/lib/janji"},
      {"DB_DRIVER", "postgres"},
      {"DB_PATH", "/tmp/other.db"},
      {"DB_HOST", "db.internal"},
      {"DB_PORT", "6543"},
      {"DB_USER", "janji"},
      {"DB_PASSWORD", "pw"},
      {"DB_NAME", "janji_db"},
      {"DB_SSL_MODE", "verify-full"},
      {"DB_POOL_SIZE", "7"},
      {"REDIS_HOST", "cache.internal"},
      {"REDIS_PORT", "6380"},
      {"REDIS_PASSWORD", "rpw"},
      {"REDIS_DB", "15"},
      {"JWT_SECRET", "a-long-enough-secret-for-the-tests-0123456789"},
      {"JWT_ACCESS_TOKEN_EXPIRY", "5m"},
      {"JWT_REFRESH_TOKEN_EXPIRY", "720h"},
      {"BCRYPT_COST", "4"},
      {"LOGIN_MAX_FAILURES_PER_ACCOUNT_IP", "3"},
      {"LOGIN_ACCOUNT_DELAY_AFTER", "7"},
      {"LOGIN_ACCOUNT_DELAY_MAX", "2m"},
      {"REGISTER_MAX_PER_IP", "4"},
      {"LOGIN_FAILURE_WINDOW", "1h30m"},
      {"LOGIN_MAX_FAILURES_PER_IP", "100"},
      {"FORGOT_PASSWORD_MAX_PER_ACCOUNT", "2"},
      {"FORGOT_PASSWORD_MAX_PER_IP", "9"},
      {"TRUST_PROXY", "YES"},
      {"MAIL_DRIVER", "SMTP"},
      {"SENDGRID_API_KEY", "SG.key"},
      {"SENDGRID_BASE_URL", "http://127.0.0.1:9999/"},
      {"SMTP_HOST", "smtp.example.com"},
      {"SMTP_PORT", "2525"},
      {"SMTP_USERNAME", "mailer"},
      {"SMTP_PASSWORD", "s3cret"},
      {"SMTP_SECURITY", "TLS"},
      {"SENDGRID_FROM_EMAIL", "hello@janji.example.com"},
      {"SENDGRID_FROM_NAME", "Janji Booking"},
      {"EMAIL_TEMPLATE_DIR", "/etc/janji/templates"},
      {"DEFAULT_LOCALE", "en"},
      {"MIDTRANS_SERVER_KEY", "SB-Mid-server-x"},
      {"MIDTRANS_CLIENT_KEY", "SB-Mid-client-x"},
      {"MIDTRANS_IS_PRODUCTION", "1"},
      {"APP_URL", "https://api.example.com/"},
      {"FRONTEND_URL", "https://app.example.com/janji"},
      {"MAX_BODY_BYTES", "2048"},
      {"REQUEST_TIMEOUT", "45"},
      {"SHUTDOWN_TIMEOUT", "1m"},
      {"LOG_LEVEL", "Debug"},
      {"WORKER_THREADS", "3"},
      {"IO_THREADS", "2"},
      {"MAX_CONNECTIONS", "500"},
      {"CANCELLATION_CUTOFF_HOURS", "0"},
      {"SLOT_CACHE_TTL", "0"},
      {"SLOT_CACHE_NEAR", "false"},
      {"UNRELATED_VARIABLE", "ignored"},
  };
  const Config c = load_ok(env);
  EXPECT_EQ(c.env, Environment::kStaging);
  EXPECT_EQ(c.port, 0);
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.allowed_origins,
            (std::vector<std::string>{"https://a.example.com", "http://localhost:4000"}));
  EXPECT_EQ(c.data_dir, std::filesystem::path("/var/lib/janji"));
  EXPECT_EQ(c.database.driver, DbDriver::kPostgres);
  EXPECT_EQ(c.database.sqlite_path, std::filesystem::path("/tmp/other.db"));
  EXPECT_EQ(c.database.host, "db.internal");
  EXPECT_EQ(c.database.port, 6543);
  EXPECT_EQ(c.database.user, "janji");
  EXPECT_EQ(c.database.password, "pw");
  EXPECT_EQ(c.database.name, "janji_db");
  EXPECT_EQ(c.database.ssl_mode, "verify-full");
  EXPECT_EQ(c.database.pool_size, 7);
  EXPECT_TRUE(c.redis.enabled);
  EXPECT_EQ(c.redis.host, "cache.internal");
  EXPECT_EQ(c.redis.port, 6380);
  EXPECT_EQ(c.redis.password, "rpw");
  EXPECT_EQ(c.redis.db, 15);
  EXPECT_EQ(c.jwt.secret, "a-long-enough-secret-for-the-tests-0123456789");
  EXPECT_EQ(c.jwt.access_token_expiry, seconds(300));
  EXPECT_EQ(c.jwt.refresh_token_expiry, seconds(720 * 3600));
  EXPECT_EQ(c.bcrypt_cost, 4);
  EXPECT_EQ(c.rate_limits.login_max_failures_per_account_ip, 3);
  EXPECT_EQ(c.rate_limits.login_account_delay_after, 7);
  EXPECT_EQ(c.rate_limits.login_account_delay_max, seconds(120));
  EXPECT_EQ(c.rate_limits.register_max_per_ip, 4);
  EXPECT_EQ(c.rate_limits.login_failure_window, seconds(5400));
  EXPECT_EQ(c.rate_limits.login_max_failures_per_ip, 100);
  EXPECT_EQ(c.rate_limits.forgot_password_max_per_account, 2);
  EXPECT_EQ(c.rate_limits.forgot_password_max_per_ip, 9);
  EXPECT_TRUE(c.trust_proxy);
  EXPECT_EQ(c.mail.driver, MailDriver::kSmtp);
  EXPECT_EQ(c.mail.sendgrid_api_key, "SG.key");
  EXPECT_EQ(c.mail.sendgrid_base_url, "http://127.0.0.1:9999");
  EXPECT_EQ(c.mail.smtp_host, "smtp.example.com");
  EXPECT_EQ(c.mail.smtp_port, 2525);
  EXPECT_EQ(c.mail.smtp_username, "mailer");
  EXPECT_EQ(c.mail.smtp_password, "s3cret");
  EXPECT_EQ(c.mail.smtp_security, SmtpSecurity::kTls);
  EXPECT_EQ(c.mail.from_email, "hello@janji.example.com");
  EXPECT_EQ(c.mail.from_name, "Janji Booking");
  EXPECT_EQ(c.mail.template_dir, "/etc/janji/templates");
  EXPECT_EQ(c.mail.default_locale, "en");
  EXPECT_EQ(c.midtrans.server_key, "SB-Mid-server-x");
  EXPECT_EQ(c.midtrans.client_key, "SB-Mid-client-x");
  EXPECT_TRUE(c.midtrans.is_production);
  EXPECT_EQ(c.app_url, "https://api.example.com");  // trailing slash removed
  EXPECT_EQ(c.frontend_url, "https://app.example.com/janji");
  EXPECT_EQ(c.max_body_bytes, 2048u);
  EXPECT_EQ(c.request_timeout, seconds(45));
  EXPECT_EQ(c.shutdown_timeout, seconds(60));
  EXPECT_EQ(c.log_level, LogLevel::kDebug);
  EXPECT_EQ(c.worker_threads, 3);
  EXPECT_EQ(c.io_threads, 2);
  EXPECT_EQ(c.max_connections, 500);
  EXPECT_EQ(c.cancellation_cutoff_hours, 0);
  EXPECT_EQ(c.slot_cache_ttl_seconds, 0);
  EXPECT_FALSE(c.slot_cache_near);
  EXPECT_TRUE(c.warnings.empty()) << joined(c.warnings);
  EXPECT_TRUE(c.serve_warnings.empty()) << joined(c.serve_warnings);
}

TEST(LoadConfig, EachInvalidValueIsReportedWithTheVariableAndValue) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ENV", "prod"},
      {"PORT", "80a"},
      {"PORT", "65536"},
      {"PORT", "-1"},
      {"PORT", " 8080"},
      {"HOST", "local host"},
      {"ALLOWED_ORIGINS", "http://localhost:3000/"},
      {"ALLOWED_ORIGINS", "localhost:3000"},
      {"DATA_DIR", "bad\ndir"},
      {"DB_DRIVER", "mysql"},
      {"DB_PORT", "0"},
      {"DB_SSL_MODE", "always"},
      {"DB_POOL_SIZE", "0"},
      {"DB_POOL_SIZE", "257"},
      {"REDIS_PORT", "x"},
      {"REDIS_DB", "16"},
      {"JWT_ACCESS_TOKEN_EXPIRY", "15 minutes"},
      {"JWT_ACCESS_TOKEN_EXPIRY", "0s"},
      {"JWT_REFRESH_TOKEN_EXPIRY", "7d"},
      {"BCRYPT_COST", "3"},
      {"BCRYPT_COST", "32"},
      {"LOGIN_MAX_FAILURES_PER_ACCOUNT_IP", "0"},
      {"LOGIN_ACCOUNT_DELAY_AFTER", "0"},
      {"LOGIN_FAILURE_WINDOW", "-5m"},
      {"LOGIN_MAX_FAILURES_PER_IP", "0"},
      {"FORGOT_PASSWORD_MAX_PER_ACCOUNT", "none"},
      {"FORGOT_PASSWORD_MAX_PER_IP", "1.5"},
      {"TRUST_PROXY", "maybe"},
      {"MAIL_DRIVER", "pigeon"},
      {"SENDGRID_BASE_URL", "ftp://api.sendgrid.com"},
      {"SMTP_HOST", "smtp example.com"},
      {"SMTP_HOST", "smtp.example.com/x?"},
      {"SMTP_PORT", "0"},
      {"SMTP_PORT", "65536"},
      {"SMTP_SECURITY", "ssl"},
      {"SMTP_USERNAME", "user\r\nx"},
      {"SENDGRID_FROM_EMAIL", "not-an-email"},
      {"SENDGRID_FROM_EMAIL", "a@b.com\r\nBcc: x@y.z"},
      {"SENDGRID_FROM_NAME", "Janji\r\nBcc: x@y.z"},
      {"DEFAULT_LOCALE", "fr"},
      {"MIDTRANS_IS_PRODUCTION", "sure"},
      {"APP_URL", "ftp://example.com"},
      {"APP_URL", "https://"},
      {"FRONTEND_URL", "https://example.com/?x=1"},
      {"MAX_BODY_BYTES", "10"},
      {"REQUEST_TIMEOUT", "1ms"},
      {"SHUTDOWN_TIMEOUT", "abc"},
      {"LOG_LEVEL", "verbose"},
      {"WORKER_THREADS", "0"},
      {"IO_THREADS", "0"},
      {"MAX_CONNECTIONS", "-1"},
      {"CANCELLATION_CUTOFF_HOURS", "-1"},
      {"SLOT_CACHE_TTL", "86401"},
  };
  for (const auto& [name, value] : cases) {
    SCOPED_TRACE(name + "=" + value);
    const auto problems = load_problems({{name, value}});
    ASSERT_EQ(problems.size(), 1u) << joined(problems);
    EXPECT_EQ(problems[0].rfind(name + ":", 0), 0u) << problems[0];
    // The value is shown (control characters escaped), so the operator sees the typo.
    if (value.find_first_of("\r\n") == std::string::npos) {
      EXPECT_NE(problems[0].find("\"" + value + "\""), std::string::npos) << problems[0];
    }
  }
}

TEST(LoadConfig, ProblemsMentionWhatIsAllowed) {
  const auto problems = load_problems({{"PORT", "x"}, {"LOG_LEVEL", "loud"}});
  EXPECT_TRUE(any_contains(problems, "from 0 to 65535"));
  EXPECT_TRUE(any_contains(problems, "trace|debug|info|warn|error"));
}

TEST(LoadConfig, CollectsEveryProblem) {
  const auto problems = load_problems({{"PORT", "x"},
                                       {"BCRYPT_COST", "99"},
                                       {"LOG_LEVEL", "loud"},
                                       {"TRUST_PROXY", "perhaps"},
                                       {"JWT_ACCESS_TOKEN_EXPIRY", "soon"}});
  EXPECT_EQ(problems.size(), 5u) << joined(problems);
  for (const char* name :
       {"PORT:", "BCRYPT_COST:", "LOG_LEVEL:", "TRUST_PROXY:", "JWT_ACCESS_TOKEN_EXPIRY:"}) {
    EXPECT_TRUE(any_contains(problems, name)) << name;
  }
}

TEST(LoadConfig, EmptyValuesMeanDefaultsExceptWhereEmptyIsMeaningful) {
  const Config c = load_ok({{"PORT", ""},
                            {"ENV", ""},
                            {"DB_HOST", ""},
                            {"REDIS_HOST", ""},
                            {"LOG_LEVEL", ""},
                            {"ALLOWED_ORIGINS", ""},
                            {"DB_PASSWORD", ""}});
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.env, Environment::kDevelopment);
  EXPECT_EQ(c.database.driver, DbDriver::kSqlite);
  EXPECT_FALSE(c.redis.enabled);
  EXPECT_EQ(c.log_level, LogLevel::kInfo);
  EXPECT_TRUE(c.allowed_origins.empty());
  EXPECT_EQ(c.database.password, "");
}

TEST(LoadConfig, ProductionAcceptsASecureConfiguration) {
  const Config c = load_ok(valid_production());
  EXPECT_TRUE(c.is_production());
  EXPECT_TRUE(c.warnings.empty()) << joined(c.warnings);
  EXPECT_TRUE(c.serve_warnings.empty()) << joined(c.serve_warnings);
}

TEST(LoadConfig, ProductionRefusesInsecureSettings) {
  const auto refused = [](const std::string& name, std::optional<std::string> value,
                          std::string_view expected_text) {
    SCOPED_TRACE(name);
    Env env = valid_production();
    if (value) {
      env[name] = *value;
    } else {
      env.erase(name);
    }
    const auto problems = load_problems(env);
    ASSERT_EQ(problems.size(), 1u) << joined(problems);
    EXPECT_EQ(problems[0].rfind(name + ":", 0), 0u) << problems[0];
    EXPECT_NE(problems[0].find(expected_text), std::string::npos) << problems[0];
  };
  refused("JWT_SECRET", std::nullopt, "required in production");
  refused("JWT_SECRET", "", "required in production");
  refused("JWT_SECRET", std::string(kSpecExampleJwtSecret), "not allowed in production");
  refused("JWT_SECRET", std::string(kDevJwtSecret), "not allowed in production");
  refused("JWT_SECRET", std::string(31, 'k'), "at least 32 bytes");
  refused("ALLOWED_ORIGINS", "https://janji.example.com, *", "not allowed in production");
  refused("BCRYPT_COST", "9", "too low for production");
  refused("CLOCK_OFFSET_SECONDS", "86400", "not allowed in production");
  refused("CLOCK_OFFSET_SECONDS", "-1", "not allowed in production");
  refused("TEST_CLOCK_API", "true", "not allowed in production");

  Env env = valid_production();
  env["JWT_SECRET"] = std::string(32, 'k');  // exactly 32 bytes is enough
  env["BCRYPT_COST"] = "10";
  load_ok(env);
}

TEST(LoadConfig, MailDriversNeedTheirSettings) {
  auto problems = load_problems({{"MAIL_DRIVER", "smtp"}});
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("SMTP_HOST:", 0), 0u) << problems[0];
  problems = load_problems({{"MAIL_DRIVER", "sendgrid"}});
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("SENDGRID_API_KEY:", 0), 0u) << problems[0];
  problems = load_problems({{"MAIL_DRIVER", "sendgrid"}, {"SENDGRID_API_KEY", ""}});
  ASSERT_EQ(problems.size(), 1u) << joined(problems);

  const Config smtp = load_ok({{"MAIL_DRIVER", "smtp"}, {"SMTP_HOST", "mail.example.com"}});
  EXPECT_EQ(smtp.mail.driver, MailDriver::kSmtp);
  EXPECT_EQ(smtp.mail.smtp_security, SmtpSecurity::kStartTls);
  EXPECT_EQ(smtp.mail.smtp_port, 587);
  const Config sendgrid = load_ok({{"MAIL_DRIVER", "sendgrid"}, {"SENDGRID_API_KEY", "SG.x"}});
  EXPECT_EQ(sendgrid.mail.driver, MailDriver::kSendGrid);
  EXPECT_EQ(sendgrid.mail.sendgrid_base_url, "https://api.sendgrid.com");
  // The other driver's settings are not required.
  EXPECT_EQ(sendgrid.mail.smtp_host, "");
}

TEST(LoadConfig, SmtpPortDefaultsFollowTheSecurity) {
  EXPECT_EQ(load_ok({{"SMTP_SECURITY", "starttls"}}).mail.smtp_port, 587);
  EXPECT_EQ(load_ok({{"SMTP_SECURITY", "tls"}}).mail.smtp_port, 465);
  EXPECT_EQ(load_ok({{"SMTP_SECURITY", "none"}}).mail.smtp_port, 25);
  EXPECT_EQ(load_ok({{"SMTP_SECURITY", "none"}, {"SMTP_PORT", "2525"}}).mail.smtp_port, 2525);
}

TEST(LoadConfig, ProductionRefusesPlainSmtpExceptOnLoopback) {
  Env env = valid_production();
  env["MAIL_DRIVER"] = "smtp";
  env["SMTP_SECURITY"] = "none";
  env["SMTP_HOST"] = "smtp.example.com";
  const auto problems = load_problems(env);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("SMTP_SECURITY:", 0), 0u) << problems[0];
  for (const char* host : {"localhost", "127.0.0.1", "::1"}) {
    SCOPED_TRACE(host);
    env["SMTP_HOST"] = host;
    EXPECT_EQ(load_ok(env).mail.smtp_security, SmtpSecurity::kNone);
  }
  env["SMTP_HOST"] = "smtp.example.com";
  env["SMTP_SECURITY"] = "starttls";
  load_ok(env);
  // Outside production plain SMTP to any host is allowed (a test relay on the LAN).
  load_ok({{"MAIL_DRIVER", "smtp"}, {"SMTP_SECURITY", "none"}, {"SMTP_HOST", "mail.lan"}});
}

TEST(LoadConfig, ProductionRefusesPlainHttpSendGridExceptOnLoopback) {
  Env env = valid_production();
  env["MAIL_DRIVER"] = "sendgrid";
  env["SENDGRID_API_KEY"] = "SG.key";
  load_ok(env);  // the https default
  env["SENDGRID_BASE_URL"] = "http://sendgrid.example.com";
  const auto problems = load_problems(env);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("SENDGRID_BASE_URL:", 0), 0u) << problems[0];
  EXPECT_EQ(problems[0].find("SG.key"), std::string::npos) << problems[0];
  for (const char* url : {"http://127.0.0.1:8025", "http://localhost/", "http://[::1]:80"}) {
    SCOPED_TRACE(url);
    env["SENDGRID_BASE_URL"] = url;
    load_ok(env);
  }
  env["SENDGRID_BASE_URL"] = "https://api.eu.sendgrid.com";
  EXPECT_EQ(load_ok(env).mail.sendgrid_base_url, "https://api.eu.sendgrid.com");
}

TEST(LoadConfig, OutsideProductionInsecureSettingsAreWarnings) {
  const Config c =
      load_ok({{"ALLOWED_ORIGINS", "*"}, {"JWT_SECRET", "short"}, {"BCRYPT_COST", "4"}});
  EXPECT_EQ(c.allowed_origins, std::vector<std::string>{"*"});
  EXPECT_TRUE(any_contains(c.serve_warnings, "ALLOWED_ORIGINS"));
  EXPECT_TRUE(any_contains(c.serve_warnings, "JWT_SECRET"));

  const Config spec_example = load_ok({{"JWT_SECRET", std::string(kSpecExampleJwtSecret)}});
  EXPECT_TRUE(any_contains(spec_example.serve_warnings, "JWT_SECRET"));
}

TEST(LoadConfig, FrontendUrlDefaultsToAppUrl) {
  EXPECT_EQ(load_ok({{"APP_URL", "https://janji.example.com/"}}).frontend_url,
            "https://janji.example.com");
  EXPECT_EQ(load_ok({{"APP_URL", "https://api.example.com"}, {"FRONTEND_URL", "https://x.example"}})
                .frontend_url,
            "https://x.example");
}

TEST(LoadConfig, TestClockIsReadAndWarnedAboutOutsideProduction) {
  const Config c = load_ok({{"CLOCK_OFFSET_SECONDS", "-3600"},
                            {"TEST_CLOCK_API", "true"},
                            {"WEB_DIR", "/srv/janji/web"}});
  EXPECT_EQ(c.clock_offset_seconds, -3600);
  EXPECT_TRUE(c.test_clock_api);
  EXPECT_EQ(c.web_dir, "/srv/janji/web");
  EXPECT_TRUE(any_contains(c.serve_warnings, "CLOCK_OFFSET_SECONDS"));
  EXPECT_TRUE(any_contains(c.serve_warnings, "TEST_CLOCK_API"));
  const Config plain = load_ok({});
  EXPECT_FALSE(any_contains(plain.serve_warnings, "CLOCK_OFFSET_SECONDS"));
  EXPECT_FALSE(any_contains(plain.serve_warnings, "TEST_CLOCK_API"));
  const auto problems = load_problems({{"CLOCK_OFFSET_SECONDS", "soon"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("CLOCK_OFFSET_SECONDS:", 0), 0u) << problems[0];
  Env production = valid_production();
  production["CLOCK_OFFSET_SECONDS"] = "0";  // no shift is fine anywhere
  production["TEST_CLOCK_API"] = "false";
  load_ok(production);
}

TEST(LoadConfig, ProductionWarnsAboutPlainHttpLinks) {
  Env env = valid_production();
  env["FRONTEND_URL"] = "http://janji.example.com";
  const Config c = load_ok(env);
  ASSERT_EQ(c.serve_warnings.size(), 1u);
  EXPECT_NE(c.serve_warnings[0].find("FRONTEND_URL"), std::string::npos);
}

TEST(LoadConfig, SecretsAreNeverEchoed) {
  Env env = valid_production();
  env["JWT_SECRET"] = "XYZZY-jwt";  // short: refused, but not shown
  auto problems = load_problems(env);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].find("XYZZY"), std::string::npos) << problems[0];

  const Config c = load_ok({{"JWT_SECRET", "XYZZY-jwt-0123456789012345678901234567890"},
                            {"DB_HOST", "db"},
                            {"DB_PASSWORD", "XYZZY-db"},
                            {"REDIS_HOST", "cache"},
                            {"REDIS_PASSWORD", "XYZZY-redis"},
                            {"SENDGRID_API_KEY", "XYZZY-sendgrid"},
                            {"SMTP_PASSWORD", "XYZZY-smtp"},
                            {"MIDTRANS_SERVER_KEY", "XYZZY-midtrans-server"},
                            {"MIDTRANS_CLIENT_KEY", "XYZZY-midtrans-client"}});
  const std::string text = c.describe();
  EXPECT_EQ(text.find("XYZZY"), std::string::npos) << text;
  EXPECT_NE(text.find("<redacted>"), std::string::npos) << text;
  EXPECT_NE(text.find("database: postgres host=db"), std::string::npos) << text;
  EXPECT_NE(text.find("redis: cache:6379"), std::string::npos) << text;
}

TEST(LoadConfig, DescribeSummarisesTheDefaults) {
  const std::string text = load_ok({}).describe();
  EXPECT_NE(text.find("env: development"), std::string::npos) << text;
  EXPECT_NE(text.find("database: sqlite path=./data/janji.db"), std::string::npos) << text;
  EXPECT_NE(text.find("redis: disabled"), std::string::npos) << text;
  EXPECT_NE(text.find("<insecure development default>"), std::string::npos) << text;
  EXPECT_NE(text.find("access_token_expiry=15m refresh_token_expiry=168h"), std::string::npos)
      << text;
  EXPECT_EQ(text.find(std::string(kDevJwtSecret)), std::string::npos) << text;
}

TEST(LoadConfig, DatabaseInUseIsAbsoluteOrHostPortAndNameWithoutPassword) {
  const std::string cwd = std::filesystem::current_path().string();
  EXPECT_EQ(load_ok({}).database_in_use(), "sqlite " + cwd + "/data/janji.db");
  EXPECT_EQ(load_ok({{"DATA_DIR", "./x/../y"}}).database_in_use(), "sqlite " + cwd + "/y/janji.db");
  EXPECT_EQ(load_ok({{"DB_PATH", "/srv/janji/main.db"}}).database_in_use(),
            "sqlite /srv/janji/main.db");
  const Config pg = load_ok({{"DB_HOST", "db.internal"},
                             {"DB_PORT", "5433"},
                             {"DB_NAME", "janji_prod"},
                             {"DB_USER", "XYZZY-user"},
                             {"DB_PASSWORD", "XYZZY-db"}});
  EXPECT_EQ(pg.database_in_use(), "postgres db.internal:5433/janji_prod");
}

TEST(LoadConfig, DbHostImpliesPostgres) {
  const Config c = load_ok({{"DB_HOST", "db.internal"}});
  EXPECT_EQ(c.database.driver, DbDriver::kPostgres);
  EXPECT_EQ(c.database.host, "db.internal");

  const Config explicit_pg = load_ok({{"DB_DRIVER", "postgres"}});
  EXPECT_EQ(explicit_pg.database.driver, DbDriver::kPostgres);
  EXPECT_EQ(explicit_pg.database.host, "localhost");

  const Config sqlite = load_ok({{"DB_DRIVER", "sqlite"}, {"DB_HOST", "db.internal"}});
  EXPECT_EQ(sqlite.database.driver, DbDriver::kSqlite);
  EXPECT_TRUE(any_contains(sqlite.warnings, "DB_HOST"));
}

TEST(LoadConfig, SqlitePathFollowsDataDir) {
  EXPECT_EQ(load_ok({{"DATA_DIR", "/srv/janji"}}).database.sqlite_path,
            std::filesystem::path("/srv/janji/janji.db"));
  EXPECT_EQ(load_ok({{"DATA_DIR", "/srv/janji"}, {"DB_PATH", "/tmp/x.db"}}).database.sqlite_path,
            std::filesystem::path("/tmp/x.db"));
}

TEST(LoadConfig, WorkerThreadsDefaultToThePoolSize) {
  EXPECT_EQ(load_ok({{"DB_POOL_SIZE", "9"}}).worker_threads, 9);
}

TEST(LoadConfig, RedisIsEnabledByItsHost) {
  const Config c = load_ok({{"REDIS_HOST", "127.0.0.1"}});
  EXPECT_TRUE(c.redis.enabled);
  EXPECT_EQ(c.redis.host, "127.0.0.1");
  EXPECT_EQ(c.redis.port, 6379);
}

TEST(LoadConfig, BooleansAcceptCommonSpellings) {
  for (const char* yes : {"true", "TRUE", "True", "1", "yes", "Yes"}) {
    EXPECT_TRUE(load_ok({{"TRUST_PROXY", yes}}).trust_proxy) << yes;
  }
  for (const char* no : {"false", "FALSE", "0", "no", "NO"}) {
    EXPECT_FALSE(load_ok({{"TRUST_PROXY", no}}).trust_proxy) << no;
  }
}

TEST(LoadConfig, OriginsAreTrimmedLowercasedAndDeduplicated) {
  const Config c = load_ok(
      {{"ALLOWED_ORIGINS", "HTTP://LocalHost:3000,  http://localhost:3000 ,,https://x.io"}});
  EXPECT_EQ(c.allowed_origins, (std::vector<std::string>{"http://localhost:3000", "https://x.io"}));
}

TEST(LoadConfig, EnumsAreCaseInsensitive) {
  const Config c = load_ok({{"ENV", "TEST"}, {"DB_SSL_MODE", "Require"}, {"DEFAULT_LOCALE", "EN"}});
  EXPECT_EQ(c.env, Environment::kTest);
  EXPECT_EQ(c.database.ssl_mode, "require");
  EXPECT_EQ(c.mail.default_locale, "en");
}

TEST(LoadConfig, ToStringNamesMatchTheVariableValues) {
  EXPECT_EQ(to_string(Environment::kProduction), "production");
  EXPECT_EQ(to_string(DbDriver::kPostgres), "postgres");
  EXPECT_EQ(to_string(MailDriver::kLog), "log");
  EXPECT_EQ(to_string(MailDriver::kSmtp), "smtp");
  EXPECT_EQ(to_string(MailDriver::kSendGrid), "sendgrid");
  EXPECT_EQ(to_string(SmtpSecurity::kStartTls), "starttls");
  EXPECT_EQ(to_string(SmtpSecurity::kTls), "tls");
  EXPECT_EQ(to_string(SmtpSecurity::kNone), "none");
  EXPECT_EQ(to_string(LogLevel::kWarn), "warn");
}

TEST(PostgresConnectionString, QuotesEveryValue) {
  Config c = load_ok({{"DB_HOST", "db.internal"},
                      {"DB_PORT", "6543"},
                      {"DB_USER", "janji"},
                      {"DB_PASSWORD", R"(it's a \secret)"},
                      {"DB_NAME", "booking_system"},
                      {"DB_SSL_MODE", "require"}});
  EXPECT_EQ(c.postgres_connection_string(),
            R"(host='db.internal' port='6543' dbname='booking_system' user='janji' )"
            R"(password='it\'s a \\secret' sslmode='require' connect_timeout='5' )"
            R"(options='-c TimeZone=UTC -c client_min_messages=warning')");

  c.database.password.clear();
  EXPECT_EQ(c.postgres_connection_string().find("password="), std::string::npos);
}

TEST(ParseDotenv, ReadsPlainQuotedAndCommentedValues) {
  const auto parsed = parse_dotenv(
      "\xEF\xBB\xBF# leading comment\n"
      "\n"
      "PLAIN=value\n"
      "  SPACED  =  padded value   \n"
      "export EXPORTED=yes\n"
      "INLINE=abc # a comment\n"
      "HASH=pa#ss\n"
      "EMPTY=\n"
      "DQ=\"a b # not a comment\"\n"
      "ESC=\"line1\\nline2 \\\"q\\\" back\\\\slash tab\\t \\d\"\n"
      "SQ='raw \\n \"kept\"' # comment after quotes\n"
      "CRLF=windows\r\n"
      "URL=postgres://u:p@h/db?x=1\n"
      "DUP=first\n"
      "DUP=second\n"
      "   # indented comment\n"
      "LAST=no newline at end");
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  const Env expected = {
      {"PLAIN", "value"},
      {"SPACED", "padded value"},
      {"EXPORTED", "yes"},
      {"INLINE", "abc"},
      {"HASH", "pa#ss"},
      {"EMPTY", ""},
      {"DQ", "a b # not a comment"},
      {"ESC", "line1\nline2 \"q\" back\\slash tab\t \\d"},
      {"SQ", "raw \\n \"kept\""},
      {"CRLF", "windows"},
      {"URL", "postgres://u:p@h/db?x=1"},
      {"DUP", "second"},
      {"LAST", "no newline at end"},
  };
  EXPECT_EQ(*parsed, expected);
}

TEST(ParseDotenv, EmptyInputIsEmpty) {
  const auto parsed = parse_dotenv("");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->empty());
}

TEST(ParseDotenv, MalformedLinesReportTheirLineNumber) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"A=1\nNOEQUALS\n", "line 2: expected '=' after NOEQUALS"},
      {"A=1\nB=2\n1BAD=3\n", "line 3: expected KEY=VALUE"},
      {"=value\n", "line 1: expected KEY=VALUE"},
      {"A=\"unterminated\n", "line 1: unterminated double-quoted value for A"},
      {"\n\nB='open\n", "line 3: unterminated single-quoted value for B"},
      {"C=\"ok\" trailing\n", "line 1: unexpected text after the closing quote of C"},
      {"D=\"escaped quote at end\\\"\n", "line 1: unterminated double-quoted value for D"},
      {"export\n", "line 1: expected '=' after export"},
  };
  for (const auto& [text, message] : cases) {
    const auto parsed = parse_dotenv(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().rfind(message, 0), 0u) << parsed.error();
  }
}

TEST(ParseDotenv, ErrorsDoNotEchoValues) {
  const auto parsed = parse_dotenv("JWT_SECRET=\"XYZZY-secret\n");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().find("XYZZY"), std::string::npos) << parsed.error();
}

TEST(ParseDuration, AcceptsGoStyleDurations) {
  EXPECT_EQ(parse_duration("15m"), seconds(900));
  EXPECT_EQ(parse_duration("168h"), seconds(168 * 3600));
  EXPECT_EQ(parse_duration("30s"), seconds(30));
  EXPECT_EQ(parse_duration("1h30m"), seconds(5400));
  EXPECT_EQ(parse_duration("1h30m15s"), seconds(5415));
  EXPECT_EQ(parse_duration("90m"), seconds(5400));
  EXPECT_EQ(parse_duration("900"), seconds(900));
  EXPECT_EQ(parse_duration("0"), seconds(0));
  EXPECT_EQ(parse_duration("0s"), seconds(0));
}

TEST(ParseDuration, RejectsMalformedDurations) {
  for (const char* bad : {"", "m", "15x", "1h30", "1.5h", "-5m", "+5m", " 5m", "5m ", "5 m", "1ms",
                          "7d", "15M", "h1", "999999999999999h", "9999999999999", "1000000h"}) {
    EXPECT_EQ(parse_duration(bad), std::nullopt) << '"' << bad << '"';
  }
}

class GatherEnvironment : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("janji_config_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    ::unsetenv("JANJI_CONFIG_TEST_OVERRIDE");
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path write(const std::string& text) {
    const auto path = dir_ / ".env";
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(GatherEnvironment, ProcessEnvironmentWinsOverTheFile) {
  ASSERT_EQ(::setenv("JANJI_CONFIG_TEST_OVERRIDE", "from-process", 1), 0);
  const auto path = write(
      "JANJI_CONFIG_TEST_OVERRIDE=from-file\n"
      "JANJI_CONFIG_TEST_FILE_ONLY=file\n");
  const auto env = gather_environment(path);
  ASSERT_TRUE(env.has_value()) << env.error();
  EXPECT_EQ(env->at("JANJI_CONFIG_TEST_OVERRIDE"), "from-process");
  EXPECT_EQ(env->at("JANJI_CONFIG_TEST_FILE_ONLY"), "file");
}

TEST_F(GatherEnvironment, MissingFileMeansProcessEnvironmentOnly) {
  ASSERT_EQ(::setenv("JANJI_CONFIG_TEST_OVERRIDE", "x", 1), 0);
  const auto env = gather_environment(dir_ / "does-not-exist.env");
  ASSERT_TRUE(env.has_value()) << env.error();
  EXPECT_EQ(env->at("JANJI_CONFIG_TEST_OVERRIDE"), "x");
}

TEST_F(GatherEnvironment, MalformedFileNamesThePathAndLine) {
  const auto path = write("A=1\nbroken line\n");
  const auto env = gather_environment(path);
  ASSERT_FALSE(env.has_value());
  EXPECT_NE(env.error().find(path.string()), std::string::npos) << env.error();
  EXPECT_NE(env.error().find("line 2"), std::string::npos) << env.error();
}

TEST_F(GatherEnvironment, ADirectoryIsNotADotenvFile) {
  const auto env = gather_environment(dir_);
  ASSERT_FALSE(env.has_value());
  EXPECT_NE(env.error().find("not a regular file"), std::string::npos) << env.error();
}

}  // namespace
}  // namespace janji::config
