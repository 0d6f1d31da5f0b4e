#include "adapters/mail/mime_message.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace janji::mail {
namespace {

using notifications::MailCalendar;
using notifications::MailMessage;

const std::string kIcs =
    "BEGIN:VCALENDAR\r\nPRODID:-//Janji//Booking//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:booking-42@janji.test\r\nSEQUENCE:0\r\nSUMMARY:Konsultasi Gigi \xE2\x80"
    "\x93 Klinik Sehat\r\nLOCATION:Jl. Sudirman No. 12\\, Jakarta\r\nATTENDEE;CN=Budi Santoso;"
    "ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FA\r\n LSE:mailto:budi@example.com\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";

const MailSender kSender{"noreply@janji.test", "Janji"};

MailMessage sample(bool with_calendar) {
  MailMessage m;
  m.to_email = "budi@example.com";
  m.to_name = "Budi Santoso";
  m.subject = "Booking confirmed";
  m.text_body = "Halo Budi,\nbooking Anda dikonfirmasi.\n";
  m.html_body = "<p>Halo Budi,</p>\n";
  m.message_id = "notification-42@janji.test";
  if (with_calendar) m.calendar = MailCalendar{"REQUEST", kIcs};
  return m;
}

std::string decode_base64(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '\r' || c == '\n') continue;
    if (c == '=') break;
    const auto v = kAlphabet.find(c);
    EXPECT_NE(v, std::string::npos) << c;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// A MIME entity: unfolded headers by name, and its sub-parts when multipart.
struct Entity {
  std::map<std::string, std::string> headers;
  std::string body;
  std::vector<Entity> parts;
};

Entity parse(const std::string& text) {
  Entity e;
  const auto split = text.find("\r\n\r\n");
  EXPECT_NE(split, std::string::npos) << text;
  std::string head = text.substr(0, split);
  head = std::regex_replace(head, std::regex("\r\n[ \t]"), " ");
  std::istringstream lines(head);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(": ");
    if (colon != std::string::npos) e.headers[line.substr(0, colon)] = line.substr(colon + 2);
  }
  e.body = text.substr(split + 4);
  std::smatch m;
  const std::string type = e.headers["Content-Type"];
  if (std::regex_search(type, m, std::regex(R"(boundary="([^"]+)\")"))) {
    const std::string delimiter = "\r\n--" + m[1].str();
    const std::string body = "\r\n" + e.body;
    std::size_t pos = body.find(delimiter);
    while (pos != std::string::npos) {
      const std::size_t after = pos + delimiter.size();
      if (body.compare(after, 2, "--") == 0) break;
      const std::size_t start = after + 2;
      const std::size_t next = body.find(delimiter, start);
      EXPECT_NE(next, std::string::npos) << "unterminated multipart";
      if (next == std::string::npos) break;
      e.parts.push_back(parse(body.substr(start, next - start)));
      pos = next;
    }
  }
  return e;
}

TEST(MimeMessage, WithoutCalendarIsAlternativeOfTextAndHtml) {
  const auto built = build_mime_message(sample(false), kSender, std::chrono::system_clock::now());
  EXPECT_EQ(built.message_id, "notification-42@janji.test");
  const Entity e = parse(built.data);
  EXPECT_EQ(e.headers.at("Message-ID"), "<notification-42@janji.test>");
  EXPECT_EQ(e.headers.at("From"), "\"Janji\" <noreply@janji.test>");
  EXPECT_EQ(e.headers.at("To"), "\"Budi Santoso\" <budi@example.com>");
  EXPECT_EQ(e.headers.at("MIME-Version"), "1.0");
  EXPECT_EQ(e.headers.at("Content-Type").rfind("multipart/alternative;", 0), 0u);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(e.parts[1].headers.at("Content-Type"), "text/html; charset=UTF-8");
  EXPECT_EQ(built.data.find("text/calendar"), std::string::npos);
}

TEST(MimeMessage, CalendarMakesMixedWithInvitationAndInviteIcs) {
  const auto built = build_mime_message(sample(true), kSender, std::chrono::system_clock::now());
  const Entity e = parse(built.data);
  EXPECT_EQ(e.headers.at("Message-ID"), "<notification-42@janji.test>");
  EXPECT_EQ(e.headers.at("Content-Type").rfind("multipart/mixed;", 0), 0u);
  ASSERT_EQ(e.parts.size(), 2u);

  const Entity& alternative = e.parts[0];
  EXPECT_EQ(alternative.headers.at("Content-Type").rfind("multipart/alternative;", 0), 0u);
  ASSERT_EQ(alternative.parts.size(), 3u);
  EXPECT_EQ(alternative.parts[0].headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(alternative.parts[1].headers.at("Content-Type"), "text/html; charset=UTF-8");
  const Entity& calendar = alternative.parts[2];
  EXPECT_EQ(calendar.headers.at("Content-Type"), "text/calendar; charset=UTF-8; method=REQUEST");
  EXPECT_EQ(calendar.headers.at("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(decode_base64(calendar.body), kIcs);

  const Entity& attachment = e.parts[1];
  EXPECT_EQ(attachment.headers.at("Content-Type"), "application/ics; name=\"invite.ics\"");
  EXPECT_EQ(attachment.headers.at("Content-Disposition"), "attachment; filename=\"invite.ics\"");
  EXPECT_EQ(attachment.headers.at("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(decode_base64(attachment.body), kIcs);
}

TEST(MimeMessage, CancelMethodIsCarriedToTheMimeParameter) {
  auto message = sample(true);
  message.calendar->method = "CANCEL";
  message.calendar->ics = std::regex_replace(kIcs, std::regex("METHOD:REQUEST"), "METHOD:CANCEL");
  ASSERT_TRUE(check_message(message));
  const auto built = build_mime_message(message, kSender, std::chrono::system_clock::now());
  EXPECT_NE(built.data.find("text/calendar; charset=UTF-8; method=CANCEL"), std::string::npos);
}

TEST(MimeMessage, EveryLineIsCrlfAndShort) {
  auto message = sample(true);
  message.text_body = std::string(300, 'x') + "\n" + "\xC3\xA9t\xC3\xA9 " + std::string(200, 'y');
  message.subject =
      "Jadwal dikonfirmasi: Konsultasi Gigi dengan drg. Siti Rahma, Senin 1 Maret "
      "2025 09:00 WIB \xE2\x9C\x93";
  const auto built = build_mime_message(message, kSender, std::chrono::system_clock::now());
  std::size_t pos = 0;
  while (pos < built.data.size()) {
    const auto nl = built.data.find('\n', pos);
    ASSERT_NE(nl, std::string::npos) << "the message ends with CRLF";
    ASSERT_GT(nl, pos) << "bare LF at " << pos;
    EXPECT_EQ(built.data[nl - 1], '\r') << "bare LF at " << nl;
    EXPECT_LE(nl - 1 - pos, 78u) << built.data.substr(pos, nl - pos);
    pos = nl + 1;
  }
}

TEST(MimeMessage, RandomMessageIdUsesTheSenderDomain) {
  auto message = sample(false);
  message.message_id.clear();
  const auto a = build_mime_message(message, kSender, std::chrono::system_clock::now());
  const auto b = build_mime_message(message, kSender, std::chrono::system_clock::now());
  EXPECT_TRUE(std::regex_match(a.message_id, std::regex("[0-9a-f]{32}@janji\\.test")))
      << a.message_id;
  EXPECT_NE(a.message_id, b.message_id);
  EXPECT_NE(a.data.find("Message-ID: <" + a.message_id + ">\r\n"), std::string::npos);
}

TEST(MimeMessage, DateIsRfc5322InUtc) {
  // 2025-03-01T02:00:00Z was a Saturday.
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1740794400));
  EXPECT_EQ(rfc5322_date(when), "Sat, 01 Mar 2025 02:00:00 +0000");
  const auto built = build_mime_message(sample(false), kSender, when);
  EXPECT_EQ(built.data.rfind("Date: Sat, 01 Mar 2025 02:00:00 +0000\r\n", 0), 0u);
}

TEST(MimeMessage, CheckMessageRefusesInjectionAndMismatchedCalendars) {
  EXPECT_TRUE(check_message(sample(true)));
  const auto refused = [](MailMessage m, const std::string& what) {
    SCOPED_TRACE(what);
    const auto result = check_message(m);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, common::ErrorKind::kInvalidArgument);
  };
  auto m = sample(true);
  m.to_email = "budi@example.com\r\nBcc: x@y.z";
  refused(m, "line break in the address");
  m = sample(true);
  m.to_email = "budi@example.com, eve@example.com";
  refused(m, "two recipients");
  m = sample(true);
  m.to_name = "Budi\nBcc: x@y.z";
  refused(m, "line break in the name");
  m = sample(true);
  m.subject = "Hi\r\nBcc: x@y.z";
  refused(m, "line break in the subject");
  m = sample(true);
  m.message_id = "<notification-1@janji.test>";
  refused(m, "angle brackets in the Message-ID");
  m = sample(true);
  m.message_id = "notification-1";
  refused(m, "Message-ID without a domain");
  m = sample(true);
  m.message_id = "a b@janji.test";
  refused(m, "space in the Message-ID");
  m = sample(true);
  m.calendar->method = "CANCEL";
  refused(m, "METHOD differs from the .ics");
  m = sample(true);
  m.calendar->method = "REQUEST\r\nX: y";
  refused(m, "method is not a token");
  m = sample(true);
  m.calendar->method = "";
  refused(m, "empty method");
  m = sample(true);
  m.calendar->ics = "BEGIN:VCALENDAR\r\nX-METHOD:REQUEST\r\nEND:VCALENDAR\r\n";
  refused(m, "METHOD only as part of another property");
}

TEST(MimeMessage, SenderIsCheckedAtStartUp) {
  EXPECT_NO_THROW(check_sender({"noreply@janji.test", "Janji"}, "Test"));
  EXPECT_THROW(check_sender({"not an address", "Janji"}, "Test"), std::invalid_argument);
  EXPECT_THROW(check_sender({"a@b.test", "Janji\r\nBcc: x@y"}, "Test"), std::invalid_argument);
}

TEST(MimeMessage, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(encode_base64(""), "");
  EXPECT_EQ(encode_base64("f"), "Zg==");
  EXPECT_EQ(encode_base64("fo"), "Zm8=");
  EXPECT_EQ(encode_base64("foo"), "Zm9v");
  EXPECT_EQ(encode_base64("foobar"), "Zm9vYmFy");
  const std::string lines = encode_base64_lines(std::string(100, 'a'));
  EXPECT_EQ(lines.find("\r\n"), 76u);
  EXPECT_EQ(decode_base64(lines), std::string(100, 'a'));
}

}  // namespace
}  // namespace janji::mail
