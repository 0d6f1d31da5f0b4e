#include "adapters/http/static_site.hpp"

#include "adapters/http/content_coding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

namespace janji::http {

namespace fs = std::filesystem;

namespace {

// A Vite React build has no inline scripts; Radix and Tailwind set inline styles.
constexpr const char* kHtmlPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'";
// Hashed file names never change content: a year, and no revalidation.
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
// Everything else (index.html above all) is checked against its ETag on every use, so a new
// build is seen at once.
constexpr const char* kRevalidate = "no-cache";

constexpr const char* kNotBuiltPage =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>Janji: web app not built</title></head>\n<body>"
    "<h1>The Janji web app is not built</h1>"
    "<p>The API is running under <code>/api/v1</code>, but there is no built web app in "
    "<code>WEB_DIR</code>.</p>"
    "<p>Build it with <code>scripts/run.sh</code> (or <code>cd frontend &amp;&amp; npm ci "
    "&amp;&amp; npm run build</code>), or point <code>WEB_DIR</code> at a built "
    "<code>dist/</code> directory, then reload this page.</p></body></html>\n";

// If-None-Match lists ETags (weak or strong, compared weakly for GET: RFC 9110 13.1.2) or "*".
bool etag_matches(std::string_view header, const std::string& etag) {
  for (auto candidate : split_trimmed(header, ',')) {
    if (candidate == "*") return true;
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == etag) return true;
  }
  return false;
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

bool is_regular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The file `relative` names under the (canonical) `root`, when it resolves, symlinks
// followed, to somewhere inside it.
std::optional<fs::path> inside(const fs::path& root, const fs::path& relative) {
  std::error_code ec;
  auto resolved = fs::canonical(root / relative, ec);
  if (ec) return std::nullopt;
  const auto [root_end, unused] =
      std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  if (root_end != root.end()) return std::nullopt;
  return resolved;
}

// The answer for an existing regular `file` inside `root`.
Response file_response(const Request& request, const fs::path& root, const fs::path& file,
                       bool immutable);

Response not_built() {
  Response r;
  r.status = 404;
  r.set_header("Content-Type", "text/html; charset=utf-8");
  r.set_header("Cache-Control", kRevalidate);
  r.set_header("Content-Security-Policy", kHtmlPolicy);
  r.set_header("Referrer-Policy", "same-origin");
  r.body = kNotBuiltPage;
  return r;
}

// The file vanished or turned unreadable between the look-up and the read (a rebuild).
Response unreadable() {
  Response r;
  r.status = 503;
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  r.set_header("Retry-After", "1");
  r.body = "The file could not be read; try again.\n";
  return r;
}

}  // namespace

std::string_view content_type_for(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json; charset=utf-8"},
      {".xml", "application/xml"},
  }};
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const auto ext = ascii_lower(file_name.substr(dot));
  for (const auto& [suffix, type] : kTypes) {
    if (suffix == ext) return type;
  }
  return "application/octet-stream";
}

std::optional<fs::path> StaticSite::resolved_root() const {
  std::error_code ec;
  auto canonical = fs::canonical(root_, ec);
  if (ec || !fs::is_directory(canonical, ec) || ec) return std::nullopt;
  return canonical;
}

std::optional<Response> StaticSite::serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  const std::string& raw = request.path;
  if (raw.empty() || raw.front() != '/') return std::nullopt;
  // Encoded separators have no place in a file path; they only ever try to sneak one past us.
  const auto raw_lower = ascii_lower(raw);
  if (raw_lower.find("%2f") != std::string::npos || raw_lower.find("%5c") != std::string::npos) {
    return std::nullopt;
  }
  const auto decoded = percent_decode(raw);
  if (!decoded) return std::nullopt;
  const std::string& path = *decoded;
  if (path == "/api" || path.starts_with("/api/") || raw_lower.starts_with("/api/")) {
    return std::nullopt;
  }
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
    return std::nullopt;
  }
  fs::path relative;
  for (const auto segment : split_trimmed(std::string_view(path).substr(1), '/')) {
    if (segment == ".." || segment == ".") return std::nullopt;
    if (!segment.empty()) relative /= std::string(segment);
  }
  const auto root = resolved_root();
  if (!root) return not_built();

  const bool asset = path.starts_with("/assets/");
  if (!relative.empty()) {
    if (const auto file = inside(*root, relative)) {
      if (is_regular(*file)) return file_response(request, *root, *file, asset);
    } else {
      std::error_code ec;
      // It exists but resolves outside the root (a symlink out): not ours to show.
      if (fs::symlink_status(*root / relative, ec).type() != fs::file_type::not_found) {
        return std::nullopt;
      }
    }
    // A missing hashed asset must not turn into index.html: the browser would run HTML as a
    // script and the real cause (an old index.html) would be hidden.
    if (asset) return std::nullopt;
  }
  // "/", a directory (never listed) or a page of the client-side router.
  const auto index = inside(*root, "index.html");
  if (!index || !is_regular(*index)) return not_built();
  return file_response(request, *root, *index, false);
}

namespace {

Response file_response(const Request& request, const fs::path& root, const fs::path& file,
                       bool immutable) {
  const std::string name = file.filename().string();
  const std::string_view type = content_type_for(name);

  // Precompressed siblings written by the front-end build; brotli first, it is smaller.
  fs::path chosen = file;
  std::string encoding;
  bool has_variants = false;
  const auto accept_encoding = request.header("accept-encoding").value_or("");
  for (const char* coding : {"br", "gzip"}) {
    const std::string suffix = std::string(".") + (std::string_view(coding) == "br" ? "br" : "gz");
    const auto variant = inside(root, fs::relative(file, root).string() + suffix);
    if (!variant || !is_regular(*variant)) continue;
    has_variants = true;
    if (encoding.empty() && accepts_coding(accept_encoding, coding)) {
      chosen = *variant;
      encoding = coding;
    }
  }

  std::error_code ec;
  const auto size = fs::file_size(chosen, ec);
  const auto modified = ec ? fs::file_time_type{} : fs::last_write_time(chosen, ec);
  if (ec) return unreadable();

  Response r;
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx%s%s\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(modified.time_since_epoch().count()),
                encoding.empty() ? "" : "-", encoding.c_str());
  r.set_header("ETag", etag);
  r.set_header("Cache-Control", immutable ? kImmutable : kRevalidate);
  if (has_variants) r.set_header("Vary", "Accept-Encoding");
  if (type.starts_with("text/html")) {
    r.set_header("Content-Security-Policy", kHtmlPolicy);
    // Reset and verification tokens travel in page URLs: never send them to another site.
    r.set_header("Referrer-Policy", "same-origin");
  }
  if (const auto inm = request.header("if-none-match"); inm && etag_matches(*inm, etag)) {
    r.status = 304;
    return r;
  }
  auto body = read_file(chosen);
  if (!body) return unreadable();
  r.status = 200;
  r.set_header("Content-Type", std::string(type));
  if (!encoding.empty()) r.set_header("Content-Encoding", encoding);
  r.body = std::move(*body);
  return r;
}

}  // namespace

}  // namespace janji::http
