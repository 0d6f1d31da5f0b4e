#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "adapters/http/http_types.hpp"
#include "adapters/http/router.hpp"

namespace janji::http {

struct PipelineOptions {
  std::vector<std::string> allowed_origins;  // exact origins, or "*"
  std::size_t max_body_bytes = 1 << 20;
  bool production = false;   // adds HSTS
  bool trust_proxy = false;  // take the client IP from X-Forwarded-For
};

// Everything around a handler that does not depend on the HTTP library: request ids, body
// limit, CORS, routing (404/405), HEAD, exception safety, security headers, the access log.
class Pipeline {
 public:
  Pipeline(const Router& router, PipelineOptions options);

  // Never throws; always returns a complete response.
  Response handle(Request& request) const;

 private:
  Response dispatch(Request& request, std::string& route_for_log) const;
  void add_cors(const Request& request, Response& response) const;
  bool origin_allowed(const std::string& origin) const;

  const Router& router_;
  PipelineOptions options_;
};

}  // namespace janji::http
