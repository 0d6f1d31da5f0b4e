#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/child_process.hpp"

// Local stand-ins for the mail services (scripts/sandbox/*.py) run as child processes, and
// parsers that read back what they received. Every test gets its own server on a free port.

namespace janji::testing {

// One MIME entity: its headers (names lower-case, values unfolded, in order) and, for a leaf,
// its body decoded from quoted-printable or base64; for a multipart, its children.
struct MimePart {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string media_type;                     // "text/plain", lower-case; "text/plain" if absent
  std::map<std::string, std::string> params;  // Content-Type parameters, names lower-case
  std::string body;                           // decoded (leaf) or raw (multipart) content
  std::vector<MimePart> children;

  // The first header of that name (case-insensitive), unfolded; RFC 2047 words left as they are.
  std::optional<std::string> header(std::string_view name) const;
  // Content-Disposition's filename, or Content-Type's name; empty when neither.
  std::string filename() const;
  bool is_attachment() const;
};

// Parses an RFC 5322 / MIME message (CRLF or LF line ends).
MimePart parse_mime(std::string_view raw);

// RFC 2047 encoded words (=?UTF-8?B?...?= / ?Q?) in a header value, decoded; other text kept.
std::string decode_header_words(std::string_view value);

// A message as the SMTP sink stored it.
struct SinkMessage {
  std::filesystem::path file;
  std::string mail_from;             // envelope sender (MAIL FROM)
  std::vector<std::string> rcpt_to;  // envelope recipients (RCPT TO) that were accepted
  std::string raw;                   // the message exactly as received, without the sink's lines
  MimePart mime;                     // parsed `raw`

  // Top-level header, first of that name; decoded_header() also decodes RFC 2047 words.
  std::optional<std::string> header(std::string_view name) const { return mime.header(name); }
  std::optional<std::string> decoded_header(std::string_view name) const;
  // All values of a top-level header (e.g. to check there is exactly one Message-ID).
  std::vector<std::string> headers(std::string_view name) const;
  // The first non-attachment leaf part of that type, decoded; std::nullopt when there is none.
  std::optional<std::string> text() const { return part_body("text/plain"); }
  std::optional<std::string> html() const { return part_body("text/html"); }
  std::optional<std::string> calendar() const { return part_body("text/calendar"); }
  std::optional<std::string> part_body(std::string_view media_type) const;
  // The leaf part itself (for its parameters, e.g. params.at("method")).
  const MimePart* find_part(std::string_view media_type) const;
  // Parts with a filename (Content-Disposition attachment or a name): filename -> decoded bytes.
  std::map<std::string, std::string> attachments() const;
  // Every leaf part, depth first.
  std::vector<const MimePart*> leaves() const;
};

// scripts/sandbox/smtp_sink.py on a free loopback port in a fresh temporary directory. Recipients
// whose local part starts with "reject" get 550, "tempfail" 451. Stopped (SIGTERM) and its
// directory removed on destruction. Throws std::runtime_error when it does not start.
class SmtpSink {
 public:
  enum class Tls {
    kNone,      // plain SMTP
    kStartTls,  // STARTTLS offered
    kImplicit,  // TLS from the first byte (as on port 465)
  };
  struct Options {
    std::optional<std::pair<std::string, std::string>> auth;  // user, password: AUTH required
    // With TLS the sink uses a fresh self-signed certificate for localhost and 127.0.0.1;
    // ca_file() is the file a client must trust.
    Tls tls = Tls::kNone;
    // The sink closes a connection idle this long (421), as real servers do.
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(300);
  };
  SmtpSink();
  explicit SmtpSink(Options options);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::uint16_t port() const { return port_; }
  // The configuration that sends janji's mail here in plain SMTP: MAIL_DRIVER, SMTP_HOST,
  // SMTP_PORT, SMTP_SECURITY (for a sink without TLS).
  std::map<std::string, std::string> mailer_settings() const;
  const std::filesystem::path& dir() const { return messages_dir_; }
  // The sink's certificate (PEM) when it speaks TLS, empty otherwise.
  const std::filesystem::path& ca_file() const { return ca_file_; }
  // The messages stored so far, in arrival order.
  std::vector<SinkMessage> messages() const;
  std::size_t count() const;
  // Waits until at least `count` messages are stored; false on time-out.
  bool wait_for(std::size_t count,
                std::chrono::steady_clock::duration timeout = std::chrono::seconds(10)) const;
  // Stops the server now (SIGTERM, then SIGKILL after 5 s): a client then finds nothing there.
  void stop();

 private:
  std::filesystem::path work_dir_;
  std::filesystem::path messages_dir_;
  std::filesystem::path ca_file_;
  std::unique_ptr<ChildProcess> child_;
  std::uint16_t port_ = 0;
};

// One request the SendGrid stand-in accepted (202): the JSON body as sent.
struct SendGridRequest {
  std::filesystem::path file;
  nlohmann::json body;

  std::string to_email() const;  // personalizations[0].to[0].email
  std::string subject() const;
  // content[] value of that type ("text/plain", "text/html"); std::nullopt when absent.
  std::optional<std::string> content(std::string_view type) const;
  // Attachments by filename, content base64-decoded.
  std::map<std::string, std::string> attachments() const;
};

// scripts/sandbox/sendgrid_standin.py: POST /v3/mail/send checked like SendGrid (bearer key,
// body schema); recipients status-429 / status-500 / status-400 get that status.
class SendGridStandIn {
 public:
  explicit SendGridStandIn(std::string api_key = "SG.test-key");
  ~SendGridStandIn();
  SendGridStandIn(const SendGridStandIn&) = delete;
  SendGridStandIn& operator=(const SendGridStandIn&) = delete;

  std::uint16_t port() const { return port_; }
  const std::string& api_key() const { return api_key_; }
  std::string base_url() const;  // "http://127.0.0.1:<port>", for SENDGRID_BASE_URL
  const std::filesystem::path& dir() const { return messages_dir_; }
  std::vector<SendGridRequest> messages() const;
  std::size_t count() const;
  bool wait_for(std::size_t count,
                std::chrono::steady_clock::duration timeout = std::chrono::seconds(10)) const;
  void stop();

 private:
  std::string api_key_;
  std::filesystem::path work_dir_;
  std::filesystem::path messages_dir_;
  std::unique_ptr<ChildProcess> child_;
  std::uint16_t port_ = 0;
};

// Base64 (RFC 4648, whitespace ignored) decoding, for tests that look at raw parts.
std::string decode_base64(std::string_view in);
// Quoted-printable (RFC 2045) decoding: soft line breaks removed, =XX decoded.
std::string decode_quoted_printable(std::string_view in);

}  // namespace janji::testing
