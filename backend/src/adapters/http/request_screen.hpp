#pragma once

#include <http_parser.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace janji::http {

// The limits RESTinio enforces on an incoming message (server.cpp configures both from these).
struct MessageLimits {
  std::size_t max_url = 16 * 1024;
  std::size_t max_field_name = 1024;
  std::size_t max_field_value = 16 * 1024;
  std::size_t max_field_count = 200;
  std::uint64_t max_body = 16u << 20;
};

// Reads a connection's bytes with the parser RESTinio uses (http_parser, same limits), one read
// ahead of it. RESTinio closes a connection silently on a parse error; this finds the error
// first so that the client gets a status and the standard envelope (RFC 9110/9112).
class RequestScreen {
 public:
  struct Verdict {
    // Bytes RESTinio may see: all of them, or the whole messages before a malformed one.
    std::size_t pass = 0;
    // 0 = nothing wrong; otherwise the status to answer once RESTinio is done with `pass`.
    int status = 0;
  };

  explicit RequestScreen(const MessageLimits* limits);

  Verdict feed(const char* data, std::size_t size);
  // True while no part of a request has arrived since the last complete one.
  bool between_messages() const { return !in_message_ && status_ == 0; }

  // The whole answer for a status `feed` gave: status line, headers, envelope.
  static std::string_view rejection(int status, bool production);

 private:
  static int on_message_begin(http_parser* p);
  static int on_url(http_parser* p, const char* at, std::size_t length);
  static int on_header_field(http_parser* p, const char* at, std::size_t length);
  static int on_header_value(http_parser* p, const char* at, std::size_t length);
  static int on_headers_complete(http_parser* p);
  static int on_body(http_parser* p, const char* at, std::size_t length);
  static int on_message_complete(http_parser* p);
  static const http_parser_settings kSettings;

  http_parser parser_{};
  const MessageLimits* limits_;
  std::size_t url_size_ = 0;
  std::size_t field_name_size_ = 0;
  std::size_t field_value_size_ = 0;
  std::size_t field_count_ = 0;
  std::uint64_t body_size_ = 0;
  bool last_was_value_ = true;
  bool in_message_ = false;
  bool passthrough_ = false;          // after an upgrade request (RESTinio's business, not ours)
  bool unsupported_version_ = false;  // not HTTP/1.x: 505, though the parser took it
  int status_ = 0;
};

}  // namespace janji::http
