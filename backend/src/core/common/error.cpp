#include "core/common/error.hpp"

#include <utility>

namespace janji::common {

Error Error::invalid(std::string message, std::map<std::string, std::string> details) {
  return {ErrorKind::kInvalidArgument, "VALIDATION_001", std::move(message), std::move(details)};
}

Error Error::missing_fields(std::map<std::string, std::string> details) {
  return {ErrorKind::kInvalidArgument, "VALIDATION_002", "Missing required fields",
          std::move(details)};
}

Error Error::unauthenticated(std::string code, std::string message) {
  return {ErrorKind::kUnauthenticated, std::move(code), std::move(message), {}};
}

Error Error::forbidden(std::string message) {
  return {ErrorKind::kPermissionDenied, "AUTH_003", std::move(message), {}};
}

Error Error::not_found(std::string code, std::string message) {
  return {ErrorKind::kNotFound, std::move(code), std::move(message), {}};
}

Error Error::conflict(std::string code, std::string message) {
  return {ErrorKind::kConflict, std::move(code), std::move(message), {}};
}

Error Error::precondition(std::string code, std::string message) {
  return {ErrorKind::kFailedPrecondition, std::move(code), std::move(message), {}};
}

Error Error::rate_limited(int retry_after_seconds) {
  Error e{ErrorKind::kRateLimited,
          "RATE_LIMIT_EXCEEDED",
          "Too many attempts. Please try again later.",
          {}};
  e.retry_after_seconds = retry_after_seconds < 1 ? 1 : retry_after_seconds;
  return e;
}

Error Error::unavailable(std::string message) {
  return {ErrorKind::kUnavailable, "SERVICE_UNAVAILABLE", std::move(message), {}};
}

Error Error::internal(std::string message) {
  return {ErrorKind::kInternal, "INTERNAL_ERROR", std::move(message), {}};
}

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return "invalid_argument";
    case ErrorKind::kUnauthenticated:
      return "unauthenticated";
    case ErrorKind::kPermissionDenied:
      return "permission_denied";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kConflict:
      return "conflict";
    case ErrorKind::kFailedPrecondition:
      return "failed_precondition";
    case ErrorKind::kPayloadTooLarge:
      return "payload_too_large";
    case ErrorKind::kRateLimited:
      return "rate_limited";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace janji::common
