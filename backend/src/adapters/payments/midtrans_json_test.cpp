#include "adapters/payments/midtrans_json.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace janji::payments {
namespace {

using common::ErrorKind;

// CONTRACTS.md 1.5: the official card sample.
constexpr const char* kCardSample = R"({"transaction_time":"2020-01-09 18:27:19",
 "transaction_status":"capture","transaction_id":"57d5293c-e65f-4a29-95e4-5959c3fa335b",
 "status_message":"midtrans payment notification","status_code":"200",
 "signature_key":"16d6f84b2fb0468e2a9cf99a8ac4e5d803d42180347aaa70cb2a7abb13b5c6130458ca9c71956a962c0827637cd3bc7d40b21a8ae9fab12c7c3efe351b18d00a",
 "payment_type":"credit_card","order_id":"Postman-1578568851","merchant_id":"G141532850",
 "masked_card":"48111111-1114","gross_amount":"10000.00","fraud_status":"accept","eci":"05",
 "currency":"IDR","channel_response_message":"Approved","channel_response_code":"00",
 "card_type":"credit","bank":"bni","approval_code":"1578569243927"})";

TEST(ParseNotification, OfficialCardSample) {
  const auto n = parse_notification(kCardSample);
  ASSERT_TRUE(n.has_value()) << n.error().message;
  EXPECT_EQ(n->order_id, "Postman-1578568851");
  EXPECT_EQ(n->status_code, "200");
  EXPECT_EQ(n->gross_amount, "10000.00");
  EXPECT_EQ(n->signature_key.size(), 128u);
  EXPECT_EQ(n->transaction_status, "capture");
  EXPECT_EQ(n->fraud_status, "accept");
  EXPECT_EQ(n->payment_type, "credit_card");
  EXPECT_EQ(n->transaction_id, "57d5293c-e65f-4a29-95e4-5959c3fa335b");
  EXPECT_EQ(n->transaction_time, "2020-01-09 18:27:19");
  EXPECT_EQ(n->merchant_id, "G141532850");
  EXPECT_EQ(n->currency, "IDR");
  EXPECT_EQ(interpret(*n).state, PaymentState::kPaid);
}

TEST(ParseNotification, CstoreWithoutFraudStatus) {
  const auto n = parse_notification(
      R"({"order_id":"o","status_code":"200","gross_amount":"5000.00","signature_key":"s",
          "transaction_status":"settlement","payment_type":"cstore","store":"indomaret",
          "fraud_status":null})");
  ASSERT_TRUE(n.has_value());
  EXPECT_FALSE(n->fraud_status.has_value());
  EXPECT_EQ(interpret(*n).state, PaymentState::kPaid);
}

TEST(ParseNotification, NamesEveryMissingField) {
  const auto n = parse_notification(R"({"order_id":"o","transaction_status":"settlement"})");
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(n.error().code, "VALIDATION_002");
  EXPECT_EQ(n.error().details.size(), 3u);
  EXPECT_EQ(n.error().details.at("status_code"), "is required");
  EXPECT_EQ(n.error().details.at("gross_amount"), "is required");
  EXPECT_EQ(n.error().details.at("signature_key"), "is required");
}

TEST(ParseNotification, RequiredFieldsMustBeStrings) {
  // A number cannot be signed-checked: its text is not what Midtrans hashed.
  const auto n = parse_notification(
      R"({"order_id":"o","status_code":200,"gross_amount":10000.00,"signature_key":"s",
          "transaction_status":"settlement"})");
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().code, "VALIDATION_001");
  EXPECT_EQ(n.error().details.at("status_code"), "must be a string");
  EXPECT_EQ(n.error().details.at("gross_amount"), "must be a string");
}

TEST(ParseNotification, OptionalFieldsOfAnotherTypeAreSkipped) {
  const auto n = parse_notification(
      R"({"order_id":"o","status_code":"200","gross_amount":"1.00","signature_key":"s",
          "transaction_status":"pending","payment_type":7,"va_numbers":[{"bank":"bca"}],
          "currency":{"x":1}})");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->payment_type, "");
  EXPECT_EQ(n->currency, "");
}

TEST(ParseNotification, NotAnObject) {
  for (const char* body : {"", "not json", "[]", "\"x\"", "{", "null", "{\"order_id\":\"o\"} x"}) {
    const auto n = parse_notification(body);
    ASSERT_FALSE(n.has_value()) << body;
    EXPECT_EQ(n.error().kind, ErrorKind::kInvalidArgument) << body;
  }
}

TEST(ParseStatus, GetStatusAnswerNeedsNoSignature) {
  const auto n = parse_status(
      R"({"status_code":"407","status_message":"Success, transaction is found",
          "order_id":"JNJ-x-1","transaction_status":"EXPIRE","gross_amount":"5000.00",
          "expiry_time":"2026-12-07 20:00:00"})");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->expiry_time, "2026-12-07 20:00:00");
  EXPECT_EQ(interpret(*n).state, PaymentState::kExpired);
  EXPECT_FALSE(parse_status(R"({"status_code":"404","status_message":"not found"})").has_value());
}

TEST(SnapRequestJson, FollowsTheContract) {
  using namespace std::chrono;
  SnapRequest r;
  r.order_id = "JNJ-3f2b8c1e9a4d4e7fb1230c9d8e7f6a5b-2";
  r.gross_amount = 150000;
  r.items = {{"svc-1", 150000, 1, "Konsultasi Gigi"}};
  r.customer = {"Budi", "", "budi@example.com", "+628123"};
  r.finish_url = "https://janji.test/payments/finish";
  r.expiry = SnapExpiry{sys_days{2026y / December / 7} + 13h, hours(7), 15, ExpiryUnit::kMinute};
  const auto j = snap_request_json(r);
  EXPECT_EQ(j["transaction_details"]["order_id"], r.order_id);
  EXPECT_TRUE(j["transaction_details"]["gross_amount"].is_number_integer());
  EXPECT_EQ(j["transaction_details"]["gross_amount"], 150000);
  ASSERT_EQ(j["item_details"].size(), 1u);
  EXPECT_EQ(j["item_details"][0]["id"], "svc-1");
  EXPECT_EQ(j["item_details"][0]["price"], 150000);
  EXPECT_EQ(j["item_details"][0]["quantity"], 1);
  EXPECT_EQ(j["item_details"][0]["name"], "Konsultasi Gigi");
  EXPECT_EQ(j["customer_details"]["first_name"], "Budi");
  EXPECT_FALSE(j["customer_details"].contains("last_name"));
  EXPECT_EQ(j["customer_details"]["email"], "budi@example.com");
  EXPECT_EQ(j["callbacks"]["finish"], r.finish_url);
  EXPECT_EQ(j["expiry"]["start_time"], "2026-12-07 20:00:00 +0700");
  EXPECT_EQ(j["expiry"]["unit"], "minute");
  EXPECT_EQ(j["expiry"]["duration"], 15);

  SnapRequest bare;
  bare.order_id = "o";
  bare.gross_amount = 1;
  bare.items = {{"", 1, 1, "x"}};
  const auto b = snap_request_json(bare);
  EXPECT_FALSE(b.contains("customer_details"));
  EXPECT_FALSE(b.contains("callbacks"));
  EXPECT_FALSE(b.contains("expiry"));
  EXPECT_FALSE(b["item_details"][0].contains("id"));
}

TEST(NotificationJson, RoundTrips) {
  MidtransNotification n;
  n.order_id = "JNJ-3f2b8c1e9a4d4e7fb1230c9d8e7f6a5b-1";
  n.status_code = "200";
  n.gross_amount = "150000.00";
  n.signature_key = "abc";
  n.transaction_status = "settlement";
  n.payment_type = "bank_transfer";
  n.transaction_id = "t-1";
  n.transaction_time = "2026-12-07 20:01:02";
  n.settlement_time = "2026-12-07 20:02:03";
  n.currency = "IDR";
  const std::string body = notification_json(n);
  const auto j = nlohmann::json::parse(body);
  EXPECT_FALSE(j.contains("fraud_status"));
  for (const auto& [key, value] : j.items()) EXPECT_TRUE(value.is_string()) << key;
  const auto back = parse_notification(body);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->order_id, n.order_id);
  EXPECT_EQ(back->gross_amount, n.gross_amount);
  EXPECT_EQ(back->settlement_time, n.settlement_time);
  EXPECT_FALSE(back->fraud_status.has_value());
}

}  // namespace
}  // namespace janji::payments
