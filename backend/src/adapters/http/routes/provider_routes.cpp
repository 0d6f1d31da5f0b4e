#include "adapters/http/routes/provider_routes.hpp"

#include <set>

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/availability_routes.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/http/routes/path_ids.hpp"

namespace janji::http {

namespace {

// A page number beyond any real catalogue; keeps OFFSET arithmetic far from overflow.
constexpr long long kMaxPage = 1'000'000;

const std::set<std::string> kUpdatableProviderFields = {
    "business_name",      "business_type",
    "description",        "address",
    "latitude",           "longitude",
    "pricing_info",       "is_active",
    "timezone",           "slot_interval_minutes",
    "min_notice_minutes", "max_advance_days",
    "requires_payment"};
const std::set<std::string> kFixedProviderFields = {"id", "user_id", "created_at", "updated_at"};

Json nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }
Json nullable(const std::optional<double>& d) { return d ? Json(*d) : Json(nullptr); }

const auth::Principal* viewer_of(const std::optional<auth::Principal>& p) {
  return p ? &*p : nullptr;
}

const std::initializer_list<std::string_view> kBusinessTypes = {"doctor", "salon", "consultant",
                                                                "studio"};

// The provider fields a create (name and type required) or update body may carry.
providers::ProviderFields read_provider_fields(JsonFields& f, Presence presence) {
  providers::ProviderFields out;
  out.business_name = f.string("business_name", presence);
  out.business_type = f.one_of("business_type", kBusinessTypes, presence);
  out.description = f.nullable_string("description");
  out.address = f.nullable_string("address");
  out.latitude = f.nullable_number("latitude");
  out.longitude = f.nullable_number("longitude");
  out.pricing_info = f.object_text("pricing_info");
  out.is_active = f.boolean("is_active");
  out.timezone = f.string("timezone");
  out.slot_interval_minutes = f.integer("slot_interval_minutes");
  out.min_notice_minutes = f.integer("min_notice_minutes");
  out.max_advance_days = f.integer("max_advance_days");
  out.requires_payment = f.boolean("requires_payment");
  return out;
}

// The service fields a create (name and duration required) or update body may carry.
providers::ServiceFields read_service_fields(JsonFields& f, Presence presence) {
  providers::ServiceFields out;
  out.name = f.string("name", presence);
  out.description = f.nullable_string("description");
  out.duration = f.integer("duration", presence);
  out.price = f.rupiah("price");
  out.buffer_before_minutes = f.integer("buffer_before_minutes");
  out.buffer_after_minutes = f.integer("buffer_after_minutes");
  out.is_active = f.boolean("is_active");
  return out;
}

Json services_json(const std::vector<providers::Service>& services) {
  Json out = Json::array();
  for (const auto& s : services) out.push_back(service_json(s));
  return out;
}

using providers::CatalogService;

Response create_provider(CatalogService& catalog, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  const auto fields = read_provider_fields(f, Presence::kRequired);
  // Only an admin may name the owner; the core refuses it for anyone else.
  const auto owner = f.uuid("user_id");
  if (auto e = problems.error()) return error_response(*e);
  auto created = catalog.create_provider(*request.principal, owner, fields);
  if (!created) return error_response(created.error());
  return success(201, Json{{"provider", provider_json(*created)}});
}

Response update_provider(CatalogService& catalog, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  f.reject_other_fields(kUpdatableProviderFields, kFixedProviderFields);
  const auto fields = read_provider_fields(f, Presence::kOptional);
  if (auto e = problems.error()) return error_response(*e);
  auto updated = catalog.update_provider(*request.principal, request.param("id"), fields);
  if (!updated) return error_response(updated.error());
  return success(200, Json{{"provider", provider_json(*updated)}});
}

Response delete_provider(CatalogService& catalog, Request& request) {
  auto deleted = catalog.delete_provider(*request.principal, request.param("id"));
  if (!deleted) return error_response(deleted.error());
  return message_only(200, "Provider deleted");
}

Response create_service(CatalogService& catalog, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  const auto fields = read_service_fields(f, Presence::kRequired);
  if (auto e = problems.error()) return error_response(*e);
  auto created = catalog.create_service(*request.principal, request.param("provider_id"), fields);
  if (!created) return error_response(created.error());
  return success(201, Json{{"service", service_json(*created)}});
}

Response update_service(CatalogService& catalog, Request& request) {
  auto body = parse_json_object(request);
  if (!body) return error_response(body.error());
  Problems problems;
  JsonFields f(*body, problems);
  const auto fields = read_service_fields(f, Presence::kOptional);
  if (auto e = problems.error()) return error_response(*e);
  auto updated = catalog.update_service(*request.principal, request.param("provider_id"),
                                        request.param("id"), fields);
  if (!updated) return error_response(updated.error());
  return success(200, Json{{"service", service_json(*updated)}});
}

Response delete_service(CatalogService& catalog, Request& request) {
  auto deleted =
      catalog.delete_service(*request.principal, request.param("provider_id"), request.param("id"));
  if (!deleted) return error_response(deleted.error());
  return message_only(200, "Service deleted");
}

void add_catalog_routes(Router& router, auth::AuthService& auth, CatalogService& catalog,
                        availability::ScheduleService& schedules) {
  const std::string providers_path = "/api/v1/providers";
  const std::string services_path = providers_path + "/:provider_id/services";
  const PathId provider{"id", providers::provider_not_found()};
  const PathId owner_of_service{"provider_id", providers::provider_not_found()};
  const PathId service{"id", providers::service_not_found()};

  router.add("GET", providers_path, [&auth, &catalog](Request& request) {
    Problems problems;
    QueryFields q(request.query, problems);
    providers::ProviderFilter filter;
    filter.search = q.bounded_text("search", providers::kMaxSearchLength);
    filter.business_type = q.one_of("business_type", kBusinessTypes).value_or("");
    filter.include_inactive = q.flag("include_inactive");
    filter.page = q.positive("page", 1, kMaxPage);
    filter.limit = q.positive("limit", 10, providers::kMaxPageLimit);
    if (auto e = problems.error()) return error_response(*e);
    const auto viewer = optional_principal(auth, request);
    auto page = catalog.list_providers(filter, viewer_of(viewer));
    if (!page) return error_response(page.error());
    Json items = Json::array();
    for (const auto& p : page->items) items.push_back(provider_json(p));
    return paginated(items, filter.page, filter.limit, page->total_items);
  });

  router.add("GET", providers_path + "/:id",
             require_ids({provider}, [&auth, &catalog, &schedules](Request& request) {
               const auto viewer = optional_principal(auth, request);
               auto detail = catalog.provider_detail(request.param("id"), viewer_of(viewer));
               if (!detail) return error_response(detail.error());
               auto hours = schedules.weekly_hours(detail->provider.id, viewer_of(viewer));
               if (!hours) return error_response(hours.error());
               Json schedule_items = Json::array();
               for (const auto& s : *hours) schedule_items.push_back(schedule_json(s));
               return success(200, Json{{"provider", provider_json(detail->provider)},
                                        {"services", services_json(detail->services)},
                                        {"schedules", std::move(schedule_items)}});
             }));

  router.add(
      "GET", services_path, require_ids({owner_of_service}, [&auth, &catalog](Request& request) {
        const auto viewer = optional_principal(auth, request);
        auto services = catalog.list_services(request.param("provider_id"), viewer_of(viewer));
        if (!services) return error_response(services.error());
        return success(200, Json{{"services", services_json(*services)}});
      }));

  // Changes: signed in first (401), then the path ids (404 for a malformed one).
  using Handle = Response (*)(CatalogService&, Request&);
  const auto route = [&](const char* method, const std::string& path, std::vector<PathId> ids,
                         Handle handle) {
    router.add(method, path,
               require_auth(auth, require_ids(std::move(ids), [&catalog, handle](Request& r) {
                              return handle(catalog, r);
                            })));
  };
  route("POST", providers_path, {}, create_provider);
  route("PUT", providers_path + "/:id", {provider}, update_provider);
  route("DELETE", providers_path + "/:id", {provider}, delete_provider);
  route("POST", services_path, {owner_of_service}, create_service);
  route("PUT", services_path + "/:id", {owner_of_service, service}, update_service);
  route("DELETE", services_path + "/:id", {owner_of_service, service}, delete_service);
}

}  // namespace

Json provider_json(const providers::Provider& p) {
  // Stored text is written only from validated objects; a damaged row still renders as {}.
  Json pricing = Json::parse(p.pricing_info, nullptr, /*allow_exceptions=*/false);
  if (pricing.is_discarded() || !pricing.is_object()) pricing = Json::object();
  return Json{{"id", p.id},
              {"user_id", p.user_id},
              {"business_name", p.business_name},
              {"business_type", p.business_type},
              {"description", nullable(p.description)},
              {"address", nullable(p.address)},
              {"latitude", nullable(p.latitude)},
              {"longitude", nullable(p.longitude)},
              {"pricing_info", std::move(pricing)},
              {"is_active", p.is_active},
              {"timezone", p.timezone},
              {"slot_interval_minutes", p.slot_interval_minutes},
              {"min_notice_minutes", p.min_notice_minutes},
              {"max_advance_days", p.max_advance_days},
              {"requires_payment", p.requires_payment},
              {"created_at", p.created_at},
              {"updated_at", p.updated_at}};
}

Json service_json(const providers::Service& s) {
  return Json{{"id", s.id},
              {"provider_id", s.provider_id},
              {"name", s.name},
              {"description", nullable(s.description)},
              {"duration", s.duration},
              {"price", s.price},
              {"buffer_before_minutes", s.buffer_before_minutes},
              {"buffer_after_minutes", s.buffer_after_minutes},
              {"is_active", s.is_active},
              {"created_at", s.created_at},
              {"updated_at", s.updated_at}};
}

void register_provider_routes(Router& router, auth::AuthService& auth,
                              providers::CatalogService& catalog,
                              availability::ScheduleService& schedules) {
  add_catalog_routes(router, auth, catalog, schedules);
}

}  // namespace janji::http
