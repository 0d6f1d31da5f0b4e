#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/http/http_types.hpp"
#include "adapters/http/router.hpp"

namespace spdlog {
class logger;
}

namespace janji::http {

struct PipelineOptions {
  std::vector<std::string> allowed_origins;  // exact origins, or "*"
  std::size_t max_body_bytes = 1 << 20;
  bool production = false;   // adds HSTS
  bool trust_proxy = false;  // take the client IP from X-Forwarded-For
  // Asked for a request no route matched (the web app's files and pages); nullopt keeps the
  // JSON 404. Its headers (Cache-Control, CSP, Referrer-Policy, Vary) are kept.
  std::function<std::optional<Response>(const Request&)> not_found;
};

// Everything around a handler that does not depend on the HTTP library: request ids, body
// limit, CORS, routing (404/405), HEAD, exception safety, security headers, the access log.
class Pipeline {
 public:
  Pipeline(const Router& router, PipelineOptions options);

  // Never throws; always returns a complete response.
  Response handle(Request& request) const;

  // The route's FastHandler, when it has one and it answers; nullopt otherwise, and then
  // handle() must run (on a worker). Never throws. Called on an HTTP I/O thread.
  std::optional<Response> try_fast(Request& request) const;

 private:
  void begin(Request& request) const;
  void finish(const Request& request, Response& response, const std::string& route_for_log,
              std::chrono::steady_clock::time_point started) const;
  Response dispatch(Request& request, std::string& route_for_log) const;
  void add_cors(const Request& request, Response& response) const;
  bool origin_allowed(const std::string& origin) const;

  const Router& router_;
  PipelineOptions options_;
  // Looked up once: spdlog::get() takes the registry's global mutex.
  std::shared_ptr<spdlog::logger> access_log_;
};

}  // namespace janji::http
