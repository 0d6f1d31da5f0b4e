#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/common/result.hpp"
#include "core/notifications/mail.hpp"

// RFC 5322 / MIME message building shared by the mail drivers that send whole messages (log,
// SMTP), and the checks that keep header injection out of every driver.

namespace janji::mail {

// The sender of every message a driver sends.
struct MailSender {
  std::string email;
  std::string name;
};

// Throws std::invalid_argument (at start-up) when the address or name is unusable.
void check_sender(const MailSender& sender, std::string_view driver);

// A bare address: an '@', no whitespace, controls or characters that would end an angle-addr
// or add another recipient.
bool valid_address(std::string_view addr);
bool has_line_break(std::string_view s);

// The message's recipient, names, subject, Message-ID and calendar are safe to put in headers
// (no line breaks, one plain address, a calendar METHOD that is a token and matches the .ics);
// InvalidArgument otherwise, which drivers return as a permanent failure.
common::Status check_message(const notifications::MailMessage& message);

// The Message-ID without angle brackets: message.message_id, or a random one at `domain`.
std::string message_id_of(const notifications::MailMessage& message, std::string_view domain);

// The domain of a sender address, for generated Message-IDs ("janji.local" when absent).
std::string message_id_domain(std::string_view from_email);

struct BuiltMessage {
  std::string message_id;  // without angle brackets
  std::string data;        // the whole message, CRLF line ends
};

// Builds the message (call check_message first). Without a calendar:
// multipart/alternative { text/plain, text/html }. With one, the layout Gmail and Outlook show
// as an invitation: multipart/mixed { multipart/alternative { text/plain, text/html,
// text/calendar; method=M }, invite.ics (application/ics, attachment) }.
// Text parts are quoted-printable, calendar parts base64 (the exact bytes of the .ics).
BuiltMessage build_mime_message(const notifications::MailMessage& message, const MailSender& sender,
                                std::chrono::system_clock::time_point now);

// RFC 2045 quoted-printable with CRLF hard line breaks.
std::string encode_quoted_printable(std::string_view text);
// RFC 4648 base64 on one line; base64_lines breaks it into 76-character CRLF lines (MIME).
std::string encode_base64(std::string_view in);
std::string encode_base64_lines(std::string_view in);
// RFC 5322 date ("Mon, 07 Dec 2026 12:00:00 +0000"), independent of the process locale.
std::string rfc5322_date(std::chrono::system_clock::time_point when);
// `bytes` random bytes as lower-case hex, for boundaries, names and Message-IDs.
std::string random_hex(std::size_t bytes);

}  // namespace janji::mail
