// The fixture shared by the booking API test files: a CatalogSuite with booking helpers.
#pragma once

#include <soci/soci.h>

#include <algorithm>
#include <cstddef>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "adapters/db/database.hpp"
#include "support/catalog_fixture.hpp"

namespace janji::testing {

using nlohmann::json;
using Slots = std::vector<std::string>;

inline bool contains(const Slots& slots, const std::string& start) {
  return std::find(slots.begin(), slots.end(), start) != slots.end();
}

class BookingApi : public CatalogSuite {
 protected:
  // A provider open every day 08:00-17:00 with one service of `duration` minutes.
  struct Shop {
    ProviderAccount provider;
    std::string service_id;
  };

  Shop make_shop(int duration = 60, const json& provider_fields = json::object()) {
    Shop s;
    s.provider = make_provider(provider_fields, "shop");
    for (int day = 0; day < 7; ++day) add_schedule(s.provider, day, "08:00", "17:00");
    s.service_id = create_service(s.provider, duration);
    return s;
  }

  static common::Date day_ahead() { return plus_days(today_in_jakarta(), 3); }

  static json booking_body(const Shop& s, common::Date date, const std::string& start) {
    return {{"provider_id", s.provider.provider_id},
            {"service_id", s.service_id},
            {"booking_date", iso(date)},
            {"start_time", start}};
  }

  HttpResult post_booking(const json& body, const Actor& who,
                          const std::string& idempotency_key = "") const {
    auto headers = who.auth();
    headers.push_back("Content-Type: application/json");
    if (!idempotency_key.empty()) headers.push_back("Idempotency-Key: " + idempotency_key);
    return client().request("POST", "/api/v1/bookings", body.dump(), headers);
  }

  // POST /api/v1/bookings: every request (its JSON body, the booking customer, an optional
  // Idempotency-Key) on its own connection and thread, all released at once; the answers in
  // the same order.
  struct RacingBooking {
    std::string payload;
    const Actor* who = nullptr;
    std::string idempotency_key;
  };
  std::vector<HttpResult> post_at_once(const std::vector<RacingBooking>& requests) const {
    std::vector<HttpResult> results(requests.size());
    std::latch go(static_cast<std::ptrdiff_t>(requests.size()));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      threads.emplace_back([&, i] {
        HttpClient http(client().base_url());
        std::vector<std::string> headers = requests[i].who->auth();
        headers.push_back("Content-Type: application/json");
        if (!requests[i].idempotency_key.empty()) {
          headers.push_back("Idempotency-Key: " + requests[i].idempotency_key);
        }
        go.arrive_and_wait();
        results[i] = http.request("POST", "/api/v1/bookings", requests[i].payload, headers);
      });
    }
    for (auto& t : threads) t.join();
    return results;
  }

  // Books and returns the new id (ADD_FAILURE otherwise).
  std::string book(const Shop& s, const Actor& who, common::Date date, const std::string& start) {
    auto r = post_booking(booking_body(s, date, start), who);
    if (r.status != 201) {
      ADD_FAILURE() << "book " << start << ": " << r.status << " " << r.body;
      return {};
    }
    return r.json["data"]["booking"]["id"].get<std::string>();
  }

  long long bookings_of(const std::string& customer_id) {
    soci::session sql(test_app().app().database().pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM bookings WHERE customer_id = '" + customer_id + "'", soci::into(n);
    return n;
  }
};

}  // namespace janji::testing
