#include "adapters/mail/smtp_mailer.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace janji::mail {
namespace {

struct Upload {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data->size() - upload->pos);
  std::memcpy(buffer, upload->data->data() + upload->pos, n);
  upload->pos += n;
  return n;
}

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '_';
  });
}

std::string where(const SmtpOptions& o) { return o.host + ":" + std::to_string(o.port); }

// The outcome of a failed transfer as a Mailer error; see SmtpMailer's comment for the rules.
common::Error classify(CURLcode code, long reply, const char* detail, const SmtpOptions& o) {
  const std::string reply_text = reply > 0 ? " (reply " + std::to_string(reply) + ")" : "";
  const std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  // Refused or missing (530) credentials: a server-wide configuration problem, not this
  // message's, so the message waits for the fix instead of failing for good.
  if (code == CURLE_LOGIN_DENIED || reply == 530) {
    return common::Error::unavailable("SMTP server " + where(o) + " refused the credentials" +
                                      reply_text);
  }
  if (reply >= 500 && reply < 600 && code != CURLE_REMOTE_ACCESS_DENIED &&
      code != CURLE_USE_SSL_FAILED) {
    return common::Error::invalid("SMTP server " + where(o) + " refused the message" + reply_text +
                                  ": " + why);
  }
  if (reply >= 400 && reply < 500) {
    return common::Error::unavailable("SMTP server " + where(o) + " deferred the message" +
                                      reply_text + ": " + why);
  }
  return common::Error::unavailable("SMTP delivery to " + where(o) + " failed" + reply_text + ": " +
                                    why);
}

// Transport failures on a connection that the server closed while it sat in the pool.
bool stale_connection(CURLcode code, long reply) {
  return reply == 0 &&
         (code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING);
}

}  // namespace

SmtpMailer::SmtpMailer(SmtpOptions options)
    : options_(std::move(options)),
      sender_{options_.from_email, options_.from_name},
      pool_(options_.max_connections, [this](CURL* curl) { setup(curl); }) {
  check_sender(sender_, "SmtpMailer");
  if (!valid_host(options_.host)) {
    throw std::invalid_argument("SmtpMailer: invalid host '" + options_.host + "'");
  }
  if (options_.port == 0) throw std::invalid_argument("SmtpMailer: port must not be 0");
  const bool ipv6 = options_.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + options_.host + "]" : options_.host;
  // The path is the name curl gives in EHLO: the sender's domain.
  url_ = std::string(options_.security == SmtpSecurity::kTls ? "smtps://" : "smtp://") + host +
         ":" + std::to_string(options_.port) + "/" + message_id_domain(sender_.email);
}

void SmtpMailer::setup(CURL* curl) const {
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  if (options_.security == SmtpSecurity::kStartTls) {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const std::string mail_from = "<" + sender_.email + ">";
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());  // curl copies strings
}

SmtpMailer::Outcome SmtpMailer::transfer(CURL* curl, const std::string& recipient,
                                         const std::string& data) {
  Upload upload{&data};
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
  char detail[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
  Outcome outcome;
  outcome.code = curl_easy_perform(curl);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &outcome.reply);
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  // Nothing on the handle may point at this frame once it goes back to the pool.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_READDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_slist_free_all(rcpt);
  connections_opened_ += static_cast<std::size_t>(connects);
  outcome.reused = connects == 0;
  outcome.detail = detail;
  return outcome;
}

common::Result<notifications::SentMail> SmtpMailer::send(
    const notifications::MailMessage& message) {
  if (auto checked = check_message(message); !checked) return common::fail(checked.error());
  const BuiltMessage built = build_mime_message(message, sender_, std::chrono::system_clock::now());
  Outcome outcome;
  {
    const auto lease = pool_.acquire();
    if (lease.get() == nullptr) {
      return common::fail(common::Error::unavailable("SMTP: could not create a curl handle"));
    }
    outcome = transfer(lease.get(), message.to_email, built.data);
    if (outcome.code != CURLE_OK && outcome.reused &&
        stale_connection(outcome.code, outcome.reply)) {
      // The pooled connection had died unnoticed: once more on a new one.
      outcome = transfer(lease.get(), message.to_email, built.data);
    }
  }
  if (outcome.code != CURLE_OK) {
    auto error = classify(outcome.code, outcome.reply, outcome.detail.c_str(), options_);
    spdlog::warn("mail: smtp to={} message_id={} failed: {}", message.to_email, built.message_id,
                 error.message);
    return common::fail(std::move(error));
  }
  spdlog::debug("mail: smtp to={} message_id={} accepted", message.to_email, built.message_id);
  return notifications::SentMail{};
}

}  // namespace janji::mail
