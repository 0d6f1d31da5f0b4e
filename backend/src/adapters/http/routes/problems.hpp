#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/error.hpp"

namespace janji::http {

// Where a field came from. Only a request whose every problem is in the query string is told
// "Invalid query parameters"; anything else is "Invalid input".
enum class FieldSource { kBody, kQuery, kHeader };

// Whether a reader records "is required" for an absent field.
enum class Presence { kOptional, kRequired };

// The one collector of a request's input problems, keyed by wire field name. Body, query and
// header readers of one request share it, so a single 400 lists every problem, and it alone
// builds VALIDATION_001/002.
class Problems {
 public:
  static constexpr std::string_view kRequired = "is required";

  // The field is absent (or empty where that means absent).
  void missing(const std::string& field, FieldSource source = FieldSource::kBody);
  // The field is present but unusable. The first problem of a field is kept.
  void invalid(const std::string& field, std::string problem,
               FieldSource source = FieldSource::kBody);

  bool has(const std::string& field) const { return details_.count(field) > 0; }
  bool empty() const { return details_.empty(); }
  const std::map<std::string, std::string>& details() const { return details_; }

  // Nothing recorded: nullopt. Only missing fields: VALIDATION_002 "Missing required fields".
  // Otherwise VALIDATION_001 with every problem, the missing ones included.
  std::optional<common::Error> error() const;

 private:
  void record(const std::string& field, std::string problem, FieldSource source);

  std::map<std::string, std::string> details_;
  bool any_invalid_ = false;
  bool outside_query_ = false;
};

}  // namespace janji::http
