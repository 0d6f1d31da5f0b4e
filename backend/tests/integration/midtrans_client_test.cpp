// The Midtrans client against the local stand-in (scripts/sandbox/midtrans_standin.py): Snap
// create with Basic auth, Get Status, refund, every failure class, and the notifications the
// stand-in posts, caught by a loopback listener and verified with the real signature check.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>

#include "adapters/mail/mime_message.hpp"
#include "adapters/payments/midtrans_client.hpp"
#include "adapters/payments/midtrans_json.hpp"
#include "adapters/payments/openssl_sha512.hpp"
#include "core/payments/order_id.hpp"
#include "core/payments/signature.hpp"
#include "support/child_process.hpp"
#include "support/midtrans_sandbox.hpp"

namespace janji::testing {
namespace {

using common::ErrorKind;
using namespace payments;
using namespace std::chrono_literals;

constexpr const char* kBooking = "3f2b8c1e-9a4d-4e7f-b123-0c9d8e7f6a5b";

MidtransOptions options_for(const MidtransStandIn& standin, std::string key = "") {
  MidtransOptions o;
  o.server_key = key.empty() ? standin.server_key() : key;
  o.snap_base_url = standin.base_url() + "/";  // a trailing slash is tolerated
  o.api_base_url = standin.base_url();
  o.connect_timeout = 2s;
  o.timeout = 10s;
  return o;
}

SnapRequest request_for(std::uint32_t attempt, std::int64_t amount = 150000) {
  SnapRequest r;
  r.order_id = order_id_for(kBooking, attempt);
  r.gross_amount = amount;
  r.items = {{"svc-1", amount - 5000, 1, "Konsultasi Gigi"}, {"fee", 2500, 2, "Biaya layanan"}};
  r.customer = {"Budi", "Santoso", "budi@example.com", "+6281234567890"};
  r.finish_url = "http://127.0.0.1:5173/payments/finish";
  r.expiry = SnapExpiry{std::chrono::sys_days{std::chrono::year{2026} / 12 / 7} + 13h, 7h, 15,
                        ExpiryUnit::kMinute};
  return r;
}

// Captures spdlog output for the test's duration.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

// --- Snap create ---

TEST(MidtransClient, CreatesASnapTransaction) {
  MidtransStandIn standin;
  MidtransClient client(options_for(standin));
  const auto created = client.create_snap(request_for(1));
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_FALSE(created->token.empty());
  EXPECT_NE(created->redirect_url.find(created->token), std::string::npos);

  const auto orders = standin.orders();
  const std::string id = order_id_for(kBooking, 1);
  ASSERT_TRUE(orders.contains(id)) << orders.dump();
  EXPECT_EQ(orders[id]["token"], created->token);
  const auto& sent = orders[id]["request"];
  EXPECT_EQ(sent["transaction_details"]["gross_amount"], 150000);
  EXPECT_EQ(sent["item_details"].size(), 2u);
  EXPECT_EQ(sent["customer_details"]["email"], "budi@example.com");
  EXPECT_EQ(sent["callbacks"]["finish"], "http://127.0.0.1:5173/payments/finish");
  EXPECT_EQ(sent["expiry"]["start_time"], "2026-12-07 20:00:00 +0700");
  EXPECT_EQ(sent["expiry"]["unit"], "minute");
  EXPECT_EQ(sent["expiry"]["duration"], 15);

  // A second attempt has its own order id; the same one again is refused for good.
  EXPECT_TRUE(client.create_snap(request_for(2)).has_value());
  const auto again = client.create_snap(request_for(1));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_NE(again.error().message.find("already been taken"), std::string::npos);
}

TEST(MidtransClient, WrongServerKeyIsAPermanentErrorAndNeverLogged) {
  MidtransStandIn standin;
  const std::string wrong_key = "SB-Mid-server-WRONG-secret-123";
  LogCapture log;
  MidtransClient client(options_for(standin, wrong_key));
  const auto created = client.create_snap(request_for(1));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_EQ(created.error().code, "PAYMENT_001");
  EXPECT_NE(created.error().message.find("401"), std::string::npos);
  EXPECT_NE(created.error().message.find("Access denied"), std::string::npos);
  const auto status = client.get_status(order_id_for(kBooking, 1));
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_TRUE(standin.orders().empty());

  const std::string logged = log.text();
  EXPECT_NE(logged.find("401"), std::string::npos) << logged;  // something was logged
  for (const std::string& secret : {wrong_key, mail::encode_base64(wrong_key + ":")}) {
    EXPECT_EQ(logged.find(secret), std::string::npos);
    EXPECT_EQ(created.error().message.find(secret), std::string::npos);
    EXPECT_EQ(status.error().message.find(secret), std::string::npos);
  }
}

TEST(MidtransClient, SendsTheContractHeaders) {
  // A plain listener in Midtrans' place shows the request as it left; its "{}" answer has no
  // token, which the client treats as a passing fault.
  NotificationCatcher listener(201);
  MidtransOptions o;
  o.server_key = "SB-Mid-server-GwUP_WGbJPXsDzsNEBRs8IYA";  // CONTRACTS 1.1 example
  o.snap_base_url = listener.url("");
  o.api_base_url = listener.url("");
  MidtransClient client(o);
  const auto created = client.create_snap(request_for(1));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kUnavailable);
  ASSERT_TRUE(listener.wait_for(1));
  const CaughtRequest sent = listener.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, "/snap/v1/transactions");
  EXPECT_EQ(sent.headers.at("authorization"),
            "Basic U0ItTWlkLXNlcnZlci1Hd1VQX1dHYkpQWHNEenNORUJSczhJWUE6");
  EXPECT_EQ(sent.headers.at("accept"), "application/json");
  EXPECT_EQ(sent.headers.at("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(sent.body), snap_request_json(request_for(1)));
}

TEST(MidtransClient, InvalidRequestIsRefusedBeforeAnyCall) {
  MidtransStandIn standin;
  MidtransClient client(options_for(standin));
  SnapRequest r = request_for(1);
  r.gross_amount += 1;  // items no longer sum to it
  const auto created = client.create_snap(r);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_TRUE(created.error().details.contains("item_details"));
  EXPECT_TRUE(standin.orders().empty());
  EXPECT_EQ(client.get_status("..").error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(client.get_status("a/b").error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(client.refund("..", 1, "", "k").error().kind, ErrorKind::kInvalidArgument);
}

TEST(MidtransClient, RefusesUnusableOptions) {
  MidtransOptions o;
  EXPECT_THROW(MidtransClient{o}, std::invalid_argument);  // no key
  o.server_key = "k";
  o.api_base_url = "ftp://x";
  EXPECT_THROW(MidtransClient{o}, std::invalid_argument);
  const auto production = midtrans_options("k", true);
  EXPECT_EQ(production.snap_base_url, "https://app.midtrans.com");
  EXPECT_EQ(production.api_base_url, "https://api.midtrans.com");
  const auto sandbox = midtrans_options("k", false);
  EXPECT_EQ(sandbox.snap_base_url, "https://app.sandbox.midtrans.com");
  EXPECT_EQ(sandbox.api_base_url, "https://api.sandbox.midtrans.com");
}

// --- Get Status ---

TEST(MidtransClient, GetStatusFollowsTheOrder) {
  MidtransStandIn standin;
  MidtransClient client(options_for(standin));
  const std::string id = order_id_for(kBooking, 1);
  ASSERT_TRUE(client.create_snap(request_for(1)).has_value());

  // Snap: 404 until the customer picks a method (CONTRACTS 1.8).
  const auto before = client.get_status(id);
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().kind, ErrorKind::kNotFound);
  standin.errors_in_200(true);  // the same answer as HTTP 200 + status_code 404 (1.4)
  EXPECT_EQ(client.get_status(id).error().kind, ErrorKind::kNotFound);
  standin.errors_in_200(false);

  standin.set_status(id, "pending");
  auto status = client.get_status(id);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->status_code, "201");
  EXPECT_EQ(interpret(*status).state, PaymentState::kPending);

  standin.set_status(id, "settlement", "accept");
  status = client.get_status(id);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->order_id, id);
  EXPECT_EQ(status->status_code, "200");
  EXPECT_EQ(status->gross_amount, "150000.00");
  EXPECT_EQ(status->fraud_status, "accept");
  EXPECT_FALSE(status->transaction_id.empty());
  EXPECT_FALSE(status->settlement_time.empty());
  EXPECT_EQ(interpret(*status).state, PaymentState::kPaid);
  EXPECT_TRUE(signature_matches(*status, standin.server_key(), OpenSslSha512{}));

  EXPECT_EQ(client.get_status(order_id_for(kBooking, 9)).error().kind, ErrorKind::kNotFound);
}

TEST(MidtransClient, GetStatusOfAnExpiredOrderIs407AndAnAnswer) {
  MidtransStandIn standin;
  MidtransClient client(options_for(standin));
  const std::string id = order_id_for(kBooking, 3);
  ASSERT_TRUE(client.create_snap(request_for(3)).has_value());
  standin.set_status(id, "expire");
  const auto status = client.get_status(id);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->status_code, "407");
  EXPECT_EQ(interpret(*status).state, PaymentState::kExpired);
}

// --- refund ---

TEST(MidtransClient, RefundsOncePerKey) {
  MidtransStandIn standin;
  MidtransClient client(options_for(standin));
  const std::string id = order_id_for(kBooking, 1);
  ASSERT_TRUE(client.create_snap(request_for(1)).has_value());
  standin.set_status(id, "pending");

  // Not settled yet: Midtrans refuses (412), for good.
  const auto early = client.refund(id, 50000, "changed my mind", "refund-1");
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_NE(early.error().message.find("412"), std::string::npos);

  standin.set_status(id, "settlement");
  const auto partial = client.refund(id, 50000, "partly", "refund-1");
  ASSERT_TRUE(partial.has_value()) << partial.error().message;
  EXPECT_EQ(partial->status_code, "200");
  EXPECT_EQ(partial->transaction_status, "partial_refund");
  EXPECT_EQ(partial->refund_amount, "50000.00");
  EXPECT_EQ(partial->refund_key, "refund-1");
  // The same key again (a retry after a lost answer) refunds nothing more.
  const auto retried = client.refund(id, 50000, "partly", "refund-1");
  ASSERT_TRUE(retried.has_value());
  EXPECT_EQ(standin.orders()[id]["refunds"].size(), 1u);

  const auto rest = client.refund(id, 100000, "the rest", "refund-2");
  ASSERT_TRUE(rest.has_value()) << rest.error().message;
  EXPECT_EQ(rest->transaction_status, "refund");
  const auto status = client.get_status(id);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(interpret(*status).state, PaymentState::kRefunded);
  EXPECT_EQ(status->refund_amount, "150000.00");

  const auto too_much = client.refund(id, 1, "", "refund-3");
  ASSERT_FALSE(too_much.has_value());
  EXPECT_EQ(too_much.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_EQ(client.refund(id, 0, "", "refund-4").error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(client.refund(id, 1, "", "bad key!").error().kind, ErrorKind::kInvalidArgument);
}

// --- failures that pass ---

TEST(MidtransClient, ServerErrorsAreUnavailable) {
  MidtransStandIn standin;
  MidtransClient client(options_for(standin));
  const std::string id = order_id_for(kBooking, 1);
  for (const int code : {500, 503, 429}) {
    standin.fail_next(code);
    const auto created = client.create_snap(request_for(1));
    ASSERT_FALSE(created.has_value()) << code;
    EXPECT_EQ(created.error().kind, ErrorKind::kUnavailable) << code;
    EXPECT_NE(created.error().message.find(std::to_string(code)), std::string::npos);
  }
  // Nothing was created by the failed calls: the retry succeeds.
  ASSERT_TRUE(client.create_snap(request_for(1)).has_value());
  standin.set_status(id, "settlement");

  standin.fail_next(500);
  EXPECT_EQ(client.get_status(id).error().kind, ErrorKind::kUnavailable);
  standin.fail_next(500);
  EXPECT_EQ(client.refund(id, 1000, "", "r-1").error().kind, ErrorKind::kUnavailable);
  standin.errors_in_200(true);  // 5xx inside an HTTP 200 body is just as passing
  standin.fail_next(503);
  EXPECT_EQ(client.get_status(id).error().kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(client.get_status(id).has_value());
}

TEST(MidtransClient, NothingListeningIsUnavailable) {
  MidtransStandIn standin;
  MidtransClient client(options_for(standin));
  standin.stop();
  const auto created = client.create_snap(request_for(1));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(client.get_status(order_id_for(kBooking, 1)).error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(client.refund(order_id_for(kBooking, 1), 1, "", "k").error().kind,
            ErrorKind::kUnavailable);

  MidtransOptions o = options_for(standin);
  o.snap_base_url = "http://127.0.0.1:" + std::to_string(free_loopback_port());
  EXPECT_EQ(MidtransClient(o).create_snap(request_for(1)).error().kind, ErrorKind::kUnavailable);
}

// --- notifications the stand-in posts ---

TEST(MidtransStandInNotifications, ArriveSignedAndParse) {
  NotificationCatcher catcher;
  MidtransStandIn standin({.notify_url = catcher.url()});
  MidtransClient client(options_for(standin));
  const OpenSslSha512 sha;
  const std::string id = order_id_for(kBooking, 1);
  ASSERT_TRUE(client.create_snap(request_for(1)).has_value());

  const auto answer = standin.set_status(id, "settlement", "accept");
  EXPECT_EQ(answer["delivery"]["status"], 200);
  ASSERT_TRUE(catcher.wait_for(1));
  const CaughtRequest posted = catcher.requests().at(0);
  EXPECT_EQ(posted.method, "POST");
  EXPECT_EQ(posted.target, "/payments/callback");
  EXPECT_EQ(posted.headers.at("content-type"), "application/json");
  EXPECT_EQ(posted.headers.at("user-agent"), "Veritrans");
  const auto notification = parse_notification(posted.body);
  ASSERT_TRUE(notification.has_value()) << notification.error().message << posted.body;
  EXPECT_EQ(notification->order_id, id);
  EXPECT_EQ(notification->gross_amount, "150000.00");
  EXPECT_EQ(notification->status_code, "200");
  EXPECT_TRUE(signature_matches(*notification, standin.server_key(), sha));
  EXPECT_FALSE(signature_matches(*notification, "SB-Mid-server-other", sha));
  const PaymentEvent event = interpret(*notification);
  EXPECT_TRUE(event.actionable);
  EXPECT_EQ(event.state, PaymentState::kPaid);
  const auto ref = parse_order_id(notification->order_id);
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->booking_id, kBooking);
  EXPECT_EQ(ref->attempt, 1u);

  // Repeated: the same body again.
  standin.notify_again(id);
  ASSERT_TRUE(catcher.wait_for(2));
  EXPECT_EQ(nlohmann::json::parse(catcher.requests().at(1).body),
            nlohmann::json::parse(posted.body));
  EXPECT_EQ(standin.notifications().size(), 2u);
}

TEST(MidtransStandInNotifications, CraftedOnesForTheCallbackTests) {
  NotificationCatcher catcher(500);  // a callback that fails: the stand-in reports it
  MidtransStandIn standin({.notify_url = catcher.url()});
  const OpenSslSha512 sha;
  const std::string id = order_id_for(kBooking, 4);

  // An order Midtrans knows but janji never asked for (gross_amount makes it).
  auto answer = standin.set_status(id, "pending", std::nullopt, {{"gross_amount", 90000}});
  EXPECT_EQ(answer["delivery"]["status"], 500);
  // A wrong amount, correctly signed: only the amount check can catch it.
  answer = standin.set_status(id, "settlement", std::nullopt, {{"gross_amount", 1000}});
  // A bad signature.
  answer = standin.set_status(id, "settlement", std::nullopt, {{"bad_signature", true}});
  ASSERT_TRUE(catcher.wait_for(3));
  const auto caught = catcher.requests();
  const auto pending = parse_notification(caught[0].body);
  const auto wrong_amount = parse_notification(caught[1].body);
  const auto forged = parse_notification(caught[2].body);
  ASSERT_TRUE(pending && wrong_amount && forged);
  EXPECT_EQ(pending->status_code, "201");
  EXPECT_TRUE(signature_matches(*pending, standin.server_key(), sha));
  EXPECT_EQ(wrong_amount->gross_amount, "1000.00");
  EXPECT_TRUE(signature_matches(*wrong_amount, standin.server_key(), sha));
  EXPECT_EQ(forged->gross_amount, "90000.00");
  EXPECT_FALSE(signature_matches(*forged, standin.server_key(), sha));

  // notify_url per call; nothing listening there is reported, not fatal.
  answer = standin.notify_again(
      id, {{"notify_url", "http://127.0.0.1:" + std::to_string(free_loopback_port()) + "/x"}});
  EXPECT_TRUE(answer["delivery"].contains("error")) << answer.dump();
}

}  // namespace
}  // namespace janji::testing
