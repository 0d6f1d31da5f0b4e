#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/http_types.hpp"

namespace janji::http {

// Header value helpers shared with StaticSite: ASCII lower case, and a list split on `sep`
// with spaces and tabs trimmed from each element (empty elements kept).
std::string ascii_lower(std::string_view s);
std::vector<std::string_view> split_trimmed(std::string_view s, char sep);

// Whether an Accept-Encoding value allows `coding` ("gzip", "br"): named with q > 0, or not
// named and "*" allowed (RFC 9110 12.5.3).
bool accepts_coding(std::string_view accept_encoding, std::string_view coding);

// API answers are compressed when the client asks for gzip and the body is large enough to
// gain (a month of availability is ~40 kB of JSON, ~4 kB gzipped). The web app's files come
// precompressed from the build instead (StaticSite). Leaves the response unchanged when it
// already has a Content-Encoding, is small, not JSON, or the client did not ask.
void compress_if_accepted(std::string_view accept_encoding, Response& response);

// Below this a gzip header and the CPU are not worth it.
inline constexpr std::size_t kMinCompressedBodyBytes = 1024;

}  // namespace janji::http
