#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "adapters/mail/curl_pool.hpp"
#include "adapters/mail/mime_message.hpp"
#include "core/notifications/mail.hpp"

namespace janji::mail {

struct SendGridOptions {
  std::string api_key;                                // never logged nor returned
  std::string base_url = "https://api.sendgrid.com";  // no trailing slash
  std::string from_email;
  std::string from_name;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_connections = 4;  // keep-alive connections re-used between messages
};

// SendGrid v3 Mail Send (CONTRACTS.md section 2) over libcurl. 202 -> SentMail with the
// X-Message-Id; 429, 5xx and transport errors -> kUnavailable; any other status ->
// kInvalidArgument with SendGrid's errors[0].message (permanent).
class SendGridMailer final : public notifications::Mailer {
 public:
  // Throws std::invalid_argument when the key, URL or sender are unusable.
  explicit SendGridMailer(SendGridOptions options);
  SendGridMailer(const SendGridMailer&) = delete;
  SendGridMailer& operator=(const SendGridMailer&) = delete;

  common::Result<notifications::SentMail> send(const notifications::MailMessage& message) override;

 private:
  void setup(CURL* curl) const;

  SendGridOptions options_;
  MailSender sender_;
  std::string url_;
  // Authorization etc., shared read-only by the handles; declared before pool_, which is
  // therefore destroyed (handles cleaned up) first.
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers_{nullptr, curl_slist_free_all};
  CurlPool pool_;
};

}  // namespace janji::mail
