#include "adapters/mail/log_mailer.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

namespace janji::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHexDigits = "0123456789ABCDEF";
constexpr std::size_t kQpMaxLine = 76;
// 39 bytes -> 52 base64 chars -> a 64-char encoded word: fits a 78-char line after "Subject: ".
constexpr std::size_t kEncodedWordBytes = 39;
constexpr std::size_t kHeaderSoftLimit = 78;

// Names and boundaries only need to be unpredictable enough not to collide; random_device is
// not guaranteed safe to share between threads, hence one per thread.
std::string random_hex(std::size_t bytes) {
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

std::tm utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm;
}

// Formatted by hand: strftime's day and month names follow the process locale.
std::string rfc5322_date(const std::tm& tm) {
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

std::string file_stamp(const std::tm& tm) {
  char buf[80];  // sized for any int, which silences -Wformat-truncation
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

// Bare address: no control characters, whitespace or characters that would end the angle-addr
// or add another recipient.
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

// Phrases and unstructured text that are not plain printable ASCII go out as RFC 2047 words.
bool needs_encoded_words(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u == 0x7F || (u < 0x20 && c != '\t')) return true;
  }
  return s.find("=?") != std::string_view::npos;
}

std::string base64(std::string_view in) {
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
    out += base64(s.substr(pos, len));
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

common::Error write_error(const std::filesystem::path& path, std::string_view what) {
  spdlog::error("mail: could not write {}: {}", path.string(), what);
  return common::Error::internal("Could not store outgoing mail");
}

}  // namespace

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

LogMailer::LogMailer(std::filesystem::path outbox_dir, std::string from_email,
                     std::string from_name)
    : outbox_dir_(std::move(outbox_dir)),
      from_email_(std::move(from_email)),
      from_name_(std::move(from_name)) {
  if (!valid_address(from_email_)) {
    throw std::invalid_argument("LogMailer: invalid from address '" + from_email_ + "'");
  }
  if (has_line_break(from_name_)) {
    throw std::invalid_argument("LogMailer: from name contains a line break");
  }
  const std::string domain = from_email_.substr(from_email_.rfind('@') + 1);
  message_id_domain_ = domain.empty() ? "janji.local" : domain;
}

common::Result<notifications::SentMail> LogMailer::send(const notifications::MailMessage& message) {
  if (has_line_break(message.to_email) || has_line_break(message.to_name) ||
      has_line_break(message.subject)) {
    return common::fail(common::Error::invalid("Mail headers must not contain line breaks"));
  }
  if (!valid_address(message.to_email)) {
    return common::fail(common::Error::invalid("Invalid recipient address",
                                               {{"to_email", "must be a single e-mail address"}}));
  }

  const std::string text_part = encode_quoted_printable(message.text_body);
  const std::string html_part = encode_quoted_printable(message.html_body);
  // "=_" can never occur in quoted-printable output; the check is belt and braces.
  std::string boundary;
  do {
    boundary = "=_janji_" + random_hex(16);
  } while (text_part.find(boundary) != std::string::npos ||
           html_part.find(boundary) != std::string::npos);

  const std::tm now = utc_now();
  std::string eml;
  eml.reserve(text_part.size() + html_part.size() + 1024);
  auto header = [&eml](std::string_view name, std::string_view value) {
    eml += name;
    eml += ": ";
    eml += value;
    eml += kCrlf;
  };
  header("Date", rfc5322_date(now));
  header("From", mailbox(from_name_, from_email_));
  header("To", mailbox(message.to_name, message.to_email));
  header("Subject", unstructured("Subject", message.subject));
  header("Message-ID", "<" +
                           (message.message_id.empty() ? random_hex(16) + "@" + message_id_domain_
                                                       : message.message_id) +
                           ">");
  header("MIME-Version", "1.0");
  header("Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
  eml += kCrlf;
  eml += "This is a multi-part message in MIME format.\r\n";
  auto part = [&](std::string_view content_type, const std::string& body) {
    eml += "\r\n--";
    eml += boundary;
    eml += kCrlf;
    header("Content-Type", content_type);
    header("Content-Transfer-Encoding", "quoted-printable");
    eml += kCrlf;
    eml += body;
  };
  part("text/plain; charset=UTF-8", text_part);
  part("text/html; charset=UTF-8", html_part);
  eml += "\r\n--";
  eml += boundary;
  eml += "--\r\n";

  std::error_code ec;
  std::filesystem::create_directories(outbox_dir_, ec);
  if (ec || !std::filesystem::is_directory(outbox_dir_, ec)) {
    return common::fail(write_error(outbox_dir_, ec ? ec.message() : "not a directory"));
  }
  const std::string name = file_stamp(now) + "-" + random_hex(4) + ".eml";
  const std::filesystem::path final_path = outbox_dir_ / name;
  // Dot-prefixed and without the .eml suffix, so outbox readers skip half-written files.
  const std::filesystem::path temp_path = outbox_dir_ / ("." + name + ".tmp");
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (!out)
      return common::fail(
          write_error(temp_path, std::error_code(errno, std::generic_category()).message()));
    out.write(eml.data(), static_cast<std::streamsize>(eml.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temp_path, ec);
      return common::fail(write_error(temp_path, "write failed"));
    }
  }
  std::filesystem::rename(temp_path, final_path, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::filesystem::remove(temp_path, ec);
    return common::fail(write_error(final_path, reason));
  }
  spdlog::info("mail: to={} subject=\"{}\" file={}", message.to_email, message.subject,
               final_path.string());
  return notifications::SentMail{};
}

}  // namespace janji::mail
