#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "app/application.hpp"
#include "config/config.hpp"
#include "support/http_client.hpp"

namespace janji::testing {

// Which backends this run uses: SQLite + in-process cache by default; PostgreSQL and Redis
// when the environment carries DB_DRIVER=postgres / REDIS_HOST (scripts/test.sh sets them).
bool using_postgres();
bool using_redis();

// Test configuration: the process environment (DB_*, REDIS_*) plus fast, deterministic
// settings; `overrides` win.
config::Config test_config(const std::map<std::string, std::string>& overrides = {});

// A temporary directory shared by this test process (SQLite file, outbox).
const std::filesystem::path& scratch_dir();

// The real application listening on 127.0.0.1 with an ephemeral port.
class TestApp {
 public:
  explicit TestApp(const std::map<std::string, std::string>& overrides = {});
  ~TestApp();
  HttpClient client() const;
  app::Application& app() { return *app_; }
  const config::Config& config() const { return config_; }

 private:
  config::Config config_;
  std::unique_ptr<app::Application> app_;
};

// A unique e-mail address for one test.
std::string unique_email(const std::string& tag);

// The newest .eml in the outbox addressed to `email` whose decoded text contains
// `must_contain`, quoted-printable decoded; "" when none.
std::string latest_mail_to(const std::filesystem::path& outbox, const std::string& email,
                           const std::string& must_contain);

// Pulls the token that follows `marker` (e.g. "verify-email/" or "token=") out of a mail.
std::string token_after(const std::string& mail, const std::string& marker);

}  // namespace janji::testing
