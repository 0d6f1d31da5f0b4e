#include "adapters/http/envelope.hpp"

#include <cctype>
#include <string_view>

namespace janji::http {

namespace {

// RFC 9110 8.3.1: the type and subtype are case-insensitive and may be followed by parameters
// ("application/json; charset=utf-8"), with optional whitespace around the ';'.
bool is_json_media_type(std::string_view value) {
  const auto semicolon = value.find(';');
  auto type = value.substr(0, semicolon);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  constexpr std::string_view kJson = "application/json";
  if (type.size() != kJson.size()) return false;
  for (std::size_t i = 0; i < kJson.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != kJson[i]) return false;
  }
  return true;
}

}  // namespace

Response json_response(int status, const Json& body) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "application/json; charset=utf-8");
  // Replace invalid UTF-8 instead of throwing: user-provided bytes must never cause a 500.
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response success(int status, const Json& data, const std::string& message) {
  Json body = {{"success", true}};
  if (!message.empty()) body["message"] = message;
  if (!data.is_null()) body["data"] = data;
  return json_response(status, body);
}

Response message_only(int status, const std::string& message) {
  return json_response(status, Json{{"success", true}, {"message", message}});
}

Response paginated(const Json& items, long long page, long long limit, long long total_items) {
  const long long pages = limit > 0 ? (total_items + limit - 1) / limit : 0;
  return json_response(200, Json{{"success", true},
                                 {"data", items},
                                 {"pagination",
                                  {{"page", page},
                                   {"limit", limit},
                                   {"total_pages", pages},
                                   {"total_items", total_items}}}});
}

int http_status(common::ErrorKind kind) {
  switch (kind) {
    case common::ErrorKind::kInvalidArgument:
      return 400;
    case common::ErrorKind::kUnauthenticated:
      return 401;
    case common::ErrorKind::kPermissionDenied:
      return 403;
    case common::ErrorKind::kNotFound:
      return 404;
    case common::ErrorKind::kConflict:
      return 409;
    case common::ErrorKind::kFailedPrecondition:
      return 422;
    case common::ErrorKind::kPayloadTooLarge:
      return 413;
    case common::ErrorKind::kRateLimited:
      return 429;
    case common::ErrorKind::kUnavailable:
      return 503;
    case common::ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

Response error_response(const common::Error& error) {
  Json err = {{"code", error.code}, {"message", error.message}};
  if (!error.details.empty()) err["details"] = error.details;
  Response r = json_response(http_status(error.kind), Json{{"success", false}, {"error", err}});
  if (error.kind == common::ErrorKind::kRateLimited) {
    r.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return r;
}

tl::expected<Json, common::Error> parse_json_object(const Request& request) {
  const auto type = request.header("content-type");
  if (type && !is_json_media_type(*type)) {
    return tl::unexpected(common::Error::invalid("Request body must be JSON",
                                                 {{"content-type", "must be application/json"}}));
  }
  Json parsed = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return tl::unexpected(
        common::Error::invalid("Malformed JSON", {{"body", "must be valid JSON"}}));
  }
  if (!parsed.is_object()) {
    return tl::unexpected(
        common::Error::invalid("Malformed JSON", {{"body", "must be a JSON object"}}));
  }
  return parsed;
}

std::string FieldReader::required_string(const std::string& name) {
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    problems_.missing(name);
    return {};
  }
  if (!it->is_string()) {
    problems_.invalid(name, "must be a string");
    return {};
  }
  auto value = it->get<std::string>();
  if (value.empty()) problems_.missing(name);
  return value;
}

std::string FieldReader::optional_string(const std::string& name) {
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return {};
  if (!it->is_string()) {
    problems_.invalid(name, "must be a string");
    return {};
  }
  return it->get<std::string>();
}

}  // namespace janji::http
