#pragma once

#include <nlohmann/json.hpp>

#include "adapters/http/router.hpp"
#include "core/auth/auth_service.hpp"
#include "core/availability/schedule_service.hpp"
#include "core/providers/catalog_service.hpp"

namespace janji::http {

// /api/v1/providers (list, detail, create, update, delete) and
// /api/v1/providers/:provider_id/services (list, create, update, delete).
void register_provider_routes(Router& router, auth::AuthService& auth,
                              providers::CatalogService& catalog,
                              availability::ScheduleService& schedules);

// The public JSON forms, shared with the booking routes.
nlohmann::json provider_json(const providers::Provider& provider);
nlohmann::json service_json(const providers::Service& service);

}  // namespace janji::http
