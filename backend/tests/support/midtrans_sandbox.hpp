#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"

// scripts/sandbox/midtrans_standin.py as a child process (a local server following Midtrans'
// Snap / Core API contract, CONTRACTS.md section 1), and a tiny loopback HTTP listener that
// catches the notifications it posts. Each test gets its own servers on free ports.

namespace janji::testing {

class MidtransStandIn {
 public:
  struct Options {
    std::string server_key = "SB-Mid-server-janji-test-key";
    std::string notify_url;  // where set_status() posts notifications; none when empty
  };
  MidtransStandIn();
  explicit MidtransStandIn(Options options);
  ~MidtransStandIn();
  MidtransStandIn(const MidtransStandIn&) = delete;
  MidtransStandIn& operator=(const MidtransStandIn&) = delete;

  std::uint16_t port() const { return port_; }
  const std::string& server_key() const { return options_.server_key; }
  // "http://127.0.0.1:<port>": both the Snap base and the API base.
  std::string base_url() const;

  // Sets the order's transaction_status (and fraud_status) and posts the signed notification
  // to the notify URL (`extra` may carry notify_url, payment_type, gross_amount, status_code,
  // bad_signature; see the script). Returns the stand-in's answer: {"notification": {...},
  // "delivery": {"status", "body"} | {"error"} | null}. Throws when the stand-in refuses.
  nlohmann::json set_status(const std::string& order_id, const std::string& transaction_status,
                            std::optional<std::string> fraud_status = std::nullopt,
                            nlohmann::json extra = nlohmann::json::object()) const;
  // Posts the order's current notification again (Midtrans repeats them).
  nlohmann::json notify_again(const std::string& order_id,
                              nlohmann::json extra = nlohmann::json::object()) const;
  // Every order the stand-in knows: {order_id: {gross_amount, transaction_status, request,
  // refunds, ...}}.
  nlohmann::json orders() const;
  // Every notification it posted, in order: [{"url", "body", "delivery"}].
  nlohmann::json notifications() const;
  // The next `count` Midtrans requests answer `status` (e.g. 500, 503, 429).
  void fail_next(int status, int count = 1) const;
  // Core API errors as HTTP 200 with the error in the body's status_code (CONTRACTS 1.4).
  void errors_in_200(bool on) const;
  // Stops the server now: a client then finds nothing listening.
  void stop();

 private:
  nlohmann::json control(const std::string& path, const nlohmann::json& body) const;

  Options options_;
  std::filesystem::path work_dir_;
  std::unique_ptr<ChildProcess> child_;
  std::uint16_t port_ = 0;
};

// One HTTP request the listener received.
struct CaughtRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
};

// A loopback HTTP/1.1 listener on a free port that records every request and answers each with
// `answer_status` and an empty JSON object (Connection: close). Stops on destruction.
class NotificationCatcher {
 public:
  explicit NotificationCatcher(int answer_status = 200);
  ~NotificationCatcher();
  NotificationCatcher(const NotificationCatcher&) = delete;
  NotificationCatcher& operator=(const NotificationCatcher&) = delete;

  std::string url(const std::string& path = "/payments/callback") const;
  std::vector<CaughtRequest> requests() const;
  bool wait_for(std::size_t count,
                std::chrono::steady_clock::duration timeout = std::chrono::seconds(10)) const;

 private:
  void serve();
  void handle(int fd);

  int answer_status_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<CaughtRequest> requests_;
  std::thread thread_;
};

}  // namespace janji::testing
