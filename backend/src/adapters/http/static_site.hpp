#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/http_types.hpp"

namespace janji::http {

// The built web app (Vite's dist/) served by `janji serve`, so one process is the whole product.
// The pipeline calls it for requests no route matched. Files are read per request, not cached:
// dist/ is small, the page cache keeps it in memory anyway, production puts nginx in front of
// it, and a `npm run build` while janji runs (even the first one) is picked up without a
// restart.
class StaticSite {
 public:
  // `root` need not exist: while it does not, every page answers a short "not built" page.
  explicit StaticSite(std::filesystem::path root) : root_(std::move(root)) {}

  // Whether `root` is a directory now (serve warns once at start when not).
  bool available() const { return static_cast<bool>(resolved_root()); }
  const std::filesystem::path& root() const { return root_; }

  // The answer to a GET or HEAD outside /api/: the file at the path (precompressed when the
  // client accepts it, 304 when its ETag matches), or index.html for any other page (deep
  // links of the client-side router). nullopt when the request is not the site's (another
  // method, /api/, a path that tries to leave the directory, a missing /assets/ file): the
  // caller answers its JSON 404.
  std::optional<Response> serve(const Request& request) const;

 private:
  // The root with symlinks resolved, when it is a directory; looked up per request.
  std::optional<std::filesystem::path> resolved_root() const;

  std::filesystem::path root_;
};

// "text/html; charset=utf-8" for "index.html", ...; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view file_name);

}  // namespace janji::http
