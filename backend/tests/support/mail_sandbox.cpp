#include "support/mail_sandbox.hpp"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#ifndef JANJI_SANDBOX_DIR
#error "JANJI_SANDBOX_DIR (scripts/sandbox) must be defined by the build"
#endif

namespace janji::testing {
namespace {

// Debian's interpreter, where python3-aiosmtpd lives (a pyenv python on PATH would lack it).
constexpr const char* kPython = "/usr/bin/python3";
constexpr auto kStartTimeout = std::chrono::seconds(15);
constexpr auto kStopTimeout = std::chrono::seconds(5);

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// One line of `text` starting at `pos`: [begin, end) without the line break; `next` after it.
struct Line {
  std::size_t begin;
  std::size_t end;
  std::size_t next;
};

Line line_at(std::string_view text, std::size_t pos) {
  const std::size_t nl = text.find('\n', pos);
  if (nl == std::string_view::npos) return {pos, text.size(), text.size()};
  std::size_t end = nl;
  if (end > pos && text[end - 1] == '\r') --end;
  return {pos, end, nl + 1};
}

// Splits "type/sub; a=b; c=\"d;e\"" into the media type and its parameters.
void parse_content_type(std::string_view value, MimePart& part) {
  std::vector<std::string> pieces;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (quoted && c == '\\' && i + 1 < value.size()) {
      current.push_back(value[++i]);
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ';' && !quoted) {
      pieces.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  pieces.push_back(current);
  part.media_type = lower(trim(pieces.front()));
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    const std::string_view piece = trim(pieces[i]);
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    part.params[lower(trim(piece.substr(0, eq)))] = std::string(trim(piece.substr(eq + 1)));
  }
}

// Parameter `name` of a structured header such as Content-Disposition.
std::optional<std::string> header_param(std::string_view value, std::string_view name) {
  MimePart scratch;
  parse_content_type(value, scratch);
  const auto it = scratch.params.find(std::string(name));
  if (it == scratch.params.end()) return std::nullopt;
  return it->second;
}

void collect_leaves(const MimePart& part, std::vector<const MimePart*>& out) {
  if (part.children.empty()) {
    out.push_back(&part);
    return;
  }
  for (const auto& child : part.children) collect_leaves(child, out);
}

std::filesystem::path make_work_dir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mail sandbox: cannot create a temporary directory");
  }
  return pattern;
}

// Starts `script args...` and waits for its "ready <port>" line.
std::unique_ptr<ChildProcess> start_script(const std::string& script,
                                           const std::vector<std::string>& args,
                                           const std::filesystem::path& work_dir,
                                           std::uint16_t& port) {
  const std::string path = std::string(JANJI_SANDBOX_DIR) + "/" + script;
  std::vector<std::string> argv{path};
  argv.insert(argv.end(), args.begin(), args.end());
  auto child = std::make_unique<ChildProcess>(kPython, argv, minimal_child_env(), work_dir);
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = child->out();
    const std::size_t ready = out.find("ready ");
    if (ready != std::string::npos && out.find('\n', ready) != std::string::npos) {
      port = static_cast<std::uint16_t>(std::stoul(out.substr(ready + 6)));
      return child;
    }
    if (child->poll()) {
      throw std::runtime_error(script + " exited with " + std::to_string(child->exit_code()) +
                               ": " + child->err());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error(script + " did not print 'ready <port>' in time: " + child->err());
}

// A self-signed certificate for localhost and 127.0.0.1 (a P-256 key: quick to make).
void make_certificate(const std::filesystem::path& dir, const std::filesystem::path& cert,
                      const std::filesystem::path& key) {
  ChildProcess openssl(
      "/usr/bin/openssl",
      {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
       "-days", "2", "-subj", "/CN=localhost", "-addext",
       "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.string(), "-out", cert.string()},
      minimal_child_env(), dir);
  if (!openssl.wait(std::chrono::seconds(30)) || openssl.exit_code() != 0) {
    throw std::runtime_error("mail sandbox: openssl could not make a certificate: " +
                             openssl.err());
  }
}

void stop_child(std::unique_ptr<ChildProcess>& child) {
  if (!child || !child->running()) return;
  child->signal(SIGTERM);
  if (!child->wait(kStopTimeout)) {
    child->signal(SIGKILL);
    child->wait(kStopTimeout);
  }
}

// Finished files (the servers write ".name.tmp" and rename), sorted by their sequence number.
std::vector<std::filesystem::path> stored_files(const std::filesystem::path& dir,
                                                std::string_view suffix) {
  std::vector<std::pair<unsigned long, std::filesystem::path>> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.' || !name.ends_with(suffix)) continue;
    found.emplace_back(std::stoul(name), entry.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::filesystem::path> out;
  out.reserve(found.size());
  for (auto& [seq, path] : found) out.push_back(std::move(path));
  return out;
}

bool wait_for_files(const std::filesystem::path& dir, std::string_view suffix, std::size_t count,
                    std::chrono::steady_clock::duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (stored_files(dir, suffix).size() >= count) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

SinkMessage parse_sink_file(const std::filesystem::path& file) {
  SinkMessage message;
  message.file = file;
  std::string text = read_file(file);
  std::size_t pos = 0;
  for (int i = 0; i < 2; ++i) {
    const Line line = line_at(text, pos);
    const std::string_view content(text.data() + line.begin, line.end - line.begin);
    if (content.starts_with("X-Sink-Mail-From: ")) {
      message.mail_from = std::string(content.substr(18));
    } else if (content.starts_with("X-Sink-Rcpt-To: ")) {
      std::string_view rest = content.substr(16);
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view one = trim(rest.substr(0, comma));
        if (!one.empty()) message.rcpt_to.emplace_back(one);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    } else {
      throw std::runtime_error("mail sandbox: " + file.string() + " lacks the sink's lines");
    }
    pos = line.next;
  }
  message.raw = text.substr(pos);
  message.mime = parse_mime(message.raw);
  return message;
}

}  // namespace

std::string decode_base64(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      v = 62;
    } else if (c == '/' || c == '_') {
      v = 63;
    } else {
      continue;  // whitespace, line breaks, '=' padding
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c != '=') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < in.size() && in[i + 1] == '\n') {  // soft break "=\n"
      i += 1;
    } else if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {  // "=\r\n"
      i += 2;
    } else if (i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);  // malformed: kept, as lenient decoders do
    }
  }
  return out;
}

std::string decode_header_words(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool last_was_word = false;  // whitespace between two encoded words is dropped (RFC 2047)
  while (pos < value.size()) {
    const std::size_t start = value.find("=?", pos);
    std::size_t q1 = std::string_view::npos, q2 = std::string_view::npos,
                end = std::string_view::npos;
    if (start != std::string_view::npos) {
      q1 = value.find('?', start + 2);
      if (q1 != std::string_view::npos && q1 + 2 < value.size() && value[q1 + 2] == '?') {
        q2 = q1 + 2;
        end = value.find("?=", q2 + 1);
      }
    }
    if (end == std::string_view::npos) {
      out += value.substr(pos);
      break;
    }
    const std::string_view between = value.substr(pos, start - pos);
    if (!(last_was_word && trim(between).empty())) out += between;
    const char encoding =
        static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
    const std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
    if (encoding == 'B') {
      out += decode_base64(payload);
    } else {
      std::string q(payload);
      std::replace(q.begin(), q.end(), '_', ' ');
      out += decode_quoted_printable(q);
    }
    last_was_word = true;
    pos = end + 2;
  }
  return out;
}

std::optional<std::string> MimePart::header(std::string_view name) const {
  const std::string key = lower(name);
  for (const auto& [n, v] : headers) {
    if (n == key) return v;
  }
  return std::nullopt;
}

std::string MimePart::filename() const {
  if (const auto cd = header("content-disposition")) {
    if (auto name = header_param(*cd, "filename")) return *name;
  }
  const auto it = params.find("name");
  return it == params.end() ? std::string() : it->second;
}

bool MimePart::is_attachment() const {
  const auto cd = header("content-disposition");
  if (cd && lower(trim(*cd)).starts_with("attachment")) return true;
  return !filename().empty();
}

MimePart parse_mime(std::string_view raw) {
  MimePart part;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const Line line = line_at(raw, pos);
    const std::string_view content = raw.substr(line.begin, line.end - line.begin);
    pos = line.next;
    if (content.empty()) break;  // end of the header section
    if ((content.front() == ' ' || content.front() == '\t') && !part.headers.empty()) {
      part.headers.back().second += std::string(content);  // unfolding keeps the whitespace
      continue;
    }
    const std::size_t colon = content.find(':');
    if (colon == std::string_view::npos) continue;
    part.headers.emplace_back(lower(trim(content.substr(0, colon))),
                              std::string(trim(content.substr(colon + 1))));
  }
  const std::string_view body = pos < raw.size() ? raw.substr(pos) : std::string_view();
  parse_content_type(part.header("content-type").value_or("text/plain"), part);

  const auto boundary = part.params.find("boundary");
  if (part.media_type.starts_with("multipart/") && boundary != part.params.end()) {
    part.body = std::string(body);
    const std::string delimiter = "--" + boundary->second;
    std::optional<std::size_t> part_start;
    std::size_t at = 0;
    while (at < body.size()) {
      const Line line = line_at(body, at);
      const std::string_view content = trim(body.substr(line.begin, line.end - line.begin));
      const bool is_close = content == delimiter + "--";
      if (content == delimiter || is_close) {
        if (part_start) {
          // The line break before the delimiter belongs to the delimiter.
          std::size_t end = line.begin;
          if (end > *part_start && body[end - 1] == '\n') --end;
          if (end > *part_start && body[end - 1] == '\r') --end;
          part.children.push_back(parse_mime(body.substr(*part_start, end - *part_start)));
        }
        if (is_close) break;
        part_start = line.next;
      }
      at = line.next;
    }
    return part;
  }
  const std::string encoding = lower(trim(part.header("content-transfer-encoding").value_or("")));
  if (encoding == "base64") {
    part.body = decode_base64(body);
  } else if (encoding == "quoted-printable") {
    part.body = decode_quoted_printable(body);
  } else {
    part.body = std::string(body);
  }
  return part;
}

std::optional<std::string> SinkMessage::decoded_header(std::string_view name) const {
  const auto value = header(name);
  if (!value) return std::nullopt;
  return decode_header_words(*value);
}

std::vector<std::string> SinkMessage::headers(std::string_view name) const {
  const std::string key = lower(name);
  std::vector<std::string> out;
  for (const auto& [n, v] : mime.headers) {
    if (n == key) out.push_back(v);
  }
  return out;
}

std::vector<const MimePart*> SinkMessage::leaves() const {
  std::vector<const MimePart*> out;
  collect_leaves(mime, out);
  return out;
}

const MimePart* SinkMessage::find_part(std::string_view media_type) const {
  for (const MimePart* leaf : leaves()) {
    if (leaf->media_type == media_type && !leaf->is_attachment()) return leaf;
  }
  return nullptr;
}

std::optional<std::string> SinkMessage::part_body(std::string_view media_type) const {
  const MimePart* part = find_part(media_type);
  if (part == nullptr) return std::nullopt;
  return part->body;
}

std::map<std::string, std::string> SinkMessage::attachments() const {
  std::map<std::string, std::string> out;
  for (const MimePart* leaf : leaves()) {
    if (leaf->is_attachment()) out[leaf->filename()] = leaf->body;
  }
  return out;
}

SmtpSink::SmtpSink() : SmtpSink(Options{}) {}

std::map<std::string, std::string> SmtpSink::mailer_settings() const {
  return {{"MAIL_DRIVER", "smtp"},
          {"SMTP_HOST", "127.0.0.1"},
          {"SMTP_PORT", std::to_string(port_)},
          {"SMTP_SECURITY", "none"}};
}

SmtpSink::SmtpSink(Options options) {
  work_dir_ = make_work_dir("janji-smtp-sink");
  messages_dir_ = work_dir_ / "messages";
  std::vector<std::string> args{
      "--port",         "0",
      "--dir",          messages_dir_.string(),
      "--idle-timeout", std::to_string(options.idle_timeout.count() / 1000.0)};
  if (options.auth) {
    args.push_back("--auth");
    args.push_back(options.auth->first + ":" + options.auth->second);
  }
  try {
    if (options.tls != Tls::kNone) {
      ca_file_ = work_dir_ / "cert.pem";
      make_certificate(work_dir_, ca_file_, work_dir_ / "key.pem");
      const std::string mode = options.tls == Tls::kImplicit ? "implicit" : "starttls";
      for (const std::string& arg :
           {std::string("--tls-cert"), ca_file_.string(), std::string("--tls-key"),
            (work_dir_ / "key.pem").string(), std::string("--tls-mode"), mode}) {
        args.push_back(arg);
      }
    }
    child_ = start_script("smtp_sink.py", args, work_dir_, port_);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(work_dir_, ignored);
    throw;
  }
}

SmtpSink::~SmtpSink() {
  stop();
  child_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(work_dir_, ignored);
}

void SmtpSink::stop() { stop_child(child_); }

std::vector<SinkMessage> SmtpSink::messages() const {
  std::vector<SinkMessage> out;
  for (const auto& file : stored_files(messages_dir_, ".eml")) out.push_back(parse_sink_file(file));
  return out;
}

std::size_t SmtpSink::count() const { return stored_files(messages_dir_, ".eml").size(); }

bool SmtpSink::wait_for(std::size_t count, std::chrono::steady_clock::duration timeout) const {
  return wait_for_files(messages_dir_, ".eml", count, timeout);
}

std::string SendGridRequest::to_email() const {
  return body.at("personalizations").at(0).at("to").at(0).at("email").get<std::string>();
}

std::string SendGridRequest::subject() const { return body.value("subject", std::string()); }

std::optional<std::string> SendGridRequest::content(std::string_view type) const {
  if (!body.contains("content")) return std::nullopt;
  for (const auto& item : body.at("content")) {
    if (item.value("type", std::string()) == type) return item.value("value", std::string());
  }
  return std::nullopt;
}

std::map<std::string, std::string> SendGridRequest::attachments() const {
  std::map<std::string, std::string> out;
  if (!body.contains("attachments")) return out;
  for (const auto& item : body.at("attachments")) {
    out[item.value("filename", std::string())] =
        decode_base64(item.value("content", std::string()));
  }
  return out;
}

SendGridStandIn::SendGridStandIn(std::string api_key) : api_key_(std::move(api_key)) {
  work_dir_ = make_work_dir("janji-sendgrid");
  messages_dir_ = work_dir_ / "requests";
  try {
    child_ = start_script("sendgrid_standin.py",
                          {"--port", "0", "--dir", messages_dir_.string(), "--api-key", api_key_},
                          work_dir_, port_);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(work_dir_, ignored);
    throw;
  }
}

SendGridStandIn::~SendGridStandIn() {
  stop();
  child_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(work_dir_, ignored);
}

void SendGridStandIn::stop() { stop_child(child_); }

std::string SendGridStandIn::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<SendGridRequest> SendGridStandIn::messages() const {
  std::vector<SendGridRequest> out;
  for (const auto& file : stored_files(messages_dir_, ".json")) {
    out.push_back(SendGridRequest{file, nlohmann::json::parse(read_file(file))});
  }
  return out;
}

std::size_t SendGridStandIn::count() const { return stored_files(messages_dir_, ".json").size(); }

bool SendGridStandIn::wait_for(std::size_t count,
                               std::chrono::steady_clock::duration timeout) const {
  return wait_for_files(messages_dir_, ".json", count, timeout);
}

}  // namespace janji::testing
