#pragma once

#include <map>
#include <string>
#include <string_view>

namespace janji::common {

// Closed set: each kind maps to exactly one HTTP status in the HTTP adapter (envelope.hpp).
enum class ErrorKind {
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kConflict,
  kFailedPrecondition,
  kRateLimited,
  kPayloadTooLarge,
  kUnavailable,
  kInternal,
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;     // the spec's stable code: AUTH_001, VALIDATION_001, ...
  std::string message;  // safe to show to users
  std::map<std::string, std::string> details;  // field -> problem
  int retry_after_seconds = 0;                 // for kRateLimited

  static Error invalid(std::string message, std::map<std::string, std::string> details = {});
  static Error missing_fields(std::map<std::string, std::string> details);
  static Error unauthenticated(std::string code, std::string message);
  static Error forbidden(std::string message = "You don't have permission to access this resource");
  static Error not_found(std::string code, std::string message);
  static Error conflict(std::string code, std::string message);
  static Error precondition(std::string code, std::string message);
  static Error rate_limited(int retry_after_seconds);
  static Error unavailable(std::string message);
  static Error internal(std::string message = "Internal server error");
};

std::string_view to_string(ErrorKind kind);

}  // namespace janji::common
