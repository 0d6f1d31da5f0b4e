#include "adapters/http/routes/json_fields.hpp"

#include <cmath>
#include <limits>

#include "core/common/crypto.hpp"
#include "core/common/text.hpp"

namespace janji::http {

namespace {

constexpr const char* kNotString = "must be a string";
constexpr const char* kNotInteger = "must be an integer";
constexpr const char* kIntRange = "must be an integer from -2147483648 to 2147483647";
constexpr const char* kNotRupiah = "must be a whole number of rupiah";
constexpr const char* kRupiahRange = "must be a whole number of rupiah from 0 to 9999999999";
// Beyond 2^53 a double no longer holds every whole number: refuse rather than round.
constexpr double kMaxExactDouble = 9007199254740992.0;
constexpr const char* kNotDate = "must be a date YYYY-MM-DD";
constexpr const char* kNotStartTime = "must be a time HH:MM between 00:00 and 23:59";
constexpr const char* kNotEndTime = "must be a time HH:MM between 00:00 and 24:00";
constexpr const char* kNotInstant =
    "must be an RFC 3339 date-time with Z or an offset, e.g. 2027-03-14T09:30:00+07:00";
constexpr const char* kNotUuid = "must be a UUID";

// The wire forms shared by body and query readers: each parses text or records its problem.
std::optional<common::Date> read_date(const std::string& text, const std::string& name,
                                      Problems& problems, FieldSource source) {
  auto d = common::parse_date(text);
  if (!d) problems.invalid(name, kNotDate, source);
  return d;
}

std::optional<int> read_time(const std::string& text, TimeBound bound, const std::string& name,
                             Problems& problems, FieldSource source) {
  auto t = common::parse_time_of_day(text);
  if (t && bound == TimeBound::kStart && *t >= common::kMinutesPerDay) t.reset();
  if (!t) problems.invalid(name, bound == TimeBound::kStart ? kNotStartTime : kNotEndTime, source);
  return t;
}

std::optional<common::Instant> read_instant(const std::string& text, const std::string& name,
                                            Problems& problems, FieldSource source) {
  auto t = common::parse_rfc3339(text);
  if (!t) problems.invalid(name, kNotInstant, source);
  return t;
}

std::optional<std::string> read_uuid(const std::string& text, const std::string& name,
                                     Problems& problems, FieldSource source) {
  if (common::is_uuid(text)) return text;
  problems.invalid(name, kNotUuid, source);
  return std::nullopt;
}

std::optional<std::string> read_one_of(const std::string& text,
                                       std::initializer_list<std::string_view> allowed,
                                       const std::string& name, Problems& problems,
                                       FieldSource source) {
  std::string list;
  for (const auto a : allowed) {
    if (a == text) return text;
    if (!list.empty()) list += ", ";
    list += a;
  }
  problems.invalid(name, "must be one of " + list, source);
  return std::nullopt;
}

}  // namespace

const Json* JsonFields::present(const std::string& name, Presence presence) {
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    if (presence == Presence::kRequired) problems_.missing(name);
    return nullptr;
  }
  return &*it;
}

const std::string* JsonFields::text(const std::string& name, Presence presence) {
  const Json* v = present(name, presence);
  if (!v) return nullptr;
  if (!v->is_string()) {
    problems_.invalid(name, kNotString);
    return nullptr;
  }
  const auto* s = v->get_ptr<const std::string*>();
  if (s->empty() && presence == Presence::kRequired) {
    problems_.missing(name);
    return nullptr;
  }
  return s;
}

std::optional<std::string> JsonFields::string(const std::string& name, Presence presence) {
  const Json* v = present(name, presence);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    problems_.invalid(name, kNotString);
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::optional<std::string>> JsonFields::nullable_string(const std::string& name) {
  const auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) {
    problems_.invalid(name, kNotString);
    return std::nullopt;
  }
  return std::optional<std::string>{it->get<std::string>()};
}

std::optional<int> JsonFields::integer(const std::string& name, Presence presence) {
  const Json* v = present(name, presence);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) {
    const auto n = v->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      problems_.invalid(name, kIntRange);
      return std::nullopt;
    }
    return static_cast<int>(n);
  }
  if (v->is_number_integer()) {
    const auto n = v->get<std::int64_t>();
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
      problems_.invalid(name, kIntRange);
      return std::nullopt;
    }
    return static_cast<int>(n);
  }
  problems_.invalid(name, kNotInteger);
  return std::nullopt;
}

std::optional<long long> JsonFields::rupiah(const std::string& name) {
  const Json* v = present(name, Presence::kOptional);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) {
    const auto n = v->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<long long>::max())) {
      problems_.invalid(name, kRupiahRange);
      return std::nullopt;
    }
    return static_cast<long long>(n);
  }
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (std::trunc(d) != d) {
      problems_.invalid(name, kNotRupiah);
      return std::nullopt;
    }
    if (std::fabs(d) > kMaxExactDouble) {
      problems_.invalid(name, kRupiahRange);
      return std::nullopt;
    }
    return static_cast<long long>(d);
  }
  problems_.invalid(name, kNotRupiah);
  return std::nullopt;
}

std::optional<bool> JsonFields::boolean(const std::string& name, Presence presence) {
  const Json* v = present(name, presence);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    problems_.invalid(name, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::optional<double>> JsonFields::nullable_number(const std::string& name) {
  const auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<double>{};
  if (!it->is_number()) {
    problems_.invalid(name, "must be a number");
    return std::nullopt;
  }
  return std::optional<double>{it->get<double>()};
}

std::optional<std::string> JsonFields::object_text(const std::string& name) {
  const Json* v = present(name, Presence::kOptional);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    problems_.invalid(name, "must be a JSON object");
    return std::nullopt;
  }
  return v->dump(-1, ' ', false, Json::error_handler_t::replace);
}

void JsonFields::reject_other_fields(const std::set<std::string>& updatable,
                                     const std::set<std::string>& fixed) {
  for (const auto& item : object_.items()) {
    if (updatable.count(item.key())) continue;
    problems_.invalid(item.key(), fixed.count(item.key()) ? "cannot be changed" : "unknown field");
  }
}

std::optional<int> JsonFields::integer_in(const std::string& name, int min, int max,
                                          Presence presence, std::string_view problem) {
  const auto range = [&] {
    return problem.empty()
               ? "must be an integer from " + std::to_string(min) + " to " + std::to_string(max)
               : std::string(problem);
  };
  const Json* v = present(name, presence);
  if (!v) return std::nullopt;
  long long n = 0;
  bool ok = true;
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    ok = u <= static_cast<std::uint64_t>(max);
    n = ok ? static_cast<long long>(u) : 0;
  } else if (v->is_number_integer()) {
    n = v->get<std::int64_t>();
  } else {
    ok = false;  // floats (even 5.0), strings, bools
  }
  if (!ok || n < min || n > max) {
    problems_.invalid(name, range());
    return std::nullopt;
  }
  return static_cast<int>(n);
}

std::optional<common::Date> JsonFields::date(const std::string& name, Presence presence) {
  const std::string* s = text(name, presence);
  return s ? read_date(*s, name, problems_, FieldSource::kBody) : std::nullopt;
}

std::optional<int> JsonFields::time_of_day(const std::string& name, TimeBound bound,
                                           Presence presence) {
  const std::string* s = text(name, presence);
  return s ? read_time(*s, bound, name, problems_, FieldSource::kBody) : std::nullopt;
}

std::optional<std::optional<int>> JsonFields::nullable_time_of_day(const std::string& name,
                                                                   TimeBound bound) {
  const auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<int>{};
  const std::string* s = text(name, Presence::kOptional);
  if (!s) return std::nullopt;
  auto t = read_time(*s, bound, name, problems_, FieldSource::kBody);
  if (!t) return std::nullopt;
  return std::optional<int>{*t};
}

std::optional<common::Instant> JsonFields::instant(const std::string& name, Presence presence) {
  const std::string* s = text(name, presence);
  return s ? read_instant(*s, name, problems_, FieldSource::kBody) : std::nullopt;
}

std::optional<std::string> JsonFields::uuid(const std::string& name, Presence presence) {
  const std::string* s = text(name, presence);
  return s ? read_uuid(*s, name, problems_, FieldSource::kBody) : std::nullopt;
}

std::optional<std::string> JsonFields::one_of(const std::string& name,
                                              std::initializer_list<std::string_view> allowed,
                                              Presence presence) {
  const std::string* s = text(name, presence);
  return s ? read_one_of(*s, allowed, name, problems_, FieldSource::kBody) : std::nullopt;
}

const std::string* QueryFields::value(const std::string& name, Presence presence) {
  const auto it = query_.find(name);
  if (it == query_.end() || it->second.empty()) {
    if (presence == Presence::kRequired) problems_.missing(name, FieldSource::kQuery);
    return nullptr;
  }
  return &it->second;
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
    problems_.invalid(name, range, FieldSource::kQuery);
    return fallback;
  }
  // Leading zeros aside, more digits than `max` has cannot be in range (and could overflow).
  const auto first = s.find_first_not_of('0');
  const std::string significant = first == std::string::npos ? "0" : s.substr(first);
  if (significant.size() > std::to_string(max).size()) {
    problems_.invalid(name, range, FieldSource::kQuery);
    return fallback;
  }
  const long long n = std::stoll(significant);
  if (n < 1 || n > max) {
    problems_.invalid(name, range, FieldSource::kQuery);
    return fallback;
  }
  return n;
}

bool QueryFields::flag(const std::string& name) {
  const auto it = query_.find(name);
  if (it == query_.end()) return false;
  if (it->second == "true" || it->second == "1") return true;
  if (it->second == "false" || it->second == "0") return false;
  problems_.invalid(name, "must be true or false", FieldSource::kQuery);
  return false;
}

std::optional<common::Date> QueryFields::date(const std::string& name, Presence presence) {
  const std::string* s = value(name, presence);
  return s ? read_date(*s, name, problems_, FieldSource::kQuery) : std::nullopt;
}

std::optional<int> QueryFields::time_of_day(const std::string& name, TimeBound bound,
                                            Presence presence) {
  const std::string* s = value(name, presence);
  return s ? read_time(*s, bound, name, problems_, FieldSource::kQuery) : std::nullopt;
}

std::optional<common::Instant> QueryFields::instant(const std::string& name, Presence presence) {
  const std::string* s = value(name, presence);
  return s ? read_instant(*s, name, problems_, FieldSource::kQuery) : std::nullopt;
}

std::optional<std::string> QueryFields::uuid(const std::string& name, Presence presence) {
  const std::string* s = value(name, presence);
  return s ? read_uuid(*s, name, problems_, FieldSource::kQuery) : std::nullopt;
}

std::optional<std::string> QueryFields::one_of(const std::string& name,
                                               std::initializer_list<std::string_view> allowed,
                                               Presence presence) {
  const std::string* s = value(name, presence);
  return s ? read_one_of(*s, allowed, name, problems_, FieldSource::kQuery) : std::nullopt;
}

std::string QueryFields::bounded_text(const std::string& name, std::size_t max_length) {
  std::string s = text(name);
  if (common::utf8_length(s) > max_length) {
    problems_.invalid(name, "must be at most " + std::to_string(max_length) + " characters",
                      FieldSource::kQuery);
    return {};
  }
  return s;
}

}  // namespace janji::http
