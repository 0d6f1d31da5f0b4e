#include "adapters/http/routes/problems.hpp"

#include <utility>

namespace janji::http {

void Problems::missing(const std::string& field, FieldSource source) {
  record(field, std::string(kRequired), source);
}

void Problems::invalid(const std::string& field, std::string problem, FieldSource source) {
  if (details_.count(field)) return;
  any_invalid_ = true;
  record(field, std::move(problem), source);
}

void Problems::record(const std::string& field, std::string problem, FieldSource source) {
  if (details_.count(field)) return;
  details_.emplace(field, std::move(problem));
  if (source != FieldSource::kQuery) outside_query_ = true;
}

std::optional<common::Error> Problems::error() const {
  if (details_.empty()) return std::nullopt;
  if (!any_invalid_) return common::Error::missing_fields(details_);
  return common::Error::invalid(outside_query_ ? "Invalid input" : "Invalid query parameters",
                                details_);
}

}  // namespace janji::http
