// The fixture shared by the catalogue API test files: permission matrix and list helpers.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "support/catalog_fixture.hpp"

namespace janji::testing {

using nlohmann::json;

inline std::string providers_path(const std::string& id = "") {
  return id.empty() ? "/api/v1/providers" : "/api/v1/providers/" + id;
}

inline std::set<std::string> ids_of(const json& items) {
  std::set<std::string> ids;
  for (const auto& item : items) ids.insert(item["id"].get<std::string>());
  return ids;
}

class CatalogApi : public CatalogSuite {
 protected:
  // Runs `call` as every kind of caller and checks who may do it: nobody (401 AUTH_REQUIRED),
  // a bad token (401 INVALID_TOKEN), a customer and another provider (403 AUTH_003), then the
  // owner (`ok_status`, or 403 when `owner_allowed` is false) and an admin (`ok_status`).
  // `call` must bring its own fresh target when it consumes one (DELETE).
  void expect_permissions(const CatalogWorld& w, const std::string& what, long ok_status,
                          const std::function<HttpResult(const Actor&)>& call,
                          bool owner_allowed = true) {
    SCOPED_TRACE(what);
    auto anonymous = call(w.anonymous);
    EXPECT_EQ(anonymous.status, 401) << anonymous.body;
    EXPECT_EQ(error_code(anonymous), "AUTH_REQUIRED");
    Actor forged;
    forged.token = "not.a.token";
    auto invalid = call(forged);
    EXPECT_EQ(invalid.status, 401) << invalid.body;
    EXPECT_EQ(error_code(invalid), "INVALID_TOKEN");
    auto customer = call(w.customer);
    EXPECT_EQ(customer.status, 403) << customer.body;
    EXPECT_EQ(error_code(customer), "AUTH_003");
    auto other = call(w.other.owner);
    EXPECT_EQ(other.status, 403) << other.body;
    EXPECT_EQ(error_code(other), "AUTH_003");
    auto owner = call(w.mine.owner);
    if (owner_allowed) {
      EXPECT_EQ(owner.status, ok_status) << owner.body;
      EXPECT_TRUE(owner.json["success"].is_boolean() && owner.json["success"].get<bool>());
    } else {
      EXPECT_EQ(owner.status, 403) << owner.body;
      EXPECT_EQ(error_code(owner), "AUTH_003");
    }
    auto admin = call(w.admin);
    EXPECT_EQ(admin.status, ok_status) << admin.body;
  }

  // A list query answered with 200; `who` may see more (admin include_inactive).
  HttpResult list(const std::string& query, const Actor& who = Actor{}) {
    auto r = get(providers_path() + "?" + query, who);
    EXPECT_EQ(r.status, 200) << query << " -> " << r.body;
    return r;
  }
};

}  // namespace janji::testing
