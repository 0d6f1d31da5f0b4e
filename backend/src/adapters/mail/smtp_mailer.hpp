#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/mail/curl_pool.hpp"
#include "adapters/mail/mime_message.hpp"
#include "core/notifications/mail.hpp"

namespace janji::mail {

enum class SmtpSecurity {
  kNone,      // plain SMTP (loopback relays and tests only)
  kStartTls,  // plain connect, then STARTTLS, required (submission port 587)
  kTls,       // implicit TLS from the first byte (port 465)
};

struct SmtpOptions {
  std::string host;
  std::uint16_t port = 587;
  std::string username;  // empty: no AUTH
  std::string password;  // never logged nor returned
  SmtpSecurity security = SmtpSecurity::kStartTls;
  std::string from_email;
  std::string from_name;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{30'000};  // a whole message, connect included
  // Connections (easy handles) kept open and reused; more senders wait for one.
  std::size_t max_connections = 4;
  std::string ca_file;  // extra CA bundle for the server's certificate; empty: the system's
};

// Sends each message as one SMTP transaction with libcurl. A small pool of easy handles keeps
// their connections open, so one connection carries many messages (curl re-uses it while the
// server keeps it; a dead one is replaced). Errors: connect, TLS, time-outs, 4xx replies and
// refused or missing credentials (535, 530) -> kUnavailable (try later); 5xx replies to the sender,
// recipient or data -> kInvalidArgument with the reply code (permanent).
class SmtpMailer final : public notifications::Mailer {
 public:
  // Throws std::invalid_argument when the host, sender or options are unusable.
  explicit SmtpMailer(SmtpOptions options);
  SmtpMailer(const SmtpMailer&) = delete;
  SmtpMailer& operator=(const SmtpMailer&) = delete;

  common::Result<notifications::SentMail> send(const notifications::MailMessage& message) override;

  // Connections opened so far (for tests and metrics: re-use keeps it near max_connections).
  std::size_t connections_opened() const { return connections_opened_.load(); }

 private:
  struct Outcome {
    CURLcode code = CURLE_OK;
    long reply = 0;       // the last SMTP reply code, 0 when none came
    bool reused = false;  // ran on a connection a previous transfer opened
    std::string detail;   // curl's error text (never holds the password)
  };
  void setup(CURL* curl) const;
  Outcome transfer(CURL* curl, const std::string& recipient, const std::string& data);

  SmtpOptions options_;
  MailSender sender_;
  std::string url_;
  std::atomic<std::size_t> connections_opened_{0};
  CurlPool pool_;  // last: its handles point at the strings above
};

}  // namespace janji::mail
