#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "adapters/mail/mime_message.hpp"
#include "core/notifications/mail.hpp"

namespace janji::mail {

// Development mail driver: each message becomes one RFC 5322 .eml file in an outbox folder
// (open it in any mail client) and one log line without the body, which carries tokens.
class LogMailer final : public notifications::Mailer {
 public:
  // Throws std::invalid_argument at start-up if the sender address or name is unusable.
  LogMailer(std::filesystem::path outbox_dir, std::string from_email, std::string from_name);

  // Thread-safe; writes nothing and returns InvalidArgument on header injection attempts.
  // Messages are built by build_mime_message (mime_message.hpp), as SmtpMailer sends them.
  common::Result<notifications::SentMail> send(const notifications::MailMessage& message) override;

 private:
  std::filesystem::path outbox_dir_;
  MailSender sender_;
};

}  // namespace janji::mail
