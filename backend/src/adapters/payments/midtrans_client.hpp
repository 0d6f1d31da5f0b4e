#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/mail/curl_pool.hpp"
#include "core/payments/midtrans.hpp"

namespace janji::payments {

inline constexpr const char* kSnapSandboxUrl = "https://app.sandbox.midtrans.com";
inline constexpr const char* kSnapProductionUrl = "https://app.midtrans.com";
inline constexpr const char* kApiSandboxUrl = "https://api.sandbox.midtrans.com";
inline constexpr const char* kApiProductionUrl = "https://api.midtrans.com";

struct MidtransOptions {
  std::string server_key;                       // never logged nor returned
  std::string snap_base_url = kSnapSandboxUrl;  // no trailing slash needed
  std::string api_base_url = kApiSandboxUrl;
  std::chrono::milliseconds connect_timeout{10'000};
  // Midtrans waits 15 s for our callback (1.9); our calls to it should not hang longer.
  std::chrono::milliseconds timeout{15'000};
  std::size_t max_connections = 4;
};

// Sandbox or production base URLs (CONTRACTS 1.1, 1.8) with the given key.
MidtransOptions midtrans_options(std::string server_key, bool production);

// Midtrans Snap and Core API over libcurl (CONTRACTS.md section 1), Basic auth with
// base64(server_key + ":"). Errors:
//  - kUnavailable: transport failure, HTTP 5xx, 429, or a 5xx / 429 status_code in the body:
//    try again later;
//  - kNotFound: Get Status for an order Midtrans does not know (yet: Snap answers 404 until the
//    customer picks a method);
//  - kFailedPrecondition (code PAYMENT_001): any other refusal, with Midtrans' error_messages /
//    status_message: permanent (bad key, invalid request, duplicate order id, ...);
//  - kInvalidArgument: a request that fails validate() or an unusable order id, before any call.
class MidtransClient final : public SnapGateway {
 public:
  // Throws std::invalid_argument when the key or a base URL is unusable.
  explicit MidtransClient(MidtransOptions options);
  MidtransClient(const MidtransClient&) = delete;
  MidtransClient& operator=(const MidtransClient&) = delete;

  // POST <snap_base>/snap/v1/transactions: 201 {token, redirect_url}.
  common::Result<SnapTransaction> create_snap(const SnapRequest& request) override;
  // GET <api_base>/v2/<order_id>/status: the notification-shaped status (407 expire included).
  common::Result<MidtransNotification> get_status(std::string_view order_id) override;
  // POST <api_base>/v2/<order_id>/refund {refund_key, amount, reason}.
  common::Result<RefundResult> refund(std::string_view order_id, std::int64_t amount,
                                      std::string_view reason,
                                      std::string_view refund_key) override;

 private:
  struct Answer {
    long status = 0;
    std::string body;
  };
  common::Result<Answer> perform(const std::string& url, const std::string* post_body,
                                 std::string_view what);
  void setup(CURL* curl) const;

  MidtransOptions options_;
  std::string snap_url_;
  std::string api_base_;
  // Declared before pool_, which is destroyed (handles cleaned up) first.
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers_{nullptr, curl_slist_free_all};
  mail::CurlPool pool_;
};

}  // namespace janji::payments
