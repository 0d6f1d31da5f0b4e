#include "adapters/http/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <random>

#include "adapters/http/content_coding.hpp"
#include "adapters/http/envelope.hpp"

namespace janji::http {

namespace {

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  auto bits = rng();
  for (auto& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

bool acceptable_request_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

common::Error simple_error(common::ErrorKind kind, std::string code, std::string message) {
  return common::Error{kind, std::move(code), std::move(message), {}};
}

}  // namespace

Pipeline::Pipeline(const Router& router, PipelineOptions options)
    : router_(router), options_(std::move(options)), access_log_(spdlog::get("access")) {}

void Pipeline::begin(Request& request) const {
  if (auto id = request.header("x-request-id"); id && acceptable_request_id(*id)) {
    request.request_id = *id;
  } else {
    request.request_id = new_request_id();
  }
  if (options_.trust_proxy) {
    // The last entry is the one our proxy wrote (nginx's $proxy_add_x_forwarded_for appends
    // the address that connected to it); the entries before it are whatever the client sent.
    if (auto forwarded = request.header("x-forwarded-for")) {
      const auto comma = forwarded->rfind(',');
      std::string last = comma == std::string::npos ? *forwarded : forwarded->substr(comma + 1);
      while (!last.empty() && (last.front() == ' ' || last.front() == '\t'))
        last.erase(last.begin());
      while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.pop_back();
      if (!last.empty()) request.client_ip = last;
    }
  }
}

std::optional<Response> Pipeline::try_fast(Request& request) const {
  if ((request.method != "GET" && request.method != "HEAD") || !request.body.empty()) {
    return std::nullopt;
  }
  try {
    auto match = router_.match("GET", request.path);
    if (match.outcome != Router::Outcome::kMatched || !match.fast) return std::nullopt;
    const auto started = std::chrono::steady_clock::now();
    request.params = std::move(match.params);
    auto response = (*match.fast)(request);
    if (!response) return std::nullopt;
    begin(request);
    finish(request, *response, match.pattern, started);
    return response;
  } catch (...) {
    return std::nullopt;  // the regular path runs it again and reports properly
  }
}

Response Pipeline::handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  begin(request);

  std::string route_for_log;
  Response response;
  try {
    response = dispatch(request, route_for_log);
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception in {} {} (request {}): {}", request.method,
                  route_for_log.empty() ? request.path : route_for_log, request.request_id,
                  e.what());
    response = error_response(common::Error::internal());
  } catch (...) {
    spdlog::error("unhandled non-standard exception (request {})", request.request_id);
    response = error_response(common::Error::internal());
  }
  if (response.status >= 500) {
    // The id lets support find the log line; nothing internal is exposed.
    auto body = Json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("error")) {
      body["error"]["request_id"] = request.request_id;
      response.body = body.dump();
    }
  }
  finish(request, response, route_for_log, started);
  return response;
}

void Pipeline::finish(const Request& request, Response& response, const std::string& route_for_log,
                      std::chrono::steady_clock::time_point started) const {
  if (request.method != "HEAD") {
    compress_if_accepted(request.header("accept-encoding").value_or(""), response);
  }
  add_cors(request, response);
  response.set_header("X-Request-ID", request.request_id);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  // Defaults: a handler that chose its own (the web app's files) keeps them.
  if (!response.header("Referrer-Policy")) response.set_header("Referrer-Policy", "no-referrer");
  if (!response.header("Cache-Control")) response.set_header("Cache-Control", "no-store");
  if (!response.header("Content-Security-Policy")) {
    const auto type = response.header("Content-Type");
    if (type && type->find("text/html") != std::string::npos) {
      response.set_header("Content-Security-Policy",
                          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
    } else {
      response.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
  }
  if (options_.production) {
    response.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  if (request.method == "HEAD") response.body.clear();

  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  const auto logger = access_log_ ? access_log_ : spdlog::get("access");
  if (!logger || !logger->should_log(spdlog::level::info)) return;
  // Matched routes are logged by pattern: paths such as /verify-email/<token> carry secrets.
  Json line = {{"msg", "request"},
               {"method", request.method},
               {"path", route_for_log.empty() ? request.path.substr(0, 200) : route_for_log},
               {"status", response.status},
               {"duration_ms", static_cast<double>(micros) / 1000.0},
               {"request_id", request.request_id},
               {"ip", request.client_ip}};
  // The access logger's pattern opens the object with ts and level; drop our "{".
  logger->info(line.dump(-1, ' ', false, Json::error_handler_t::replace).substr(1));
}

Response Pipeline::dispatch(Request& request, std::string& route_for_log) const {
  if (request.body.size() > options_.max_body_bytes) {
    return error_response(simple_error(
        common::ErrorKind::kPayloadTooLarge, "PAYLOAD_TOO_LARGE",
        "Request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes"));
  }
  const bool preflight =
      request.method == "OPTIONS" && request.header("access-control-request-method");
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  auto match = router_.match(preflight ? *request.header("access-control-request-method") : method,
                             request.path);
  if (preflight) {
    Response r;
    r.status = 204;
    if (match.outcome == Router::Outcome::kNotFound) {
      return error_response(simple_error(common::ErrorKind::kNotFound, "NOT_FOUND",
                                         "The requested resource does not exist"));
    }
    std::vector<std::string> methods = match.allowed_methods;
    if (match.outcome == Router::Outcome::kMatched) {
      methods.push_back(*request.header("access-control-request-method"));
    }
    r.set_header("Access-Control-Allow-Methods", join(methods));
    r.set_header("Access-Control-Allow-Headers",
                 "Authorization, Content-Type, Idempotency-Key, X-Request-ID");
    r.set_header("Access-Control-Max-Age", "600");
    return r;
  }
  switch (match.outcome) {
    case Router::Outcome::kNotFound:
      if (options_.not_found) {
        if (auto page = options_.not_found(request)) {
          // Never the path: web pages such as /verify-email/<token> carry secrets.
          route_for_log = "(web app)";
          return std::move(*page);
        }
      }
      return error_response(simple_error(common::ErrorKind::kNotFound, "NOT_FOUND",
                                         "The requested resource does not exist"));
    case Router::Outcome::kMethodNotAllowed: {
      Response r = json_response(
          405, Json{{"success", false},
                    {"error",
                     {{"code", "METHOD_NOT_ALLOWED"},
                      {"message", "Method " + request.method + " is not allowed here"}}}});
      r.set_header("Allow", join(match.allowed_methods));
      return r;
    }
    case Router::Outcome::kMatched:
      break;
  }
  route_for_log = match.pattern;
  request.params = std::move(match.params);
  return (*match.handler)(request);
}

bool Pipeline::origin_allowed(const std::string& origin) const {
  for (const auto& allowed : options_.allowed_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

void Pipeline::add_cors(const Request& request, Response& response) const {
  const auto origin = request.header("origin");
  const auto vary = response.header("Vary");
  response.set_header("Vary", vary ? *vary + ", Origin" : std::string("Origin"));
  if (!origin || !origin_allowed(*origin)) return;
  response.set_header("Access-Control-Allow-Origin", *origin);
  response.set_header("Access-Control-Allow-Credentials", "true");
  response.set_header("Access-Control-Expose-Headers", "X-Request-ID, Retry-After");
}

}  // namespace janji::http
