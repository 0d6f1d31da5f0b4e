// The mail stand-ins themselves: what other mail tests rely on. Messages go in with libcurl
// (SMTP) and the HTTP test client, written by hand here, independent of the mail drivers.
#include "support/mail_sandbox.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"

namespace janji::testing {
namespace {

struct SmtpOutcome {
  CURLcode code = CURLE_OK;
  long reply = 0;  // last SMTP reply code
};

struct Upload {
  std::string data;
  std::size_t pos = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->pos);
  std::memcpy(buffer, upload->data.data() + upload->pos, n);
  upload->pos += n;
  return n;
}

SmtpOutcome smtp_send(std::uint16_t port, const std::string& from,
                      const std::vector<std::string>& rcpts, const std::string& raw,
                      const std::string& user = "", const std::string& password = "") {
  CURL* curl = curl_easy_init();
  Upload upload{raw};
  curl_slist* list = nullptr;
  for (const auto& r : rcpts) list = curl_slist_append(list, ("<" + r + ">").c_str());
  const std::string url = "smtp://127.0.0.1:" + std::to_string(port) + "/client.test";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, list);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
  }
  SmtpOutcome outcome;
  outcome.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &outcome.reply);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return outcome;
}

const std::string kIcs =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:bk-1@janji.test\r\n"
    "SUMMARY:Konsultasi\\, gigi\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

// A hand-made invitation in the layout the drivers use: mixed { alternative { plain, html,
// calendar }, invite.ics }.
std::string invitation(const std::string& to) {
  return "From: Janji <noreply@janji.test>\r\n"
         "To: " +
         to +
         "\r\n"
         "Subject: =?UTF-8?B?SmFkd2FsIGRpa29uZmlybWFzaSDinJM=?=\r\n"
         "Message-ID: <notification-7@janji.test>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed;\r\n boundary=\"=_outer\"\r\n"
         "\r\n"
         "preamble\r\n"
         "--=_outer\r\n"
         "Content-Type: multipart/alternative; boundary=\"=_inner\"\r\n"
         "\r\n"
         "--=_inner\r\n"
         "Content-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n"
         "\r\n"
         "Halo Budi, jadwal Anda =E2=9C=93 sudah dikonfirmasi dan ini baris yang sangat pa=\r\n"
         "njang.\r\n"
         "--=_inner\r\n"
         "Content-Type: text/html; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n"
         "\r\n"
         "<p>Halo</p>\r\n"
         "--=_inner\r\n"
         "Content-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "\r\n"
         "QkVHSU46VkNBTEVOREFSDQpWRVJTSU9OOjIuMA0KTUVUSE9EOlJFUVVFU1QNCkJFR0lOOlZFVkVO\r\n"
         "VA0KVUlEOmJrLTFAamFuamkudGVzdA0KU1VNTUFSWTpLb25zdWx0YXNpXCwgZ2lnaQ0KRU5EOlZF\r\n"
         "VkVOVA0KRU5EOlZDQUxFTkRBUg0K\r\n"
         "--=_inner--\r\n"
         "--=_outer\r\n"
         "Content-Type: application/ics; name=\"invite.ics\"\r\n"
         "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "\r\n"
         "QkVHSU46VkNBTEVOREFSDQpWRVJTSU9OOjIuMA0KTUVUSE9EOlJFUVVFU1QNCkJFR0lOOlZFVkVO\r\n"
         "VA0KVUlEOmJrLTFAamFuamkudGVzdA0KU1VNTUFSWTpLb25zdWx0YXNpXCwgZ2lnaQ0KRU5EOlZF\r\n"
         "VkVOVA0KRU5EOlZDQUxFTkRBUg0K\r\n"
         "--=_outer--\r\n";
}

TEST(MailSandbox, SmtpSinkStoresEnvelopeAndParsesMimeParts) {
  SmtpSink sink;
  ASSERT_GT(sink.port(), 0);
  const auto outcome =
      smtp_send(sink.port(), "noreply@janji.test", {"budi@example.com", "siti@example.com"},
                invitation("budi@example.com"));
  ASSERT_EQ(outcome.code, CURLE_OK) << curl_easy_strerror(outcome.code);
  ASSERT_TRUE(sink.wait_for(1));
  const auto messages = sink.messages();
  ASSERT_EQ(messages.size(), 1u);
  const SinkMessage& m = messages[0];
  EXPECT_EQ(m.mail_from, "noreply@janji.test");
  EXPECT_EQ(m.rcpt_to, (std::vector<std::string>{"budi@example.com", "siti@example.com"}));
  EXPECT_EQ(m.raw, invitation("budi@example.com"));
  EXPECT_EQ(m.header("message-id"), "<notification-7@janji.test>");
  EXPECT_EQ(m.headers("Message-ID").size(), 1u);
  EXPECT_EQ(m.decoded_header("Subject"), "Jadwal dikonfirmasi \u2713");
  EXPECT_EQ(m.mime.media_type, "multipart/mixed");
  EXPECT_EQ(m.text(),
            "Halo Budi, jadwal Anda \u2713 sudah dikonfirmasi dan ini baris yang sangat "
            "panjang.");
  EXPECT_EQ(m.html(), "<p>Halo</p>");
  EXPECT_EQ(m.calendar(), kIcs);
  ASSERT_NE(m.find_part("text/calendar"), nullptr);
  EXPECT_EQ(m.find_part("text/calendar")->params.at("method"), "REQUEST");
  const auto files = m.attachments();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files.at("invite.ics"), kIcs);
}

TEST(MailSandbox, SmtpSinkRejectsAndTempfailsByLocalPart) {
  SmtpSink sink;
  const auto rejected = smtp_send(sink.port(), "a@janji.test", {"reject-me@example.com"},
                                  invitation("reject-me@example.com"));
  EXPECT_NE(rejected.code, CURLE_OK);
  EXPECT_EQ(rejected.reply, 550);
  const auto deferred = smtp_send(sink.port(), "a@janji.test", {"tempfail@example.com"},
                                  invitation("tempfail@example.com"));
  EXPECT_NE(deferred.code, CURLE_OK);
  EXPECT_EQ(deferred.reply, 451);
  EXPECT_EQ(sink.count(), 0u);
}

TEST(MailSandbox, SmtpSinkRequiresAuthWhenAsked) {
  SmtpSink sink(SmtpSink::Options{std::make_pair(std::string("mailer"), std::string("s3cret"))});
  EXPECT_NE(smtp_send(sink.port(), "a@janji.test", {"b@example.com"}, invitation("b")).code,
            CURLE_OK);
  EXPECT_EQ(
      smtp_send(sink.port(), "a@janji.test", {"b@example.com"}, invitation("b"), "mailer", "bad")
          .code,
      CURLE_LOGIN_DENIED);
  EXPECT_EQ(
      smtp_send(sink.port(), "a@janji.test", {"b@example.com"}, invitation("b"), "mailer", "s3cret")
          .code,
      CURLE_OK);
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_EQ(sink.count(), 1u);
}

TEST(MailSandbox, SmtpSinkTakesParallelConnectionsAndStops) {
  SmtpSink sink;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string to = "u" + std::to_string(t * 100 + i) + "@example.com";
        if (smtp_send(sink.port(), "a@janji.test", {to}, invitation(to)).code != CURLE_OK) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(sink.wait_for(100));
  std::set<std::string> seen;
  for (const auto& m : sink.messages()) seen.insert(m.rcpt_to.at(0));
  EXPECT_EQ(seen.size(), 100u);

  const auto port = sink.port();
  sink.stop();
  EXPECT_EQ(smtp_send(port, "a@janji.test", {"b@example.com"}, invitation("b")).code,
            CURLE_COULDNT_CONNECT);
}

nlohmann::json sendgrid_body(const std::string& to) {
  return {{"personalizations", {{{"to", {{{"email", to}, {"name", "Budi"}}}}}}},
          {"from", {{"email", "noreply@janji.test"}, {"name", "Janji"}}},
          {"subject", "Booking confirmed"},
          {"content",
           {{{"type", "text/plain"}, {"value", "Halo"}},
            {{"type", "text/html"}, {"value", "<p>Halo</p>"}}}},
          {"attachments",
           {{{"content", "QkVHSU46VkNBTEVOREFSDQo="},
             {"type", "text/calendar"},
             {"filename", "invite.ics"},
             {"disposition", "attachment"}}}}};
}

TEST(MailSandbox, SendGridStandInAcceptsAValidRequest) {
  SendGridStandIn sendgrid("SG.sandbox-key");
  HttpClient client(sendgrid.base_url());
  const auto result = client.post("/v3/mail/send", sendgrid_body("budi@example.com"),
                                  {"Authorization: Bearer SG.sandbox-key"});
  EXPECT_EQ(result.status, 202);
  EXPECT_TRUE(result.body.empty());
  EXPECT_FALSE(result.header("x-message-id").empty());
  ASSERT_TRUE(sendgrid.wait_for(1));
  const auto requests = sendgrid.messages();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].to_email(), "budi@example.com");
  EXPECT_EQ(requests[0].subject(), "Booking confirmed");
  EXPECT_EQ(requests[0].content("text/html"), "<p>Halo</p>");
  EXPECT_EQ(requests[0].attachments().at("invite.ics"), "BEGIN:VCALENDAR\r\n");
}

TEST(MailSandbox, SendGridStandInChecksKeyBodyAndSpecialRecipients) {
  SendGridStandIn sendgrid("SG.sandbox-key");
  HttpClient client(sendgrid.base_url());
  const std::vector<std::string> auth{"Authorization: Bearer SG.sandbox-key"};

  auto r = client.post("/v3/mail/send", sendgrid_body("b@example.com"),
                       {"Authorization: Bearer SG.wrong"});
  EXPECT_EQ(r.status, 401);
  EXPECT_FALSE(r.json["errors"][0]["message"].get<std::string>().empty());

  auto body = sendgrid_body("b@example.com");
  std::swap(body["content"][0], body["content"][1]);  // text/html first
  r = client.post("/v3/mail/send", body, auth);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["errors"][0]["field"], "content");

  body = sendgrid_body("b@example.com");
  body["attachments"][0]["type"] = "text/calendar; charset=UTF-8";
  r = client.post("/v3/mail/send", body, auth);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["errors"][0]["field"], "attachments.0.type");

  body = sendgrid_body("b@example.com");
  body["attachments"][0]["content"] = "not base64!";
  EXPECT_EQ(client.post("/v3/mail/send", body, auth).status, 400);

  body = sendgrid_body("b@example.com");
  body.erase("subject");
  EXPECT_EQ(client.post("/v3/mail/send", body, auth).status, 400);

  r = client.post("/v3/mail/send", sendgrid_body("status-429@example.com"), auth);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.json["errors"][0]["message"], "too many requests");
  EXPECT_EQ(client.post("/v3/mail/send", sendgrid_body("status-500@example.com"), auth).status,
            500);
  EXPECT_EQ(client.post("/v3/mail/send", sendgrid_body("status-400@example.com"), auth).status,
            400);
  EXPECT_EQ(sendgrid.count(), 0u);
}

}  // namespace
}  // namespace janji::testing
