#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "adapters/http/envelope.hpp"

namespace janji::http {

// Typed readers over a JSON object body for the catalogue routes. Each reader returns nullopt
// when the field is absent (or null, for fields that cannot be cleared) and records
// "field -> problem" on a type error instead of failing, so one 400 lists every problem.
// Ranges and presence are the core's business; these only check JSON types.
class JsonFields {
 public:
  explicit JsonFields(const Json& object) : object_(object) {}

  std::optional<std::string> string(const std::string& name);
  // Absent -> nullopt; null -> a nullopt inside (clear the value).
  std::optional<std::optional<std::string>> nullable_string(const std::string& name);
  // A JSON integer that fits in int; floats (even 5.0), strings and bools are refused.
  std::optional<int> integer(const std::string& name);
  // Whole rupiah: a JSON integer, or a float with no fractional part (150000.0).
  std::optional<long long> rupiah(const std::string& name);
  std::optional<bool> boolean(const std::string& name);
  std::optional<std::optional<double>> nullable_number(const std::string& name);
  // A JSON object, returned as its compact text (how it is stored).
  std::optional<std::string> object_text(const std::string& name);

  // Records a problem for every field outside `updatable`: "cannot be changed" for those in
  // `fixed`, "unknown field" for the rest.
  void reject_other_fields(const std::set<std::string>& updatable,
                           const std::set<std::string>& fixed);

  void add_problem(const std::string& field, std::string problem);
  // VALIDATION_001 with every problem, or nullopt when the body was well typed.
  std::optional<common::Error> error() const;

 private:
  // The field's value, or null when absent or JSON null.
  const Json* present(const std::string& name) const;

  const Json& object_;
  std::map<std::string, std::string> problems_;
};

// Query-string helpers: a value that is present but unusable records a problem.
class QueryFields {
 public:
  explicit QueryFields(const std::map<std::string, std::string>& query) : query_(query) {}

  std::string text(const std::string& name) const;  // "" when absent
  bool has(const std::string& name) const { return query_.count(name) > 0; }
  // Digits only, 1..max; `fallback` when absent.
  long long positive(const std::string& name, long long fallback, long long max);
  // "true"/"false" (also "1"/"0"); false when absent.
  bool flag(const std::string& name);

  void add_problem(const std::string& field, std::string problem);
  std::optional<common::Error> error() const;

 private:
  const std::map<std::string, std::string>& query_;
  std::map<std::string, std::string> problems_;
};

}  // namespace janji::http
