#include "adapters/http/routes/json_fields.hpp"

#include <cmath>
#include <limits>

namespace janji::http {

namespace {

constexpr const char* kNotString = "must be a string";
constexpr const char* kNotInteger = "must be an integer";
constexpr const char* kIntRange = "must be an integer from -2147483648 to 2147483647";
constexpr const char* kNotRupiah = "must be a whole number of rupiah";
constexpr const char* kRupiahRange = "must be a whole number of rupiah from 0 to 9999999999";
// Beyond 2^53 a double no longer holds every whole number: refuse rather than round.
constexpr double kMaxExactDouble = 9007199254740992.0;

}  // namespace

const Json* JsonFields::present(const std::string& name) const {
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> JsonFields::string(const std::string& name) {
  const Json* v = present(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    problems_[name] = kNotString;
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::optional<std::string>> JsonFields::nullable_string(const std::string& name) {
  const auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) {
    problems_[name] = kNotString;
    return std::nullopt;
  }
  return std::optional<std::string>{it->get<std::string>()};
}

std::optional<int> JsonFields::integer(const std::string& name) {
  const Json* v = present(name);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) {
    const auto n = v->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      problems_[name] = kIntRange;
      return std::nullopt;
    }
    return static_cast<int>(n);
  }
  if (v->is_number_integer()) {
    const auto n = v->get<std::int64_t>();
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
      problems_[name] = kIntRange;
      return std::nullopt;
    }
    return static_cast<int>(n);
  }
  problems_[name] = kNotInteger;
  return std::nullopt;
}

std::optional<long long> JsonFields::rupiah(const std::string& name) {
  const Json* v = present(name);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) {
    const auto n = v->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<long long>::max())) {
      problems_[name] = kRupiahRange;
      return std::nullopt;
    }
    return static_cast<long long>(n);
  }
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (std::trunc(d) != d) {
      problems_[name] = kNotRupiah;
      return std::nullopt;
    }
    if (std::fabs(d) > kMaxExactDouble) {
      problems_[name] = kRupiahRange;
      return std::nullopt;
    }
    return static_cast<long long>(d);
  }
  problems_[name] = kNotRupiah;
  return std::nullopt;
}

std::optional<bool> JsonFields::boolean(const std::string& name) {
  const Json* v = present(name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    problems_[name] = "must be true or false";
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::optional<double>> JsonFields::nullable_number(const std::string& name) {
  const auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<double>{};
  if (!it->is_number()) {
    problems_[name] = "must be a number";
    return std::nullopt;
  }
  return std::optional<double>{it->get<double>()};
}

std::optional<std::string> JsonFields::object_text(const std::string& name) {
  const Json* v = present(name);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    problems_[name] = "must be a JSON object";
    return std::nullopt;
  }
  return v->dump(-1, ' ', false, Json::error_handler_t::replace);
}

void JsonFields::reject_other_fields(const std::set<std::string>& updatable,
                                     const std::set<std::string>& fixed) {
  for (const auto& item : object_.items()) {
    if (updatable.count(item.key())) continue;
    problems_[item.key()] = fixed.count(item.key()) ? "cannot be changed" : "unknown field";
  }
}

void JsonFields::add_problem(const std::string& field, std::string problem) {
  problems_[field] = std::move(problem);
}

std::optional<common::Error> JsonFields::error() const {
  if (problems_.empty()) return std::nullopt;
  return common::Error::invalid("Invalid input", problems_);
}

std::string QueryFields::text(const std::string& name) const {
  const auto it = query_.find(name);
  return it == query_.end() ? std::string{} : it->second;
}

long long QueryFields::positive(const std::string& name, long long fallback, long long max) {
  const auto it = query_.find(name);
  if (it == query_.end()) return fallback;
  const std::string& s = it->second;
  const std::string range = "must be an integer from 1 to " + std::to_string(max);
  bool digits = !s.empty();
  for (const char c : s) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    problems_[name] = range;
    return fallback;
  }
  // Leading zeros aside, more digits than `max` has cannot be in range (and could overflow).
  const auto first = s.find_first_not_of('0');
  const std::string significant = first == std::string::npos ? "0" : s.substr(first);
  if (significant.size() > std::to_string(max).size()) {
    problems_[name] = range;
    return fallback;
  }
  const long long n = std::stoll(significant);
  if (n < 1 || n > max) {
    problems_[name] = range;
    return fallback;
  }
  return n;
}

bool QueryFields::flag(const std::string& name) {
  const auto it = query_.find(name);
  if (it == query_.end()) return false;
  if (it->second == "true" || it->second == "1") return true;
  if (it->second == "false" || it->second == "0") return false;
  problems_[name] = "must be true or false";
  return false;
}

void QueryFields::add_problem(const std::string& field, std::string problem) {
  problems_[field] = std::move(problem);
}

std::optional<common::Error> QueryFields::error() const {
  if (problems_.empty()) return std::nullopt;
  return common::Error::invalid("Invalid query parameters", problems_);
}

}  // namespace janji::http
