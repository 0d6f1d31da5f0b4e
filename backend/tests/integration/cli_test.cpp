// The `janji` command line, run as a real child process: usage, configuration errors, .env,
// migrate / create-admin / seed-demo, graceful shutdown on signals and the JSON log format.
// On SQLite by default; against PostgreSQL + Redis when the environment says so.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using Env = std::map<std::string, std::string>;
using Clock = std::chrono::steady_clock;

constexpr const char* kJwtSecret = "cli-test-jwt-secret-that-is-certainly-long-enough-42";

// A fresh directory for one child: its working directory, data directory and output files.
fs::path fresh_dir(const std::string& tag) {
  static std::atomic<int> counter{0};
  const auto dir = scratch_dir() / ("cli-" + tag + "-" + std::to_string(++counter));
  fs::create_directories(dir);
  return dir;
}

// The variables every child gets: a minimal environment, the database servers of this run
// (PostgreSQL + Redis when the suite runs against them) and fast, quiet-enough settings.
Env base_env(const fs::path& data_dir) {
  Env env = child_env_with_services();
  env["DATA_DIR"] = data_dir.string();
  env["BCRYPT_COST"] = "4";
  env["LOG_LEVEL"] = "info";
  env["JWT_SECRET"] = kJwtSecret;
  env["HOST"] = "127.0.0.1";
  // The Redis run shares one limiter across the suite; failures here must not lock anyone out.
  env["LOGIN_MAX_FAILURES_PER_IP"] = "100000";
  env["REGISTER_MAX_PER_IP"] = "100000";  // every client is 127.0.0.1
  // No web app, whether or not someone built frontend/dist in this tree.
  env["WEB_DIR"] = (data_dir / "no-web-app").string();
  return env;
}

struct RunResult {
  int code = -1;  // -1: timed out (the child was killed)
  std::string out;
  std::string err;
};

// Runs a command that should finish on its own, with `input` as its standard input.
RunResult run(const std::vector<std::string>& args, const Env& env, const fs::path& dir,
              Clock::duration timeout = 20s, const fs::path& input = "/dev/null") {
  ChildProcess child(JANJI_BINARY, args, env, dir, input);
  RunResult result;
  if (child.wait(timeout)) result.code = child.exit_code();
  result.out = child.out();
  result.err = child.err();
  return result;
}

std::string describe(const RunResult& r) {
  return "exit " + std::to_string(r.code) + "\n--- stdout ---\n" + r.out + "\n--- stderr ---\n" +
         r.err;
}

// `janji serve` on a free port that answered GET /health with 200 within 15 s.
std::optional<ServeProcess> start_server(const Env& env, const fs::path& dir,
                                         std::string& failure) {
  return start_serve(JANJI_BINARY, env, dir, 15s, failure);
}

// SIGTERM, then the exit code (-1 when it did not stop within `timeout`).
int stop_server(ServeProcess& server, Clock::duration timeout = 20s) {
  server.child->signal(SIGTERM);
  return server.child->wait(timeout) ? server.child->exit_code() : -1;
}

HttpResult login(const HttpClient& client, const std::string& email, const std::string& password) {
  return client.post("/api/v1/auth/login", {{"email", email}, {"password", password}});
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// 1. Usage, version and argument errors.
TEST(Cli, HelpVersionAndUnknownArguments) {
  const auto dir = fresh_dir("usage");
  const auto env = base_env(dir);

  const auto help = run({"--help"}, env, dir);
  EXPECT_EQ(help.code, 0) << describe(help);
  for (const char* word : {"serve", "migrate", "create-admin", "seed-demo", "--help", "--version",
                           "--email", "--password", "--name"}) {
    EXPECT_TRUE(contains(help.out, word)) << word << "\n" << describe(help);
  }

  const auto version = run({"--version"}, env, dir);
  EXPECT_EQ(version.code, 0) << describe(version);
  EXPECT_TRUE(
      std::regex_match(version.out, std::regex(R"(janji \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\n)")))
      << describe(version);

  const auto bogus = run({"bogus"}, env, dir);
  EXPECT_EQ(bogus.code, 2) << describe(bogus);
  EXPECT_TRUE(contains(bogus.err, "bogus")) << describe(bogus);

  const auto extra = run({"serve", "extra"}, env, dir);
  EXPECT_EQ(extra.code, 2) << describe(extra);
  EXPECT_TRUE(contains(extra.err, "extra")) << describe(extra);
}

// 2. Configuration is validated at start-up; every problem is listed, secrets never echoed.
TEST(Cli, InvalidConfigurationExitsWithCode2AndNamesEveryProblem) {
  const auto dir = fresh_dir("config");

  auto env = base_env(dir);
  env["PORT"] = "abc";
  env["BCRYPT_COST"] = "99";
  const auto both = run({"serve"}, env, dir);
  EXPECT_EQ(both.code, 2) << describe(both);
  EXPECT_TRUE(contains(both.err, "- PORT:")) << describe(both);
  EXPECT_TRUE(contains(both.err, "- BCRYPT_COST:")) << describe(both);

  const auto production_env = [&] {
    auto e = base_env(dir);
    e["ENV"] = "production";
    e["BCRYPT_COST"] = "12";
    return e;
  };
  env = production_env();
  env.erase("JWT_SECRET");
  const auto no_secret = run({"serve"}, env, dir);
  EXPECT_EQ(no_secret.code, 2) << describe(no_secret);
  EXPECT_TRUE(contains(no_secret.err, "JWT_SECRET")) << describe(no_secret);

  env = production_env();
  env["ALLOWED_ORIGINS"] = "*";
  const auto wildcard = run({"serve"}, env, dir);
  EXPECT_EQ(wildcard.code, 2) << describe(wildcard);
  EXPECT_TRUE(contains(wildcard.err, "ALLOWED_ORIGINS")) << describe(wildcard);

  env = production_env();
  env["JWT_SECRET"] = "tooshort-SECRET-x";
  const auto short_secret = run({"serve"}, env, dir);
  EXPECT_EQ(short_secret.code, 2) << describe(short_secret);
  EXPECT_TRUE(contains(short_secret.err, "JWT_SECRET")) << describe(short_secret);
  EXPECT_FALSE(contains(short_secret.out + short_secret.err, "tooshort-SECRET-x"))
      << describe(short_secret);
}

// 3. A .env file in the working directory is read; the process environment wins over it.
TEST(Cli, DotEnvFileIsReadAndProcessEnvironmentWins) {
  const auto dir = fresh_dir("dotenv");
  {
    std::ofstream dotenv(dir / ".env");
    dotenv << "# written by cli_test\nPORT=abc\n";
  }
  auto env = base_env(dir);
  const auto bad = run({"migrate"}, env, dir);
  EXPECT_EQ(bad.code, 2) << describe(bad);
  EXPECT_TRUE(contains(bad.err, "- PORT:")) << describe(bad);
  EXPECT_TRUE(contains(bad.err, "abc")) << describe(bad);

  env["PORT"] = "0";
  const auto overridden = run({"migrate"}, env, dir);
  EXPECT_EQ(overridden.code, 0) << describe(overridden);
}

// 4. migrate creates the SQLite database and can run again.
TEST(Cli, MigrateIsIdempotent) {
  const auto dir = fresh_dir("migrate");
  const auto data_dir = dir / "data";
  const auto env = base_env(data_dir);
  const std::regex applied(R"(\((sqlite|postgres), (\d+) migrations applied\))");

  const auto first = run({"migrate"}, env, dir);
  ASSERT_EQ(first.code, 0) << describe(first);
  EXPECT_TRUE(contains(first.out, "up to date")) << describe(first);
  const auto second = run({"migrate"}, env, dir);
  ASSERT_EQ(second.code, 0) << describe(second);

  if (!using_postgres()) {
    EXPECT_TRUE(fs::exists(data_dir / "janji.db"));
    std::smatch m1;
    std::smatch m2;
    if (std::regex_search(first.err, m1, applied) && std::regex_search(second.err, m2, applied)) {
      EXPECT_GT(std::stoi(m1[2].str()), 0) << first.err;
      EXPECT_EQ(std::stoi(m2[2].str()), 0) << second.err;
    }
  }
}

// 5. create-admin, then log in as that admin through the served API.
TEST(Cli, CreateAdminThenLogInOverHttp) {
  const auto dir = fresh_dir("admin");
  const auto env = base_env(dir);
  const auto email = unique_email("cli-admin");
  const std::string password = "Admin-pass-123";

  const auto created = run(
      {"create-admin", "--email", email, "--password", password, "--name", "Ops Admin"}, env, dir);
  ASSERT_EQ(created.code, 0) << describe(created);
  EXPECT_TRUE(std::regex_search(
      created.out, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")))
      << describe(created);

  const auto weak =
      run({"create-admin", "--email", unique_email("cli-weak"), "--password", "abc"}, env, dir);
  EXPECT_NE(weak.code, 0) << describe(weak);
  EXPECT_TRUE(contains(weak.err, "password")) << describe(weak);
  EXPECT_TRUE(contains(weak.err, "at least 8")) << describe(weak);

  const auto duplicate =
      run({"create-admin", "--email", email, "--password", "Other-pass-456"}, env, dir);
  EXPECT_NE(duplicate.code, 0) << describe(duplicate);
  EXPECT_NE(duplicate.code, -1) << describe(duplicate);

  // Without --password and with nothing on standard input (/dev/null): a usage error.
  const auto missing = run({"create-admin", "--email", unique_email("cli-missing")}, env, dir);
  EXPECT_EQ(missing.code, 2) << describe(missing);
  EXPECT_TRUE(contains(missing.err, "--password")) << describe(missing);
  EXPECT_TRUE(contains(missing.err, "JANJI_ADMIN_PASSWORD")) << describe(missing);
  // --password works, with a warning that it shows in shell history.
  EXPECT_TRUE(contains(created.err, "shell history")) << describe(created);

  // Out of shell history: the first line of standard input...
  const auto stdin_email = unique_email("cli-stdin");
  const std::string stdin_password = "Stdin-pass-123";
  const auto input = dir / "admin-password.txt";
  std::ofstream(input) << stdin_password << "\nnot-this-line\n";
  const auto from_stdin = run({"create-admin", "--email", stdin_email}, env, dir, 20s, input);
  ASSERT_EQ(from_stdin.code, 0) << describe(from_stdin);
  EXPECT_FALSE(contains(from_stdin.out + from_stdin.err, stdin_password)) << describe(from_stdin);
  EXPECT_FALSE(contains(from_stdin.err, "shell history")) << describe(from_stdin);
  // ... or JANJI_ADMIN_PASSWORD, which wins over standard input.
  const auto env_email = unique_email("cli-env");
  const std::string env_password = "Env-pass-456";
  auto with_variable = env;
  with_variable["JANJI_ADMIN_PASSWORD"] = env_password;
  const auto from_env = run({"create-admin", "--email", env_email}, with_variable, dir, 20s, input);
  ASSERT_EQ(from_env.code, 0) << describe(from_env);
  EXPECT_FALSE(contains(from_env.out + from_env.err, env_password)) << describe(from_env);

  std::string failure;
  auto server = start_server(env, dir, failure);
  ASSERT_TRUE(server) << failure;
  const auto r = login(server->client, email, password);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["user"]["role"], "admin") << r.body;
  EXPECT_EQ(r.json["data"]["user"]["is_verified"], true) << r.body;
  for (const auto& [who, secret] :
       {std::pair{stdin_email, stdin_password}, std::pair{env_email, env_password}}) {
    const auto as_admin = login(server->client, who, secret);
    EXPECT_EQ(as_admin.status, 200) << who << " " << as_admin.body;
    EXPECT_EQ(as_admin.json["data"]["user"]["role"], "admin") << as_admin.body;
  }
  EXPECT_EQ(login(server->client, stdin_email, "not-this-line").status, 401);
  EXPECT_EQ(stop_server(*server), 0) << server->child->err();
}

// 5b. Only serve warns about the development JWT_SECRET: the other commands sign no tokens.
// The password prompt turns echo off on a terminal; Ctrl-C there must turn it back on (the
// terminal here is a pseudo-terminal standing in for the user's).
TEST(Cli, CreateAdminPromptRestoresEchoWhenInterrupted) {
  const auto dir = fresh_dir("admin-prompt");
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  const std::string slave_path = ::ptsname(master);
  const int slave = ::open(slave_path.c_str(), O_RDWR | O_NOCTTY);
  ASSERT_GE(slave, 0);
  const auto echo_on = [slave] {
    termios t{};
    return ::tcgetattr(slave, &t) == 0 && (t.c_lflag & ECHO) != 0;
  };
  ASSERT_TRUE(echo_on());

  ChildProcess child(JANJI_BINARY, {"create-admin", "--email", unique_email("cli-prompt")},
                     base_env(dir), dir, slave_path);
  const auto deadline = Clock::now() + 20s;
  while (Clock::now() < deadline && !(contains(child.err(), "Password") && !echo_on())) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(contains(child.err(), "Password")) << child.err();
  EXPECT_FALSE(echo_on()) << "the prompt should read without echo";
  child.signal(SIGINT);
  ASSERT_TRUE(child.wait(20s));
  EXPECT_EQ(child.exit_code(), 128 + SIGINT);
  EXPECT_TRUE(echo_on()) << "echo must be back after Ctrl-C";
  ::close(slave);
  ::close(master);
}

TEST(Cli, OnlyServeWarnsAboutTheDevelopmentJwtSecret) {
  const auto dir = fresh_dir("devsecret");
  auto env = base_env(dir);
  env.erase("JWT_SECRET");
  const auto input = dir / "admin-password.txt";
  std::ofstream(input) << "Admin-pass-123\n";
  const std::vector<std::vector<std::string>> quiet = {
      {"--help"},
      {"--version"},
      {"migrate"},
      {"create-admin", "--email", unique_email("cli-devsecret")},
      {"seed-demo"}};
  for (const auto& args : quiet) {
    const auto r = run(args, env, dir, 60s, input);
    EXPECT_EQ(r.code, 0) << args[0] << "\n" << describe(r);
    EXPECT_FALSE(contains(r.out + r.err, "JWT_SECRET")) << args[0] << "\n" << describe(r);
  }
  std::string failure;
  auto server = start_server(env, dir, failure);
  ASSERT_TRUE(server) << failure;
  EXPECT_EQ(stop_server(*server), 0) << server->child->err();
  EXPECT_TRUE(contains(server->child->err(), "JWT_SECRET is not set")) << server->child->err();
}

// 5c. The database in use is logged at start-up: the absolute SQLite path (a relative DATA_DIR
// resolved against the working directory), or PostgreSQL's host:port/dbname without password.
TEST(Cli, ServeLogsTheDatabaseInUse) {
  const auto dir = fresh_dir("dblog");
  auto env = base_env(dir);
  env["DATA_DIR"] = "./state/../data";
  std::string failure;
  auto server = start_server(env, dir, failure);
  ASSERT_TRUE(server) << failure;
  ASSERT_EQ(stop_server(*server), 0) << server->child->err();
  // The one start-up line that names the database, as a JSON log entry.
  std::string named;
  std::istringstream lines(server->child->err());
  for (std::string line; std::getline(lines, line);) {
    const auto entry = json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("msg", "").rfind("database: ", 0) == 0) {
      named = entry.value("msg", "");
      break;
    }
  }
  if (using_postgres()) {
    const auto value = [&](const char* name, const char* fallback) {
      const auto it = env.find(name);
      return it == env.end() || it->second.empty() ? std::string(fallback) : it->second;
    };
    EXPECT_EQ(named, "database: postgres " + value("DB_HOST", "localhost") + ":" +
                         value("DB_PORT", "5432") + "/" + value("DB_NAME", "booking_system"))
        << server->child->err();
  } else {
    const auto path = fs::canonical(dir) / "data" / "janji.db";
    EXPECT_EQ(named, "database: sqlite " + path.string()) << server->child->err();
    EXPECT_TRUE(fs::exists(path));
  }
}

// 6. seed-demo fills the database once; the demo customer can log in.
TEST(Cli, SeedDemoIsIdempotentAndDemoCustomerCanLogIn) {
  const auto dir = fresh_dir("seed");
  const auto env = base_env(dir);
  const std::regex created(R"((\d+) providers and (\d+) customers created)");

  const auto first = run({"seed-demo"}, env, dir, 60s);
  ASSERT_EQ(first.code, 0) << describe(first);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.out, m, created)) << describe(first);
  if (!using_postgres()) {
    EXPECT_GT(std::stoi(m[1].str()), 0) << describe(first);
    EXPECT_EQ(m[2].str(), "1") << describe(first);
  }

  const auto second = run({"seed-demo"}, env, dir, 60s);
  ASSERT_EQ(second.code, 0) << describe(second);
  ASSERT_TRUE(std::regex_search(second.out, m, created)) << describe(second);
  EXPECT_EQ(m[1].str(), "0") << describe(second);
  EXPECT_EQ(m[2].str(), "0") << describe(second);

  std::string failure;
  auto server = start_server(env, dir, failure);
  ASSERT_TRUE(server) << failure;
  const auto r = login(server->client, "pelanggan@demo.janji.local", "janjidemo123");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["user"]["role"], "customer") << r.body;
  EXPECT_EQ(stop_server(*server), 0) << server->child->err();
}

// 7. SIGTERM lets an in-flight request finish, then the process exits 0; SIGINT too.
TEST(Cli, GracefulShutdownFinishesInFlightRequests) {
  const auto dir = fresh_dir("shutdown");
  auto env = base_env(dir);
  env["BCRYPT_COST"] = "13";  // a login takes long enough to be in flight when the signal lands
  std::string failure;
  auto server = start_server(env, dir, failure);
  ASSERT_TRUE(server) << failure;

  const auto email = unique_email("cli-shutdown");
  const std::string password = "slow-hash-123";
  const auto reg = server->client.post("/api/v1/auth/register", {{"email", email},
                                                                 {"password", password},
                                                                 {"full_name", "Budi Santoso"},
                                                                 {"phone", "+62 812 0000 1111"},
                                                                 {"role", "customer"}});
  ASSERT_EQ(reg.status, 201) << reg.body;

  std::atomic<bool> signalled{false};
  std::atomic<bool> answered_after_signal{false};
  const HttpClient client = server->client;
  auto in_flight = std::async(std::launch::async, [&] {
    auto r = login(client, email, password);
    answered_after_signal = signalled.load();
    return r;
  });
  std::this_thread::sleep_for(100ms);
  signalled = true;
  server->child->signal(SIGTERM);

  ASSERT_EQ(in_flight.wait_for(30s), std::future_status::ready);
  HttpResult r;
  try {
    r = in_flight.get();
  } catch (const std::exception& e) {
    FAIL() << "the in-flight login was dropped: " << e.what() << "\n" << server->child->err();
  }
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["data"]["access_token"].is_string()) << r.body;
  EXPECT_TRUE(r.json["data"]["refresh_token"].is_string()) << r.body;
  EXPECT_TRUE(answered_after_signal) << "the login finished before SIGTERM: nothing was tested";

  ASSERT_TRUE(server->child->wait(20s)) << "still running 20 s after SIGTERM";
  EXPECT_EQ(server->child->exit_code(), 0) << server->child->err();
  const auto log = server->child->err();
  EXPECT_TRUE(contains(log, "SIGTERM")) << log;
  EXPECT_TRUE(contains(log, "finishing in-flight requests")) << log;
  EXPECT_TRUE(contains(log, R"("msg":"stopped")")) << log;

  // SIGINT on an idle server.
  auto idle = start_server(base_env(dir), dir, failure);
  ASSERT_TRUE(idle) << failure;
  idle->child->signal(SIGINT);
  ASSERT_TRUE(idle->child->wait(20s)) << "still running 20 s after SIGINT";
  EXPECT_EQ(idle->child->exit_code(), 0) << idle->child->err();
  EXPECT_TRUE(contains(idle->child->err(), "SIGINT")) << idle->child->err();
}

// 8. stderr is JSON lines; access lines carry the request fields and no secrets.
TEST(Cli, LogsAreJsonLinesWithoutSecrets) {
  const auto dir = fresh_dir("logs");
  const auto env = base_env(dir);
  std::string failure;
  auto server = start_server(env, dir, failure);
  ASSERT_TRUE(server) << failure;

  const std::string password = "hunter2-SECRET-pw1";
  const std::string token = "SECRETTOKEN123";
  EXPECT_EQ(server->client.get("/health").status, 200);
  EXPECT_EQ(server->client.get("/api/v1/no-such-route").status, 404);
  // A web page (here the "not built" one) whose path carries a token.
  EXPECT_EQ(server->client.get("/verify-email/" + token).status, 404);
  EXPECT_EQ(login(server->client, unique_email("cli-logs"), password).status, 401);
  const auto verify = server->client.get("/api/v1/auth/verify-email/" + token);
  EXPECT_GE(verify.status, 400) << verify.body;
  ASSERT_EQ(stop_server(*server), 0) << server->child->err();

  const auto log = server->child->err();
  EXPECT_FALSE(contains(log, password)) << log;
  EXPECT_FALSE(contains(log, token)) << log;

  std::istringstream lines(log);
  std::string line;
  std::vector<json> access;
  int parsed = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const auto entry = json::parse(line, nullptr, false);
    ASSERT_TRUE(!entry.is_discarded() && entry.is_object()) << "not a JSON object: " << line;
    EXPECT_TRUE(entry.contains("ts") && entry["ts"].is_string()) << line;
    EXPECT_TRUE(entry.contains("level") && entry["level"].is_string()) << line;
    EXPECT_TRUE(entry.contains("msg") && entry["msg"].is_string()) << line;
    ++parsed;
    if (entry.value("msg", "") == "request") access.push_back(entry);
  }
  EXPECT_GE(parsed, 3) << log;  // start-up, the requests, shutdown

  for (const auto& entry : access) {
    EXPECT_TRUE(entry.contains("method") && entry["method"].is_string()) << entry.dump();
    EXPECT_TRUE(entry.contains("path") && entry["path"].is_string()) << entry.dump();
    EXPECT_TRUE(entry.contains("status") && entry["status"].is_number_integer()) << entry.dump();
    EXPECT_TRUE(entry.contains("duration_ms") && entry["duration_ms"].is_number()) << entry.dump();
    EXPECT_TRUE(entry.contains("request_id") && entry["request_id"].is_string()) << entry.dump();
  }
  const auto find_path = [&](const std::string& path) -> const json* {
    for (const auto& entry : access) {
      if (entry.value("path", "") == path) return &entry;
    }
    return nullptr;
  };
  const auto* not_found = find_path("/api/v1/no-such-route");
  ASSERT_NE(not_found, nullptr) << log;
  EXPECT_EQ((*not_found)["status"], 404);
  EXPECT_EQ((*not_found)["method"], "GET");
  const auto* failed_login = find_path("/api/v1/auth/login");
  ASSERT_NE(failed_login, nullptr) << log;
  EXPECT_EQ((*failed_login)["status"], 401);
  EXPECT_EQ((*failed_login)["method"], "POST");
  const auto* verify_line = find_path("/api/v1/auth/verify-email/:token");
  ASSERT_NE(verify_line, nullptr) << log;
  EXPECT_EQ((*verify_line)["status"], verify.status);
  EXPECT_NE(find_path("/health"), nullptr) << log;
  EXPECT_NE(find_path("(web app)"), nullptr) << log;
  // Serve said once that there is no web app to serve.
  EXPECT_TRUE(contains(log, "no-web-app is not a directory")) << log;
}

}  // namespace
}  // namespace janji::testing
