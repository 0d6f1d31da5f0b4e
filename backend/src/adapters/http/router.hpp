#pragma once

#include <string>
#include <vector>

#include "adapters/http/http_types.hpp"

namespace janji::http {

// Method + path-pattern table. Patterns are literal segments and ":name" parameters, e.g.
// "/api/v1/auth/verify-email/:token". Parameters are percent-decoded on match.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, FastHandler fast = {});

  enum class Outcome { kMatched, kMethodNotAllowed, kNotFound };
  struct Match {
    Outcome outcome = Outcome::kNotFound;
    const Handler* handler = nullptr;
    const FastHandler* fast = nullptr;  // null when the route has none
    std::string pattern;                // logged instead of the path, which may carry secrets
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed_methods;  // for 405 and CORS preflight
  };

  Match match(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    FastHandler fast;
  };
  std::vector<Route> routes_;
};

}  // namespace janji::http
