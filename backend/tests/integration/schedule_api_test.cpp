// Services, weekly schedules and exceptions over real HTTP: lifecycles, validation, overlap
// rules, races and who may change what. Every test registers its own users.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <set>
#include <thread>

#include "support/catalog_api_suite.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

TEST_F(CatalogApi, ServiceLifecycle) {
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/services";
  auto created = send("POST", base,
                      {{"name", "  Scaling  "},
                       {"description", "Pembersihan karang gigi"},
                       {"duration", 60},
                       {"price", 350000},
                       {"buffer_before_minutes", 10},
                       {"buffer_after_minutes", 15}},
                      p.owner);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto& s = created.json["data"]["service"];
  const auto id = s["id"].get<std::string>();
  EXPECT_EQ(s["provider_id"], p.provider_id);
  EXPECT_EQ(s["name"], "Scaling");
  EXPECT_EQ(s["description"], "Pembersihan karang gigi");
  EXPECT_EQ(s["duration"], 60);
  EXPECT_EQ(s["price"], 350000);
  EXPECT_TRUE(s["price"].is_number_integer()) << s.dump();
  EXPECT_EQ(s["buffer_before_minutes"], 10);
  EXPECT_EQ(s["buffer_after_minutes"], 15);
  EXPECT_EQ(s["is_active"], true);
  EXPECT_TRUE(s["created_at"].is_string());
  EXPECT_TRUE(s["updated_at"].is_string());

  auto minimal = send("POST", base, {{"name", "Konsultasi"}, {"duration", 30}}, p.owner);
  ASSERT_EQ(minimal.status, 201) << minimal.body;
  EXPECT_EQ(minimal.json["data"]["service"]["price"], 0);
  EXPECT_EQ(minimal.json["data"]["service"]["buffer_before_minutes"], 0);
  EXPECT_EQ(minimal.json["data"]["service"]["buffer_after_minutes"], 0);
  EXPECT_TRUE(minimal.json["data"]["service"]["description"].is_null());
  const auto minimal_id = minimal.json["data"]["service"]["id"].get<std::string>();

  auto listed = get(base, Actor{});
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(ids_of(listed.json["data"]["services"]), (std::set<std::string>{id, minimal_id}));

  auto updated = send("PUT", base + "/" + id,
                      {{"price", 400000}, {"duration", 90}, {"description", nullptr}}, p.owner);
  ASSERT_EQ(updated.status, 200) << updated.body;
  const auto& u = updated.json["data"]["service"];
  EXPECT_EQ(u["price"], 400000);
  EXPECT_EQ(u["duration"], 90);
  EXPECT_TRUE(u["description"].is_null());
  EXPECT_EQ(u["name"], "Scaling");
  EXPECT_EQ(u["buffer_before_minutes"], 10);

  auto removed = del(base + "/" + id, p.owner);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(removed.json["message"].is_string()) << removed.body;
  // Soft-deleted services are hidden everywhere, even from the owner.
  auto after = get(base, p.owner);
  EXPECT_EQ(ids_of(after.json["data"]["services"]), std::set<std::string>{minimal_id});
  auto detail = get(providers_path(p.provider_id), p.owner);
  EXPECT_EQ(ids_of(detail.json["data"]["services"]), std::set<std::string>{minimal_id});
  auto edit = send("PUT", base + "/" + id, {{"price", 1}}, p.owner);
  EXPECT_EQ(edit.status, 404) << edit.body;
  EXPECT_EQ(error_code(edit), "SERVICE_001");
  auto again = del(base + "/" + id, p.owner);
  EXPECT_EQ(again.status, 404) << again.body;
  EXPECT_EQ(error_code(again), "SERVICE_001");
}

TEST_F(CatalogApi, ServiceValidation) {
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/services";

  auto empty = send("POST", base, json::object(), p.owner);
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(error_code(empty), "VALIDATION_002");
  EXPECT_TRUE(has_detail(empty, "name")) << empty.body;
  EXPECT_TRUE(has_detail(empty, "duration")) << empty.body;
  auto no_name = send("POST", base, {{"duration", 30}}, p.owner);
  EXPECT_EQ(no_name.status, 400);
  EXPECT_EQ(error_code(no_name), "VALIDATION_002");
  EXPECT_TRUE(has_detail(no_name, "name")) << no_name.body;

  struct Case {
    json fields;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"name", ""}}, "name"},
      {{{"name", "   "}}, "name"},
      {{{"name", 7}}, "name"},
      {{{"duration", 4}}, "duration"},
      {{{"duration", 1441}}, "duration"},
      {{{"duration", 0}}, "duration"},
      {{{"duration", "30"}}, "duration"},
      {{{"duration", 30.5}}, "duration"},
      {{{"price", -1}}, "price"},
      {{{"price", 1.5}}, "price"},
      {{{"price", "1000"}}, "price"},
      {{{"buffer_before_minutes", -1}}, "buffer_before_minutes"},
      {{{"buffer_after_minutes", 1441}}, "buffer_after_minutes"},
      {{{"is_active", "no"}}, "is_active"},
  };
  for (const auto& c : cases) {
    json body = {{"name", "Layanan"}, {"duration", 30}};
    body.update(c.fields);
    auto r = send("POST", base, body, p.owner);
    EXPECT_EQ(r.status, 400) << c.fields.dump() << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << c.fields.dump() << " -> " << r.body;
    EXPECT_TRUE(has_detail(r, c.field)) << c.fields.dump() << " -> " << r.body;
  }
  // The edges that are allowed.
  for (const auto& fields : {json{{"duration", 5}}, json{{"duration", 1440}}, json{{"price", 0}},
                             json{{"buffer_after_minutes", 1440}}}) {
    json body = {{"name", "Batas"}, {"duration", 30}};
    body.update(fields);
    auto r = send("POST", base, body, p.owner);
    EXPECT_EQ(r.status, 201) << fields.dump() << " -> " << r.body;
    for (const auto& [k, v] : fields.items()) EXPECT_EQ(r.json["data"]["service"][k], v);
  }
  // The same rules on update.
  const auto id = create_service(p, 30);
  for (const auto& c : cases) {
    auto r = send("PUT", base + "/" + id, c.fields, p.owner);
    EXPECT_EQ(r.status, 400) << "PUT " << c.fields.dump() << " -> " << r.body;
    EXPECT_TRUE(has_detail(r, c.field)) << "PUT " << c.fields.dump() << " -> " << r.body;
  }
  auto ok = send("PUT", base + "/" + id, {{"duration", 1440}, {"price", 0}}, p.owner);
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(CatalogApi, ServicePermissions) {
  auto w = make_world();
  const std::string base = providers_path(w.mine.provider_id) + "/services";
  const auto target = create_service(w.mine, 30);
  expect_permissions(w, "POST /services", 201, [&](const Actor& who) {
    return send("POST", base, {{"name", "Oleh " + who.email}, {"duration", 30}}, who);
  });
  expect_permissions(w, "PUT /services/:id", 200, [&](const Actor& who) {
    return send("PUT", base + "/" + target, {{"description", "oleh " + who.email}}, who);
  });
  expect_permissions(w, "DELETE /services/:id", 200, [&](const Actor& who) {
    const auto victim = create_service(w.mine, 20);
    return del(base + "/" + victim, who);
  });
  // Reading services is public.
  for (const Actor* who : {&w.anonymous, &w.customer, &w.other.owner}) {
    EXPECT_EQ(get(base, *who).status, 200);
  }
}

TEST_F(CatalogApi, InactiveServicesAreHiddenFromThePublic) {
  auto w = make_world();
  const std::string base = providers_path(w.mine.provider_id) + "/services";
  const auto live = create_service(w.mine, 30, {{"name", "Aktif"}});
  const auto paused = create_service(w.mine, 30, {{"name", "Jeda"}});
  ASSERT_EQ(send("PUT", base + "/" + paused, {{"is_active", false}}, w.mine.owner).status, 200);
  for (const Actor* who : {&w.anonymous, &w.customer, &w.other.owner}) {
    auto r = get(base, *who);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ids_of(r.json["data"]["services"]), std::set<std::string>{live}) << r.body;
    auto detail = get(providers_path(w.mine.provider_id), *who);
    EXPECT_EQ(ids_of(detail.json["data"]["services"]), std::set<std::string>{live});
  }
  for (const Actor* who : {&w.mine.owner, &w.admin}) {
    auto r = get(base, *who);
    EXPECT_EQ(ids_of(r.json["data"]["services"]), (std::set<std::string>{live, paused})) << r.body;
  }
  const auto day = next_weekday(today_in_jakarta(), 1);
  add_schedule(w.mine, 1, "09:00", "12:00");
  auto slots = availability_raw(w.mine.provider_id, "date=" + iso(day) + "&service_id=" + paused);
  EXPECT_EQ(slots.status, 404) << slots.body;
  EXPECT_EQ(error_code(slots), "SERVICE_001");
}

TEST_F(CatalogApi, AnotherProvidersServiceIsNotFound) {
  auto w = make_world();
  const auto theirs = create_service(w.other, 30);
  auto r = send("PUT", providers_path(w.mine.provider_id) + "/services/" + theirs, {{"price", 1}},
                w.mine.owner);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(error_code(r), "SERVICE_001");
  auto d = del(providers_path(w.mine.provider_id) + "/services/" + theirs, w.admin);
  EXPECT_EQ(d.status, 404) << d.body;
  EXPECT_EQ(error_code(d), "SERVICE_001");
}

// ------------------------------------------------------------------------------------------
// Weekly schedules
// ------------------------------------------------------------------------------------------

TEST_F(CatalogApi, ScheduleLifecycle) {
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/schedules";
  auto created = send(
      "POST", base, {{"day_of_week", 1}, {"start_time", "09:00"}, {"end_time", "12:00"}}, p.owner);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto& s = created.json["data"]["schedule"];
  const auto id = s["id"].get<std::string>();
  EXPECT_EQ(s["provider_id"], p.provider_id);
  EXPECT_EQ(s["day_of_week"], 1);
  EXPECT_EQ(s["start_time"], "09:00");
  EXPECT_EQ(s["end_time"], "12:00");
  EXPECT_EQ(s["is_active"], true);
  EXPECT_TRUE(s["created_at"].is_string());

  auto late = send("POST", base,
                   {{"day_of_week", 5}, {"start_time", "18:00"}, {"end_time", "24:00"}}, p.owner);
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_EQ(late.json["data"]["schedule"]["end_time"], "24:00");
  auto sunday = send(
      "POST", base,
      {{"day_of_week", 0}, {"start_time", "00:00"}, {"end_time", "01:00"}, {"is_active", false}},
      p.owner);
  ASSERT_EQ(sunday.status, 201) << sunday.body;
  EXPECT_EQ(sunday.json["data"]["schedule"]["is_active"], false);

  auto updated = send("PUT", base + "/" + id, {{"end_time", "13:30"}}, p.owner);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json["data"]["schedule"]["start_time"], "09:00");
  EXPECT_EQ(updated.json["data"]["schedule"]["end_time"], "13:30");
  auto moved = send("PUT", base + "/" + id, {{"day_of_week", 3}, {"is_active", false}}, p.owner);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json["data"]["schedule"]["day_of_week"], 3);
  EXPECT_EQ(moved.json["data"]["schedule"]["is_active"], false);
  auto invalid = send("PUT", base + "/" + id, {{"start_time", "14:00"}}, p.owner);
  EXPECT_EQ(invalid.status, 400) << invalid.body;  // now after the stored end

  // The owner's overview lists every weekly range, inactive ones included.
  auto overview = get(base, p.owner);
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_EQ(ids_of(overview.json["data"]["schedules"]),
            (std::set<std::string>{id, late.json["data"]["schedule"]["id"].get<std::string>(),
                                   sunday.json["data"]["schedule"]["id"].get<std::string>()}));
  EXPECT_TRUE(overview.json["data"]["exceptions"].is_array()) << overview.body;

  auto removed = del(base + "/" + id, p.owner);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(removed.json["message"].is_string());
  auto again = del(base + "/" + id, p.owner);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(error_code(again), "SCHEDULE_001");
  auto edit = send("PUT", base + "/" + id, {{"end_time", "15:00"}}, p.owner);
  EXPECT_EQ(edit.status, 404);
  EXPECT_EQ(error_code(edit), "SCHEDULE_001");
  EXPECT_EQ(ids_of(get(base, p.owner).json["data"]["schedules"]).count(id), 0u);
}

TEST_F(CatalogApi, ScheduleValidation) {
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/schedules";
  auto empty = send("POST", base, json::object(), p.owner);
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(error_code(empty), "VALIDATION_002");
  for (const auto* f : {"day_of_week", "start_time", "end_time"}) {
    EXPECT_TRUE(has_detail(empty, f)) << f << " " << empty.body;
  }
  auto partial = send("POST", base, {{"day_of_week", 1}, {"start_time", "09:00"}}, p.owner);
  EXPECT_EQ(partial.status, 400);
  EXPECT_EQ(error_code(partial), "VALIDATION_002");
  EXPECT_TRUE(has_detail(partial, "end_time")) << partial.body;

  struct Case {
    json fields;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"day_of_week", 7}}, "day_of_week"},
      {{{"day_of_week", -1}}, "day_of_week"},
      {{{"day_of_week", "1"}}, "day_of_week"},
      {{{"day_of_week", 1.5}}, "day_of_week"},
      {{{"start_time", "9:00"}}, "start_time"},
      {{{"start_time", "25:00"}}, "start_time"},
      {{{"start_time", "10:60"}}, "start_time"},
      {{{"start_time", "0900"}}, "start_time"},
      {{{"start_time", 900}}, "start_time"},
      {{{"end_time", "9:00 PM"}}, "end_time"},
      {{{"end_time", "24:30"}}, "end_time"},
      {{{"end_time", "08:00"}}, "end_time"},  // before the start
      {{{"end_time", "09:00"}}, "end_time"},  // equal to the start
      {{{"is_active", "true"}}, "is_active"},
  };
  for (const auto& c : cases) {
    json body = {{"day_of_week", 1}, {"start_time", "09:00"}, {"end_time", "12:00"}};
    body.update(c.fields);
    auto r = send("POST", base, body, p.owner);
    EXPECT_EQ(r.status, 400) << c.fields.dump() << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << c.fields.dump() << " -> " << r.body;
    EXPECT_TRUE(has_detail(r, c.field)) << c.fields.dump() << " -> " << r.body;
  }
  // Nothing of the above was stored.
  EXPECT_TRUE(get(base, p.owner).json["data"]["schedules"].empty());
}

TEST_F(CatalogApi, ScheduleOverlapRules) {
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/schedules";
  auto post = [&](int day, const std::string& start, const std::string& end) {
    return send("POST", base, {{"day_of_week", day}, {"start_time", start}, {"end_time", end}},
                p.owner);
  };
  const auto morning = add_schedule(p, 1, "09:00", "12:00");
  for (const auto& [start, end] :
       std::vector<std::pair<std::string, std::string>>{{"09:00", "12:00"},
                                                        {"11:00", "13:00"},
                                                        {"08:00", "09:30"},
                                                        {"10:00", "11:00"},
                                                        {"08:00", "13:00"}}) {
    auto r = post(1, start, end);
    EXPECT_EQ(r.status, 409) << start << "-" << end << " -> " << r.body;
    EXPECT_EQ(error_code(r), "SCHEDULE_002") << start << "-" << end;
  }
  // Touching ranges and several ranges per day are fine; so is the same range another day.
  auto afternoon = post(1, "12:00", "15:00");
  EXPECT_EQ(afternoon.status, 201) << afternoon.body;
  auto early = post(1, "07:00", "09:00");
  EXPECT_EQ(early.status, 201) << early.body;
  auto tuesday = post(2, "09:00", "12:00");
  EXPECT_EQ(tuesday.status, 201) << tuesday.body;
  auto overview = get(base, p.owner);
  std::vector<std::string> monday;
  for (const auto& s : overview.json["data"]["schedules"]) {
    if (s["day_of_week"] == 1) monday.push_back(s["start_time"].get<std::string>());
  }
  std::sort(monday.begin(), monday.end());
  EXPECT_EQ(monday, (std::vector<std::string>{"07:00", "09:00", "12:00"})) << overview.body;

  // An update that would overlap is refused too.
  const auto afternoon_id = afternoon.json["data"]["schedule"]["id"].get<std::string>();
  auto stretch = send("PUT", base + "/" + afternoon_id, {{"start_time", "11:30"}}, p.owner);
  EXPECT_EQ(stretch.status, 409) << stretch.body;
  EXPECT_EQ(error_code(stretch), "SCHEDULE_002");
  auto to_tuesday = send("PUT", base + "/" + morning, {{"day_of_week", 2}}, p.owner);
  EXPECT_EQ(to_tuesday.status, 409) << to_tuesday.body;

  // Inactive ranges do not clash; switching one back on where it would clash does.
  auto paused = send("PUT", base + "/" + morning, {{"is_active", false}}, p.owner);
  ASSERT_EQ(paused.status, 200) << paused.body;
  auto replacement = post(1, "10:00", "11:00");
  EXPECT_EQ(replacement.status, 201) << replacement.body;
  auto back_on = send("PUT", base + "/" + morning, {{"is_active", true}}, p.owner);
  EXPECT_EQ(back_on.status, 409) << back_on.body;
  EXPECT_EQ(error_code(back_on), "SCHEDULE_002");
}

// Runs make_request(i) for i in 0..n-1 on n threads at once; then exactly one 201 and the rest
// 409 with `code`.
void expect_exactly_one_admitted(std::size_t n,
                                 const std::function<HttpResult(std::size_t)>& make_request,
                                 const std::string& code) {
  std::vector<long> statuses(n);
  std::vector<std::string> codes(n);
  {
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        auto r = make_request(i);
        statuses[i] = r.status;
        codes[i] = r.status == 201 ? "" : error_code(r);
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i] != 201) {
      EXPECT_EQ(statuses[i], 409) << i;
      EXPECT_EQ(codes[i], code) << i;
    }
  }
}

TEST_F(CatalogApi, ConcurrentCreatesAdmitExactlyOne) {
  // One business per user, decided by the database even when requests race.
  auto owner = register_user("provider", "race");
  expect_exactly_one_admitted(
      8,
      [&](std::size_t i) {
        return send("POST", providers_path(),
                    {{"business_name", "Balapan " + std::to_string(i)}, {"business_type", "salon"}},
                    owner);
      },
      "PROVIDER_002");

  // Overlapping weekly ranges on one day: exactly one wins, the rest are 409 SCHEDULE_002.
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/schedules";
  expect_exactly_one_admitted(
      8,
      [&](std::size_t i) {
        char start[16];
        std::snprintf(start, sizeof start, "09:%02d", static_cast<int>(i));
        return send("POST", base,
                    {{"day_of_week", 4}, {"start_time", start}, {"end_time", "12:00"}}, p.owner);
      },
      "SCHEDULE_002");
  auto overview = get(base, p.owner);
  EXPECT_EQ(overview.json["data"]["schedules"].size(), 1u) << overview.body;
}

TEST_F(CatalogApi, SchedulePermissions) {
  auto w = make_world();
  const std::string base = providers_path(w.mine.provider_id) + "/schedules";
  const auto target = add_schedule(w.mine, 3, "09:00", "10:00");
  int hour = 0;
  expect_permissions(w, "POST /schedules", 201, [&](const Actor& who) {
    char start[16];
    char end[16];
    std::snprintf(start, sizeof start, "%02d:00", hour);
    std::snprintf(end, sizeof end, "%02d:30", hour);
    ++hour;
    return send("POST", base, {{"day_of_week", 6}, {"start_time", start}, {"end_time", end}}, who);
  });
  expect_permissions(w, "PUT /schedules/:id", 200, [&](const Actor& who) {
    return send("PUT", base + "/" + target, {{"end_time", "11:00"}}, who);
  });
  expect_permissions(w, "DELETE /schedules/:id", 200, [&](const Actor& who) {
    const auto victim = add_schedule(w.mine, 4, "10:00", "11:00");
    auto r = del(base + "/" + victim, who);
    if (r.status != 200) del(base + "/" + victim, w.mine.owner);  // keep the day free
    return r;
  });
  expect_permissions(w, "GET /schedules", 200, [&](const Actor& who) { return get(base, who); });
}

// ------------------------------------------------------------------------------------------
// Exceptions
// ------------------------------------------------------------------------------------------

TEST_F(CatalogApi, ExceptionLifecycle) {
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/exceptions";
  const auto today = today_in_jakarta();
  const auto d1 = plus_days(today, 3);
  const auto d2 = plus_days(today, 10);
  auto whole = send("POST", base, {{"exception_date", iso(d1)}, {"reason", "Libur"}}, p.owner);
  ASSERT_EQ(whole.status, 201) << whole.body;
  const auto& e = whole.json["data"]["exception"];
  const auto whole_id = e["id"].get<std::string>();
  EXPECT_EQ(e["provider_id"], p.provider_id);
  EXPECT_EQ(e["exception_date"], iso(d1));
  EXPECT_TRUE(e["start_time"].is_null()) << e.dump();
  EXPECT_TRUE(e["end_time"].is_null());
  EXPECT_EQ(e["reason"], "Libur");
  EXPECT_EQ(e["is_available"], false);
  EXPECT_TRUE(e["created_at"].is_string());

  auto partial = send("POST", base,
                      {{"exception_date", iso(d2)},
                       {"start_time", "13:00"},
                       {"end_time", "14:30"},
                       {"is_available", false}},
                      p.owner);
  ASSERT_EQ(partial.status, 201) << partial.body;
  EXPECT_EQ(partial.json["data"]["exception"]["start_time"], "13:00");
  EXPECT_EQ(partial.json["data"]["exception"]["end_time"], "14:30");
  EXPECT_TRUE(partial.json["data"]["exception"]["reason"].is_null());
  const auto partial_id = partial.json["data"]["exception"]["id"].get<std::string>();

  auto special = send("POST", base,
                      {{"exception_date", iso(d2)},
                       {"start_time", "18:00"},
                       {"end_time", "20:00"},
                       {"is_available", true},
                       {"reason", "Buka malam"}},
                      p.owner);
  ASSERT_EQ(special.status, 201) << special.body;
  EXPECT_EQ(special.json["data"]["exception"]["is_available"], true);
  const auto special_id = special.json["data"]["exception"]["id"].get<std::string>();

  auto past = send("POST", base, {{"exception_date", iso(plus_days(today, -5))}}, p.owner);
  ASSERT_EQ(past.status, 201) << past.body;
  const auto past_id = past.json["data"]["exception"]["id"].get<std::string>();

  // Listing: from defaults to today (past ones left out), from/to narrow it.
  auto all = get(base, p.owner);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(ids_of(all.json["data"]["exceptions"]),
            (std::set<std::string>{whole_id, partial_id, special_id}))
      << all.body;
  auto with_past = get(base + "?from=" + iso(plus_days(today, -30)), p.owner);
  EXPECT_EQ(ids_of(with_past.json["data"]["exceptions"]).count(past_id), 1u) << with_past.body;
  auto window = get(base + "?from=" + iso(d1) + "&to=" + iso(d1), p.owner);
  EXPECT_EQ(ids_of(window.json["data"]["exceptions"]), std::set<std::string>{whole_id})
      << window.body;
  auto later = get(base + "?from=" + iso(plus_days(d1, 1)), p.owner);
  EXPECT_EQ(ids_of(later.json["data"]["exceptions"]),
            (std::set<std::string>{partial_id, special_id}));
  auto overview =
      get(providers_path(p.provider_id) + "/schedules?from=" + iso(d2) + "&to=" + iso(d2), p.owner);
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_EQ(ids_of(overview.json["data"]["exceptions"]),
            (std::set<std::string>{partial_id, special_id}));
  for (const auto* bad : {"?from=tomorrow", "?to=2024-02-30", "?from=2024-1-1"}) {
    auto r = get(base + bad, p.owner);
    EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    auto s = get(providers_path(p.provider_id) + "/schedules" + bad, p.owner);
    EXPECT_EQ(s.status, 400) << bad << " -> " << s.body;
  }

  // Update: whole day -> part of the day, and back (JSON null clears the times).
  auto narrowed =
      send("PUT", base + "/" + whole_id,
           {{"start_time", "08:00"}, {"end_time", "09:00"}, {"reason", nullptr}}, p.owner);
  ASSERT_EQ(narrowed.status, 200) << narrowed.body;
  EXPECT_EQ(narrowed.json["data"]["exception"]["start_time"], "08:00");
  EXPECT_TRUE(narrowed.json["data"]["exception"]["reason"].is_null());
  EXPECT_EQ(narrowed.json["data"]["exception"]["exception_date"], iso(d1));
  auto widened =
      send("PUT", base + "/" + whole_id, {{"start_time", nullptr}, {"end_time", nullptr}}, p.owner);
  ASSERT_EQ(widened.status, 200) << widened.body;
  EXPECT_TRUE(widened.json["data"]["exception"]["start_time"].is_null());
  auto moved = send("PUT", base + "/" + whole_id, {{"exception_date", iso(d2)}}, p.owner);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json["data"]["exception"]["exception_date"], iso(d2));
  auto bad_update = send("PUT", base + "/" + partial_id, {{"end_time", "12:00"}}, p.owner);
  EXPECT_EQ(bad_update.status, 400) << bad_update.body;  // before the stored 13:00 start

  auto removed = del(base + "/" + special_id, p.owner);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(removed.json["message"].is_string());
  auto again = del(base + "/" + special_id, p.owner);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(error_code(again), "EXCEPTION_001");
  auto edit = send("PUT", base + "/" + special_id, {{"reason", "x"}}, p.owner);
  EXPECT_EQ(edit.status, 404);
  EXPECT_EQ(error_code(edit), "EXCEPTION_001");
}

TEST_F(CatalogApi, ExceptionValidation) {
  auto p = make_provider();
  const std::string base = providers_path(p.provider_id) + "/exceptions";
  const auto date = iso(plus_days(today_in_jakarta(), 7));
  auto empty = send("POST", base, json::object(), p.owner);
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(error_code(empty), "VALIDATION_002");
  EXPECT_TRUE(has_detail(empty, "exception_date")) << empty.body;

  struct Case {
    json body;
    std::vector<std::string> any_of;
  };
  const std::vector<Case> cases = {
      {{{"exception_date", "2024-02-30"}}, {"exception_date"}},
      {{{"exception_date", "2024-13-01"}}, {"exception_date"}},
      {{{"exception_date", "tomorrow"}}, {"exception_date"}},
      {{{"exception_date", "2024-1-5"}}, {"exception_date"}},
      {{{"exception_date", 20240105}}, {"exception_date"}},
      {{{"exception_date", date}, {"start_time", "10:00"}}, {"start_time", "end_time"}},
      {{{"exception_date", date}, {"end_time", "10:00"}}, {"start_time", "end_time"}},
      {{{"exception_date", date}, {"is_available", true}}, {"start_time", "end_time"}},
      {{{"exception_date", date}, {"start_time", "9:00"}, {"end_time", "10:00"}}, {"start_time"}},
      {{{"exception_date", date}, {"start_time", "09:00"}, {"end_time", "25:00"}}, {"end_time"}},
      {{{"exception_date", date}, {"start_time", "11:00"}, {"end_time", "10:00"}}, {"end_time"}},
      {{{"exception_date", date}, {"start_time", "10:00"}, {"end_time", "10:00"}}, {"end_time"}},
      {{{"exception_date", date}, {"is_available", "false"}}, {"is_available"}},
      {{{"exception_date", date}, {"reason", std::string(256, 'r')}}, {"reason"}},
  };
  for (const auto& c : cases) {
    auto r = send("POST", base, c.body, p.owner);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << c.body.dump() << " -> " << r.body;
    const bool named = std::any_of(c.any_of.begin(), c.any_of.end(),
                                   [&](const std::string& f) { return has_detail(r, f); });
    EXPECT_TRUE(named) << c.body.dump() << " -> " << r.body;
  }
  auto listed = get(base + "?from=2000-01-01", p.owner);
  EXPECT_TRUE(listed.json["data"]["exceptions"].empty()) << listed.body;
  // Turning a whole-day block into special hours needs times.
  const auto id = add_exception(p, {{"exception_date", date}});
  auto r = send("PUT", base + "/" + id, {{"is_available", true}}, p.owner);
  EXPECT_EQ(r.status, 400) << r.body;
  auto only_start = send("PUT", base + "/" + id, {{"start_time", "10:00"}}, p.owner);
  EXPECT_EQ(only_start.status, 400) << only_start.body;
}

TEST_F(CatalogApi, ExceptionPermissions) {
  auto w = make_world();
  const std::string base = providers_path(w.mine.provider_id) + "/exceptions";
  const auto date = iso(plus_days(today_in_jakarta(), 5));
  const auto target = add_exception(w.mine, {{"exception_date", date}});
  expect_permissions(w, "POST /exceptions", 201, [&](const Actor& who) {
    return send("POST", base, {{"exception_date", date}, {"reason", "oleh " + who.email}}, who);
  });
  expect_permissions(w, "PUT /exceptions/:id", 200, [&](const Actor& who) {
    return send("PUT", base + "/" + target, {{"reason", "oleh " + who.email}}, who);
  });
  expect_permissions(w, "DELETE /exceptions/:id", 200, [&](const Actor& who) {
    const auto victim = add_exception(w.mine, {{"exception_date", date}});
    return del(base + "/" + victim, who);
  });
  expect_permissions(w, "GET /exceptions", 200, [&](const Actor& who) { return get(base, who); });
}

}  // namespace
}  // namespace janji::testing
