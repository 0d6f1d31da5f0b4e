// The admin notification centre over HTTP: the outbox rows that booking actions write, listed
// with filters and pages, and the retry rules. Rows come from real bookings; their delivery
// states are set with SQL (the outbox worker is what normally moves them).
#include <soci/soci.h>

#include <set>
#include <string>
#include <vector>

#include "support/booking_api_suite.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

class NotificationCentreApi : public BookingApi {
 protected:
  HttpResult list(const std::string& query, const Actor& who) const {
    return get("/api/v1/admin/notifications" + query, who);
  }
  HttpResult retry(const std::string& id, const Actor& who) const {
    return client().request("POST", "/api/v1/admin/notifications/" + id + "/retry", "", who.auth());
  }
  // The ids of a user's notification rows, oldest first.
  std::vector<std::string> rows_of(const std::string& user_id) {
    soci::session sql(test_app().app().database().pool());
    std::vector<std::string> ids(100);
    sql << "SELECT id FROM notifications WHERE user_id = :u ORDER BY created_at, id",
        soci::into(ids), soci::use(user_id);
    return ids;
  }
  void set_state(const std::string& id, const std::string& status, const std::string& error = "",
                 int attempts = 0) {
    soci::session sql(test_app().app().database().pool());
    std::string e = error;
    soci::indicator ind = error.empty() ? soci::i_null : soci::i_ok;
    std::string claimer = "worker-1";
    sql << "UPDATE notifications SET status = :s, error_message = :e, attempts = :a, "
           "claimed_by = :c WHERE id = :id",
        soci::use(status), soci::use(e, ind), soci::use(attempts), soci::use(claimer),
        soci::use(id);
  }
  std::string claimed_by(const std::string& id) {
    soci::session sql(test_app().app().database().pool());
    std::string who;
    soci::indicator ind = soci::i_null;
    sql << "SELECT claimed_by FROM notifications WHERE id = :id", soci::into(who, ind),
        soci::use(id);
    return ind == soci::i_ok ? who : "<null>";
  }
  // A customer with three bookings: six rows, three each for the customer and the provider.
  struct Booked {
    Shop shop;
    Actor customer;
    std::vector<std::string> customer_rows;
  };
  Booked three_bookings() {
    Booked b{make_shop(60), register_user("customer", "notif"), {}};
    for (const char* start : {"09:00", "11:00", "13:00"})
      book(b.shop, b.customer, day_ahead(), start);
    b.customer_rows = rows_of(b.customer.user_id);
    return b;
  }
};

TEST_F(NotificationCentreApi, OnlyAdminsMayLookOrRetry) {
  auto booked = three_bookings();
  ASSERT_EQ(booked.customer_rows.size(), 3u);
  const auto& id = booked.customer_rows.front();
  for (const Actor* who : {&booked.customer, &booked.shop.provider.owner}) {
    auto r = list("", *who);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(error_code(r), "AUTH_003");
    EXPECT_EQ(retry(id, *who).status, 403);
  }
  EXPECT_EQ(list("", Actor{}).status, 401);
  EXPECT_EQ(retry(id, Actor{}).status, 401);
}

TEST_F(NotificationCentreApi, ListsFiltersAndPages) {
  auto admin = make_admin();
  auto booked = three_bookings();
  ASSERT_EQ(booked.customer_rows.size(), 3u);
  const std::string me = "?recipient=" + booked.customer.user_id;

  auto all = list(me, admin);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json["pagination"]["total_items"], 3);
  ASSERT_EQ(all.json["data"].size(), 3u);
  const json& first = all.json["data"][0];
  EXPECT_EQ(first["user_id"], booked.customer.user_id);
  EXPECT_EQ(first["recipient_email"], booked.customer.email);  // the user's, row has none
  EXPECT_EQ(first["type"], "booking_created");
  EXPECT_EQ(first["channel"], "email");
  EXPECT_FALSE(first["booking_id"].is_null());
  for (const char* key : {"attempts", "next_attempt_at", "error_message", "sent_at",
                          "provider_message_id", "created_at", "updated_at", "status"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_FALSE(first.contains("payload"));

  // By e-mail (any case) the same rows; the provider's rows are not the customer's.
  std::string upper = booked.customer.email;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto by_email = list("?recipient=" + upper, admin);
  ASSERT_EQ(by_email.status, 200) << by_email.body;
  EXPECT_EQ(by_email.json["pagination"]["total_items"], 3);
  auto owner = list("?recipient=" + booked.shop.provider.owner.user_id, admin);
  EXPECT_EQ(owner.json["pagination"]["total_items"], 3);

  set_state(booked.customer_rows[0], "failed", "550 mailbox unavailable", 5);
  set_state(booked.customer_rows[1], "skipped");
  set_state(booked.customer_rows[2], "sent");
  for (const auto& [status, id] :
       std::vector<std::pair<std::string, std::string>>{{"failed", booked.customer_rows[0]},
                                                        {"skipped", booked.customer_rows[1]},
                                                        {"sent", booked.customer_rows[2]}}) {
    auto r = list(me + "&status=" + status, admin);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.json["data"].size(), 1u) << status;
    EXPECT_EQ(r.json["data"][0]["id"], id);
    EXPECT_EQ(r.json["data"][0]["status"], status);
  }
  auto failed = list(me + "&status=failed&type=booking_created", admin);
  EXPECT_EQ(failed.json["data"][0]["error_message"], "550 mailbox unavailable");
  EXPECT_EQ(failed.json["data"][0]["attempts"], 5);
  EXPECT_EQ(list(me + "&type=booking_cancelled", admin).json["pagination"]["total_items"], 0);
  EXPECT_EQ(list(me + "&status=pending", admin).json["pagination"]["total_items"], 0);

  // Pages: 2 + 1, no row twice.
  auto p1 = list(me + "&limit=2&page=1", admin);
  auto p2 = list(me + "&limit=2&page=2", admin);
  ASSERT_EQ(p1.status, 200) << p1.body;
  EXPECT_EQ(p1.json["pagination"]["total_pages"], 2);
  EXPECT_EQ(p1.json["pagination"]["limit"], 2);
  ASSERT_EQ(p1.json["data"].size(), 2u);
  ASSERT_EQ(p2.json["data"].size(), 1u);
  std::set<std::string> seen;
  for (const auto* page : {&p1, &p2}) {
    for (const auto& item : page->json["data"]) seen.insert(item["id"].get<std::string>());
  }
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_EQ(list(me + "&limit=2&page=3", admin).json["data"].size(), 0u);

  // Created dates are UTC days, both ends inclusive.
  const std::string day = first["created_at"].get<std::string>().substr(0, 10);
  const auto date = *common::parse_date(day);
  EXPECT_EQ(list(me + "&from=" + day + "&to=" + day, admin).json["pagination"]["total_items"], 3);
  EXPECT_EQ(list(me + "&from=" + iso(plus_days(date, 1)), admin).json["pagination"]["total_items"],
            0);
  EXPECT_EQ(list(me + "&to=" + iso(plus_days(date, -1)), admin).json["pagination"]["total_items"],
            0);
}

TEST_F(NotificationCentreApi, BadFiltersAre400WithTheFields) {
  auto admin = make_admin();
  auto r = list("?status=lost&limit=500&page=0&from=2026-13-01&to=yesterday", admin);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_code(r), "VALIDATION_001");
  for (const char* field : {"status", "limit", "page", "from", "to"}) {
    EXPECT_TRUE(has_detail(r, field)) << field << " " << r.body;
  }
  auto who = list("?recipient=nobody", admin);
  EXPECT_EQ(who.status, 400) << who.body;
  EXPECT_TRUE(has_detail(who, "recipient"));
  auto backwards = list("?from=2027-02-02&to=2027-02-01", admin);
  EXPECT_EQ(backwards.status, 400) << backwards.body;
  EXPECT_EQ(error_code(backwards), "VALIDATION_001");
  EXPECT_TRUE(has_detail(backwards, "to"));
  auto long_type = list("?type=" + std::string(65, 'x'), admin);
  EXPECT_EQ(long_type.status, 400);
  EXPECT_TRUE(has_detail(long_type, "type"));
}

TEST_F(NotificationCentreApi, RetryRequeuesFailedAndSkippedOnly) {
  auto admin = make_admin();
  auto booked = three_bookings();
  ASSERT_EQ(booked.customer_rows.size(), 3u);
  const auto& failed = booked.customer_rows[0];
  const auto& skipped = booked.customer_rows[1];
  const auto& sent = booked.customer_rows[2];
  set_state(failed, "failed", "421 try later", 6);
  set_state(skipped, "skipped");
  set_state(sent, "sent");

  auto r = retry(failed, admin);
  ASSERT_EQ(r.status, 200) << r.body;
  const json& n = r.json["data"]["notification"];
  EXPECT_EQ(n["id"], failed);
  EXPECT_EQ(n["status"], "pending");
  EXPECT_EQ(n["attempts"], 0);
  EXPECT_FALSE(n["next_attempt_at"].is_null());
  EXPECT_EQ(n["error_message"], "421 try later");  // kept until the next attempt's outcome
  EXPECT_EQ(claimed_by(failed), "<null>");

  auto again = retry(skipped, admin);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["data"]["notification"]["status"], "pending");

  auto twice = retry(sent, admin);
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(error_code(twice), "NOTIFICATION_002");

  // A row already waiting is left as it is.
  const auto pending = rows_of(booked.shop.provider.owner.user_id).front();
  auto waiting = retry(pending, admin);
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_EQ(waiting.json["data"]["notification"]["id"], pending);

  EXPECT_EQ(retry("00000000-0000-4000-8000-000000000000", admin).status, 404);
  auto malformed = retry("not-a-uuid", admin);
  EXPECT_EQ(malformed.status, 404);
  EXPECT_EQ(error_code(malformed), "NOTIFICATION_001");
}

}  // namespace
}  // namespace janji::testing
