#include "support/catalog_fixture.hpp"

#include <soci/soci.h>

#include <chrono>

#include "adapters/db/database.hpp"
#include "core/availability/slot_cache.hpp"
#include "core/common/time_zone.hpp"

namespace janji::testing {

using nlohmann::json;

std::vector<std::string> Actor::auth() const {
  if (token.empty()) return {};
  return {"Authorization: Bearer " + token};
}

common::Date today_in_jakarta() {
  const auto local = common::to_local(std::chrono::system_clock::now(), "Asia/Jakarta");
  if (!local) throw std::runtime_error("no Asia/Jakarta time zone");
  return local->date;
}

std::string iso(common::Date date) { return common::format_date(date); }

common::Date plus_days(common::Date date, int days) { return common::add_days(date, days); }

common::Date next_weekday(common::Date from, int day_of_week, int min_days_ahead) {
  common::Date d = common::add_days(from, min_days_ahead);
  while (common::day_of_week(d) != day_of_week) d = common::add_days(d, 1);
  return d;
}

std::unique_ptr<TestApp>& CatalogSuite::instance() {
  static std::unique_ptr<TestApp> app;
  return app;
}

void CatalogSuite::SetUpTestSuite() { start_app({}); }

void CatalogSuite::start_app(const std::map<std::string, std::string>& overrides) {
  instance() = std::make_unique<TestApp>(overrides);
}

void CatalogSuite::TearDownTestSuite() { instance().reset(); }

TestApp& CatalogSuite::test_app() { return *instance(); }

HttpResult CatalogSuite::send(const std::string& method, const std::string& path, const json& body,
                              const Actor& who) const {
  auto headers = who.auth();
  headers.push_back("Content-Type: application/json");
  return client().request(method, path, body.dump(), headers);
}

HttpResult CatalogSuite::get(const std::string& path, const Actor& who) const {
  return client().get(path, who.auth());
}

HttpResult CatalogSuite::del(const std::string& path, const Actor& who) const {
  return client().request("DELETE", path, "", who.auth());
}

Actor register_over(const HttpClient& on, const std::string& role, const std::string& tag) {
  Actor a;
  a.email = unique_email(tag);
  auto r = on.post("/api/v1/auth/register", {{"email", a.email},
                                             {"password", "secret123"},
                                             {"full_name", "Sari " + tag},
                                             {"phone", "+62 812 0000 2222"},
                                             {"role", role}});
  if (r.status != 201) {
    ADD_FAILURE() << "register " << role << ": " << r.status << " " << r.body;
    return a;
  }
  a.user_id = r.json["data"]["user"]["id"].get<std::string>();
  a.token = r.json["data"]["access_token"].get<std::string>();
  return a;
}

Actor CatalogSuite::register_user(const std::string& role, const std::string& tag) {
  return register_over(client(), role, tag);
}

Actor CatalogSuite::make_admin() {
  Actor a;
  a.email = unique_email("admin");
  auto created = test_app().app().auth().create_admin(a.email, "secret123", "Admin Janji");
  if (!created) {
    ADD_FAILURE() << "create_admin: " << created.error().message;
    return a;
  }
  a.user_id = created->id;
  auto r = client().post("/api/v1/auth/login", {{"email", a.email}, {"password", "secret123"}});
  if (r.status != 200) {
    ADD_FAILURE() << "admin login: " << r.status << " " << r.body;
    return a;
  }
  a.token = r.json["data"]["access_token"].get<std::string>();
  return a;
}

ProviderAccount CatalogSuite::make_provider(const json& fields, const std::string& tag) {
  ProviderAccount p;
  p.owner = register_user("provider", tag);
  json body = {{"business_name", "Klinik " + p.owner.email}, {"business_type", "doctor"}};
  body.update(fields);
  auto r = send("POST", "/api/v1/providers", body, p.owner);
  if (r.status != 201) {
    ADD_FAILURE() << "create provider: " << r.status << " " << r.body;
    return p;
  }
  p.provider = r.json["data"]["provider"];
  p.provider_id = p.provider["id"].get<std::string>();
  return p;
}

CatalogWorld CatalogSuite::make_world() {
  CatalogWorld w;
  w.admin = make_admin();
  w.mine = make_provider(json::object(), "mine");
  w.other = make_provider(json::object(), "other");
  w.customer = register_user("customer", "cust");
  return w;
}

std::string CatalogSuite::create_service(const ProviderAccount& p, int duration,
                                         const json& fields) {
  json body = {{"name", "Service " + std::to_string(duration)}, {"duration", duration}};
  body.update(fields);
  auto r = send("POST", "/api/v1/providers/" + p.provider_id + "/services", body, p.owner);
  if (r.status != 201) {
    ADD_FAILURE() << "create service: " << r.status << " " << r.body;
    return {};
  }
  return r.json["data"]["service"]["id"].get<std::string>();
}

std::string CatalogSuite::add_schedule(const ProviderAccount& p, int day_of_week,
                                       const std::string& start, const std::string& end) {
  auto r = send("POST", "/api/v1/providers/" + p.provider_id + "/schedules",
                {{"day_of_week", day_of_week}, {"start_time", start}, {"end_time", end}}, p.owner);
  if (r.status != 201) {
    ADD_FAILURE() << "add schedule: " << r.status << " " << r.body;
    return {};
  }
  return r.json["data"]["schedule"]["id"].get<std::string>();
}

std::string CatalogSuite::add_exception(const ProviderAccount& p, const json& body) {
  auto r = send("POST", "/api/v1/providers/" + p.provider_id + "/exceptions", body, p.owner);
  if (r.status != 201) {
    ADD_FAILURE() << "add exception: " << r.status << " " << r.body;
    return {};
  }
  return r.json["data"]["exception"]["id"].get<std::string>();
}

void CatalogSuite::update_provider(const ProviderAccount& p, const json& fields) {
  auto r = send("PUT", "/api/v1/providers/" + p.provider_id, fields, p.owner);
  if (r.status != 200) ADD_FAILURE() << "update provider: " << r.status << " " << r.body;
}

HttpResult CatalogSuite::availability_raw(const std::string& provider_id, const std::string& query,
                                          const Actor& who) const {
  return get("/api/v1/providers/" + provider_id + "/availability?" + query, who);
}

std::vector<std::string> CatalogSuite::slots(const std::string& provider_id, common::Date date,
                                             const std::string& service_id) const {
  auto r = availability_raw(provider_id, "date=" + iso(date) + "&service_id=" + service_id);
  if (r.status != 200) {
    ADD_FAILURE() << "availability " << iso(date) << ": " << r.status << " " << r.body;
    return {std::to_string(r.status)};
  }
  const auto& data = r.json["data"];
  EXPECT_EQ(data["date"], iso(date)) << r.body;
  EXPECT_EQ(data["service_id"], service_id) << r.body;
  return data["available_slots"].get<std::vector<std::string>>();
}

StoredInstants stored_instants(soci::session& sql, const std::string& provider_id,
                               const std::string& date, const std::string& start,
                               const std::string& end) {
  std::string timezone;
  sql << "SELECT timezone FROM service_providers WHERE id = :id", soci::into(timezone),
      soci::use(provider_id);
  const auto minutes = [](const std::string& t) {
    return *common::parse_time_of_day(t.size() == 5 ? t + ":00" : t);
  };
  const auto day = common::zone_day(*common::parse_date(date), timezone);
  const auto starts = day.resolve(minutes(start));
  return {common::format_instant(starts),
          common::format_instant(starts + std::chrono::minutes(minutes(end) - minutes(start)))};
}

std::string CatalogSuite::insert_booking(const ProviderAccount& p, const std::string& service_id,
                                         const Actor& customer, common::Date date,
                                         const std::string& start, const std::string& end,
                                         const std::string& status) {
  auto& app = test_app().app();
  const std::string id = app.crypto().new_uuid();
  const std::string now = common::format_instant(std::chrono::system_clock::now());
  soci::session sql(app.database().pool());
  const StoredInstants at = stored_instants(sql, p.provider_id, iso(date), start, end);
  // Every value is generated by the test itself, so literals are safe; they let PostgreSQL
  // coerce the text into uuid, date, time and instant columns.
  const std::string sql_text =
      "INSERT INTO bookings (id, customer_id, provider_id, service_id, booking_date, start_time, "
      "end_time, status, created_at, updated_at, starts_at, ends_at) VALUES ('" +
      id + "', '" + customer.user_id + "', '" + p.provider_id + "', '" + service_id + "', '" +
      iso(date) + "', '" + start + ":00', '" + end + ":00', '" + status + "', '" + now + "', '" +
      now + "', '" + at.starts_at + "', '" + at.ends_at + "')";
  sql << sql_text;
  return id;
}

void CatalogSuite::set_booking_status(const std::string& booking_id, const std::string& status) {
  soci::session sql(test_app().app().database().pool());
  sql << "UPDATE bookings SET status = '" + status + "' WHERE id = '" + booking_id + "'";
}

std::string CatalogSuite::booking_status(const std::string& booking_id) {
  soci::session sql(test_app().app().database().pool());
  std::string status;
  sql << "SELECT status FROM bookings WHERE id = '" + booking_id + "'", soci::into(status);
  return sql.got_data() ? status : std::string{};
}

void CatalogSuite::invalidate_slots(const std::string& provider_id) {
  test_app().app().slot_cache().invalidate(provider_id);
}

std::string error_code(const HttpResult& r) {
  if (!r.json.is_object() || !r.json.contains("error")) return "<no error: " + r.body + ">";
  return r.json["error"].value("code", std::string{});
}

bool has_detail(const HttpResult& r, const std::string& field) {
  return r.json.is_object() && r.json.contains("error") && r.json["error"].contains("details") &&
         r.json["error"]["details"].is_object() && r.json["error"]["details"].contains(field);
}

}  // namespace janji::testing
