#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/auth/user.hpp"

namespace janji::http {

// Our own request/response types keep RESTinio inside server.cpp.
struct Request {
  std::string method;                         // upper case: GET, POST, ...
  std::string path;                           // without the query string, percent-decoded
  std::map<std::string, std::string> query;   // decoded
  std::map<std::string, std::string> params;  // route parameters, decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string client_ip;
  std::string request_id;
  std::optional<auth::Principal> principal;  // set by the auth middleware

  std::optional<std::string> header(std::string_view lower_name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::string param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void set_header(std::string name, std::string value);
  // Another field of the same name (Set-Cookie may appear more than once).
  void add_header(std::string name, std::string value);
  std::optional<std::string> header(std::string_view name) const;
};

using Handler = std::function<Response(Request&)>;

// A handler that may answer on an HTTP I/O thread because it never blocks (memory only); it
// declines with nullopt and the request then goes to the worker pool's regular Handler.
using FastHandler = std::function<std::optional<Response>(Request&)>;

// "%41" -> "A"; '+' stays '+' unless `plus_as_space`. Invalid escapes give nullopt.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space = false);

std::string_view reason_phrase(int status);

}  // namespace janji::http
