#include "adapters/http/request_screen.hpp"

#include <array>
#include <climits>
#include <string>

namespace janji::http {

namespace {

RequestScreen* screen_of(http_parser* p) { return static_cast<RequestScreen*>(p->data); }

// RFC 9110/9112: an unknown method (a lower-case one included, methods are case-sensitive)
// is 501; a target or header section past our limits 414/431; a body past RESTinio's 413;
// anything else unparsable (bad Content-Length, Content-Length with Transfer-Encoding, a NUL
// or other control character, a target without '/') 400; a version other than 1.x 505
// (set in on_headers_complete, where the parser has read it).
int status_for(http_errno error) {
  switch (error) {
    case HPE_INVALID_METHOD:
      return 501;
    case HPE_CB_url:
      return 414;
    case HPE_CB_header_field:
    case HPE_CB_header_value:
    case HPE_HEADER_OVERFLOW:
      return 431;
    case HPE_CB_headers_complete:
    case HPE_CB_body:
      return 413;
    default:
      return 400;
  }
}

struct Rejection {
  int status;
  const char* reason;
  const char* code;
  const char* message;
};

constexpr std::array<Rejection, 6> kRejections{{
    {400, "Bad Request", "BAD_REQUEST", "Malformed HTTP request"},
    {413, "Payload Too Large", "PAYLOAD_TOO_LARGE", "Request body too large"},
    {414, "URI Too Long", "URI_TOO_LONG", "Request target too long"},
    {431, "Request Header Fields Too Large", "HEADERS_TOO_LARGE",
     "Request header fields too large or too many"},
    {501, "Not Implemented", "NOT_IMPLEMENTED", "Request method not implemented"},
    {505, "HTTP Version Not Supported", "HTTP_VERSION_NOT_SUPPORTED",
     "Only HTTP/1.0 and HTTP/1.1 are supported"},
}};

// The same security headers as every other answer (pipeline.cpp), built once.
std::string render(const Rejection& r, bool production) {
  const std::string body = std::string(R"({"success":false,"error":{"code":")") + r.code +
                           R"(","message":")" + r.message + R"("}})";
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + r.reason + "\r\n";
  out += "Content-Type: application/json; charset=utf-8\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\n";
  out += "X-Content-Type-Options: nosniff\r\n";
  out += "X-Frame-Options: DENY\r\n";
  out += "Referrer-Policy: no-referrer\r\n";
  out += "Cache-Control: no-store\r\n";
  out += "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";
  if (production) out += "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n";
  out += "\r\n";
  out += body;
  return out;
}

struct RenderedRejections {
  std::array<std::string, kRejections.size()> plain;
  std::array<std::string, kRejections.size()> production;
  RenderedRejections() {
    for (std::size_t i = 0; i < kRejections.size(); ++i) {
      plain[i] = render(kRejections[i], false);
      production[i] = render(kRejections[i], true);
    }
  }
};

}  // namespace

const http_parser_settings RequestScreen::kSettings = [] {
  http_parser_settings s{};
  s.on_message_begin = &RequestScreen::on_message_begin;
  s.on_url = &RequestScreen::on_url;
  s.on_header_field = &RequestScreen::on_header_field;
  s.on_header_value = &RequestScreen::on_header_value;
  s.on_headers_complete = &RequestScreen::on_headers_complete;
  s.on_body = &RequestScreen::on_body;
  s.on_message_complete = &RequestScreen::on_message_complete;
  return s;
}();

RequestScreen::RequestScreen(const MessageLimits* limits) : limits_(limits) {
  http_parser_init(&parser_, HTTP_REQUEST);
}

RequestScreen::Verdict RequestScreen::feed(const char* data, std::size_t size) {
  if (passthrough_ || status_ != 0 || size == 0) return {size, 0};
  parser_.data = this;
  // Where the message being parsed began in this read; a message begun in an earlier read is
  // partly in RESTinio's buffer already.
  bool started_earlier = in_message_;
  std::size_t boundary = 0;
  std::size_t done = 0;
  while (done < size) {
    const std::size_t parsed = http_parser_execute(&parser_, &kSettings, data + done, size - done);
    done += parsed;
    const auto error = HTTP_PARSER_ERRNO(&parser_);
    if (error == HPE_PAUSED) {  // a whole message: go on with the next one
      http_parser_pause(&parser_, 0);
      boundary = done;
      started_earlier = false;
      continue;
    }
    if (error != HPE_OK) {
      status_ = unsupported_version_ ? 505 : status_for(error);
      return {started_earlier ? 0 : boundary, status_};
    }
    if (parser_.upgrade) passthrough_ = true;
    break;
  }
  return {size, 0};
}

std::string_view RequestScreen::rejection(int status, bool production) {
  static const RenderedRejections rendered;
  for (std::size_t i = 0; i < kRejections.size(); ++i) {
    if (kRejections[i].status == status) {
      return production ? rendered.production[i] : rendered.plain[i];
    }
  }
  return production ? rendered.production[0] : rendered.plain[0];
}

int RequestScreen::on_message_begin(http_parser* p) {
  auto& s = *screen_of(p);
  s.in_message_ = true;
  s.url_size_ = 0;
  s.field_name_size_ = 0;
  s.field_value_size_ = 0;
  s.field_count_ = 0;
  s.body_size_ = 0;
  s.last_was_value_ = true;
  return 0;
}

// The checks below mirror RESTinio's parser callbacks (restinio/impl/parser_callbacks.ipp)
// exactly, so that what RESTinio would drop is what we answer.
int RequestScreen::on_url(http_parser* p, const char*, std::size_t length) {
  auto& s = *screen_of(p);
  s.url_size_ += length;
  return s.url_size_ > s.limits_->max_url ? -1 : 0;
}

int RequestScreen::on_header_field(http_parser* p, const char*, std::size_t length) {
  auto& s = *screen_of(p);
  if (s.last_was_value_) {
    if (s.field_count_ == s.limits_->max_field_count) return -1;
    s.field_name_size_ = 0;
    s.last_was_value_ = false;
  }
  s.field_name_size_ += length;
  return s.field_name_size_ > s.limits_->max_field_name ? -1 : 0;
}

int RequestScreen::on_header_value(http_parser* p, const char*, std::size_t length) {
  auto& s = *screen_of(p);
  if (!s.last_was_value_) {
    s.field_value_size_ = 0;
    s.last_was_value_ = true;
    ++s.field_count_;
  }
  s.field_value_size_ += length;
  return s.field_value_size_ >= s.limits_->max_field_value ? -1 : 0;
}

int RequestScreen::on_headers_complete(http_parser* p) {
  auto& s = *screen_of(p);
  // RESTinio would serve "HTTP/9.9" as if it were 1.1; RFC 9110 15.6.6 says 505.
  if (p->http_major != 1) {
    s.unsupported_version_ = true;
    return -1;
  }
  if (p->content_length != ULLONG_MAX && p->content_length > s.limits_->max_body) return -1;
  return 0;
}

int RequestScreen::on_body(http_parser* p, const char*, std::size_t length) {
  auto& s = *screen_of(p);
  s.body_size_ += length;
  return s.body_size_ > s.limits_->max_body ? -1 : 0;
}

int RequestScreen::on_message_complete(http_parser* p) {
  screen_of(p)->in_message_ = false;
  http_parser_pause(p, 1);
  return 0;
}

}  // namespace janji::http
