// Issue 13: payments with Midtrans Snap over real HTTP, against a local server that follows
// Midtrans' contract (scripts/sandbox/midtrans_standin.py), on SQLite or PostgreSQL as the run
// says. A payment is never lost, never applied twice, never applied to the wrong booking.
#include <gtest/gtest.h>

#include <cctype>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/common/clock.hpp"
#include "support/booking_api_suite.hpp"
#include "support/midtrans_sandbox.hpp"

namespace janji::testing {
namespace {

using namespace std::chrono_literals;

constexpr long long kPrice = 350000;

class PaymentApi : public BookingApi {
 protected:
  static void SetUpTestSuite() {
    standin() = std::make_unique<MidtransStandIn>();
    start_app({{"PAYMENT_DRIVER", "midtrans"},
               {"MIDTRANS_SERVER_KEY", standin()->server_key()},
               {"MIDTRANS_SNAP_BASE_URL", standin()->base_url()},
               {"MIDTRANS_API_BASE_URL", standin()->base_url()},
               {"FRONTEND_URL", "https://app.janji.test"},
               {"PAYMENT_HOLD", "15m"},
               // Tokens outlive the clock moved past a hold.
               {"JWT_ACCESS_TOKEN_EXPIRY", "2h"},
               {"TEST_CLOCK_API", "true"}});
  }
  static void TearDownTestSuite() {
    CatalogSuite::TearDownTestSuite();
    standin().reset();
  }
  void TearDown() override { set_clock_offset(0); }

  static std::unique_ptr<MidtransStandIn>& standin() {
    static std::unique_ptr<MidtransStandIn> s;
    return s;
  }

  std::string callback_url() const { return client().base_url() + "/api/v1/payments/callback"; }

  // A provider that requires payment, open every day, with a priced service.
  Shop paying_shop() {
    Shop s = make_shop(60, json{{"requires_payment", true}});
    update_service_price(s, kPrice);
    return s;
  }
  void update_service_price(const Shop& s, long long price) {
    auto r =
        send("PUT", "/api/v1/providers/" + s.provider.provider_id + "/services/" + s.service_id,
             json{{"price", price}}, s.provider.owner);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  json booking_of(const std::string& id, const Actor& who) {
    auto r = get("/api/v1/bookings/" + id, who);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["data"];
  }

  HttpResult create_payment(const std::string& booking_id, const Actor& who,
                            const std::string& key = "") {
    auto headers = who.auth();
    headers.push_back("Content-Type: application/json");
    if (!key.empty()) headers.push_back("Idempotency-Key: " + key);
    return client().request("POST", "/api/v1/payments/create",
                            json{{"booking_id", booking_id}}.dump(), headers);
  }
  // Creates a payment and returns its order id (ADD_FAILURE otherwise).
  std::string order_for(const std::string& booking_id, const Actor& who) {
    auto r = create_payment(booking_id, who);
    if (r.status != 201 && r.status != 200) {
      ADD_FAILURE() << "create payment: " << r.status << " " << r.body;
      return {};
    }
    return r.json["data"]["payment"]["order_id"].get<std::string>();
  }

  // The stand-in sets the order's status and posts the signed notification to janji; the
  // HTTP status janji answered.
  long notify(const std::string& order_id, const std::string& status,
              std::optional<std::string> fraud = std::nullopt, json extra = json::object()) {
    extra["notify_url"] = callback_url();
    auto answer = standin()->set_status(order_id, status, fraud, extra);
    const auto& delivery = answer["delivery"];
    if (!delivery.is_object() || !delivery.contains("status")) {
      ADD_FAILURE() << "no delivery: " << answer.dump();
      return 0;
    }
    return delivery["status"].get<long>();
  }

  // A raw notification body posted to janji's callback.
  HttpResult post_callback(const std::string& body) {
    return client().request("POST", "/api/v1/payments/callback", body,
                            {"Content-Type: application/json", "User-Agent: Veritrans"});
  }

  long long count(const std::string& sql_text) {
    soci::session sql(test_app().app().database().pool());
    long long n = 0;
    sql << sql_text, soci::into(n);
    return n;
  }
  long long receipts(const std::string& booking_id) {
    return count(
        "SELECT COUNT(*) FROM notifications WHERE type = 'payment_receipt' AND "
        "booking_id = '" +
        booking_id + "'");
  }
  long long applied_notifications(const std::string& order_id) {
    return count("SELECT COUNT(*) FROM payment_notifications WHERE applied AND order_id = '" +
                 order_id + "'");
  }

  void set_clock_offset(long long seconds) {
    auto r = client().request("PUT", "/api/v1/test/clock",
                              nlohmann::json{{"offset_seconds", seconds}}.dump(),
                              {"Content-Type: application/json"});
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

TEST_F(PaymentApi, APayingProviderHoldsTheSlotOfAPricedServiceUntilPaid) {
  Shop paying = paying_shop();
  const Actor customer = register_user("customer");
  auto r = post_booking(booking_body(paying, day_ahead(), "09:00"), customer);
  ASSERT_EQ(r.status, 201) << r.body;
  const json b = r.json["data"]["booking"];
  EXPECT_EQ(b["status"], "pending");
  EXPECT_EQ(b["payment_status"], "unpaid");
  ASSERT_TRUE(b["payment_due_at"].is_string()) << b.dump();
  const auto due = common::parse_instant(b["payment_due_at"].get<std::string>());
  ASSERT_TRUE(due);
  const auto hold = *due - std::chrono::system_clock::now();
  EXPECT_GT(hold, 14min);
  EXPECT_LE(hold, 15min + 5s);

  // A free service at the same provider, and any service elsewhere: no hold.
  const std::string free_service =
      create_service(paying.provider, 30, json{{"name", "Free check"}, {"price", 0}});
  auto free = post_booking(json{{"provider_id", paying.provider.provider_id},
                                {"service_id", free_service},
                                {"booking_date", iso(day_ahead())},
                                {"start_time", "13:00"}},
                           customer);
  ASSERT_EQ(free.status, 201) << free.body;
  EXPECT_TRUE(free.json["data"]["booking"]["payment_due_at"].is_null());
  Shop plain = make_shop();
  update_service_price(plain, kPrice);
  auto unpaid = post_booking(booking_body(plain, day_ahead(), "09:00"), customer);
  ASSERT_EQ(unpaid.status, 201) << unpaid.body;
  EXPECT_TRUE(unpaid.json["data"]["booking"]["payment_due_at"].is_null());
  // Nothing to pay there.
  auto refused = create_payment(unpaid.json["data"]["booking"]["id"], customer);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(error_code(refused), "PAYMENT_002");

  // The provider setting is shown and can be turned off.
  auto provider = get("/api/v1/providers/" + paying.provider.provider_id, customer);
  EXPECT_EQ(provider.json["data"]["provider"]["requires_payment"], true) << provider.body;
}

TEST_F(PaymentApi, CreateBuildsTheSnapRequestAndAnswersTheSameAttemptAgain) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer", "payer");
  const std::string id = book(s, customer, day_ahead(), "10:00");
  const json booking = booking_of(id, customer)["booking"];

  auto r = create_payment(id, customer, "pay-key-1");
  ASSERT_EQ(r.status, 201) << r.body;
  const json p = r.json["data"]["payment"];
  const std::string order_id = p["order_id"];
  EXPECT_EQ(order_id.size(), 38u);
  EXPECT_EQ(order_id.rfind("JNJ-", 0), 0u);
  EXPECT_EQ(order_id.substr(order_id.size() - 2), "-1");
  EXPECT_EQ(p["gross_amount"], kPrice);
  EXPECT_EQ(p["status"], "pending");
  EXPECT_EQ(p["expires_at"], booking["payment_due_at"]);
  EXPECT_EQ(r.json["data"]["payment_token"], p["snap_token"]);
  EXPECT_EQ(r.json["data"]["payment_url"], p["redirect_url"]);
  EXPECT_FALSE(p.contains("idempotency_key"));

  // What Midtrans received (CONTRACTS 1.2).
  const json order = standin()->orders()[order_id];
  const json sent = order["request"];
  EXPECT_EQ(sent["transaction_details"]["order_id"], order_id);
  EXPECT_EQ(sent["transaction_details"]["gross_amount"], kPrice);
  long long items = 0;
  for (const auto& item : sent["item_details"]) {
    items += item["price"].get<long long>() * item["quantity"].get<long long>();
  }
  EXPECT_EQ(items, kPrice);
  EXPECT_EQ(sent["customer_details"]["email"], customer.email);
  EXPECT_EQ(sent["callbacks"]["finish"], "https://app.janji.test/bookings/" + id + "/payment");
  EXPECT_EQ(sent["expiry"]["unit"], "minute");
  EXPECT_GE(sent["expiry"]["duration"].get<int>(), 14);
  EXPECT_LE(sent["expiry"]["duration"].get<int>(), 15);

  // The same key, or no key while the attempt is live: the same attempt, no second order.
  auto again = create_payment(id, customer, "pay-key-1");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["data"]["payment"]["id"], p["id"]);
  auto live = create_payment(id, customer);
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.json["data"]["payment"]["order_id"], order_id);
  std::string hex;
  for (char c : id) {
    if (c != '-') hex += c;
  }
  std::size_t orders = 0;
  const json all_orders = standin()->orders();
  for (const auto& [key, value] : all_orders.items()) {
    orders += key.find(hex) != std::string::npos;
  }
  EXPECT_EQ(orders, 1u);

  // Only the booking's customer pays for it.
  const Actor stranger = register_user("customer", "stranger");
  auto other = create_payment(id, stranger);
  EXPECT_EQ(other.status, 404) << other.body;
  auto owner = create_payment(id, s.provider.owner);
  EXPECT_EQ(owner.status, 404) << owner.body;
  auto anonymous = create_payment(id, Actor{});
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  auto bad = create_payment("not-a-uuid", customer);
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(PaymentApi, ASettlementConfirmsOnceHoweverOftenItArrives) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "11:00");
  const std::string order_id = order_for(id, customer);

  EXPECT_EQ(notify(order_id, "settlement", "accept"), 200);
  for (int i = 0; i < 9; ++i) {
    auto again = standin()->notify_again(order_id, json{{"notify_url", callback_url()}});
    EXPECT_EQ(again["delivery"]["status"], 200) << again.dump();
  }
  const json view = booking_of(id, customer);
  EXPECT_EQ(view["booking"]["status"], "confirmed");
  EXPECT_EQ(view["booking"]["payment_status"], "paid");
  ASSERT_EQ(view["payments"].size(), 1u);
  EXPECT_EQ(view["payments"][0]["status"], "paid");
  EXPECT_EQ(view["booking"]["payment_id"], view["payments"][0]["id"]);
  EXPECT_EQ(receipts(id), 1);
  EXPECT_EQ(applied_notifications(order_id), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = '" + order_id + "'"),
            10);

  // A late pending changes nothing; nor a paid booking's new payment.
  EXPECT_EQ(notify(order_id, "pending"), 200);
  EXPECT_EQ(booking_of(id, customer)["payments"][0]["status"], "paid");
  auto paid = create_payment(id, customer);
  EXPECT_EQ(paid.status, 409) << paid.body;
  EXPECT_EQ(error_code(paid), "PAYMENT_004");
}

TEST_F(PaymentApi, ConcurrentCopiesOfOneNotificationApplyOnce) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "12:00");
  const std::string order_id = order_for(id, customer);
  // The signed body once, posted by 8 threads at the same moment.
  auto first = standin()->set_status(order_id, "settlement", "accept");  // no delivery
  const std::string body = first["notification"].dump();
  std::vector<long> statuses(8);
  std::latch go(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      HttpClient http(client().base_url());
      go.arrive_and_wait();
      statuses[i] = http.request("POST", "/api/v1/payments/callback", body,
                                 {"Content-Type: application/json"})
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  for (long st : statuses) EXPECT_EQ(st, 200);
  EXPECT_EQ(applied_notifications(order_id), 1);
  EXPECT_EQ(receipts(id), 1);
  EXPECT_EQ(booking_of(id, customer)["booking"]["status"], "confirmed");
}

TEST_F(PaymentApi, ADeniedPaymentMayBeTriedAgainWithANewOrder) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "13:00");
  const std::string first = order_for(id, customer);
  EXPECT_EQ(notify(first, "deny", "deny", json{{"payment_type", "credit_card"}}), 200);
  json view = booking_of(id, customer);
  EXPECT_EQ(view["booking"]["status"], "pending");
  EXPECT_EQ(view["payments"][0]["status"], "denied");

  const std::string second = order_for(id, customer);
  EXPECT_NE(second, first);
  EXPECT_EQ(second.substr(second.size() - 2), "-2");
  EXPECT_EQ(notify(second, "settlement", "accept"), 200);
  view = booking_of(id, customer);
  EXPECT_EQ(view["booking"]["status"], "confirmed");
  EXPECT_EQ(view["booking"]["payment_status"], "paid");
  ASSERT_EQ(view["payments"].size(), 2u);
  EXPECT_EQ(view["payments"][0]["order_id"], second);  // newest first
  EXPECT_EQ(view["payments"][0]["status"], "paid");
  EXPECT_EQ(view["payments"][1]["status"], "denied");
}

TEST_F(PaymentApi, AnExpiredPaymentFreesTheSlotForSomeoneElse) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const Actor next = register_user("customer", "next");
  const std::string id = book(s, customer, day_ahead(), "14:00");
  const std::string order_id = order_for(id, customer);
  auto taken = post_booking(booking_body(s, day_ahead(), "14:00"), next);
  EXPECT_EQ(taken.status, 409) << taken.body;

  EXPECT_EQ(notify(order_id, "expire"), 200);
  const json view = booking_of(id, customer);
  EXPECT_EQ(view["booking"]["status"], "cancelled");
  EXPECT_EQ(view["payments"][0]["status"], "expired");
  EXPECT_TRUE(contains(slots(s.provider.provider_id, day_ahead(), s.service_id), "14:00"));
  auto rebooked = post_booking(booking_body(s, day_ahead(), "14:00"), next);
  EXPECT_EQ(rebooked.status, 201) << rebooked.body;
  // The customer and the provider hear of it.
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE type = 'booking_cancelled' AND "
                  "booking_id = '" +
                  id + "'"),
            2);
}

TEST_F(PaymentApi, AWrongAmountOrSignatureChangesNothing) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "15:00");
  const std::string order_id = order_for(id, customer);

  EXPECT_EQ(notify(order_id, "settlement", "accept", json{{"gross_amount", "1000.00"}}), 400);
  EXPECT_EQ(notify(order_id, "settlement", "accept", json{{"bad_signature", true}}), 401);
  // The signature covers the text: the right amount written differently does not verify.
  auto body = standin()->set_status(order_id, "settlement", "accept")["notification"];
  body["gross_amount"] = std::to_string(kPrice);
  auto reformatted = post_callback(body.dump());
  EXPECT_EQ(reformatted.status, 401) << reformatted.body;
  EXPECT_EQ(error_code(reformatted), "PAYMENT_008");
  auto garbage = post_callback("{\"order_id\": 5}");
  EXPECT_EQ(garbage.status, 400) << garbage.body;
  auto not_json = post_callback("order_id=x");
  EXPECT_EQ(not_json.status, 400) << not_json.body;

  const json view = booking_of(id, customer);
  EXPECT_EQ(view["booking"]["status"], "pending");
  EXPECT_EQ(view["booking"]["payment_status"], "unpaid");
  EXPECT_EQ(view["payments"][0]["status"], "pending");
  EXPECT_EQ(applied_notifications(order_id), 0);
  EXPECT_EQ(receipts(id), 0);
  // Only the signed one with the wrong amount was recorded (unsigned ones are not stored).
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = '" + order_id + "'"),
            1);
}

TEST_F(PaymentApi, AnUnknownOrderIsRecordedAndAnswered200) {
  // Signed with the right key for an order nobody made: Midtrans must stop retrying.
  const std::string order_id = "JNJ-unknown-" + unique_email("o").substr(2, 10) + "-1";
  auto answer = standin()->set_status(order_id, "settlement", "accept",
                                      json{{"gross_amount", 5000}, {"notify_url", callback_url()}});
  EXPECT_EQ(answer["delivery"]["status"], 200) << answer.dump();
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = '" + order_id +
                  "' AND payment_id IS NULL"),
            1);
}

TEST_F(PaymentApi, AnUnpaidHoldIsCancelledOnceWhenItRunsOut) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string lapsed = book(s, customer, day_ahead(), "08:00");
  order_for(lapsed, customer);
  const std::string paid = book(s, customer, day_ahead(), "16:00");
  EXPECT_EQ(notify(order_for(paid, customer), "settlement", "accept"), 200);

  // Not yet: nothing happens.
  auto early = test_app().app().payments().cancel_lapsed_holds();
  ASSERT_TRUE(early) << early.error().message;
  EXPECT_EQ(booking_of(lapsed, customer)["booking"]["status"], "pending");

  set_clock_offset(16 * 60);
  std::vector<int> cancelled(2, -1);
  std::latch go(2);
  std::vector<std::thread> sweepers;
  for (int i = 0; i < 2; ++i) {
    sweepers.emplace_back([&, i] {
      go.arrive_and_wait();
      auto n = test_app().app().payments().cancel_lapsed_holds();
      cancelled[i] = n ? *n : -100;
    });
  }
  for (auto& t : sweepers) t.join();
  EXPECT_GE(cancelled[0] + cancelled[1], 1);
  const json view = booking_of(lapsed, customer);
  EXPECT_EQ(view["booking"]["status"], "cancelled");
  EXPECT_EQ(view["booking"]["cancellation_reason"], "Payment was not received in time");
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE type = 'booking_cancelled' AND "
                  "booking_id = '" +
                  lapsed + "'"),
            2);
  EXPECT_EQ(booking_of(paid, customer)["booking"]["status"], "confirmed");
  // Paying after the hold: refused.
  auto late = create_payment(lapsed, customer);
  EXPECT_EQ(late.status, 409) << late.body;
}

// A payment under way at Midtrans when the hold runs out (the customer chose a method: a
// pending notification came) keeps its slot a little longer, so that the settlement of a
// payment made at the last moment confirms the booking instead of landing on a cancelled one.
TEST_F(PaymentApi, AHoldWithAPaymentUnderWayLastsUntilTheSettlementCanLand) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string paying = book(s, customer, day_ahead(), "15:30");
  const std::string paying_order = order_for(paying, customer);
  EXPECT_EQ(notify(paying_order, "pending", std::nullopt, json{{"payment_type", "bank_transfer"}}),
            200);
  const std::string idle = book(s, customer, day_ahead(), "11:30");
  order_for(idle, customer);  // opened Snap, chose nothing

  set_clock_offset(16 * 60);  // the hold ran out a minute ago
  auto swept = test_app().app().payments().cancel_lapsed_holds();
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(booking_of(idle, customer)["booking"]["status"], "cancelled");
  EXPECT_EQ(booking_of(paying, customer)["booking"]["status"], "pending");
  // The transfer settles: the booking is confirmed, not money for a cancelled booking.
  EXPECT_EQ(notify(paying_order, "settlement"), 200);
  EXPECT_EQ(booking_of(paying, customer)["booking"]["status"], "confirmed");

  // A payment that never settles: cancelled once the grace is over too.
  set_clock_offset(0);
  const std::string stalled = book(s, customer, day_ahead(), "13:30");
  const std::string stalled_order = order_for(stalled, customer);
  EXPECT_EQ(notify(stalled_order, "pending"), 200);
  set_clock_offset(16 * 60);
  ASSERT_TRUE(test_app().app().payments().cancel_lapsed_holds());
  EXPECT_EQ(booking_of(stalled, customer)["booking"]["status"], "pending");
  set_clock_offset(21 * 60);
  ASSERT_TRUE(test_app().app().payments().cancel_lapsed_holds());
  EXPECT_EQ(booking_of(stalled, customer)["booking"]["status"], "cancelled");
}

TEST_F(PaymentApi, PaymentsAreSeenByTheirPartiesAndRefundedByAdmins) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const Actor stranger = register_user("customer", "stranger");
  const Actor admin = make_admin();
  const std::string id = book(s, customer, day_ahead(), "09:30");
  auto created = create_payment(id, customer);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string payment_id = created.json["data"]["payment"]["id"];
  const std::string order_id = created.json["data"]["payment"]["order_id"];
  EXPECT_EQ(notify(order_id, "settlement", "accept", json{{"payment_type", "bank_transfer"}}), 200);

  const std::string path = "/api/v1/payments/" + payment_id;
  auto mine = get(path, customer);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["data"]["payment"]["payment_type"], "bank_transfer");
  EXPECT_FALSE(mine.json["data"].contains("notifications"));
  EXPECT_EQ(get(path, s.provider.owner).status, 200);
  EXPECT_EQ(get(path, stranger).status, 404);
  EXPECT_EQ(get(path, Actor{}).status, 401);
  auto audit = get(path, admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.json["data"]["notifications"].size(), 1u);
  EXPECT_EQ(audit.json["data"]["notifications"][0]["applied"], true);

  const std::string refund = "/api/v1/admin/payments/" + payment_id + "/refund";
  EXPECT_EQ(send("POST", refund, json{{"reason", "x"}}, customer).status, 403);
  EXPECT_EQ(
      send("POST", refund, json{{"amount", kPrice + 1}, {"reason", "too much"}}, admin).status,
      400);
  auto part = send("POST", refund, json{{"amount", 100000}, {"reason", "late start"}}, admin);
  ASSERT_EQ(part.status, 200) << part.body;
  EXPECT_EQ(part.json["data"]["payment"]["status"], "partially_refunded");
  EXPECT_EQ(part.json["data"]["payment"]["refunded_amount"], 100000);
  EXPECT_EQ(booking_of(id, customer)["booking"]["payment_status"], "paid");
  auto rest = send("POST", refund, json{{"reason", "cancelled by the shop"}}, admin);
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(rest.json["data"]["payment"]["status"], "refunded");
  EXPECT_EQ(rest.json["data"]["payment"]["refunded_amount"], kPrice);
  EXPECT_EQ(booking_of(id, customer)["booking"]["payment_status"], "refunded");
  // Midtrans got two refunds, with different keys, summing to the price.
  const json refunds = standin()->orders()[order_id]["refunds"];
  ASSERT_EQ(refunds.size(), 2u) << refunds.dump();
  EXPECT_EQ(send("POST", refund, json{{"reason", "again"}}, admin).status, 409);
}

TEST_F(PaymentApi, MidtransFailuresAreRetryableAndLeaveNoLiveAttempt) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "10:30");
  standin()->fail_next(503);
  auto down = create_payment(id, customer);
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(error_code(down), "PAYMENT_001");
  // The next try makes attempt 2 (Midtrans may have seen order 1).
  auto ok = create_payment(id, customer);
  ASSERT_EQ(ok.status, 201) << ok.body;
  const std::string order_id = ok.json["data"]["payment"]["order_id"];
  EXPECT_EQ(order_id.substr(order_id.size() - 2), "-2");
}

// MIDTRANS_VERIFY_STATUS: what Get Status says is applied, not what the notification claims.
class VerifiedPaymentApi : public PaymentApi {
 protected:
  static void SetUpTestSuite() {
    standin() = std::make_unique<MidtransStandIn>();
    start_app({{"PAYMENT_DRIVER", "midtrans"},
               {"MIDTRANS_SERVER_KEY", standin()->server_key()},
               {"MIDTRANS_SNAP_BASE_URL", standin()->base_url()},
               {"MIDTRANS_API_BASE_URL", standin()->base_url()},
               {"MIDTRANS_VERIFY_STATUS", "true"},
               {"TEST_CLOCK_API", "true"}});
  }
};

TEST_F(VerifiedPaymentApi, GetStatusDecides) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "11:30");
  const std::string order_id = order_for(id, customer);
  // Midtrans says pending; a forged "settlement" (signed: the key leaked, say) is not believed.
  standin()->set_status(order_id, "pending");
  auto forged = standin()->set_status(order_id, "pending")["notification"];
  forged["transaction_status"] = "settlement";
  auto r = post_callback(forged.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(booking_of(id, customer)["booking"]["payment_status"], "unpaid");
  // Midtrans unreachable: 503, so that Midtrans retries.
  standin()->fail_next(500, 1);
  EXPECT_EQ(notify(order_id, "settlement", "accept"), 503);
  EXPECT_EQ(booking_of(id, customer)["booking"]["payment_status"], "unpaid");
  EXPECT_EQ(
      standin()->notify_again(order_id, json{{"notify_url", callback_url()}})["delivery"]["status"],
      200);
  EXPECT_EQ(booking_of(id, customer)["booking"]["status"], "confirmed");
}

// PAYMENT_DRIVER=simulator: the whole flow with no account anywhere.
class SimulatedPaymentApi : public PaymentApi {
 protected:
  static void SetUpTestSuite() {
    start_app({{"FRONTEND_URL", "https://app.janji.test"}, {"TEST_CLOCK_API", "true"}});
  }
  static void TearDownTestSuite() { CatalogSuite::TearDownTestSuite(); }

  HttpResult press(const std::string& order_id, const std::string& action) {
    return client().request("POST", "/pay/" + order_id, "action=" + action,
                            {"Content-Type: application/x-www-form-urlencoded"});
  }
};

TEST_F(SimulatedPaymentApi, ThePayPageSettlesThroughTheSignedCallback) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "09:00");
  auto created = create_payment(id, customer);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string order_id = created.json["data"]["payment"]["order_id"];
  // On janji's public address (APP_URL), as links in mails are.
  EXPECT_EQ(created.json["data"]["payment_url"], test_app().config().app_url + "/pay/" + order_id);

  auto page = client().request("GET", "/pay/" + order_id, "", {});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Rp 350.000"), std::string::npos);
  EXPECT_NE(page.body.find("data-testid=\"simulator-pay\""), std::string::npos);
  EXPECT_EQ(client().request("GET", "/pay/JNJ-nothing-1", "", {}).status, 404);
  EXPECT_EQ(press(order_id, "steal").status, 400);

  auto paid = press(order_id, "pay");
  EXPECT_EQ(paid.status, 303) << paid.body;
  EXPECT_EQ(paid.header("location"), "https://app.janji.test/bookings/" + id +
                                         "/payment?order_id=" + order_id +
                                         "&status_code=200&transaction_status=settlement");
  const json view = booking_of(id, customer);
  EXPECT_EQ(view["booking"]["status"], "confirmed");
  EXPECT_EQ(view["booking"]["payment_status"], "paid");
  EXPECT_EQ(receipts(id), 1);
  // The page is closed now.
  EXPECT_EQ(press(order_id, "pay").status, 409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM payment_notifications WHERE source = 'simulator' AND "
                  "order_id = '" +
                  order_id + "'"),
            1);
}

TEST_F(SimulatedPaymentApi, DeclineThenPayAgainThenLetExpire) {
  Shop s = paying_shop();
  const Actor customer = register_user("customer");
  const std::string id = book(s, customer, day_ahead(), "10:00");
  const std::string first = order_for(id, customer);
  EXPECT_EQ(press(first, "fail").status, 303);
  EXPECT_EQ(booking_of(id, customer)["payments"][0]["status"], "denied");
  const std::string second = order_for(id, customer);
  EXPECT_NE(second, first);
  EXPECT_EQ(press(second, "expire").status, 303);
  const json view = booking_of(id, customer);
  EXPECT_EQ(view["booking"]["status"], "cancelled");
  EXPECT_EQ(view["payments"][0]["status"], "expired");
}

}  // namespace
}  // namespace janji::testing

namespace janji::testing {
namespace {

// CONTRACTS.md 1.6: the signature test vector from Midtrans' own example app, end to end. A
// janji holding that server key accepts the example notification (an order it does not know:
// recorded, answered 200) and refuses it once a signed field is written differently.
class PaymentSignatureVector : public BookingApi {
 protected:
  static void SetUpTestSuite() {
    start_app({{"PAYMENT_DRIVER", "midtrans"},
               {"MIDTRANS_SERVER_KEY", "SB-Mid-server-GwUP_WGbJPXsDzsNEBRs8IYA"},
               {"MIDTRANS_VERIFY_STATUS", "false"}});
  }

  static json example() {
    return {{"transaction_time", "2018-11-05 12:17:05"},
            {"transaction_status", "settlement"},
            {"transaction_id", "df7a7a2d-1fea-4b2c-b2e4-6c6d8a5a5c7b"},
            {"status_message", "midtrans payment notification"},
            {"status_code", "200"},
            {"signature_key",
             "d302bfcb2db008f17343e4c3b56cb20a0b22d0951ede6a7cdbfcd31f4a5d0d89d0a5230c333dd2fc58"
             "03cfbe8567ad146fb3c574d4050a87b4d81661e5d870de"},
            {"payment_type", "bank_transfer"},
            {"order_id", "order-id-node-1541395013"},
            {"gross_amount", "200000.00"},
            {"fraud_status", "accept"},
            {"currency", "IDR"}};
  }

  HttpResult post(const json& body) {
    return client().request("POST", "/api/v1/payments/callback", body.dump(),
                            {"Content-Type: application/json"});
  }
};

TEST_F(PaymentSignatureVector, TheContractsVectorVerifiesAndAnyRewriteDoesNot) {
  auto accepted = post(example());
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  json reformatted = example();
  reformatted["gross_amount"] = "200000";
  auto refused = post(reformatted);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_EQ(error_code(refused), "PAYMENT_008");
  json upper = example();
  std::string signature = upper["signature_key"];
  for (char& c : signature) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  upper["signature_key"] = signature;
  EXPECT_EQ(post(upper).status, 401);
  json other_status = example();
  other_status["status_code"] = "201";
  EXPECT_EQ(post(other_status).status, 401);
  // The signed one was recorded (earlier runs on the same database may have left theirs).
  soci::session sql(test_app().app().database().pool());
  long long n = 0;
  sql << "SELECT COUNT(*) FROM payment_notifications WHERE order_id = "
         "'order-id-node-1541395013' AND payment_id IS NULL AND signature_valid",
      soci::into(n);
  EXPECT_GE(n, 1);
}

}  // namespace
}  // namespace janji::testing
