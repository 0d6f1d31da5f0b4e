#pragma once

#include <functional>

#include "adapters/http/router.hpp"
#include "core/common/clock.hpp"

namespace janji::http {

// GET and PUT /api/v1/test/clock {"offset_seconds": N}: read and move the services' clock in
// end-to-end tests. Registered only when TEST_CLOCK_API is on (never in production); without
// it the paths are the ordinary JSON 404. `moved` runs after each change (the warning log).
void register_test_clock_routes(Router& router, common::OffsetClock& clock,
                                std::function<void(std::chrono::seconds)> moved);

}  // namespace janji::http
