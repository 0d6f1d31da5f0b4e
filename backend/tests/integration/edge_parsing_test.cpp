// Routes parse wire strings at the edge (issue 10 item 5): one collector answers every input
// problem of a request at once, times of day know 24:00 is only an end, and malformed path ids
// are the same not-found as unknown ones. Real HTTP on the shared test application.
#include <gtest/gtest.h>

#include <string>

#include "support/catalog_api_suite.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

const std::string kNotAUuid = "not-a-uuid";

json details_of(const HttpResult& r) { return r.json["error"].value("details", json::object()); }

TEST_F(CatalogApi, MissingAndInvalidFieldsOfOneBodyComeInOneAnswer) {
  auto p = make_provider();
  auto r =
      send("POST", providers_path(p.provider_id) + "/schedules", {{"day_of_week", 9}}, p.owner);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_code(r), "VALIDATION_001");
  EXPECT_EQ(r.json["error"]["message"], "Invalid input");
  EXPECT_EQ(details_of(r), (json{{"day_of_week", "must be 0 (Sunday) to 6 (Saturday)"},
                                 {"start_time", "is required"},
                                 {"end_time", "is required"}}))
      << r.body;

  auto provider = send("POST", providers_path(), {{"business_type", "bakery"}}, p.owner);
  EXPECT_EQ(provider.status, 400) << provider.body;
  EXPECT_EQ(details_of(provider),
            (json{{"business_name", "is required"},
                  {"business_type", "must be one of doctor, salon, consultant, studio"}}))
      << provider.body;
}

TEST_F(CatalogApi, TwentyFourHundredIsOnlyAnEnd) {
  auto p = make_provider();
  const auto schedules = providers_path(p.provider_id) + "/schedules";
  auto start = send("POST", schedules,
                    {{"day_of_week", 2}, {"start_time", "24:00"}, {"end_time", "24:00"}}, p.owner);
  EXPECT_EQ(start.status, 400) << start.body;
  EXPECT_EQ(details_of(start),
            (json{{"start_time", "must be a time HH:MM between 00:00 and 23:59"}}))
      << start.body;

  const auto date = iso(plus_days(today_in_jakarta(), 9));
  const auto exceptions = providers_path(p.provider_id) + "/exceptions";
  auto late = send("POST", exceptions,
                   {{"exception_date", date},
                    {"start_time", "20:00"},
                    {"end_time", "24:00"},
                    {"is_available", true}},
                   p.owner);
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_EQ(late.json["data"]["exception"]["end_time"], "24:00");
  EXPECT_EQ(late.json["data"]["exception"]["exception_date"], date);
  auto bad =
      send("POST", exceptions,
           {{"exception_date", date}, {"start_time", "24:00"}, {"end_time", nullptr}}, p.owner);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_TRUE(has_detail(bad, "start_time")) << bad.body;
}

TEST_F(CatalogApi, MalformedPathIdsAreNotFound) {
  auto p = make_provider();
  const auto mine = providers_path(p.provider_id);
  const auto id = add_schedule(p, 1, "09:00", "12:00");
  struct Case {
    std::string method;
    std::string path;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"GET", providers_path(kNotAUuid), "PROVIDER_001"},
      {"PUT", providers_path(kNotAUuid), "PROVIDER_001"},
      {"GET", providers_path(kNotAUuid) + "/services", "PROVIDER_001"},
      {"GET", providers_path(kNotAUuid) + "/schedules", "PROVIDER_001"},
      {"PUT", providers_path(kNotAUuid) + "/schedules/" + id, "PROVIDER_001"},
      {"PUT", mine + "/schedules/" + kNotAUuid, "SCHEDULE_001"},
      {"DELETE", mine + "/schedules/" + kNotAUuid, "SCHEDULE_001"},
      {"PUT", mine + "/exceptions/" + kNotAUuid, "EXCEPTION_001"},
      {"DELETE", mine + "/exceptions/" + kNotAUuid, "EXCEPTION_001"},
      {"PUT", mine + "/services/" + kNotAUuid, "SERVICE_001"},
      {"DELETE", mine + "/services/" + kNotAUuid, "SERVICE_001"},
  };
  for (const auto& c : cases) {
    auto r = c.method == "GET"      ? get(c.path, p.owner)
             : c.method == "DELETE" ? del(c.path, p.owner)
                                    : send(c.method, c.path, {{"reason", "x"}}, p.owner);
    EXPECT_EQ(r.status, 404) << c.method << " " << c.path << " -> " << r.body;
    EXPECT_EQ(error_code(r), c.code) << c.method << " " << c.path << " -> " << r.body;
  }
  // Signing in still comes first.
  auto anonymous = send("PUT", mine + "/schedules/" + kNotAUuid, json::object(), Actor{});
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
}

TEST_F(CatalogApi, ScheduleWindowQueryIsParsedAtTheEdge) {
  auto p = make_provider();
  for (const auto* list : {"/schedules", "/exceptions"}) {
    const auto base = providers_path(p.provider_id) + list;
    auto bad = get(base + "?from=2024-13-01&to=2024-02-30", p.owner);
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(error_code(bad), "VALIDATION_001");
    EXPECT_EQ(bad.json["error"]["message"], "Invalid query parameters");
    EXPECT_EQ(details_of(bad),
              (json{{"from", "must be a date YYYY-MM-DD"}, {"to", "must be a date YYYY-MM-DD"}}))
        << bad.body;
    // Empty parameters mean "not given": from today, no upper bound.
    auto empty = get(base + "?from=&to=", p.owner);
    EXPECT_EQ(empty.status, 200) << empty.body;
  }
}

TEST_F(CatalogApi, ProviderListProblemsComeInOneAnswer) {
  auto r = client().get(providers_path() +
                        "?page=0&business_type=plumber&search=" + std::string(256, 'x'));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_code(r), "VALIDATION_001");
  EXPECT_EQ(r.json["error"]["message"], "Invalid query parameters");
  EXPECT_EQ(details_of(r),
            (json{{"page", "must be an integer from 1 to 1000000"},
                  {"business_type", "must be one of doctor, salon, consultant, studio"},
                  {"search", "must be at most 255 characters"}}))
      << r.body;
  EXPECT_EQ(list("search=" + std::string(255, 'x')).json["data"], json::array());
}

TEST_F(CatalogApi, AdminNamesTheOwnerByUuid) {
  auto admin = make_admin();
  auto r = send("POST", providers_path(),
                {{"business_name", "Salon"}, {"business_type", "salon"}, {"user_id", "42"}}, admin);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(details_of(r), (json{{"user_id", "must be a UUID"}})) << r.body;
}

}  // namespace
}  // namespace janji::testing
