#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/http_client.hpp"

namespace janji::testing {

// A program run as a child process (fork + execve) with exactly `env` as its environment,
// `dir` as its working directory and stdout / stderr in files there. It is killed (SIGKILL)
// and reaped when this object goes away while it still runs, and by the kernel when the test
// process dies first, so a failing test leaves no process behind. Standard input is the file
// `input` (/dev/null by default).
class ChildProcess {
 public:
  ChildProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env, const std::filesystem::path& dir,
               const std::filesystem::path& input = "/dev/null");
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running() const { return !status_.has_value(); }
  // True once the child has exited (reaped), false while it still runs.
  bool poll();
  // Waits up to `timeout` for the child to exit; false on time-out (the child keeps running).
  bool wait(std::chrono::steady_clock::duration timeout);
  void signal(int sig) const;
  // Exit code; -1 while running, 128 + signal when killed by a signal.
  int exit_code() const;
  std::string out() const;
  std::string err() const;

 private:
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// A loopback port that was free a moment ago (a child binds it right after).
std::uint16_t free_loopback_port();

// The least a child needs: PATH, HOME and this run's sanitizer options (leak suppressions...).
std::map<std::string, std::string> minimal_child_env();

// minimal_child_env() plus the database and Redis settings of this run (DB_*, REDIS_*), so a
// child `janji` works on the same PostgreSQL and Redis as the suite (none on the SQLite run).
std::map<std::string, std::string> child_env_with_services();

// `janji serve` that answered GET /health with 200.
struct ServeProcess {
  std::unique_ptr<ChildProcess> child;
  HttpClient client{""};
};

// Runs `binary serve` in `dir` with `env` plus PORT (a free loopback port) and waits up to
// `timeout` for GET /health to answer 200. Retries with another port when the child exits
// early (the port was taken meanwhile). std::nullopt, with the reason in `failure`, otherwise.
// A `launcher` (e.g. {"/usr/bin/prlimit", "--nofile=256:256"}) runs it: launcher... binary serve.
std::optional<ServeProcess> start_serve(const std::string& binary,
                                        std::map<std::string, std::string> env,
                                        const std::filesystem::path& dir,
                                        std::chrono::steady_clock::duration timeout,
                                        std::string& failure,
                                        const std::vector<std::string>& launcher = {});

}  // namespace janji::testing
