#include "support/child_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace janji::testing {

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::atomic<int> serial{0};

}  // namespace

ChildProcess::ChildProcess(const std::string& binary, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           const std::filesystem::path& dir, const std::filesystem::path& input) {
  const int n = ++serial;
  out_path_ = dir / ("stdout-" + std::to_string(n) + ".txt");
  err_path_ = dir / ("stderr-" + std::to_string(n) + ".txt");
  // Everything the child needs is prepared before fork: between fork and execve only
  // async-signal-safe calls are allowed (the test process has other threads).
  std::vector<std::string> argv_store{binary};
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

  const int in_fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
  const int out_fd = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) {
    for (int fd : {in_fd, out_fd, err_fd}) {
      if (fd >= 0) ::close(fd);
    }
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

ChildProcess::~ChildProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

bool ChildProcess::poll() {
  if (!running()) return true;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
  return !running();
}

bool ChildProcess::wait(std::chrono::steady_clock::duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!poll()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return true;
}

void ChildProcess::signal(int sig) const {
  if (status_) return;
  ::kill(pid_, sig);
}

int ChildProcess::exit_code() const {
  if (!status_) return -1;
  if (WIFEXITED(*status_)) return WEXITSTATUS(*status_);
  if (WIFSIGNALED(*status_)) return 128 + WTERMSIG(*status_);
  return -1;
}

std::string ChildProcess::out() const { return read_text(out_path_); }

std::string ChildProcess::err() const { return read_text(err_path_); }

std::uint16_t free_loopback_port() {
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

std::map<std::string, std::string> minimal_child_env() {
  std::map<std::string, std::string> env;
  const char* path = std::getenv("PATH");
  env["PATH"] = path ? path : "/usr/local/bin:/usr/bin:/bin";
  const char* home = std::getenv("HOME");
  env["HOME"] = home ? home : "/tmp";
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* v = std::getenv(name)) env[name] = v;
  }
  return env;
}

std::map<std::string, std::string> child_env_with_services() {
  auto env = minimal_child_env();
  for (const char* name :
       {"DB_DRIVER", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "DB_SSL_MODE",
        "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_DB"}) {
    if (const char* v = std::getenv(name)) env[name] = v;
  }
  return env;
}

std::optional<ServeProcess> start_serve(const std::string& binary,
                                        std::map<std::string, std::string> env,
                                        const std::filesystem::path& dir,
                                        std::chrono::steady_clock::duration timeout,
                                        std::string& failure,
                                        const std::vector<std::string>& launcher) {
  std::string program = binary;
  std::vector<std::string> args{"serve"};
  if (!launcher.empty()) {
    program = launcher.front();
    args.assign(launcher.begin() + 1, launcher.end());
    args.push_back(binary);
    args.push_back("serve");
  }
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto port = std::to_string(free_loopback_port());
    env["PORT"] = port;
    ServeProcess server{std::make_unique<ChildProcess>(program, args, env, dir),
                        HttpClient("http://127.0.0.1:" + port)};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline && !server.child->poll()) {
      try {
        if (server.client.get("/health").status == 200) return server;
      } catch (const std::exception&) {
        // not listening yet
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    failure = "serve did not become healthy (exit " + std::to_string(server.child->exit_code()) +
              ")\n--- stderr ---\n" + server.child->err();
    if (server.child->running()) return std::nullopt;  // hung, not a port clash
  }
  return std::nullopt;
}

}  // namespace janji::testing
