#include "adapters/payments/midtrans_json.hpp"

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace janji::payments {
namespace {

using Json = nlohmann::json;

// A field of the object as a string: nullopt when absent or null; `wrong_type` set when present
// but not a string.
std::optional<std::string> string_field(const Json& object, const char* name, bool& wrong_type) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    wrong_type = true;
    return std::nullopt;
  }
  return it->get<std::string>();
}

common::Result<MidtransNotification> parse(std::string_view body,
                                           const std::vector<const char*>& required) {
  const Json json = Json::parse(body.begin(), body.end(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return common::fail(common::Error::invalid("Midtrans body is not a JSON object"));
  }
  std::map<std::string, std::string> missing;
  std::map<std::string, std::string> mistyped;
  MidtransNotification n;
  const std::vector<std::pair<const char*, std::string*>> fields{
      {"order_id", &n.order_id},
      {"status_code", &n.status_code},
      {"gross_amount", &n.gross_amount},
      {"signature_key", &n.signature_key},
      {"transaction_status", &n.transaction_status},
      {"payment_type", &n.payment_type},
      {"transaction_id", &n.transaction_id},
      {"transaction_time", &n.transaction_time},
      {"status_message", &n.status_message},
      {"merchant_id", &n.merchant_id},
      {"currency", &n.currency},
      {"settlement_time", &n.settlement_time},
      {"expiry_time", &n.expiry_time},
      {"refund_amount", &n.refund_amount},
  };
  const auto is_required = [&](const char* name) {
    for (const char* r : required) {
      if (std::string_view(r) == name) return true;
    }
    return false;
  };
  for (const auto& [name, target] : fields) {
    bool wrong_type = false;
    auto value = string_field(json, name, wrong_type);
    if (value) {
      *target = std::move(*value);
    } else if (is_required(name)) {
      if (wrong_type) {
        mistyped[name] = "must be a string";
      } else {
        missing[name] = "is required";
      }
    }
  }
  bool fraud_wrong_type = false;
  n.fraud_status = string_field(json, "fraud_status", fraud_wrong_type);
  if (!mistyped.empty()) {
    return common::fail(
        common::Error::invalid("Midtrans body has fields of the wrong type", std::move(mistyped)));
  }
  if (!missing.empty()) return common::fail(common::Error::missing_fields(std::move(missing)));
  return n;
}

}  // namespace

common::Result<MidtransNotification> parse_notification(std::string_view body) {
  return parse(body,
               {"order_id", "status_code", "gross_amount", "signature_key", "transaction_status"});
}

common::Result<MidtransNotification> parse_status(std::string_view body) {
  return parse(body, {"order_id", "status_code", "transaction_status"});
}

Json snap_request_json(const SnapRequest& request) {
  Json items = Json::array();
  for (const ItemDetail& item : request.items) {
    Json j = {{"price", item.price}, {"quantity", item.quantity}, {"name", item.name}};
    if (!item.id.empty()) j["id"] = item.id;
    items.push_back(std::move(j));
  }
  Json customer = Json::object();
  const auto put = [&customer](const char* name, const std::string& value) {
    if (!value.empty()) customer[name] = value;
  };
  put("first_name", request.customer.first_name);
  put("last_name", request.customer.last_name);
  put("email", request.customer.email);
  put("phone", request.customer.phone);
  Json body = {
      {"transaction_details",
       {{"order_id", request.order_id}, {"gross_amount", request.gross_amount}}},
      {"item_details", std::move(items)},
  };
  if (!customer.empty()) body["customer_details"] = std::move(customer);
  if (!request.finish_url.empty()) body["callbacks"] = {{"finish", request.finish_url}};
  if (request.expiry) {
    body["expiry"] = {
        {"start_time", midtrans_time(request.expiry->start_time, request.expiry->utc_offset)},
        {"unit", std::string(to_string(request.expiry->unit))},
        {"duration", request.expiry->duration},
    };
  }
  return body;
}

std::string notification_json(const MidtransNotification& n) {
  Json body = {
      {"transaction_time", n.transaction_time},
      {"transaction_status", n.transaction_status},
      {"transaction_id", n.transaction_id},
      {"status_message", n.status_message},
      {"status_code", n.status_code},
      {"signature_key", n.signature_key},
      {"payment_type", n.payment_type},
      {"order_id", n.order_id},
      {"merchant_id", n.merchant_id},
      {"gross_amount", n.gross_amount},
      {"currency", n.currency},
  };
  if (n.fraud_status) body["fraud_status"] = *n.fraud_status;
  if (!n.settlement_time.empty()) body["settlement_time"] = n.settlement_time;
  if (!n.expiry_time.empty()) body["expiry_time"] = n.expiry_time;
  if (!n.refund_amount.empty()) body["refund_amount"] = n.refund_amount;
  return body.dump();
}

}  // namespace janji::payments
