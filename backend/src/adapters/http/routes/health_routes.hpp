#pragma once

#include <functional>
#include <map>
#include <string>

#include "adapters/http/router.hpp"

namespace janji::http {

// name -> healthy, e.g. {"database": true, "redis": true}.
using ReadinessProbe = std::function<std::map<std::string, bool>()>;

// GET /health (liveness: the process answers) and GET /ready (dependencies answer).
void register_health_routes(Router& router, ReadinessProbe probe);

}  // namespace janji::http
