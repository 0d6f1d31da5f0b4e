#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/problems.hpp"
#include "core/common/clock.hpp"
#include "core/common/wall_time.hpp"

namespace janji::http {

// Which end of a range a time of day is: 24:00 (end of day) is only an end.
enum class TimeBound { kStart, kEnd };

// Typed readers over a JSON object body. Each returns nullopt when the field is absent (or
// null, for fields that cannot be cleared) or unusable, and records the problem in the
// request's Problems instead of failing, so one 400 lists every problem. A required text field
// (date, time, instant, UUID, enum) that is "" counts as missing. Domain rules (ranges that
// depend on stored values, lengths, time zones) stay in the core.
class JsonFields {
 public:
  JsonFields(const Json& object, Problems& problems) : object_(object), problems_(problems) {}

  // Any string, "" included; required means present and not null.
  std::optional<std::string> string(const std::string& name,
                                    Presence presence = Presence::kOptional);
  // Absent -> nullopt; null -> a nullopt inside (clear the value).
  std::optional<std::optional<std::string>> nullable_string(const std::string& name);
  // A JSON integer that fits in int; floats (even 5.0), strings and bools are refused.
  std::optional<int> integer(const std::string& name, Presence presence = Presence::kOptional);
  // An integer from `min` to `max`; `problem` (default "must be an integer from min to max")
  // for anything else.
  std::optional<int> integer_in(const std::string& name, int min, int max,
                                Presence presence = Presence::kOptional,
                                std::string_view problem = {});
  // Whole rupiah: a JSON integer, or a float with no fractional part (150000.0).
  std::optional<long long> rupiah(const std::string& name);
  std::optional<bool> boolean(const std::string& name, Presence presence = Presence::kOptional);
  std::optional<std::optional<double>> nullable_number(const std::string& name);
  // A JSON object, returned as its compact text (how it is stored).
  std::optional<std::string> object_text(const std::string& name);

  // "YYYY-MM-DD" naming a real day.
  std::optional<common::Date> date(const std::string& name,
                                   Presence presence = Presence::kOptional);
  // "HH:MM" as minutes since midnight: 00:00..23:59 for a start, up to 24:00 for an end.
  std::optional<int> time_of_day(const std::string& name, TimeBound bound,
                                 Presence presence = Presence::kOptional);
  // The same, where null clears the value (whole-day exceptions).
  std::optional<std::optional<int>> nullable_time_of_day(const std::string& name, TimeBound bound);
  // RFC 3339 with "Z" or a numeric offset.
  std::optional<common::Instant> instant(const std::string& name,
                                         Presence presence = Presence::kOptional);
  // The canonical 8-4-4-4-12 hex form.
  std::optional<std::string> uuid(const std::string& name, Presence presence = Presence::kOptional);
  // One of `allowed`, exactly.
  std::optional<std::string> one_of(const std::string& name,
                                    std::initializer_list<std::string_view> allowed,
                                    Presence presence = Presence::kOptional);

  // Records a problem for every field outside `updatable`: "cannot be changed" for those in
  // `fixed`, "unknown field" for the rest.
  void reject_other_fields(const std::set<std::string>& updatable,
                           const std::set<std::string>& fixed);

 private:
  // The field's value, or null when absent or JSON null (recording "is required" if needed).
  const Json* present(const std::string& name, Presence presence);
  // The field's string, or null (absent, null, not a string, or "" when required).
  const std::string* text(const std::string& name, Presence presence);

  const Json& object_;
  Problems& problems_;
};

// Query-string readers. A parameter given empty ("?from=") counts as absent; one that is
// present but unusable records a problem.
class QueryFields {
 public:
  QueryFields(const std::map<std::string, std::string>& query, Problems& problems)
      : query_(query), problems_(problems) {}

  std::string text(const std::string& name) const;  // "" when absent
  // Digits only, 1..max; `fallback` when absent.
  long long positive(const std::string& name, long long fallback, long long max);
  // "true"/"false" (also "1"/"0"); false when absent.
  bool flag(const std::string& name);

  std::optional<common::Date> date(const std::string& name,
                                   Presence presence = Presence::kOptional);
  std::optional<int> time_of_day(const std::string& name, TimeBound bound,
                                 Presence presence = Presence::kOptional);
  std::optional<common::Instant> instant(const std::string& name,
                                         Presence presence = Presence::kOptional);
  std::optional<std::string> uuid(const std::string& name, Presence presence = Presence::kOptional);
  std::optional<std::string> one_of(const std::string& name,
                                    std::initializer_list<std::string_view> allowed,
                                    Presence presence = Presence::kOptional);
  // At most `max_length` characters (UTF-8 code points); "" when absent.
  std::string bounded_text(const std::string& name, std::size_t max_length);

 private:
  // The parameter's value, or null when absent or empty (recording "is required" if needed).
  const std::string* value(const std::string& name, Presence presence);

  const std::map<std::string, std::string>& query_;
  Problems& problems_;
};

}  // namespace janji::http
