// The .env file format, the process environment merged with it, and duration values: the
// text formats configuration arrives in (config.cpp turns them into a Config).
#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/config.hpp"  // declares what this file defines
#include "config/text_scan.hpp"

extern char** environ;  // POSIX: the process environment

namespace janji::config {

using std::chrono::seconds;

tl::expected<std::map<std::string, std::string>, std::string> parse_dotenv(std::string_view text) {
  std::map<std::string, std::string> out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM from some editors
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    // Values are never echoed: a .env line may hold a secret.
    const auto fail = [line_no](std::string what) {
      return tl::unexpected("line " + std::to_string(line_no) + ": " + std::move(what));
    };

    line = trim_left(line);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export") && line.size() > 6 && (line[6] == ' ' || line[6] == '\t')) {
      line = trim_left(line.substr(7));
    }

    std::size_t k = 0;
    while (k < line.size()) {
      const char c = line[k];
      const bool ok =
          c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (k > 0 && is_digit(c));
      if (!ok) break;
      ++k;
    }
    if (k == 0) {
      return fail("expected KEY=VALUE (KEY: letters, digits and _, not starting with a digit)");
    }
    const std::string key(line.substr(0, k));
    std::string_view rest = trim_left(line.substr(k));
    if (rest.empty() || rest.front() != '=') return fail("expected '=' after " + key);
    rest = trim_left(rest.substr(1));

    std::string value;
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
      const char quote = rest.front();
      std::size_t i = 1;
      bool closed = false;
      for (; i < rest.size(); ++i) {
        const char c = rest[i];
        if (c == quote) {
          closed = true;
          break;
        }
        if (quote == '"' && c == '\\' && i + 1 < rest.size()) {
          const char n = rest[++i];
          switch (n) {
            case 'n':
              value += '\n';
              break;
            case 'r':
              value += '\r';
              break;
            case 't':
              value += '\t';
              break;
            case '"':
            case '\\':
              value += n;
              break;
            default:  // unknown escapes stay as written
              value += '\\';
              value += n;
          }
          continue;
        }
        value += c;
      }
      if (!closed) {
        return fail(std::string("unterminated ") + (quote == '"' ? "double" : "single") +
                    "-quoted value for " + key);
      }
      const auto after = trim_left(rest.substr(i + 1));
      if (!after.empty() && after.front() != '#') {
        return fail("unexpected text after the closing quote of " + key);
      }
    } else {
      // An unquoted value ends at a '#' that follows whitespace; "a#b" keeps its '#'.
      std::size_t cut = rest.size();
      for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '#' && (i == 0 || is_space(rest[i - 1]))) {
          cut = i;
          break;
        }
      }
      value = std::string(trim(rest.substr(0, cut)));
    }
    out[key] = std::move(value);
  }
  return out;
}

tl::expected<std::map<std::string, std::string>, std::string> gather_environment(
    const std::filesystem::path& dotenv_path) {
  std::map<std::string, std::string> merged;
  std::error_code ec;
  const bool exists = std::filesystem::exists(dotenv_path, ec);
  if (ec) return tl::unexpected(dotenv_path.string() + ": cannot be checked: " + ec.message());
  if (exists) {
    if (!std::filesystem::is_regular_file(dotenv_path, ec)) {
      return tl::unexpected(dotenv_path.string() + ": not a regular file");
    }
    std::ifstream file(dotenv_path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    if (!file) return tl::unexpected(dotenv_path.string() + ": cannot be read");
    auto parsed = parse_dotenv(content.str());
    if (!parsed) return tl::unexpected(dotenv_path.string() + ": " + parsed.error());
    merged = std::move(*parsed);
  }
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view kv(*entry);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    merged[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
  }
  return merged;
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  // 100 years: anything larger is a typo, and it keeps the arithmetic far from overflow.
  constexpr std::int64_t kMaxSeconds = 100LL * 365 * 24 * 3600;
  constexpr std::size_t kMaxDigits = 12;
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), is_digit)) {
    if (text.size() > kMaxDigits) return std::nullopt;
    const auto n = parse_int(text);
    if (!n || *n > kMaxSeconds) return std::nullopt;
    return seconds(*n);
  }
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == start || i - start > kMaxDigits || i == text.size()) return std::nullopt;
    const auto n = parse_int(text.substr(start, i - start));
    std::int64_t unit = 0;
    switch (text[i++]) {
      case 'h':
        unit = 3600;
        break;
      case 'm':
        unit = 60;
        break;
      case 's':
        unit = 1;
        break;
      default:
        return std::nullopt;
    }
    if (!n) return std::nullopt;
    total += *n * unit;
    if (total > kMaxSeconds) return std::nullopt;
  }
  return seconds(total);
}

}  // namespace janji::config
