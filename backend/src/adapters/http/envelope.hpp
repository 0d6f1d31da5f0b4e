#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tl/expected.hpp>

#include "adapters/http/http_types.hpp"
#include "adapters/http/routes/problems.hpp"
#include "core/common/error.hpp"

namespace janji::http {

using Json = nlohmann::json;

// SPEC "Standardized API Response Format": {success, message?, data?} or {success, error}.
Response json_response(int status, const Json& body);
Response success(int status, const Json& data, const std::string& message = "");
Response message_only(int status, const std::string& message);
Response paginated(const Json& items, long long page, long long limit, long long total_items);
// HTTP status for an error kind: the single place where the core's kinds meet status codes.
int http_status(common::ErrorKind kind);
// The error envelope {"success": false, "error": {code, message, details?}} with that status.
Response error_response(const common::Error& error);

// Reads the body as a JSON object; malformed JSON, another top-level type or a non-JSON
// content type become VALIDATION_001 errors with details.
tl::expected<Json, common::Error> parse_json_object(const Request& request);

// String readers for the auth routes, recording into a Problems. A missing optional field
// gives "".
class FieldReader {
 public:
  explicit FieldReader(const Json& object) : object_(object) {}
  std::string required_string(const std::string& name);
  std::string optional_string(const std::string& name);
  // VALIDATION_002 when every problem is a missing field, else VALIDATION_001.
  std::optional<common::Error> error() const { return problems_.error(); }

 private:
  const Json& object_;
  Problems problems_;
};

}  // namespace janji::http
