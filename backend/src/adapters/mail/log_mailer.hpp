#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/notifications/mail.hpp"

namespace janji::mail {

// Development mail driver: each message becomes one RFC 5322 .eml file in an outbox folder
// (open it in any mail client) and one log line without the body, which carries tokens.
class LogMailer final : public notifications::Mailer {
 public:
  // Throws std::invalid_argument at start-up if the sender address or name is unusable.
  LogMailer(std::filesystem::path outbox_dir, std::string from_email, std::string from_name);

  // Thread-safe; writes nothing and returns InvalidArgument on header injection attempts.
  common::Result<notifications::SentMail> send(const notifications::MailMessage& message) override;

 private:
  std::filesystem::path outbox_dir_;
  std::string from_email_;
  std::string from_name_;
  std::string message_id_domain_;
};

// Exposed for tests: RFC 2045 quoted-printable with CRLF hard line breaks.
std::string encode_quoted_printable(std::string_view text);

}  // namespace janji::mail
