#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/common/wall_time.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace soci {
class session;
}

namespace janji::testing {

// The UTC instants (ISO text) of a provider's wall-clock booking date start-end ("HH:MM" or
// "HH:MM:SS"), read in its zone as the booking service does: for bookings tests write with SQL.
struct StoredInstants {
  std::string starts_at;
  std::string ends_at;
};
StoredInstants stored_instants(soci::session& sql, const std::string& provider_id,
                               const std::string& date, const std::string& start,
                               const std::string& end);

// A signed-in user as the catalogue tests use it.
struct Actor {
  std::string user_id;
  std::string email;
  std::string token;
  // {"Authorization: Bearer <token>"}, or no header for the anonymous actor.
  std::vector<std::string> auth() const;
};

// A provider-role user and the business they registered.
struct ProviderAccount {
  Actor owner;
  std::string provider_id;
  nlohmann::json provider;  // data.provider of the create answer
};

// Everyone a permission test needs: an admin, two provider users with their own businesses, a
// customer and nobody (anonymous).
struct CatalogWorld {
  Actor admin;
  ProviderAccount mine;
  ProviderAccount other;
  Actor customer;
  Actor anonymous;
};

// Provider-local dates relative to "today" in Asia/Jakarta (UTC+7 all year).
common::Date today_in_jakarta();
std::string iso(common::Date date);
common::Date plus_days(common::Date date, int days);
// The first date at least `min_days_ahead` days after `from` that falls on `day_of_week`
// (0 = Sunday).
common::Date next_weekday(common::Date from, int day_of_week, int min_days_ahead = 2);

// A test suite whose tests share one running application, with helpers for the catalogue
// and availability endpoints. Tests create their own users (unique e-mails), so they stay
// independent of each other and of the order they run in.
class CatalogSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  // For a derived suite's SetUpTestSuite: the shared application with other settings.
  static void start_app(const std::map<std::string, std::string>& overrides);

  static TestApp& test_app();
  HttpClient client() const { return test_app().client(); }

  // Raw requests with a JSON body.
  HttpResult send(const std::string& method, const std::string& path, const nlohmann::json& body,
                  const Actor& who) const;
  HttpResult get(const std::string& path, const Actor& who) const;
  HttpResult del(const std::string& path, const Actor& who) const;

  // Users.
  Actor register_user(const std::string& role, const std::string& tag = "user");
  Actor make_admin();
  // A provider-role user who registered a business; `fields` are merged into the default body.
  ProviderAccount make_provider(const nlohmann::json& fields = nlohmann::json::object(),
                                const std::string& tag = "prov");
  CatalogWorld make_world();

  // Catalogue helpers: each asserts success (ADD_FAILURE otherwise) and returns the new id.
  std::string create_service(const ProviderAccount& p, int duration,
                             const nlohmann::json& fields = nlohmann::json::object());
  std::string add_schedule(const ProviderAccount& p, int day_of_week, const std::string& start,
                           const std::string& end);
  std::string add_exception(const ProviderAccount& p, const nlohmann::json& body);
  void update_provider(const ProviderAccount& p, const nlohmann::json& fields);

  // Availability.
  HttpResult availability_raw(const std::string& provider_id, const std::string& query,
                              const Actor& who = Actor{}) const;
  // available_slots of one date; a failed request adds a failure and returns {"<status>"}.
  std::vector<std::string> slots(const std::string& provider_id, common::Date date,
                                 const std::string& service_id) const;

  // Bookings have no endpoints yet: rows go straight into the database. Times "HH:MM".
  std::string insert_booking(const ProviderAccount& p, const std::string& service_id,
                             const Actor& customer, common::Date date, const std::string& start,
                             const std::string& end, const std::string& status = "confirmed");
  void set_booking_status(const std::string& booking_id, const std::string& status);
  // The status of a booking row, "" when there is none.
  std::string booking_status(const std::string& booking_id);
  // Tells the slot cache that the provider's bookings changed (what the booking code will do).
  void invalidate_slots(const std::string& provider_id);

 private:
  static std::unique_ptr<TestApp>& instance();
};

// A new user of `role` registered through `on` (any janji, a child process's too); its token.
Actor register_over(const HttpClient& on, const std::string& role, const std::string& tag);

// The codes and detail keys of an error answer, for compact assertions.
std::string error_code(const HttpResult& r);
bool has_detail(const HttpResult& r, const std::string& field);

}  // namespace janji::testing
