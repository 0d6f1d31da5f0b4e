// janji: composition root and command line only.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "adapters/db/database.hpp"
#include "adapters/db/demo_seed.hpp"
#include "app/application.hpp"
#include "app/logging.hpp"
#include "app/open_files.hpp"
#include "config/config.hpp"

namespace {

constexpr const char* kUsage = R"(janji - appointment booking server

Usage:
  janji [serve]                    run the HTTP API (default)
  janji worker                     deliver notifications and sweep payment holds (no
                                   HTTP); any number may run
  janji migrate                    apply database migrations and exit
  janji create-admin --email E [--password P] [--name N]
                                   create an administrator account; without --password
                                   the password is read from JANJI_ADMIN_PASSWORD, else
                                   from the first line of standard input (not echoed on a
                                   terminal), so that it stays out of shell history
  janji seed-demo                  fill the database with demo providers and services
  janji --help | --version

Configuration comes from environment variables and an optional .env file in the working
directory (see README.md and .env.example). With no database settings Janji uses SQLite at
$DATA_DIR/janji.db.
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "janji: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

std::optional<janji::config::Config> load_configuration() {
  auto env = janji::config::gather_environment(".env");
  if (!env) {
    std::fprintf(stderr, "janji: %s\n", env.error().c_str());
    return std::nullopt;
  }
  auto config = janji::config::load_config(*env);
  if (!config) {
    std::fprintf(stderr, "janji: invalid configuration:\n");
    for (const auto& problem : config.error()) std::fprintf(stderr, "  - %s\n", problem.c_str());
    return std::nullopt;
  }
  return *config;
}

// The terminal settings before the password prompt turned echo off, for the signal handler.
termios prompt_saved_terminal{};

// Ctrl-C (or a hang-up) at the prompt must not leave the user's terminal without echo:
// restore it (tcsetattr is async-signal-safe), then die of the signal as before.
extern "C" void restore_terminal_and_reraise(int sig) {
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &prompt_saved_terminal);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// The password of create-admin when --password is absent: JANJI_ADMIN_PASSWORD, else one line
// of standard input, read with echo off when it is a terminal. Empty when there is none.
std::string admin_password_from_environment_or_stdin() {
  if (const char* from_env = std::getenv("JANJI_ADMIN_PASSWORD"); from_env && *from_env) {
    return from_env;
  }
  const bool terminal = ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    std::fputs("Password for the new administrator: ", stderr);
    std::fflush(stderr);
    if (::tcgetattr(STDIN_FILENO, &saved) == 0) {
      prompt_saved_terminal = saved;
      for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
        std::signal(sig, restore_terminal_and_reraise);
      }
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) std::signal(sig, SIG_DFL);
    std::fputs("\n", stderr);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int serve(const janji::config::Config& config) {
  for (const auto& warning : config.serve_warnings) spdlog::warn("{}", warning);
  // Block the signals in every thread we start, then wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Before anything opens a descriptor: the connection cap is computed from the result.
  janji::app::raise_open_files_limit();
  janji::app::Application app(config);
  app.start();
  spdlog::info("janji {} listening on {}:{}", JANJI_VERSION, config.host, app.port());
  if (config.notifications.worker) {
    app.start_notifications();
  } else {
    spdlog::info("notifications: NOTIFICATION_WORKER=false, run `janji worker` to deliver them");
  }
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, finishing in-flight requests",
               received == SIGTERM ? "SIGTERM" : "SIGINT");
  app.shutdown(config.shutdown_timeout);
  spdlog::info("stopped");
  return 0;
}

// Delivers the outbox until SIGTERM or SIGINT: the message in hand is finished, the rest of
// the claimed batch given back for the next worker.
int worker(const janji::config::Config& config) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  janji::app::Application app(config);
  app.start_notifications();
  spdlog::info("janji {} worker delivering notifications", JANJI_VERSION);
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, finishing the message in hand",
               received == SIGTERM ? "SIGTERM" : "SIGINT");
  app.shutdown(config.shutdown_timeout);
  spdlog::info("stopped");
  return 0;
}

int migrate(const janji::config::Config& config) {
  janji::app::Application app(config);  // applies migrations on construction
  std::printf("database is up to date\n");
  return 0;
}

int create_admin(const janji::config::Config& config, const std::vector<std::string>& args) {
  std::string email;
  std::optional<std::string> password;
  std::string name = "Administrator";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if ((a == "--email" || a == "--name") && i + 1 < args.size()) {
      (a == "--email" ? email : name) = args[++i];
    } else if (a == "--password" && i + 1 < args.size()) {
      password = args[++i];
    } else {
      return usage_error("unexpected argument for create-admin: " + a);
    }
  }
  if (email.empty()) return usage_error("create-admin needs --email");
  if (password) {
    spdlog::warn(
        "create-admin: a --password argument is visible in shell history and to ps; prefer "
        "JANJI_ADMIN_PASSWORD or standard input");
  } else {
    password = admin_password_from_environment_or_stdin();
  }
  if (password->empty()) {
    return usage_error(
        "create-admin needs a password: --password P, JANJI_ADMIN_PASSWORD, or one line on "
        "standard input");
  }
  janji::app::Application app(config);
  auto user = app.auth().create_admin(email, *password, name);
  if (!user) {
    std::fprintf(stderr, "janji: cannot create admin: %s\n", user.error().message.c_str());
    for (const auto& [field, problem] : user.error().details) {
      std::fprintf(stderr, "  - %s %s\n", field.c_str(), problem.c_str());
    }
    return 1;
  }
  std::printf("admin %s created (id %s)\n", user->email.c_str(), user->id.c_str());
  return 0;
}

int seed_demo(const janji::config::Config& config) {
  janji::app::Application app(config);
  auto result = janji::db::seed_demo(app.database(), app.auth(), app.crypto());
  if (!result) {
    std::fprintf(stderr, "janji: seeding failed: %s\n", result.error().message.c_str());
    return 1;
  }
  std::printf(
      "demo data: %d providers and %d customers created; every demo account uses the password "
      "'%s' (customer: pelanggan@demo.janji.local)\n",
      result->providers_created, result->customers_created, result->password.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command = args.empty() ? "serve" : args.front();
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("janji %s\n", JANJI_VERSION);
    return 0;
  }
  if (command != "serve" && command != "worker" && command != "migrate" &&
      command != "create-admin" && command != "seed-demo") {
    return usage_error("unknown command '" + command + "'");
  }
  if (command != "create-admin" && args.size() > 1) {
    return usage_error("unexpected argument '" + args[1] + "'");
  }
  const auto config = load_configuration();
  if (!config) return 2;
  janji::app::configure_logging(config->log_level);
  // Warnings about what only the server uses (the development JWT_SECRET...) come from serve().
  for (const auto& warning : config->warnings) spdlog::warn("{}", warning);
  try {
    if (command == "serve") return serve(*config);
    if (command == "worker") return worker(*config);
    if (command == "migrate") return migrate(*config);
    if (command == "create-admin") {
      return create_admin(*config, std::vector<std::string>(args.begin() + 1, args.end()));
    }
    return seed_demo(*config);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    std::fprintf(stderr, "janji: %s\n", e.what());
    return 1;
  }
}
