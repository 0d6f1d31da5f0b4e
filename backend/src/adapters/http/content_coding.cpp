#include "adapters/http/content_coding.hpp"

#include <zlib.h>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace janji::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split_trimmed(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const auto at = s.find(sep);
    out.push_back(trim(s.substr(0, at)));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

namespace {

// The q-value of an Accept-Encoding element ("gzip;q=0.5"): 1 when absent, 0 when malformed
// (RFC 9110 12.4.2: a weight outside 0..1 is not one we can honour).
double weight_of(const std::vector<std::string_view>& parts) {
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string_view::npos || ascii_lower(trim(parts[i].substr(0, eq))) != "q") continue;
    const std::string value(trim(parts[i].substr(eq + 1)));
    try {
      std::size_t used = 0;
      const double q = std::stod(value, &used);
      return used == value.size() && q >= 0 && q <= 1 ? q : 0;
    } catch (...) {
      return 0;
    }
  }
  return 1;
}

// gzip (RFC 1952) of `in` at a fast level: the answer is small and per request, level 1 keeps
// it well under a millisecond. nullopt if zlib fails (the body then goes uncompressed).
std::optional<std::string> gzip(std::string_view in) {
  z_stream zs{};
  constexpr int kGzipWindowBits = 15 + 16;  // 16: a gzip header and trailer, not zlib's
  if (deflateInit2(&zs, 1, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const auto written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

}  // namespace

bool accepts_coding(std::string_view accept_encoding, std::string_view coding) {
  std::optional<double> named;
  std::optional<double> any;
  for (const auto element : split_trimmed(accept_encoding, ',')) {
    if (element.empty()) continue;
    const auto parts = split_trimmed(element, ';');
    const auto name = ascii_lower(parts.front());
    if (name == coding) named = weight_of(parts);
    if (name == "*") any = weight_of(parts);
  }
  if (named) return *named > 0;
  return any && *any > 0;
}

void compress_if_accepted(std::string_view accept_encoding, Response& response) {
  if (response.body.size() < kMinCompressedBodyBytes || response.header("Content-Encoding")) {
    return;
  }
  const auto type = response.header("Content-Type");
  if (!type || type->find("json") == std::string::npos) return;
  // Whatever the decision below, the answer depends on Accept-Encoding from here on.
  const auto vary = response.header("Vary");
  if (!vary || ascii_lower(*vary).find("accept-encoding") == std::string::npos) {
    response.set_header("Vary", vary ? *vary + ", Accept-Encoding" : "Accept-Encoding");
  }
  if (!accepts_coding(accept_encoding, "gzip")) return;
  auto packed = gzip(response.body);
  if (!packed || packed->size() >= response.body.size()) return;
  response.body = std::move(*packed);
  response.set_header("Content-Encoding", "gzip");
}

}  // namespace janji::http
