#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace janji::config {

// The small text scanners configuration parsing shares (config.cpp, dotenv.cpp).
inline constexpr std::string_view kWhitespace = " \t\r\n\v\f";

std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
bool is_space(char c);
bool is_control(char c);
bool is_digit(char c);
// A whole decimal integer, nothing before or after; nullopt otherwise.
std::optional<std::int64_t> parse_int(std::string_view s);

}  // namespace janji::config
