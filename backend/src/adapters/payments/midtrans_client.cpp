#include "adapters/payments/midtrans_client.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "adapters/mail/mime_message.hpp"
#include "adapters/payments/midtrans_json.hpp"
#include "core/payments/order_id.hpp"

namespace janji::payments {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxResponseBody = 256 * 1024;

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (body->size() < kMaxResponseBody) {
    body->append(data, std::min(n, kMaxResponseBody - body->size()));
  }
  return n;
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

std::string clean_base(std::string base, const char* what) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!(base.starts_with("https://") || base.starts_with("http://")) || has_control(base) ||
      base.find(' ') != std::string::npos) {
    throw std::invalid_argument(std::string("MidtransClient: ") + what +
                                " must be http(s)://host[:port]");
  }
  return base;
}

// An order id that is safe as one URL path segment: Midtrans' alphabet, not "." or "..".
bool usable_in_path(std::string_view order_id) {
  return is_valid_order_id(order_id) && order_id.find_first_not_of('.') != std::string_view::npos;
}

std::string excerpt(std::string_view body) {
  std::string out(body.substr(0, 200));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return out.empty() ? "(empty body)" : out;
}

// Midtrans' explanation: error_messages[] joined, else status_message, else the body's start.
std::string explanation(const Json& json, std::string_view body) {
  if (json.is_object()) {
    if (const auto it = json.find("error_messages"); it != json.end() && it->is_array()) {
      std::string text;
      for (const auto& m : *it) {
        if (!m.is_string()) continue;
        if (!text.empty()) text += "; ";
        text += m.get<std::string>();
      }
      if (!text.empty()) return text;
    }
    if (const auto it = json.find("status_message"); it != json.end() && it->is_string()) {
      return it->get<std::string>();
    }
  }
  return excerpt(body);
}

// The body's status_code ("404") as a number; 0 when absent or not a number.
int body_status_code(const Json& json) {
  if (!json.is_object()) return 0;
  const auto it = json.find("status_code");
  if (it == json.end()) return 0;
  if (it->is_number_integer()) return it->get<int>();
  if (!it->is_string()) return 0;
  const std::string text = it->get<std::string>();
  int code = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  return (ec == std::errc() && end == text.data() + text.size()) ? code : 0;
}

common::Error refused(std::string text) {
  return {common::ErrorKind::kFailedPrecondition, "PAYMENT_001", std::move(text), {}};
}

bool transient(long code) { return code == 429 || code >= 500; }

// Core API answers (Get Status, refund) may be HTTP 200 with an error status_code inside
// (CONTRACTS 1.4): the worse of the two decides. `ok_codes` are body codes that are answers.
common::Status check_core_answer(long http_status, const Json& json, std::string_view body,
                                 std::string_view what, std::initializer_list<int> ok_codes) {
  const int code = body_status_code(json);
  const std::string text = std::string(what) + ": Midtrans answered " +
                           std::to_string(http_status) +
                           (code != 0 ? " (status_code " + std::to_string(code) + ")" : "") + ": " +
                           explanation(json, body);
  if (transient(http_status) || transient(code)) {
    return common::fail(common::Error::unavailable(text));
  }
  const bool ok_code = std::find(ok_codes.begin(), ok_codes.end(), code) != ok_codes.end();
  if (http_status >= 200 && http_status < 300 && (ok_code || (code >= 200 && code < 300))) {
    return {};
  }
  if (code == 404 || (code == 0 && http_status == 404)) {
    return common::fail(common::Error::not_found("PAYMENT_001", text));
  }
  return common::fail(refused(text));
}

}  // namespace

MidtransOptions midtrans_options(std::string server_key, bool production) {
  MidtransOptions o;
  o.server_key = std::move(server_key);
  o.snap_base_url = production ? kSnapProductionUrl : kSnapSandboxUrl;
  o.api_base_url = production ? kApiProductionUrl : kApiSandboxUrl;
  return o;
}

MidtransClient::MidtransClient(MidtransOptions options)
    : options_(std::move(options)),
      pool_(options_.max_connections, [this](CURL* curl) { setup(curl); }) {
  if (options_.server_key.empty() || has_control(options_.server_key)) {
    throw std::invalid_argument("MidtransClient: the server key is empty or malformed");
  }
  snap_url_ = clean_base(options_.snap_base_url, "snap base URL") + "/snap/v1/transactions";
  api_base_ = clean_base(options_.api_base_url, "API base URL");
  // Basic auth: the key is the user name, the password empty (CONTRACTS 1.1).
  const std::string auth = "Authorization: Basic " + mail::encode_base64(options_.server_key + ":");
  curl_slist* list = curl_slist_append(nullptr, auth.c_str());
  list = curl_slist_append(list, "Accept: application/json");
  list = curl_slist_append(list, "Content-Type: application/json");
  list = curl_slist_append(list, "Expect:");
  headers_.reset(list);
}

void MidtransClient::setup(CURL* curl) const {
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers_.get());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  // Never follow redirects: the Authorization header must not travel elsewhere.
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
}

common::Result<MidtransClient::Answer> MidtransClient::perform(const std::string& url,
                                                               const std::string* post_body,
                                                               std::string_view what) {
  Answer answer;
  CURLcode code = CURLE_OK;
  char detail[CURL_ERROR_SIZE] = {};
  {
    const auto lease = pool_.acquire();
    CURL* curl = lease.get();
    if (curl == nullptr) {
      return common::fail(common::Error::unavailable("Midtrans: could not create a curl handle"));
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    if (post_body != nullptr) {
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(post_body->size()));
    } else {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    // Nothing on the handle may point at this frame once it goes back to the pool.
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
  }
  if (code != CURLE_OK) {
    const std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
    spdlog::warn("payments: midtrans {} transport error: {}", what, why);
    return common::fail(common::Error::unavailable("Midtrans unreachable: " + why));
  }
  return answer;
}

common::Result<SnapTransaction> MidtransClient::create_snap(const SnapRequest& request) {
  if (auto valid = validate(request); !valid) return common::fail(valid.error());
  const std::string payload = snap_request_json(request).dump();
  const std::string what = "snap create order_id=" + request.order_id;
  auto answer = perform(snap_url_, &payload, what);
  if (!answer) return common::fail(answer.error());
  const Json json = Json::parse(answer->body, nullptr, false);
  if (answer->status >= 200 && answer->status < 300) {
    if (json.is_object() && json.contains("token") && json["token"].is_string() &&
        json.contains("redirect_url") && json["redirect_url"].is_string() &&
        !json["token"].get<std::string>().empty()) {
      return SnapTransaction{json["token"].get<std::string>(),
                             json["redirect_url"].get<std::string>()};
    }
    // A 2xx without a token: not what Midtrans promises; treat as a passing fault.
    spdlog::warn("payments: midtrans {} answered {} without a token", what, answer->status);
    return common::fail(common::Error::unavailable(
        "Midtrans answered " + std::to_string(answer->status) + " without a Snap token"));
  }
  const std::string text = "Snap create: Midtrans answered " + std::to_string(answer->status) +
                           ": " + explanation(json, answer->body);
  spdlog::warn("payments: midtrans {} refused: {}", what, text);
  if (transient(answer->status)) return common::fail(common::Error::unavailable(text));
  return common::fail(refused(text));
}

common::Result<MidtransNotification> MidtransClient::get_status(std::string_view order_id) {
  if (!usable_in_path(order_id)) {
    return common::fail(common::Error::invalid("Not a Midtrans order id"));
  }
  const std::string what = "get status order_id=" + std::string(order_id);
  auto answer = perform(api_base_ + "/v2/" + std::string(order_id) + "/status", nullptr, what);
  if (!answer) return common::fail(answer.error());
  const Json json = Json::parse(answer->body, nullptr, false);
  // 407 is the normal answer for an expired transaction (CONTRACTS 1.4).
  if (auto ok = check_core_answer(answer->status, json, answer->body, "Get Status", {407}); !ok) {
    if (ok.error().kind != common::ErrorKind::kNotFound) {
      spdlog::warn("payments: midtrans {}: {}", what, ok.error().message);
    }
    return common::fail(ok.error());
  }
  auto status = parse_status(answer->body);
  if (!status) {
    spdlog::warn("payments: midtrans {} unreadable answer: {}", what, status.error().message);
    return common::fail(common::Error::unavailable("Midtrans Get Status answer unreadable"));
  }
  return status;
}

common::Result<RefundResult> MidtransClient::refund(std::string_view order_id, std::int64_t amount,
                                                    std::string_view reason,
                                                    std::string_view refund_key) {
  if (!usable_in_path(order_id)) {
    return common::fail(common::Error::invalid("Not a Midtrans order id"));
  }
  if (amount <= 0) return common::fail(common::Error::invalid("Refund amount must be positive"));
  // Midtrans: letters, digits, '-' and '_'.
  const bool key_ok = !refund_key.empty() && refund_key.size() <= 50 &&
                      std::all_of(refund_key.begin(), refund_key.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '-' || c == '_';
                      });
  if (!key_ok) {
    return common::fail(common::Error::invalid("Refund key must be letters, digits, - or _"));
  }
  Json body = {{"refund_key", refund_key}, {"amount", amount}};
  if (!reason.empty()) body["reason"] = reason;
  const std::string payload = body.dump();
  const std::string what = "refund order_id=" + std::string(order_id);
  auto answer = perform(api_base_ + "/v2/" + std::string(order_id) + "/refund", &payload, what);
  if (!answer) return common::fail(answer.error());
  const Json json = Json::parse(answer->body, nullptr, false);
  if (auto ok = check_core_answer(answer->status, json, answer->body, "Refund", {}); !ok) {
    spdlog::warn("payments: midtrans {}: {}", what, ok.error().message);
    return common::fail(ok.error());
  }
  RefundResult result;
  const auto text = [&json](const char* name) {
    const auto it = json.find(name);
    return (it != json.end() && it->is_string()) ? it->get<std::string>() : std::string();
  };
  result.status_code = text("status_code");
  result.transaction_status = text("transaction_status");
  result.refund_amount = text("refund_amount");
  result.refund_key = text("refund_key");
  result.status_message = text("status_message");
  return result;
}

}  // namespace janji::payments
