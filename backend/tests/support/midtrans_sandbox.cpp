#include "support/midtrans_sandbox.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>
#include <system_error>

#include "support/http_client.hpp"

#ifndef JANJI_SANDBOX_DIR
#error "JANJI_SANDBOX_DIR (scripts/sandbox) must be defined by the build"
#endif

namespace janji::testing {
namespace {

constexpr const char* kPython = "/usr/bin/python3";
constexpr auto kStartTimeout = std::chrono::seconds(15);
constexpr auto kStopTimeout = std::chrono::seconds(5);

std::filesystem::path make_work_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "janji-midtrans-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("midtrans sandbox: cannot create a temporary directory");
  }
  return pattern;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// --- MidtransStandIn ---

MidtransStandIn::MidtransStandIn() : MidtransStandIn(Options{}) {}

MidtransStandIn::MidtransStandIn(Options options) : options_(std::move(options)) {
  work_dir_ = make_work_dir();
  std::vector<std::string> argv{std::string(JANJI_SANDBOX_DIR) + "/midtrans_standin.py", "--port",
                                "0", "--server-key", options_.server_key};
  if (!options_.notify_url.empty()) {
    argv.push_back("--notify-url");
    argv.push_back(options_.notify_url);
  }
  child_ = std::make_unique<ChildProcess>(kPython, argv, minimal_child_env(), work_dir_);
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = child_->out();
    const std::size_t ready = out.find("ready ");
    if (ready != std::string::npos && out.find('\n', ready) != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::stoul(out.substr(ready + 6)));
      return;
    }
    if (child_->poll()) {
      const std::string err = child_->err();
      std::error_code ignored;
      std::filesystem::remove_all(work_dir_, ignored);
      throw std::runtime_error("midtrans_standin.py exited with " +
                               std::to_string(child_->exit_code()) + ": " + err);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("midtrans_standin.py did not print 'ready <port>' in time");
}

MidtransStandIn::~MidtransStandIn() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(work_dir_, ignored);
}

void MidtransStandIn::stop() {
  if (!child_ || !child_->running()) return;
  child_->signal(SIGTERM);
  if (!child_->wait(kStopTimeout)) {
    child_->signal(SIGKILL);
    child_->wait(kStopTimeout);
  }
}

std::string MidtransStandIn::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

nlohmann::json MidtransStandIn::control(const std::string& path, const nlohmann::json& body) const {
  const HttpResult result = HttpClient(base_url()).post(path, body);
  if (result.status != 200) {
    throw std::runtime_error("midtrans stand-in " + path + " answered " +
                             std::to_string(result.status) + ": " + result.body);
  }
  return result.json;
}

nlohmann::json MidtransStandIn::set_status(const std::string& order_id,
                                           const std::string& transaction_status,
                                           std::optional<std::string> fraud_status,
                                           nlohmann::json extra) const {
  extra["transaction_status"] = transaction_status;
  if (fraud_status) extra["fraud_status"] = *fraud_status;
  return control("/_test/orders/" + order_id + "/status", extra);
}

nlohmann::json MidtransStandIn::notify_again(const std::string& order_id,
                                             nlohmann::json extra) const {
  return control("/_test/orders/" + order_id + "/notify", extra);
}

nlohmann::json MidtransStandIn::orders() const {
  return HttpClient(base_url()).get("/_test/orders").json;
}

nlohmann::json MidtransStandIn::notifications() const {
  return HttpClient(base_url()).get("/_test/notifications").json;
}

void MidtransStandIn::fail_next(int status, int count) const {
  control("/_test/fail", {{"status", status}, {"count", count}});
}

void MidtransStandIn::errors_in_200(bool on) const {
  control("/_test/quirks", {{"errors_in_200", on}});
}

// --- NotificationCatcher ---

NotificationCatcher::NotificationCatcher(int answer_status) : answer_status_(answer_status) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int error = errno;
    ::close(listen_fd_);
    throw std::system_error(error, std::generic_category(), "notification catcher");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

NotificationCatcher::~NotificationCatcher() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
}

std::string NotificationCatcher::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<CaughtRequest> NotificationCatcher::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool NotificationCatcher::wait_for(std::size_t count,
                                   std::chrono::steady_clock::duration timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (requests_.size() >= count) return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void NotificationCatcher::serve() {
  while (!stopping_) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

// One request per connection: headers, then Content-Length bytes of body.
void NotificationCatcher::handle(int fd) {
  std::string data;
  std::size_t header_end = std::string::npos;
  std::size_t content_length = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) break;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    data.append(buffer, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      const std::string head = lower(data.substr(0, header_end));
      const std::size_t cl = head.find("\r\ncontent-length:");
      if (cl != std::string::npos) content_length = std::stoul(head.substr(cl + 17));
    }
  }
  if (header_end == std::string::npos) return;
  CaughtRequest request;
  const std::string head = data.substr(0, header_end);
  std::size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const std::size_t sp1 = request_line.find(' ');
  const std::size_t sp2 = request_line.find(' ', sp1 + 1);
  request.method = request_line.substr(0, sp1);
  request.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  while (line_end != std::string::npos && line_end < head.size()) {
    const std::size_t next = head.find("\r\n", line_end + 2);
    const std::string line =
        head.substr(line_end + 2, (next == std::string::npos ? head.size() : next) - line_end - 2);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      request.headers[lower(line.substr(0, colon))] = line.substr(v);
    }
    line_end = next;
  }
  request.body = data.substr(header_end + 4, content_length);
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
  }
  const std::string answer = "HTTP/1.1 " + std::to_string(answer_status_) +
                             " Answer\r\nContent-Type: application/json\r\n"
                             "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
  std::size_t sent = 0;
  while (sent < answer.size()) {
    const ssize_t n = ::send(fd, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
}

}  // namespace janji::testing
