#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/availability/availability_service.hpp"
#include "core/availability/schedule_service.hpp"

namespace janji::http {

// Under /api/v1/providers/:provider_id: schedules and exceptions (owner or admin) and the
// public availability query (one date, or a start_date..end_date range).
void register_availability_routes(Router& router, auth::AuthService& auth,
                                  availability::ScheduleService& schedules,
                                  availability::AvailabilityService& availability);

nlohmann::json schedule_json(const availability::Schedule& schedule);
nlohmann::json exception_json(const availability::ScheduleException& exception);

}  // namespace janji::http
