#include "core/common/text.hpp"

namespace janji::common {

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace janji::common
