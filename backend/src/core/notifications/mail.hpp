#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.hpp"

namespace janji::notifications {

// An iCalendar object sent with a message: mail clients show it as an invitation
// (text/calendar part whose method matches the object's METHOD) and as an invite.ics file.
struct MailCalendar {
  std::string method;  // "REQUEST" or "CANCEL": the iCalendar METHOD inside `ics`
  std::string ics;     // RFC 5545 text, CRLF line ends
};

struct MailMessage {
  std::string to_email;
  std::string to_name;
  std::string subject;
  std::string text_body;
  std::string html_body;
  // The RFC 5322 Message-ID without angle brackets ("notification-<id>@<domain>"): stable for
  // an outbox row, so a message sent twice after a crash folds into one in mail clients.
  // Empty: the driver makes a random one.
  std::string message_id;
  std::optional<MailCalendar> calendar;
};

// What a driver learned when the message was accepted.
struct SentMail {
  std::string provider_message_id;  // SendGrid's X-Message-Id; empty for SMTP and log
};

// Port: delivers one message. Thread-safe. Errors: kUnavailable means "try again later" (the
// server is down, busy or rate limiting, a 4xx SMTP reply); any other kind is permanent (the
// address or message was refused) and is not retried.
class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual common::Result<SentMail> send(const MailMessage& message) = 0;
};

struct RenderedMail {
  std::string subject;
  std::string text_body;
  std::string html_body;
};

// Port: turns a template name ("verify_email", "booking_confirmed_customer", ...), a locale
// ("id", "en") and string variables into a message. Unknown locales fall back to the default.
class MailTemplates {
 public:
  virtual ~MailTemplates() = default;
  virtual common::Result<RenderedMail> render(
      const std::string& template_name, const std::string& locale,
      const std::map<std::string, std::string>& vars) const = 0;
  // The variables the template would print as "" with these vars (optional values inside
  // their own section never count): a sender refuses such a mail rather than send "Hi ,".
  virtual common::Result<std::vector<std::string>> referenced_empty_variables(
      const std::string& template_name, const std::string& locale,
      const std::map<std::string, std::string>& vars) const = 0;
};

}  // namespace janji::notifications
