// Providers over real HTTP against the real server (SQLite, or PostgreSQL + Redis when the
// environment names them): create, update, list, search, detail, visibility, soft delete.
// Every test registers its own users so the tests stay independent.
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

// ------------------------------------------------------------------------------------------
// Providers
// ------------------------------------------------------------------------------------------

TEST_F(CatalogApi, ProviderCreateAnswersTheFullShapeWithDefaults) {
  auto owner = register_user("provider", "shape");
  auto r = send("POST", providers_path(),
                {{"business_name", "  Klinik Gigi Senyum  "},
                 {"business_type", "doctor"},
                 {"description", "Dokter gigi keluarga"},
                 {"address", "Jl. Sudirman 1, Jakarta"},
                 {"latitude", -6.2},
                 {"longitude", 106.8},
                 {"pricing_info", {{"currency", "IDR"}, {"from", 150000}}}},
                owner);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json["success"].get<bool>());
  const auto& p = r.json["data"]["provider"];
  EXPECT_EQ(p["id"].get<std::string>().size(), 36u);
  EXPECT_EQ(p["user_id"], owner.user_id);
  EXPECT_EQ(p["business_name"], "Klinik Gigi Senyum");
  EXPECT_EQ(p["business_type"], "doctor");
  EXPECT_EQ(p["description"], "Dokter gigi keluarga");
  EXPECT_EQ(p["address"], "Jl. Sudirman 1, Jakarta");
  EXPECT_DOUBLE_EQ(p["latitude"].get<double>(), -6.2);
  EXPECT_DOUBLE_EQ(p["longitude"].get<double>(), 106.8);
  EXPECT_EQ(p["pricing_info"], (json{{"currency", "IDR"}, {"from", 150000}}));
  EXPECT_EQ(p["is_active"], true);
  EXPECT_EQ(p["timezone"], "Asia/Jakarta");
  EXPECT_EQ(p["slot_interval_minutes"], 30);
  EXPECT_EQ(p["min_notice_minutes"], 60);
  EXPECT_EQ(p["max_advance_days"], 90);
  EXPECT_TRUE(p["created_at"].is_string());
  EXPECT_TRUE(p["updated_at"].is_string());

  auto bare = make_provider({{"business_type", "salon"}});
  const auto& q = bare.provider;
  EXPECT_TRUE(q["description"].is_null()) << q.dump();
  EXPECT_TRUE(q["address"].is_null());
  EXPECT_TRUE(q["latitude"].is_null());
  EXPECT_TRUE(q["longitude"].is_null());
  EXPECT_EQ(q["pricing_info"], json::object());
  EXPECT_EQ(q["business_type"], "salon");
}

TEST_F(CatalogApi, ProviderCreateAcceptsEveryBookingSetting) {
  auto r = make_provider({{"timezone", "Asia/Makassar"},
                          {"slot_interval_minutes", 5},
                          {"min_notice_minutes", 0},
                          {"max_advance_days", 730}});
  EXPECT_EQ(r.provider["timezone"], "Asia/Makassar");
  EXPECT_EQ(r.provider["slot_interval_minutes"], 5);
  EXPECT_EQ(r.provider["min_notice_minutes"], 0);
  EXPECT_EQ(r.provider["max_advance_days"], 730);
  auto upper = make_provider({{"slot_interval_minutes", 240}});
  EXPECT_EQ(upper.provider["slot_interval_minutes"], 240);
}

// Issue 13: a provider may require payment at booking time; off unless the owner says so.
TEST_F(CatalogApi, RequiresPaymentIsAnOwnersBooleanSetting) {
  auto plain = make_provider();
  EXPECT_EQ(plain.provider["requires_payment"], false) << plain.provider.dump();
  auto paying = make_provider({{"requires_payment", true}});
  EXPECT_EQ(paying.provider["requires_payment"], true) << paying.provider.dump();
  EXPECT_EQ(
      get(providers_path(paying.provider_id), Actor{}).json["data"]["provider"]["requires_payment"],
      true);

  auto off =
      send("PUT", providers_path(paying.provider_id), {{"requires_payment", false}}, paying.owner);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json["data"]["provider"]["requires_payment"], false);
  // Other fields leave it as it is.
  auto on =
      send("PUT", providers_path(paying.provider_id), {{"requires_payment", true}}, paying.owner);
  ASSERT_EQ(on.status, 200) << on.body;
  auto renamed =
      send("PUT", providers_path(paying.provider_id), {{"business_name", "Lunas"}}, paying.owner);
  EXPECT_EQ(renamed.json["data"]["provider"]["requires_payment"], true) << renamed.body;

  // null reads as absent, as for the other optional settings.
  auto unchanged = send("PUT", providers_path(paying.provider_id), {{"requires_payment", nullptr}},
                        paying.owner);
  ASSERT_EQ(unchanged.status, 200) << unchanged.body;
  EXPECT_EQ(unchanged.json["data"]["provider"]["requires_payment"], true);
  for (const json& bad : {json("yes"), json(1), json("true")}) {
    auto r =
        send("PUT", providers_path(paying.provider_id), {{"requires_payment", bad}}, paying.owner);
    EXPECT_EQ(r.status, 400) << bad.dump() << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001");
    EXPECT_TRUE(has_detail(r, "requires_payment")) << r.body;
    auto created = send(
        "POST", providers_path(),
        {{"business_name", "Bayar Dulu"}, {"business_type", "salon"}, {"requires_payment", bad}},
        register_user("provider", "paybad"));
    EXPECT_EQ(created.status, 400) << bad.dump() << " -> " << created.body;
    EXPECT_TRUE(has_detail(created, "requires_payment")) << created.body;
  }

  auto w = make_world();
  expect_permissions(w, "PUT /providers/:id requires_payment", 200, [&](const Actor& who) {
    return send("PUT", providers_path(w.mine.provider_id), {{"requires_payment", true}}, who);
  });
}

TEST_F(CatalogApi, ProviderCreateRequiresNameAndType) {
  auto owner = register_user("provider", "missing");
  auto empty = send("POST", providers_path(), json::object(), owner);
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(error_code(empty), "VALIDATION_002");
  EXPECT_TRUE(has_detail(empty, "business_name")) << empty.body;
  EXPECT_TRUE(has_detail(empty, "business_type")) << empty.body;

  auto no_type = send("POST", providers_path(), {{"business_name", "Salon Ayu"}}, owner);
  EXPECT_EQ(no_type.status, 400);
  EXPECT_EQ(error_code(no_type), "VALIDATION_002");
  EXPECT_TRUE(has_detail(no_type, "business_type")) << no_type.body;

  auto no_name = send("POST", providers_path(), {{"business_type", "salon"}}, owner);
  EXPECT_EQ(no_name.status, 400);
  EXPECT_EQ(error_code(no_name), "VALIDATION_002");
  EXPECT_TRUE(has_detail(no_name, "business_name")) << no_name.body;
}

TEST_F(CatalogApi, ProviderCreateValidatesEveryField) {
  struct Case {
    json fields;
    std::vector<std::string> any_of;  // at least one of these fields is named
  };
  const std::vector<Case> cases = {
      {{{"business_type", "plumber"}}, {"business_type"}},
      {{{"business_type", 3}}, {"business_type"}},
      {{{"business_name", "   "}}, {"business_name"}},
      {{{"business_name", 42}}, {"business_name"}},
      {{{"business_name", std::string(256, 'x')}}, {"business_name"}},
      {{{"timezone", "Mars/Olympus"}}, {"timezone"}},
      {{{"timezone", ""}}, {"timezone"}},
      {{{"slot_interval_minutes", 4}}, {"slot_interval_minutes"}},
      {{{"slot_interval_minutes", 241}}, {"slot_interval_minutes"}},
      {{{"slot_interval_minutes", "30"}}, {"slot_interval_minutes"}},
      {{{"slot_interval_minutes", 30.5}}, {"slot_interval_minutes"}},
      {{{"min_notice_minutes", -1}}, {"min_notice_minutes"}},
      {{{"max_advance_days", 0}}, {"max_advance_days"}},
      {{{"max_advance_days", 731}}, {"max_advance_days"}},
      {{{"latitude", -6.2}}, {"latitude", "longitude"}},
      {{{"longitude", 106.8}}, {"latitude", "longitude"}},
      {{{"latitude", 91.0}, {"longitude", 0.0}}, {"latitude"}},
      {{{"latitude", 0.0}, {"longitude", 181.0}}, {"longitude"}},
      {{{"latitude", "north"}, {"longitude", 1.0}}, {"latitude"}},
      {{{"pricing_info", "cheap"}}, {"pricing_info"}},
      {{{"pricing_info", json::array({1, 2})}}, {"pricing_info"}},
      {{{"pricing_info", 5}}, {"pricing_info"}},
  };
  for (const auto& c : cases) {
    // A fresh user each time: a wrongly accepted body must not turn the next case into a 409.
    auto owner = register_user("provider", "val");
    json body = {{"business_name", "Usaha Validasi"}, {"business_type", "consultant"}};
    body.update(c.fields);
    auto r = send("POST", providers_path(), body, owner);
    EXPECT_EQ(r.status, 400) << c.fields.dump() << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << c.fields.dump() << " -> " << r.body;
    const bool named = std::any_of(c.any_of.begin(), c.any_of.end(),
                                   [&](const std::string& f) { return has_detail(r, f); });
    EXPECT_TRUE(named) << c.fields.dump() << " -> " << r.body;
  }
}

TEST_F(CatalogApi, ProviderCreateRejectsMalformedBodies) {
  auto owner = register_user("provider", "malformed");
  for (const std::string body : {"{", "[]", "\"text\"", "null"}) {
    auto r = client().request(
        "POST", providers_path(), body,
        {"Authorization: Bearer " + owner.token, "Content-Type: application/json"});
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << body;
  }
}

TEST_F(CatalogApi, ProviderCreatePermissions) {
  auto anonymous = send("POST", providers_path(),
                        {{"business_name", "Anon"}, {"business_type", "salon"}}, Actor{});
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(error_code(anonymous), "AUTH_REQUIRED");
  Actor forged;
  forged.token = "forged.token.value";
  auto invalid = send("POST", providers_path(),
                      {{"business_name", "Forged"}, {"business_type", "salon"}}, forged);
  EXPECT_EQ(invalid.status, 401);
  EXPECT_EQ(error_code(invalid), "INVALID_TOKEN");

  auto customer = register_user("customer", "cust-create");
  auto by_customer = send("POST", providers_path(),
                          {{"business_name", "Pelanggan"}, {"business_type", "salon"}}, customer);
  EXPECT_EQ(by_customer.status, 403) << by_customer.body;
  EXPECT_EQ(error_code(by_customer), "AUTH_003");

  // A provider user creates their own (and only one).
  auto owner = register_user("provider", "own");
  auto first = send("POST", providers_path(),
                    {{"business_name", "Studio Satu"}, {"business_type", "studio"}}, owner);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json["data"]["provider"]["user_id"], owner.user_id);
  auto second = send("POST", providers_path(),
                     {{"business_name", "Studio Dua"}, {"business_type", "studio"}}, owner);
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(error_code(second), "PROVIDER_002");

  // A provider user cannot register a business for somebody else.
  auto victim = register_user("provider", "victim");
  auto for_other = send(
      "POST", providers_path(),
      {{"business_name", "Bukan Milikku"}, {"business_type", "salon"}, {"user_id", victim.user_id}},
      owner);
  EXPECT_EQ(for_other.status, 403) << for_other.body;

  // An admin creates one for a provider-role user, never for a customer.
  auto admin = make_admin();
  auto for_provider = send("POST", providers_path(),
                           {{"business_name", "Salon Dibuat Admin"},
                            {"business_type", "salon"},
                            {"user_id", victim.user_id}},
                           admin);
  ASSERT_EQ(for_provider.status, 201) << for_provider.body;
  EXPECT_EQ(for_provider.json["data"]["provider"]["user_id"], victim.user_id);
  auto again = send(
      "POST", providers_path(),
      {{"business_name", "Salon Kedua"}, {"business_type", "salon"}, {"user_id", victim.user_id}},
      admin);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(error_code(again), "PROVIDER_002");
  auto for_customer = send("POST", providers_path(),
                           {{"business_name", "Untuk Pelanggan"},
                            {"business_type", "salon"},
                            {"user_id", customer.user_id}},
                           admin);
  EXPECT_EQ(for_customer.status, 422) << for_customer.body;
  EXPECT_EQ(error_code(for_customer), "PROVIDER_003");
  auto without_owner =
      send("POST", providers_path(),
           {{"business_name", "Tanpa Pemilik"}, {"business_type", "salon"}}, admin);
  EXPECT_EQ(without_owner.status, 400) << without_owner.body;
  EXPECT_TRUE(has_detail(without_owner, "user_id")) << without_owner.body;
}

TEST_F(CatalogApi, ProviderUpdateChangesOnlyTheGivenFields) {
  auto p = make_provider({{"description", "Lama"}, {"address", "Jl. Lama 1"}});
  auto r = send("PUT", providers_path(p.provider_id),
                {{"business_name", "Nama Baru"},
                 {"business_type", "salon"},
                 {"latitude", -7.25},
                 {"longitude", 112.75},
                 {"pricing_info", {{"haircut", 50000}}},
                 {"timezone", "Asia/Makassar"},
                 {"slot_interval_minutes", 15},
                 {"min_notice_minutes", 120},
                 {"max_advance_days", 30}},
                p.owner);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& u = r.json["data"]["provider"];
  EXPECT_EQ(u["id"], p.provider_id);
  EXPECT_EQ(u["user_id"], p.owner.user_id);
  EXPECT_EQ(u["business_name"], "Nama Baru");
  EXPECT_EQ(u["business_type"], "salon");
  EXPECT_EQ(u["description"], "Lama");  // untouched
  EXPECT_EQ(u["address"], "Jl. Lama 1");
  EXPECT_DOUBLE_EQ(u["latitude"].get<double>(), -7.25);
  EXPECT_EQ(u["pricing_info"], (json{{"haircut", 50000}}));
  EXPECT_EQ(u["timezone"], "Asia/Makassar");
  EXPECT_EQ(u["slot_interval_minutes"], 15);
  EXPECT_EQ(u["min_notice_minutes"], 120);
  EXPECT_EQ(u["max_advance_days"], 30);
  EXPECT_EQ(u["created_at"], p.provider["created_at"]);

  // JSON null clears a nullable field; the detail endpoint shows the stored state.
  auto cleared =
      send("PUT", providers_path(p.provider_id),
           {{"description", nullptr}, {"latitude", nullptr}, {"longitude", nullptr}}, p.owner);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  auto detail = get(providers_path(p.provider_id), p.owner);
  ASSERT_EQ(detail.status, 200) << detail.body;
  const auto& d = detail.json["data"]["provider"];
  EXPECT_TRUE(d["description"].is_null()) << d.dump();
  EXPECT_TRUE(d["latitude"].is_null());
  EXPECT_TRUE(d["longitude"].is_null());
  EXPECT_EQ(d["address"], "Jl. Lama 1");
  EXPECT_EQ(d["business_name"], "Nama Baru");

  auto empty = send("PUT", providers_path(p.provider_id), json::object(), p.owner);
  EXPECT_EQ(empty.status, 200) << empty.body;
}

TEST_F(CatalogApi, ProviderUpdateRejectsFieldsThatCannotChange) {
  auto p = make_provider();
  auto other_user = register_user("provider", "thief");
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"id", "00000000-0000-4000-8000-000000000000"}}, "id"},
      {{{"user_id", other_user.user_id}}, "user_id"},
      {{{"created_at", "2020-01-01T00:00:00Z"}}, "created_at"},
      {{{"updated_at", "2020-01-01T00:00:00Z"}}, "updated_at"},
      {{{"owner", "me"}}, "owner"},
      {{{"business_name", "Boleh"}, {"deleted_at", nullptr}}, "deleted_at"},
  };
  for (const auto& [body, field] : cases) {
    auto r = send("PUT", providers_path(p.provider_id), body, p.owner);
    EXPECT_EQ(r.status, 400) << body.dump() << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << body.dump();
    EXPECT_TRUE(has_detail(r, field)) << body.dump() << " -> " << r.body;
  }
  auto id_detail =
      send("PUT", providers_path(p.provider_id), {{"user_id", other_user.user_id}}, p.owner);
  ASSERT_TRUE(has_detail(id_detail, "user_id"));
  EXPECT_NE(
      id_detail.json["error"]["details"]["user_id"].get<std::string>().find("cannot be changed"),
      std::string::npos)
      << id_detail.body;
  auto unknown = send("PUT", providers_path(p.provider_id), {{"owner", "me"}}, p.owner);
  ASSERT_TRUE(has_detail(unknown, "owner"));
  EXPECT_NE(unknown.json["error"]["details"]["owner"].get<std::string>().find("unknown field"),
            std::string::npos)
      << unknown.body;
  // Nothing was applied, not even the valid field next to the bad one.
  auto detail = get(providers_path(p.provider_id), p.owner);
  EXPECT_EQ(detail.json["data"]["provider"]["user_id"], p.owner.user_id);
  EXPECT_NE(detail.json["data"]["provider"]["business_name"], "Boleh");
}

TEST_F(CatalogApi, ProviderUpdateValidatesValues) {
  auto p = make_provider();
  const std::vector<std::pair<json, std::vector<std::string>>> cases = {
      {{{"business_type", "bakery"}}, {"business_type"}},
      {{{"business_name", ""}}, {"business_name"}},
      {{{"timezone", "Asia/Atlantis"}}, {"timezone"}},
      {{{"slot_interval_minutes", 4}}, {"slot_interval_minutes"}},
      {{{"slot_interval_minutes", 241}}, {"slot_interval_minutes"}},
      {{{"latitude", 1.5}}, {"latitude", "longitude"}},
      {{{"pricing_info", "gratis"}}, {"pricing_info"}},
      {{{"pricing_info", json::array()}}, {"pricing_info"}},
      {{{"is_active", 1}}, {"is_active"}},
      {{{"max_advance_days", 0}}, {"max_advance_days"}},
  };
  for (const auto& [body, fields] : cases) {
    auto r = send("PUT", providers_path(p.provider_id), body, p.owner);
    EXPECT_EQ(r.status, 400) << body.dump() << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << body.dump();
    const bool named = std::any_of(fields.begin(), fields.end(),
                                   [&](const std::string& f) { return has_detail(r, f); });
    EXPECT_TRUE(named) << body.dump() << " -> " << r.body;
  }
  for (const int ok : {5, 240}) {
    auto r = send("PUT", providers_path(p.provider_id), {{"slot_interval_minutes", ok}}, p.owner);
    EXPECT_EQ(r.status, 200) << ok << " -> " << r.body;
    EXPECT_EQ(r.json["data"]["provider"]["slot_interval_minutes"], ok);
  }
}

TEST_F(CatalogApi, ProviderUpdateAndDeletePermissions) {
  auto w = make_world();
  expect_permissions(w, "PUT /providers/:id", 200, [&](const Actor& who) {
    return send("PUT", providers_path(w.mine.provider_id),
                {{"description", "diubah oleh " + who.email}}, who);
  });
  // DELETE is for admins only: even the owner gets 403. Each call brings its own target.
  expect_permissions(
      w, "DELETE /providers/:id", 200,
      [&](const Actor& who) { return del(providers_path(w.mine.provider_id), who); },
      /*owner_allowed=*/false);
  // The admin's delete went through.
  EXPECT_EQ(get(providers_path(w.mine.provider_id), Actor{}).status, 404);
}

TEST_F(CatalogApi, ProviderListPaginatesAndCountsCorrectly) {
  const auto tag = test_app().app().crypto().new_uuid().substr(0, 8) + "q";  // hex + letter
  std::string upper = tag;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto a =
      make_provider({{"business_name", "Salon " + upper + " Cantik"}, {"business_type", "salon"}});
  auto b = make_provider({{"business_name", "Klinik Sehat"},
                          {"business_type", "doctor"},
                          {"description", "Dokter gigi " + tag + " keluarga"}});
  auto c = make_provider({{"business_name", "Studio Foto"},
                          {"business_type", "studio"},
                          {"address", "Jl. " + upper.substr(0, 4) + tag.substr(4) + " No. 5"}});
  auto hidden =
      make_provider({{"business_name", "Konsultan " + tag}, {"business_type", "consultant"}});
  update_provider(hidden, {{"is_active", false}});
  const std::set<std::string> visible = {a.provider_id, b.provider_id, c.provider_id};

  // Mixed case in the query: matching is case-insensitive over name, description and address.
  std::string mixed = tag;
  mixed[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(mixed[0])));
  mixed.back() = 'Q';
  auto page1 = list("search=" + mixed + "&limit=2&page=1");
  ASSERT_TRUE(page1.json["data"].is_array()) << page1.body;
  EXPECT_EQ(page1.json["data"].size(), 2u);
  EXPECT_EQ(page1.json["pagination"]["page"], 1);
  EXPECT_EQ(page1.json["pagination"]["limit"], 2);
  EXPECT_EQ(page1.json["pagination"]["total_items"], 3);
  EXPECT_EQ(page1.json["pagination"]["total_pages"], 2);
  auto page2 = list("search=" + mixed + "&limit=2&page=2");
  EXPECT_EQ(page2.json["data"].size(), 1u) << page2.body;
  EXPECT_EQ(page2.json["pagination"]["page"], 2);
  EXPECT_EQ(page2.json["pagination"]["total_items"], 3);
  auto all = ids_of(page1.json["data"]);
  for (const auto& id : ids_of(page2.json["data"])) all.insert(id);
  EXPECT_EQ(all, visible);
  auto page3 = list("search=" + mixed + "&limit=2&page=3");
  EXPECT_TRUE(page3.json["data"].empty()) << page3.body;
  EXPECT_EQ(page3.json["pagination"]["total_items"], 3);

  auto whole = list("search=" + upper + "&limit=100");
  EXPECT_EQ(ids_of(whole.json["data"]), visible) << whole.body;
  EXPECT_EQ(whole.json["pagination"]["total_pages"], 1);
  // Every item carries the provider shape.
  for (const auto& item : whole.json["data"]) {
    for (const auto* key : {"id", "user_id", "business_name", "business_type", "pricing_info",
                            "is_active", "timezone", "slot_interval_minutes", "min_notice_minutes",
                            "max_advance_days", "created_at", "updated_at"}) {
      EXPECT_TRUE(item.contains(key)) << key << " missing in " << item.dump();
    }
  }

  // Defaults: page 1, limit 10.
  auto defaults = list("search=" + tag);
  EXPECT_EQ(defaults.json["pagination"]["page"], 1);
  EXPECT_EQ(defaults.json["pagination"]["limit"], 10);
  EXPECT_EQ(defaults.json["pagination"]["total_items"], 3);

  // Type filter, alone and with the search.
  auto salons = list("search=" + tag + "&business_type=salon");
  EXPECT_EQ(ids_of(salons.json["data"]), std::set<std::string>{a.provider_id});
  EXPECT_EQ(salons.json["pagination"]["total_items"], 1);
  auto studios = list("business_type=studio&search=" + tag);
  EXPECT_EQ(ids_of(studios.json["data"]), std::set<std::string>{c.provider_id});
  auto consultants = list("business_type=consultant&search=" + tag);
  EXPECT_TRUE(consultants.json["data"].empty()) << consultants.body;  // only one is inactive
  auto typed = list("business_type=doctor&limit=100");
  for (const auto& item : typed.json["data"]) EXPECT_EQ(item["business_type"], "doctor");

  // Inactive ones: admins may ask for them, everybody else gets the public list.
  auto admin = make_admin();
  auto with_inactive = list("search=" + tag + "&include_inactive=true&limit=100", admin);
  auto expected = visible;
  expected.insert(hidden.provider_id);
  EXPECT_EQ(ids_of(with_inactive.json["data"]), expected) << with_inactive.body;
  EXPECT_EQ(with_inactive.json["pagination"]["total_items"], 4);
  auto not_admin = list("search=" + tag + "&include_inactive=true&limit=100", hidden.owner);
  EXPECT_EQ(ids_of(not_admin.json["data"]), visible) << not_admin.body;
  auto anonymous = list("search=" + tag + "&include_inactive=true&limit=100");
  EXPECT_EQ(ids_of(anonymous.json["data"]), visible);

  // An invalid token on a public endpoint is ignored.
  auto garbage = client().get(providers_path() + "?search=" + tag,
                              {"Authorization: Bearer definitely.not.valid"});
  EXPECT_EQ(garbage.status, 200) << garbage.body;
  EXPECT_EQ(garbage.json["pagination"]["total_items"], 3);

  // A search that matches nothing.
  auto nothing = list("search=zz" + tag + "zz");
  EXPECT_TRUE(nothing.json["data"].empty());
  EXPECT_EQ(nothing.json["pagination"]["total_items"], 0);
}

TEST_F(CatalogApi, SearchTreatsWildcardsAndSpacesLiterally) {
  const auto tag = test_app().app().crypto().new_uuid().substr(0, 8) + "w";
  auto plain = make_provider({{"business_name", "Salon " + tag + " Cantik"}});
  auto percent = make_provider({{"business_name", "Diskon 100% " + tag}});
  auto find = [&](const std::string& encoded) {
    auto r = list("limit=100&search=" + encoded);
    return ids_of(r.json["data"]);
  };
  // Percent-decoded, with spaces, case-insensitive.
  EXPECT_EQ(find("salon%20" + tag + "%20CANTIK"), std::set<std::string>{plain.provider_id});
  EXPECT_EQ(find("salon+" + tag), std::set<std::string>{plain.provider_id});
  // LIKE wildcards are plain characters: "%" and "_" match only themselves.
  EXPECT_EQ(find("100%25%20" + tag), std::set<std::string>{percent.provider_id});
  EXPECT_EQ(find(tag + "%25"), std::set<std::string>{});
  EXPECT_EQ(find("%25%20" + tag), std::set<std::string>{percent.provider_id});
  std::string underscored = tag;
  underscored[3] = '_';
  EXPECT_EQ(find(underscored), std::set<std::string>{});
  EXPECT_EQ(find("Salon%20%25%20Cantik"), std::set<std::string>{});
  // A quote cannot break out of the query.
  EXPECT_EQ(find("%27%20OR%20%271%27%3D%271" + tag), std::set<std::string>{});
}

TEST_F(CatalogApi, ProviderListRejectsBadQueries) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"limit=0", "limit"},  {"limit=101", "limit"},
      {"limit=-5", "limit"}, {"limit=abc", "limit"},
      {"page=0", "page"},    {"page=-1", "page"},
      {"page=x", "page"},    {"business_type=plumber", "business_type"},
  };
  for (const auto& [query, field] : cases) {
    auto r = client().get(providers_path() + "?" + query);
    EXPECT_EQ(r.status, 400) << query << " -> " << r.body;
    EXPECT_EQ(error_code(r), "VALIDATION_001") << query;
    EXPECT_TRUE(has_detail(r, field)) << query << " -> " << r.body;
  }
  for (const auto* ok : {"limit=1", "limit=100", "page=1&limit=10"}) {
    EXPECT_EQ(client().get(providers_path() + "?" + ok).status, 200) << ok;
  }
}

TEST_F(CatalogApi, ProviderDetailShowsActiveServicesAndSchedules) {
  auto p = make_provider({{"description", "Detail"}});
  const auto active = create_service(p, 30, {{"name", "Potong"}});
  const auto paused = create_service(p, 45, {{"name", "Cat Rambut"}, {"is_active", false}});
  const auto monday = add_schedule(p, 1, "09:00", "12:00");
  const auto off = add_schedule(p, 2, "09:00", "12:00");
  ASSERT_EQ(send("PUT", providers_path(p.provider_id) + "/schedules/" + off, {{"is_active", false}},
                 p.owner)
                .status,
            200);

  for (const Actor& viewer : {Actor{}, p.owner}) {
    auto r = get(providers_path(p.provider_id), viewer);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& data = r.json["data"];
    EXPECT_EQ(data["provider"]["id"], p.provider_id);
    EXPECT_EQ(data["provider"]["description"], "Detail");
    ASSERT_TRUE(data["services"].is_array()) << r.body;
    EXPECT_EQ(ids_of(data["services"]), std::set<std::string>{active}) << r.body;
    ASSERT_TRUE(data["schedules"].is_array()) << r.body;
    EXPECT_EQ(ids_of(data["schedules"]), std::set<std::string>{monday}) << r.body;
    EXPECT_EQ(data["schedules"][0]["start_time"], "09:00");
    EXPECT_EQ(data["schedules"][0]["end_time"], "12:00");
    EXPECT_EQ(data["schedules"][0]["day_of_week"], 1);
  }
  (void)paused;
  auto garbage = client().get(providers_path(p.provider_id), {"Authorization: Bearer xyz"});
  EXPECT_EQ(garbage.status, 200) << garbage.body;
}

TEST_F(CatalogApi, InactiveProviderIsVisibleOnlyToOwnerAndAdmin) {
  auto w = make_world();
  auto off = send("PUT", providers_path(w.mine.provider_id), {{"is_active", false}}, w.mine.owner);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json["data"]["provider"]["is_active"], false);
  for (const Actor* who : {&w.anonymous, &w.customer, &w.other.owner}) {
    auto r = get(providers_path(w.mine.provider_id), *who);
    EXPECT_EQ(r.status, 404) << who->email << " " << r.body;
    EXPECT_EQ(error_code(r), "PROVIDER_001");
    auto services = get(providers_path(w.mine.provider_id) + "/services", *who);
    EXPECT_EQ(services.status, 404) << who->email << " " << services.body;
  }
  for (const Actor* who : {&w.mine.owner, &w.admin}) {
    auto r = get(providers_path(w.mine.provider_id), *who);
    EXPECT_EQ(r.status, 200) << who->email << " " << r.body;
    EXPECT_EQ(r.json["data"]["provider"]["is_active"], false);
  }
  // The owner can switch it back on.
  auto on = send("PUT", providers_path(w.mine.provider_id), {{"is_active", true}}, w.mine.owner);
  EXPECT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(get(providers_path(w.mine.provider_id), w.anonymous).status, 200);
}

TEST_F(CatalogApi, SoftDeleteHidesTheProviderEverywhere) {
  auto admin = make_admin();
  const auto tag = test_app().app().crypto().new_uuid().substr(0, 8) + "del";
  auto p = make_provider({{"business_name", "Hapus " + tag}});
  const auto service = create_service(p, 30);
  add_schedule(p, 1, "09:00", "17:00");
  auto customer = register_user("customer", "kept");
  const auto booking =
      insert_booking(p, service, customer, next_weekday(today_in_jakarta(), 1), "09:00", "09:30");
  auto before = get(providers_path() + "?search=" + tag, Actor{});
  EXPECT_EQ(ids_of(before.json["data"]).count(p.provider_id), 1u) << before.body;

  auto r = del(providers_path(p.provider_id), admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["success"].get<bool>());
  EXPECT_TRUE(r.json["message"].is_string()) << r.body;

  for (const Actor* who : {&admin, &p.owner}) {
    auto detail = get(providers_path(p.provider_id), *who);
    EXPECT_EQ(detail.status, 404) << detail.body;
    EXPECT_EQ(error_code(detail), "PROVIDER_001");
  }
  auto listed = get(providers_path() + "?limit=100&search=" + tag, Actor{});
  EXPECT_EQ(ids_of(listed.json["data"]).count(p.provider_id), 0u) << listed.body;
  auto listed_admin =
      get(providers_path() + "?limit=100&include_inactive=true&search=" + tag, admin);
  EXPECT_EQ(ids_of(listed_admin.json["data"]).count(p.provider_id), 0u) << listed_admin.body;
  const auto day = next_weekday(today_in_jakarta(), 1);
  auto slots = availability_raw(p.provider_id, "date=" + iso(day) + "&service_id=" + service);
  EXPECT_EQ(slots.status, 404) << slots.body;
  EXPECT_EQ(error_code(slots), "PROVIDER_001");
  auto services = get(providers_path(p.provider_id) + "/services", Actor{});
  EXPECT_EQ(services.status, 404) << services.body;
  auto again = del(providers_path(p.provider_id), admin);
  EXPECT_EQ(again.status, 404) << again.body;
  EXPECT_EQ(error_code(again), "PROVIDER_001");
  auto edit = send("PUT", providers_path(p.provider_id), {{"description", "x"}}, p.owner);
  EXPECT_EQ(edit.status, 404) << edit.body;
  auto schedules = get(providers_path(p.provider_id) + "/schedules", p.owner);
  EXPECT_EQ(schedules.status, 404) << schedules.body;
  // Existing bookings are kept.
  EXPECT_EQ(booking_status(booking), "confirmed");
}

TEST_F(CatalogApi, MalformedAndUnknownIdsAre404NotErrors) {
  auto p = make_provider();
  const auto service = create_service(p, 30);
  auto admin = make_admin();
  const std::string unknown = test_app().app().crypto().new_uuid();
  const std::string base = providers_path(p.provider_id);
  const json provider_body = {{"description", "x"}};
  const json schedule_body = {{"is_active", true}};
  const json exception_body = {{"reason", "x"}};
  struct Case {
    std::string method;
    std::string path;
    std::string code;
    json body;
  };
  const std::string query = "/availability?date=2030-01-07&service_id=" + service;
  const std::vector<Case> cases = {
      {"GET", providers_path("not-a-uuid"), "PROVIDER_001", {}},
      {"GET", providers_path("1"), "PROVIDER_001", {}},
      {"GET", providers_path("%27%20OR%201%3D1--"), "PROVIDER_001", {}},
      {"GET", providers_path(unknown), "PROVIDER_001", {}},
      {"GET", providers_path(p.provider_id + "x"), "PROVIDER_001", {}},
      {"GET", providers_path(p.provider_id.substr(1)), "PROVIDER_001", {}},
      {"PUT", providers_path("not-a-uuid"), "PROVIDER_001", provider_body},
      {"PUT", providers_path(unknown), "PROVIDER_001", provider_body},
      {"DELETE", providers_path("not-a-uuid"), "PROVIDER_001", {}},
      {"DELETE", providers_path(unknown), "PROVIDER_001", {}},
      {"GET", providers_path("zzz") + "/services", "PROVIDER_001", {}},
      {"GET", providers_path(unknown) + "/services", "PROVIDER_001", {}},
      {"POST",
       providers_path("zzz") + "/services",
       "PROVIDER_001",
       {{"name", "x"}, {"duration", 30}}},
      {"PUT", base + "/services/not-a-uuid", "SERVICE_001", provider_body},
      {"PUT", base + "/services/" + unknown, "SERVICE_001", provider_body},
      {"DELETE", base + "/services/not-a-uuid", "SERVICE_001", {}},
      {"DELETE", base + "/services/" + unknown, "SERVICE_001", {}},
      {"GET", providers_path("zzz") + "/schedules", "PROVIDER_001", {}},
      {"POST",
       providers_path("zzz") + "/schedules",
       "PROVIDER_001",
       {{"day_of_week", 1}, {"start_time", "09:00"}, {"end_time", "10:00"}}},
      {"PUT", base + "/schedules/not-a-uuid", "SCHEDULE_001", schedule_body},
      {"PUT", base + "/schedules/" + unknown, "SCHEDULE_001", schedule_body},
      {"DELETE", base + "/schedules/bad", "SCHEDULE_001", {}},
      {"DELETE", base + "/schedules/" + unknown, "SCHEDULE_001", {}},
      {"GET", providers_path("zzz") + "/exceptions", "PROVIDER_001", {}},
      {"POST",
       providers_path("zzz") + "/exceptions",
       "PROVIDER_001",
       {{"exception_date", "2030-01-07"}}},
      {"PUT", base + "/exceptions/not-a-uuid", "EXCEPTION_001", exception_body},
      {"PUT", base + "/exceptions/" + unknown, "EXCEPTION_001", exception_body},
      {"DELETE", base + "/exceptions/bad", "EXCEPTION_001", {}},
      {"DELETE", base + "/exceptions/" + unknown, "EXCEPTION_001", {}},
      {"GET", providers_path("zzz") + query, "PROVIDER_001", {}},
      {"GET", providers_path(unknown) + query, "PROVIDER_001", {}},
  };
  for (const auto& c : cases) {
    auto r = c.body.is_null() ? client().request(c.method, c.path, "", admin.auth())
                              : send(c.method, c.path, c.body, admin);
    EXPECT_EQ(r.status, 404) << c.method << " " << c.path << " -> " << r.body;
    EXPECT_EQ(error_code(r), c.code) << c.method << " " << c.path << " -> " << r.body;
  }
}

// ------------------------------------------------------------------------------------------
// Services
// ------------------------------------------------------------------------------------------

}  // namespace
}  // namespace janji::testing
