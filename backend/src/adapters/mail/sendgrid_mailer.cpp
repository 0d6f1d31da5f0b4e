#include "adapters/mail/sendgrid_mailer.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace janji::mail {
namespace {

constexpr std::size_t kMaxResponseBody = 64 * 1024;  // error bodies are small; cap the rest

struct Response {
  std::string body;
  std::string message_id;  // X-Message-Id
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  const std::size_t n = size * count;
  if (response->body.size() < kMaxResponseBody) {
    response->body.append(data, std::min(n, kMaxResponseBody - response->body.size()));
  }
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  constexpr std::string_view kName = "x-message-id:";
  if (line.size() > kName.size() &&
      std::equal(kName.begin(), kName.end(), line.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
    line.remove_prefix(kName.size());
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
      line.remove_suffix(1);
    }
    response->message_id = std::string(line);
  }
  return n;
}

// errors[0].message (and field) of SendGrid's error body, or a short excerpt of the body.
std::string error_text(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("errors") && json["errors"].is_array() &&
      !json["errors"].empty() && json["errors"][0].is_object()) {
    const auto& first = json["errors"][0];
    std::string text = first.value("message", std::string("(no message)"));
    if (first.contains("field") && first["field"].is_string()) {
      text += " (field " + first["field"].get<std::string>() + ")";
    }
    return text;
  }
  std::string excerpt = body.substr(0, 200);
  for (char& c : excerpt) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return excerpt.empty() ? "(empty body)" : excerpt;
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// The v3 Mail Send body for a message: text/plain before text/html, the calendar as an
// invite.ics attachment (type without parameters: SendGrid refuses ';'), the Message-ID in
// headers (not a reserved header) and custom_args.message_id for event webhooks.
nlohmann::json sendgrid_body(const notifications::MailMessage& message, const MailSender& sender,
                             const std::string& message_id) {
  nlohmann::json to = {{"email", message.to_email}};
  if (!message.to_name.empty()) to["name"] = message.to_name;
  nlohmann::json from = {{"email", sender.email}};
  if (!sender.name.empty()) from["name"] = sender.name;
  nlohmann::json content = nlohmann::json::array();
  // SendGrid: text/plain first, then text/html; a value may not be empty.
  if (!message.text_body.empty()) {
    content.push_back({{"type", "text/plain"}, {"value", message.text_body}});
  }
  if (!message.html_body.empty()) {
    content.push_back({{"type", "text/html"}, {"value", message.html_body}});
  }
  nlohmann::json body = {
      {"personalizations", nlohmann::json::array({{{"to", nlohmann::json::array({to})}}})},
      {"from", from},
      {"subject", message.subject},
      {"content", content},
      // Not a reserved header, so SendGrid takes it; custom_args reach the event webhook.
      {"headers", {{"Message-ID", "<" + message_id + ">"}}},
      {"custom_args", {{"message_id", message_id}}},
  };
  if (message.calendar) {
    body["attachments"] = nlohmann::json::array({{
        {"content", encode_base64(message.calendar->ics)},
        {"type", "text/calendar"},  // "; method=..." is refused by some API versions
        {"filename", "invite.ics"},
        {"disposition", "attachment"},
    }});
  }
  return body;
}

}  // namespace

SendGridMailer::SendGridMailer(SendGridOptions options)
    : options_(std::move(options)),
      sender_{options_.from_email, options_.from_name},
      pool_(options_.max_connections, [this](CURL* curl) { setup(curl); }) {
  check_sender(sender_, "SendGridMailer");
  if (options_.api_key.empty() || has_control(options_.api_key)) {
    throw std::invalid_argument("SendGridMailer: the API key is empty or malformed");
  }
  std::string base = options_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!(base.starts_with("https://") || base.starts_with("http://")) || has_control(base) ||
      base.find(' ') != std::string::npos) {
    throw std::invalid_argument("SendGridMailer: base URL must be http(s)://host[:port]");
  }
  url_ = base + "/v3/mail/send";
  const std::string auth = "Authorization: Bearer " + options_.api_key;
  curl_slist* list = curl_slist_append(nullptr, auth.c_str());
  list = curl_slist_append(list, "Content-Type: application/json");
  list = curl_slist_append(list, "Accept: application/json");
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  headers_.reset(list);
}

void SendGridMailer::setup(CURL* curl) const {
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers_.get());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
}

common::Result<notifications::SentMail> SendGridMailer::send(
    const notifications::MailMessage& message) {
  if (auto checked = check_message(message); !checked) return common::fail(checked.error());
  if (message.text_body.empty() && message.html_body.empty()) {
    return common::fail(common::Error::invalid("Mail has neither a text nor an HTML body"));
  }
  if (message.subject.empty()) return common::fail(common::Error::invalid("Mail has no subject"));
  const std::string message_id = message_id_of(message, message_id_domain(sender_.email));
  const std::string payload = sendgrid_body(message, sender_, message_id).dump();

  Response response;
  CURLcode code = CURLE_OK;
  long status = 0;
  char detail[CURL_ERROR_SIZE] = {};
  {
    const auto lease = pool_.acquire();
    CURL* curl = lease.get();
    if (curl == nullptr) {
      return common::fail(common::Error::unavailable("SendGrid: could not create a curl handle"));
    }
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    // Nothing on the handle may point at this frame once it goes back to the pool.
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
  }

  if (code != CURLE_OK) {
    const std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
    spdlog::warn("mail: sendgrid to={} message_id={} transport error: {}", message.to_email,
                 message_id, why);
    return common::fail(common::Error::unavailable("SendGrid unreachable: " + why));
  }
  if (status >= 200 && status < 300) {
    spdlog::debug("mail: sendgrid to={} message_id={} accepted as {}", message.to_email, message_id,
                  response.message_id);
    return notifications::SentMail{response.message_id};
  }
  const std::string text =
      "SendGrid answered " + std::to_string(status) + ": " + error_text(response.body);
  spdlog::warn("mail: sendgrid to={} message_id={} refused: {}", message.to_email, message_id,
               text);
  if (status == 429 || status >= 500) return common::fail(common::Error::unavailable(text));
  return common::fail(common::Error::invalid(text));
}

}  // namespace janji::mail
