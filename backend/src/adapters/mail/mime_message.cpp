#include "adapters/mail/mime_message.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <random>
#include <stdexcept>

namespace janji::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHexDigits = "0123456789ABCDEF";
constexpr std::size_t kQpMaxLine = 76;
constexpr std::size_t kBase64Line = 76;
// 39 bytes -> 52 base64 chars -> a 64-char encoded word: fits a 78-char line after "Subject: ".
constexpr std::size_t kEncodedWordBytes = 39;
constexpr std::size_t kHeaderSoftLimit = 78;
constexpr std::size_t kMaxMessageIdLength = 250;

// Phrases and unstructured text that are not plain printable ASCII go out as RFC 2047 words.
bool needs_encoded_words(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u == 0x7F || (u < 0x20 && c != '\t')) return true;
  }
  return s.find("=?") != std::string_view::npos;
}

// "=?UTF-8?B?...?=" words folded onto continuation lines; chunks never split a UTF-8 sequence.
std::string encoded_words(std::string_view s) {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t len = std::min(kEncodedWordBytes, s.size() - pos);
    if (pos + len < s.size()) {
      // Back off while the next byte is a continuation byte (10xxxxxx).
      while (len > 1 && (static_cast<unsigned char>(s[pos + len]) & 0xC0) == 0x80) --len;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?";
    out += encode_base64(s.substr(pos, len));
    out += "?=";
    pos += len;
  }
  return out;
}

// Folds plain ASCII text at its own spaces so lines stay near 78 characters.
std::string fold_ascii(std::string_view s, std::size_t used) {
  std::string out;
  std::size_t line_len = used;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= s.size()) {
    std::size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view word = s.substr(pos, end - pos);
    if (first) {
      out += word;
      line_len += word.size();
      first = false;
    } else if (line_len + 1 + word.size() > kHeaderSoftLimit && line_len > 1) {
      out += "\r\n ";  // the original space becomes the folding whitespace
      out += word;
      line_len = 1 + word.size();
    } else {
      out += ' ';
      out += word;
      line_len += 1 + word.size();
    }
    pos = end + 1;
  }
  return out;
}

std::string quoted_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string mailbox(std::string_view name, std::string_view addr) {
  if (name.empty()) return std::string(addr);
  const std::string phrase = needs_encoded_words(name) ? encoded_words(name) : quoted_string(name);
  return phrase + " <" + std::string(addr) + ">";
}

std::string unstructured(std::string_view header_name, std::string_view value) {
  const std::size_t used = header_name.size() + 2;
  return needs_encoded_words(value) ? encoded_words(value) : fold_ascii(value, used);
}

void append_qp_token(std::string& out, std::size_t& line_len, std::string_view token,
                     bool last_in_line) {
  // The last token of a hard line may use column 76; others must leave room for the soft '='.
  const std::size_t limit = last_in_line ? kQpMaxLine : kQpMaxLine - 1;
  if (line_len + token.size() > limit) {
    out += "=\r\n";
    line_len = 0;
  }
  out += token;
  line_len += token.size();
}

void append_qp_line(std::string& out, std::string_view line) {
  std::size_t line_len = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto u = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    const bool whitespace = u == ' ' || u == '\t';
    const bool literal = (u >= 33 && u <= 126 && u != '=') || (whitespace && !last);
    char token[3];
    std::size_t token_len = 1;
    if (literal) {
      token[0] = static_cast<char>(u);
    } else {
      token[0] = '=';
      token[1] = kHexDigits[u >> 4];
      token[2] = kHexDigits[u & 0xF];
      token_len = 3;
    }
    // A lone '.' starting a line would end an SMTP DATA section if this file is ever relayed.
    if (literal && u == '.') {
      const std::size_t limit = last ? kQpMaxLine : kQpMaxLine - 1;
      if (line_len == 0 || line_len + 1 > limit) {
        token[0] = '=';
        token[1] = '2';
        token[2] = 'E';
        token_len = 3;
      }
    }
    append_qp_token(out, line_len, std::string_view(token, token_len), last);
  }
}

// An iCalendar METHOD is an iana-token: letters, digits and '-'.
bool valid_method(std::string_view method) {
  if (method.empty() || method.size() > 32) return false;
  return std::all_of(method.begin(), method.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// RFC 5545 8.1 / Outlook: the MIME method parameter must equal the object's METHOD property.
bool ics_has_method(std::string_view ics, std::string_view method) {
  const std::string line = "METHOD:" + std::string(method);
  std::size_t pos = 0;
  while ((pos = ics.find(line, pos)) != std::string_view::npos) {
    const bool line_start = pos == 0 || ics[pos - 1] == '\n';
    const std::size_t after = pos + line.size();
    const bool line_end = after == ics.size() || ics[after] == '\r' || ics[after] == '\n';
    if (line_start && line_end) return true;
    pos = after;
  }
  return false;
}

// id-left "@" id-right with printable ASCII and no brackets or whitespace (RFC 5322 msg-id).
bool valid_message_id(std::string_view id) {
  if (id.size() > kMaxMessageIdLength) return false;
  const std::size_t at = id.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == id.size()) return false;
  if (id.find('@', at + 1) != std::string_view::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != '<' && c != '>' && c != '"' && c != '\\' && c != ',' &&
           c != ';' && c != '(' && c != ')';
  });
}

}  // namespace

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

bool valid_address(std::string_view addr) {
  if (addr.empty() || addr.find('@') == std::string_view::npos) return false;
  for (const char c : addr) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == ',' || c == '"' || c == ';') {
      return false;
    }
  }
  return true;
}

void check_sender(const MailSender& sender, std::string_view driver) {
  if (!valid_address(sender.email)) {
    throw std::invalid_argument(std::string(driver) + ": invalid from address '" + sender.email +
                                "'");
  }
  if (has_line_break(sender.name)) {
    throw std::invalid_argument(std::string(driver) + ": from name contains a line break");
  }
}

common::Status check_message(const notifications::MailMessage& message) {
  if (has_line_break(message.to_email) || has_line_break(message.to_name) ||
      has_line_break(message.subject)) {
    return common::fail(common::Error::invalid("Mail headers must not contain line breaks"));
  }
  if (!valid_address(message.to_email)) {
    return common::fail(common::Error::invalid("Invalid recipient address",
                                               {{"to_email", "must be a single e-mail address"}}));
  }
  if (!message.message_id.empty() && !valid_message_id(message.message_id)) {
    return common::fail(common::Error::invalid(
        "Invalid Message-ID", {{"message_id", "must be id@domain without angle brackets"}}));
  }
  if (message.calendar) {
    if (!valid_method(message.calendar->method)) {
      return common::fail(common::Error::invalid(
          "Invalid calendar method", {{"calendar.method", "must be an iCalendar METHOD"}}));
    }
    if (!ics_has_method(message.calendar->ics, message.calendar->method)) {
      return common::fail(common::Error::invalid(
          "Calendar METHOD differs from the MIME method",
          {{"calendar.ics", "must contain METHOD:" + message.calendar->method}}));
    }
  }
  return {};
}

std::string message_id_domain(std::string_view from_email) {
  const std::size_t at = from_email.rfind('@');
  const std::string_view domain =
      at == std::string_view::npos ? std::string_view() : from_email.substr(at + 1);
  return domain.empty() ? "janji.local" : std::string(domain);
}

std::string message_id_of(const notifications::MailMessage& message, std::string_view domain) {
  if (!message.message_id.empty()) return message.message_id;
  return random_hex(16) + "@" + std::string(domain);
}

std::string random_hex(std::size_t bytes) {
  // random_device is not guaranteed safe to share between threads, hence one per thread.
  thread_local std::random_device device;
  static constexpr std::string_view kLowerHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  std::uniform_int_distribution<unsigned> byte_dist(0, 255);
  for (std::size_t i = 0; i < bytes; ++i) {
    const unsigned b = byte_dist(device);
    out.push_back(kLowerHex[b >> 4]);
    out.push_back(kLowerHex[b & 0xF]);
  }
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  // Formatted by hand: strftime's day and month names follow the process locale.
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string encode_base64(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string encode_base64_lines(std::string_view in) {
  const std::string flat = encode_base64(in);
  std::string out;
  out.reserve(flat.size() + flat.size() / kBase64Line * 2 + 2);
  for (std::size_t pos = 0; pos < flat.size(); pos += kBase64Line) {
    if (pos > 0) out += kCrlf;
    out.append(flat, pos, kBase64Line);
  }
  return out;
}

std::string encode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t pos = 0;
  while (true) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    // CRLF and LF both count as one hard break; a stray CR elsewhere is encoded as =0D.
    if (nl != std::string_view::npos && !line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    append_qp_line(out, line);
    if (nl == std::string_view::npos) break;
    out += kCrlf;
    pos = nl + 1;
  }
  return out;
}

BuiltMessage build_mime_message(const notifications::MailMessage& message, const MailSender& sender,
                                std::chrono::system_clock::time_point now) {
  BuiltMessage built;
  built.message_id = message_id_of(message, message_id_domain(sender.email));

  const std::string text_part = encode_quoted_printable(message.text_body);
  const std::string html_part = encode_quoted_printable(message.html_body);
  const std::string calendar_part =
      message.calendar ? encode_base64_lines(message.calendar->ics) : std::string();
  // "=_" never occurs in quoted-printable or base64 output: boundaries cannot collide.
  const std::string token = random_hex(12);
  const std::string alternative = "=_janji_alt_" + token;
  const std::string mixed = "=_janji_mix_" + token;

  std::string& eml = built.data;
  eml.reserve(text_part.size() + html_part.size() + 2 * calendar_part.size() + 2048);
  auto header = [&eml](std::string_view name, std::string_view value) {
    eml += name;
    eml += ": ";
    eml += value;
    eml += kCrlf;
  };
  auto open_part = [&eml](std::string_view boundary) {
    eml += "\r\n--";
    eml += boundary;
    eml += kCrlf;
  };
  auto close_multipart = [&eml](std::string_view boundary) {
    eml += "\r\n--";
    eml += boundary;
    eml += "--\r\n";
  };
  auto text = [&](std::string_view boundary, std::string_view content_type,
                  const std::string& body) {
    open_part(boundary);
    header("Content-Type", content_type);
    header("Content-Transfer-Encoding", "quoted-printable");
    eml += kCrlf;
    eml += body;
  };

  header("Date", rfc5322_date(now));
  header("From", mailbox(sender.name, sender.email));
  header("To", mailbox(message.to_name, message.to_email));
  header("Subject", unstructured("Subject", message.subject));
  header("Message-ID", "<" + built.message_id + ">");
  header("MIME-Version", "1.0");
  if (message.calendar) {
    header("Content-Type", "multipart/mixed;\r\n boundary=\"" + mixed + "\"");
    eml += kCrlf;
    eml += "This is a multi-part message in MIME format.\r\n";
    open_part(mixed);
  }
  header("Content-Type", "multipart/alternative;\r\n boundary=\"" + alternative + "\"");
  eml += kCrlf;
  if (!message.calendar) eml += "This is a multi-part message in MIME format.\r\n";
  text(alternative, "text/plain; charset=UTF-8", text_part);
  text(alternative, "text/html; charset=UTF-8", html_part);
  if (message.calendar) {
    // Last in the alternative: the richest form, which calendar-aware clients pick.
    open_part(alternative);
    header("Content-Type", "text/calendar; charset=UTF-8; method=" + message.calendar->method);
    header("Content-Transfer-Encoding", "base64");
    eml += kCrlf;
    eml += calendar_part;
    close_multipart(alternative);
    open_part(mixed);
    header("Content-Type", "application/ics; name=\"invite.ics\"");
    header("Content-Disposition", "attachment; filename=\"invite.ics\"");
    header("Content-Transfer-Encoding", "base64");
    eml += kCrlf;
    eml += calendar_part;
    close_multipart(mixed);
  } else {
    close_multipart(alternative);
  }
  return built;
}

}  // namespace janji::mail
