#include "adapters/http/routes/health_routes.hpp"

#include "adapters/http/envelope.hpp"

namespace janji::http {

void register_health_routes(Router& router, ReadinessProbe probe) {
  router.add("GET", "/health", [](Request&) {
    return success(200, Json{{"status", "ok"}, {"version", JANJI_VERSION}});
  });
  router.add("GET", "/ready", [probe = std::move(probe)](Request&) {
    const auto checks = probe();
    bool ready = true;
    Json detail = Json::object();
    for (const auto& [name, ok] : checks) {
      detail[name] = ok ? "ok" : "unavailable";
      ready = ready && ok;
    }
    if (ready) return success(200, Json{{"status", "ready"}, {"checks", detail}});
    return json_response(503, Json{{"success", false},
                                   {"error",
                                    {{"code", "SERVICE_UNAVAILABLE"},
                                     {"message", "A dependency is unavailable"},
                                     {"details", detail}}}});
  });
}

}  // namespace janji::http
