#pragma once

#include <map>
#include <string>

#include "core/common/result.hpp"

namespace janji::notifications {

struct MailMessage {
  std::string to_email;
  std::string to_name;
  std::string subject;
  std::string text_body;
  std::string html_body;
};

// Port: delivers one message (log driver today; SMTP/SendGrid later).
class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual common::Status send(const MailMessage& message) = 0;
};

struct RenderedMail {
  std::string subject;
  std::string text_body;
  std::string html_body;
};

// Port: turns a template name ("verify_email", "password_reset", ...), a locale ("id", "en")
// and string variables into a message. Unknown locales fall back to the default.
class MailTemplates {
 public:
  virtual ~MailTemplates() = default;
  virtual common::Result<RenderedMail> render(
      const std::string& template_name, const std::string& locale,
      const std::map<std::string, std::string>& vars) const = 0;
};

}  // namespace janji::notifications
