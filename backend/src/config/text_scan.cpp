#include "config/text_scan.hpp"

#include <charconv>
#include <system_error>

namespace janji::config {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kWhitespace);
  return s.substr(first, last - first + 1);
}

std::string_view trim_left(std::string_view s) {
  const auto first = s.find_first_not_of(kWhitespace);
  return first == std::string_view::npos ? std::string_view{} : s.substr(first);
}

bool is_space(char c) { return kWhitespace.find(c) != std::string_view::npos; }
bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return v;
}

}  // namespace janji::config
