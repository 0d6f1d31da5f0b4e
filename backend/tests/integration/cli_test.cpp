// The `janji` command line, run as a real child process: usage, configuration errors, .env,
// migrate / create-admin / seed-demo, graceful shutdown on signals and the JSON log format.
// On SQLite by default; against PostgreSQL + Redis when the environment says so.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
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
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

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

std::string read_file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

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
  Env env;
  const char* path = std::getenv("PATH");
  env["PATH"] = path ? path : "/usr/local/bin:/usr/bin:/bin";
  const char* home = std::getenv("HOME");
  env["HOME"] = home ? home : "/tmp";
  // A sanitizer build of the binary must see the same options (e.g. leak suppressions).
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* v = std::getenv(name)) env[name] = v;
  }
  if (using_postgres()) {
    for (const char* name :
         {"DB_DRIVER", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "DB_SSL_MODE",
          "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_DB"}) {
      if (const char* v = std::getenv(name)) env[name] = v;
    }
  }
  env["DATA_DIR"] = data_dir.string();
  env["BCRYPT_COST"] = "4";
  env["LOG_LEVEL"] = "info";
  env["JWT_SECRET"] = kJwtSecret;
  env["HOST"] = "127.0.0.1";
  // The Redis run shares one limiter across the suite; failures here must not lock anyone out.
  env["LOGIN_MAX_ATTEMPTS_PER_IP"] = "100000";
  return env;
}

// One run of the binary. stdout and stderr go to files in `dir`; the child is killed when
// this object goes away while it still runs, so a failing test leaves nothing behind.
class Child {
 public:
  Child(const std::vector<std::string>& args, const Env& env, const fs::path& dir)
      : out_path_(dir / ("stdout-" + std::to_string(++serial_) + ".txt")),
        err_path_(dir / ("stderr-" + std::to_string(serial_) + ".txt")) {
    // Everything the child needs is prepared before fork: between fork and execve only
    // async-signal-safe calls are allowed (the test process has other threads).
    std::vector<std::string> argv_store{JANJI_BINARY};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<std::string> envp_store;
    for (const auto& [k, v] : env) envp_store.push_back(k + "=" + v);
    std::vector<char*> argv;
    for (auto& a : argv_store) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : envp_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string cwd = dir.string();

    const int in_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int out_fd = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err_fd = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) {
      throw std::runtime_error("cannot open the child's standard streams in " + cwd);
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
      // Die with the test process even if it crashes before the destructor runs.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(126);
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
      ::close_range(3, ~0U, 0);
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(in_fd);
    ::close(out_fd);
    ::close(err_fd);
    if (pid < 0) throw std::runtime_error("fork failed");
    pid_ = pid;
  }

  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  ~Child() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  pid_t pid() const { return pid_; }
  bool running() const { return !status_.has_value(); }

  // True once the child has exited (reaped), false while it still runs.
  bool poll() {
    if (!running()) return true;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) status_ = status;
    return !running();
  }

  // Waits up to `timeout` for the child to exit; false on time-out (the child keeps running).
  bool wait(Clock::duration timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!poll()) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  void signal(int sig) const {
    if (status_) return;
    ::kill(pid_, sig);
  }

  // Exit code; -1 while running, 128 + signal when killed by a signal.
  int exit_code() const {
    if (!status_) return -1;
    if (WIFEXITED(*status_)) return WEXITSTATUS(*status_);
    if (WIFSIGNALED(*status_)) return 128 + WTERMSIG(*status_);
    return -1;
  }

  std::string out() const { return read_file_text(out_path_); }
  std::string err() const { return read_file_text(err_path_); }

 private:
  static inline std::atomic<int> serial_{0};
  fs::path out_path_;
  fs::path err_path_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

struct RunResult {
  int code = -1;  // -1: timed out (the child was killed)
  std::string out;
  std::string err;
};

// Runs a command that should finish on its own.
RunResult run(const std::vector<std::string>& args, const Env& env, const fs::path& dir,
              Clock::duration timeout = 20s) {
  Child child(args, env, dir);
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

// A port that was free a moment ago (the child binds it right after).
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// `janji serve` that answered GET /health with 200.
struct Server {
  std::unique_ptr<Child> child;
  HttpClient client{""};
};

// Starts `janji serve` on a free port and waits (at most 15 s) for /health to answer 200.
// Retries with another port when the child exits early (the port was taken meanwhile).
std::optional<Server> start_server(Env env, const fs::path& dir, std::string& failure) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto port = free_port();
    env["PORT"] = std::to_string(port);
    Server server{std::make_unique<Child>(std::vector<std::string>{"serve"}, env, dir),
                  HttpClient("http://127.0.0.1:" + std::to_string(port))};
    const auto deadline = Clock::now() + 15s;
    while (Clock::now() < deadline && !server.child->poll()) {
      try {
        if (server.client.get("/health").status == 200) return server;
      } catch (const std::exception&) {
        // not listening yet
      }
      std::this_thread::sleep_for(50ms);
    }
    failure = "serve did not become healthy (exit " + std::to_string(server.child->exit_code()) +
              ")\n--- stderr ---\n" + server.child->err();
    if (server.child->running()) return std::nullopt;  // hung, not a port clash
  }
  return std::nullopt;
}

// SIGTERM, then the exit code (-1 when it did not stop within `timeout`).
int stop_server(Server& server, Clock::duration timeout = 20s) {
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

  const auto missing = run({"create-admin", "--email", unique_email("cli-missing")}, env, dir);
  EXPECT_EQ(missing.code, 2) << describe(missing);
  EXPECT_TRUE(contains(missing.err, "--password")) << describe(missing);

  std::string failure;
  auto server = start_server(env, dir, failure);
  ASSERT_TRUE(server) << failure;
  const auto r = login(server->client, email, password);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["data"]["user"]["role"], "admin") << r.body;
  EXPECT_EQ(r.json["data"]["user"]["is_verified"], true) << r.body;
  EXPECT_EQ(stop_server(*server), 0) << server->child->err();
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
  EXPECT_EQ(server->client.get("/no-such-route").status, 404);
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
  const auto* not_found = find_path("/no-such-route");
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
}

}  // namespace
}  // namespace janji::testing
