#include "adapters/http/router.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace janji::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, FastHandler fast) {
  std::vector<std::string> segments;
  for (const auto segment : split_path(pattern)) segments.emplace_back(segment);
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments),
                          std::move(handler), std::move(fast)});
}

Router::Match Router::match(const std::string& method, const std::string& raw_path) const {
  Match result;
  const auto segments = split_path(raw_path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    // Literal segments first: parameters are decoded (allocating) only for a route that fits.
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      ok = (!want.empty() && want.front() == ':') || want == segments[i];
    }
    if (!ok) continue;
    std::map<std::string, std::string> params;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want.empty() || want.front() != ':') continue;
      auto decoded = percent_decode(segments[i]);
      if (!decoded) {
        ok = false;
      } else {
        params[want.substr(1)] = std::move(*decoded);
      }
    }
    if (!ok) continue;
    if (route.method == method) {
      result.outcome = Outcome::kMatched;
      result.handler = &route.handler;
      if (route.fast) result.fast = &route.fast;
      result.pattern = route.pattern;
      result.params = std::move(params);
      return result;
    }
    if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), route.method) ==
        result.allowed_methods.end()) {
      result.allowed_methods.push_back(route.method);
    }
  }
  result.outcome = result.allowed_methods.empty() ? Outcome::kNotFound : Outcome::kMethodNotAllowed;
  return result;
}

}  // namespace janji::http
