#include "adapters/http/routes/test_clock_routes.hpp"

#include <utility>

#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/json_fields.hpp"

namespace janji::http {

namespace {

// The same bound as CLOCK_OFFSET_SECONDS: ten years either way.
constexpr int kMaxOffsetSeconds = 10 * 366 * 24 * 3600;

Json clock_json(const common::OffsetClock& clock) {
  return Json{{"offset_seconds", clock.offset().count()},
              {"now", common::format_instant(clock.now())}};
}

}  // namespace

void register_test_clock_routes(Router& router, common::OffsetClock& clock,
                                std::function<void(std::chrono::seconds)> moved) {
  router.add("GET", "/api/v1/test/clock",
             [&clock](Request&) { return success(200, clock_json(clock)); });
  router.add("PUT", "/api/v1/test/clock", [&clock, moved = std::move(moved)](Request& request) {
    auto body = parse_json_object(request);
    if (!body) return error_response(body.error());
    Problems problems;
    JsonFields fields(*body, problems);
    fields.reject_other_fields({"offset_seconds"}, {});
    const auto offset = fields.integer_in("offset_seconds", -kMaxOffsetSeconds, kMaxOffsetSeconds,
                                          Presence::kRequired);
    if (auto e = problems.error()) return error_response(*e);
    clock.set_offset(std::chrono::seconds{*offset});
    if (moved) moved(std::chrono::seconds{*offset});
    return success(200, clock_json(clock));
  });
}

}  // namespace janji::http
