#pragma once

#include <cstddef>
#include <string_view>

namespace janji::common {

// Characters (Unicode code points) in valid UTF-8 text: limits such as "at most 2000
// characters" count what people type, and PostgreSQL's varchar(n) counts the same way.
std::size_t utf8_length(std::string_view text);

}  // namespace janji::common
