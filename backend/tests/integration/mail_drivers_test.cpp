// The SMTP and SendGrid drivers against the local stand-ins (scripts/sandbox): what they send
// is read back and parsed; each server answer maps to a permanent or a retryable error.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adapters/mail/sendgrid_mailer.hpp"
#include "adapters/mail/smtp_mailer.hpp"
#include "app/mail_drivers.hpp"
#include "support/mail_sandbox.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

using common::ErrorKind;
using notifications::MailCalendar;
using notifications::MailMessage;

const std::string kIcs =
    "BEGIN:VCALENDAR\r\nPRODID:-//Janji//Booking//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:booking-42@janji.test\r\nDTSTAMP:20250220T081500Z\r\n"
    "DTSTART:20250301T020000Z\r\nDTEND:20250301T030000Z\r\nSEQUENCE:0\r\n"
    "SUMMARY:Konsultasi Gigi \xE2\x80\x93 Klinik Sehat\r\n"
    "ORGANIZER;CN=Janji:mailto:noreply@janji.test\r\n"
    "ATTENDEE;CN=Budi Santoso;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FA\r\n"
    " LSE:mailto:budi@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

MailMessage message_to(const std::string& to, const std::string& id, bool calendar = true) {
  MailMessage m;
  m.to_email = to;
  m.to_name = "Budi Santoso";
  m.subject = "Booking dikonfirmasi: Konsultasi Gigi, Sabtu 1 Maret 2025 09:00 WIB \xE2\x9C\x93";
  m.text_body = "Halo Budi,\n\nBooking Anda dikonfirmasi.\nBuka https://janji.test/b/42?x=1&y=2\n";
  m.html_body = "<p>Halo Budi,</p>\n<p>Booking Anda <b>dikonfirmasi</b>.</p>\n";
  m.message_id = id;
  if (calendar) m.calendar = MailCalendar{"REQUEST", kIcs};
  return m;
}

std::string lf(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

mail::SmtpOptions smtp_options(std::uint16_t port) {
  mail::SmtpOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.security = mail::SmtpSecurity::kNone;
  o.from_email = "noreply@janji.test";
  o.from_name = "Janji";
  o.connect_timeout = std::chrono::seconds(2);
  o.timeout = std::chrono::seconds(10);
  return o;
}

mail::SendGridOptions sendgrid_options(const SendGridStandIn& standin, std::string key) {
  mail::SendGridOptions o;
  o.api_key = std::move(key);
  o.base_url = standin.base_url() + "/";  // a trailing slash is tolerated
  o.from_email = "noreply@janji.test";
  o.from_name = "Janji";
  o.connect_timeout = std::chrono::seconds(2);
  o.timeout = std::chrono::seconds(10);
  return o;
}

// --- SMTP ---

TEST(SmtpMailer, DeliversTheInvitationLayout) {
  SmtpSink sink;
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  const auto sent = mailer.send(message_to("budi@example.com", "notification-42@janji.test"));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(sent->provider_message_id, "");
  ASSERT_TRUE(sink.wait_for(1));
  const auto messages = sink.messages();
  ASSERT_EQ(messages.size(), 1u);
  const SinkMessage& m = messages[0];
  EXPECT_EQ(m.mail_from, "noreply@janji.test");
  EXPECT_EQ(m.rcpt_to, std::vector<std::string>{"budi@example.com"});
  EXPECT_EQ(m.headers("Message-ID"), std::vector<std::string>{"<notification-42@janji.test>"});
  EXPECT_EQ(m.decoded_header("Subject"),
            "Booking dikonfirmasi: Konsultasi Gigi, Sabtu 1 Maret 2025 09:00 WIB \xE2\x9C\x93");
  EXPECT_EQ(m.decoded_header("To"), "\"Budi Santoso\" <budi@example.com>");
  EXPECT_EQ(m.mime.media_type, "multipart/mixed");
  ASSERT_TRUE(m.text());
  EXPECT_EQ(lf(*m.text()), message_to("", "").text_body);
  ASSERT_TRUE(m.html());
  EXPECT_EQ(lf(*m.html()), message_to("", "").html_body);
  ASSERT_NE(m.find_part("text/calendar"), nullptr);
  EXPECT_EQ(m.find_part("text/calendar")->params.at("method"), "REQUEST");
  EXPECT_EQ(m.calendar(), kIcs);
  const auto files = m.attachments();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files.at("invite.ics"), kIcs);
  EXPECT_EQ(files.at("invite.ics"), *m.calendar());
}

TEST(SmtpMailer, PlainMessageHasNoCalendar) {
  SmtpSink sink;
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  ASSERT_TRUE(mailer.send(message_to("siti@example.com", "", false)));
  ASSERT_TRUE(sink.wait_for(1));
  const auto m = sink.messages().at(0);
  EXPECT_EQ(m.mime.media_type, "multipart/alternative");
  EXPECT_FALSE(m.calendar());
  EXPECT_TRUE(m.attachments().empty());
  // A random Message-ID at the sender's domain when the message has none.
  ASSERT_TRUE(m.header("Message-ID"));
  EXPECT_TRUE(m.header("Message-ID")->ends_with("@janji.test>")) << *m.header("Message-ID");
}

TEST(SmtpMailer, RejectedRecipientIsPermanentWithTheReplyCode) {
  SmtpSink sink;
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  const auto sent = mailer.send(message_to("reject-me@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_NE(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(sent.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(sent.error().message.find("550"), std::string::npos) << sent.error().message;
  // The connection stays usable for the next message.
  ASSERT_TRUE(mailer.send(message_to("budi@example.com", "notification-2@janji.test")));
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_EQ(sink.count(), 1u);
}

TEST(SmtpMailer, TemporaryFailureIsUnavailable) {
  SmtpSink sink;
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  const auto sent = mailer.send(message_to("tempfail@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(sent.error().message.find("451"), std::string::npos) << sent.error().message;
  EXPECT_EQ(sink.count(), 0u);
}

TEST(SmtpMailer, NothingListeningIsUnavailable) {
  mail::SmtpMailer mailer(smtp_options(free_loopback_port()));
  const auto sent = mailer.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
}

TEST(SmtpMailer, ServerGoneAfterDeliveriesIsUnavailable) {
  auto sink = std::make_unique<SmtpSink>();
  mail::SmtpMailer mailer(smtp_options(sink->port()));
  ASSERT_TRUE(mailer.send(message_to("budi@example.com", "notification-1@janji.test")));
  sink->stop();  // the pooled connection dies with it
  const auto sent = mailer.send(message_to("budi@example.com", "notification-2@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
}

TEST(SmtpMailer, AuthWithTheRightPasswordDelivers) {
  SmtpSink sink(SmtpSink::Options{std::make_pair(std::string("mailer"), std::string("s3cret"))});
  auto options = smtp_options(sink.port());
  options.username = "mailer";
  options.password = "s3cret";
  mail::SmtpMailer mailer(options);
  const auto sent = mailer.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_TRUE(sent) << sent.error().message;
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_EQ(sink.messages().at(0).rcpt_to, std::vector<std::string>{"budi@example.com"});
}

TEST(SmtpMailer, WrongOrMissingPasswordIsUnavailableAndNeverShown) {
  SmtpSink sink(SmtpSink::Options{std::make_pair(std::string("mailer"), std::string("s3cret"))});
  auto options = smtp_options(sink.port());
  options.username = "mailer";
  options.password = "XYZZY-wrong";
  mail::SmtpMailer wrong(options);
  auto sent = wrong.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(sent.error().message.find("XYZZY"), std::string::npos) << sent.error().message;

  mail::SmtpMailer anonymous(smtp_options(sink.port()));
  sent = anonymous.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(sent.error().message.find("530"), std::string::npos) << sent.error().message;
  EXPECT_EQ(sink.count(), 0u);
}

TEST(SmtpMailer, StartTlsDeliversWithATrustedCertificate) {
  SmtpSink sink(SmtpSink::Options{std::make_pair(std::string("mailer"), std::string("s3cret")),
                                  SmtpSink::Tls::kStartTls});
  auto options = smtp_options(sink.port());
  options.host = "localhost";
  options.security = mail::SmtpSecurity::kStartTls;
  options.ca_file = sink.ca_file().string();
  options.username = "mailer";
  options.password = "s3cret";
  mail::SmtpMailer mailer(options);
  const auto sent = mailer.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_TRUE(sent) << sent.error().message;
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_EQ(sink.messages().at(0).calendar(), kIcs);
}

TEST(SmtpMailer, ImplicitTlsDelivers) {
  SmtpSink sink(SmtpSink::Options{std::nullopt, SmtpSink::Tls::kImplicit});
  auto options = smtp_options(sink.port());
  options.security = mail::SmtpSecurity::kTls;
  options.ca_file = sink.ca_file().string();
  mail::SmtpMailer mailer(options);
  const auto sent = mailer.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_TRUE(sent) << sent.error().message;
  ASSERT_TRUE(sink.wait_for(1));
}

TEST(SmtpMailer, TlsProblemsAreUnavailable) {
  SmtpSink tls_sink(SmtpSink::Options{std::nullopt, SmtpSink::Tls::kStartTls});
  auto options = smtp_options(tls_sink.port());
  options.security = mail::SmtpSecurity::kStartTls;  // the self-signed certificate is not trusted
  auto sent = mail::SmtpMailer(options).send(message_to("budi@example.com", "n-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);

  SmtpSink plain_sink;  // offers no STARTTLS, which starttls requires
  options = smtp_options(plain_sink.port());
  options.security = mail::SmtpSecurity::kStartTls;
  sent = mail::SmtpMailer(options).send(message_to("budi@example.com", "n-2@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);

  options = smtp_options(plain_sink.port());
  options.security = mail::SmtpSecurity::kTls;  // TLS hello to a plain server
  options.timeout = std::chrono::seconds(3);
  sent = mail::SmtpMailer(options).send(message_to("budi@example.com", "n-3@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(tls_sink.count() + plain_sink.count(), 0u);
}

TEST(SmtpMailer, ConnectionTheServerClosedIsReplaced) {
  SmtpSink sink(
      SmtpSink::Options{std::nullopt, SmtpSink::Tls::kNone, std::chrono::milliseconds(300)});
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  ASSERT_TRUE(mailer.send(message_to("budi@example.com", "notification-1@janji.test")));
  std::this_thread::sleep_for(std::chrono::milliseconds(900));  // the sink drops the idle one
  const auto sent = mailer.send(message_to("budi@example.com", "notification-2@janji.test"));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(mailer.connections_opened(), 2u);
  ASSERT_TRUE(sink.wait_for(2));
}

TEST(SmtpMailer, HeaderInjectionSendsNothing) {
  SmtpSink sink;
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  auto message = message_to("budi@example.com", "notification-1@janji.test");
  message.subject = "Hi\r\nBcc: eve@example.com";
  const auto sent = mailer.send(message);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kInvalidArgument);
  message = message_to("budi@example.com>\r\nRCPT TO:<eve@example.com", "");
  EXPECT_FALSE(mailer.send(message));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(sink.count(), 0u);
}

TEST(SmtpMailer, OneConnectionCarriesManyMessages) {
  SmtpSink sink;
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(mailer.send(
        message_to("budi@example.com", "notification-" + std::to_string(i) + "@janji.test")));
  }
  EXPECT_EQ(mailer.connections_opened(), 1u);
  ASSERT_TRUE(sink.wait_for(10));
}

TEST(SmtpMailer, HundredMessagesFromFourThreadsArriveOnce) {
  SmtpSink sink;
  mail::SmtpMailer mailer(smtp_options(sink.port()));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const int n = t * 25 + i;
        const auto sent = mailer.send(
            message_to("user" + std::to_string(n) + "@example.com",
                       "notification-" + std::to_string(n) + "@janji.test", n % 2 == 0));
        if (!sent) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(sink.wait_for(100, std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // nothing more may come
  const auto messages = sink.messages();
  ASSERT_EQ(messages.size(), 100u);
  std::set<std::string> ids;
  for (const auto& m : messages) {
    ids.insert(m.header("Message-ID").value_or(""));
    ASSERT_EQ(m.rcpt_to.size(), 1u);
    EXPECT_NE(m.header("To")->find(m.rcpt_to[0]), std::string::npos);
  }
  EXPECT_EQ(ids.size(), 100u);
  EXPECT_LE(mailer.connections_opened(), 4u);
}

TEST(SmtpMailer, RefusesAnUnusableConfiguration) {
  auto options = smtp_options(25);
  options.host = "";
  EXPECT_THROW(mail::SmtpMailer{options}, std::invalid_argument);
  options = smtp_options(25);
  options.from_email = "not an address";
  EXPECT_THROW(mail::SmtpMailer{options}, std::invalid_argument);
}

// --- SendGrid ---

TEST(SendGridMailer, AcceptedKeepsTheMessageIdAndSendsTheContractBody) {
  SendGridStandIn standin("SG.test-key");
  mail::SendGridMailer mailer(sendgrid_options(standin, "SG.test-key"));
  const auto sent = mailer.send(message_to("budi@example.com", "notification-42@janji.test"));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_FALSE(sent->provider_message_id.empty());
  ASSERT_TRUE(standin.wait_for(1));
  const auto requests = standin.messages();
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.to_email(), "budi@example.com");
  EXPECT_EQ(r.body["personalizations"][0]["to"][0]["name"], "Budi Santoso");
  EXPECT_EQ(r.body["from"]["email"], "noreply@janji.test");
  EXPECT_EQ(r.body["from"]["name"], "Janji");
  EXPECT_EQ(r.subject(), message_to("", "").subject);
  ASSERT_EQ(r.body["content"].size(), 2u);
  EXPECT_EQ(r.body["content"][0]["type"], "text/plain");
  EXPECT_EQ(r.body["content"][1]["type"], "text/html");
  EXPECT_EQ(r.content("text/plain"), message_to("", "").text_body);
  EXPECT_EQ(r.content("text/html"), message_to("", "").html_body);
  EXPECT_EQ(r.body["headers"]["Message-ID"], "<notification-42@janji.test>");
  EXPECT_EQ(r.body["custom_args"]["message_id"], "notification-42@janji.test");
  ASSERT_EQ(r.body["attachments"].size(), 1u);
  EXPECT_EQ(r.body["attachments"][0]["type"], "text/calendar");
  EXPECT_EQ(r.body["attachments"][0]["disposition"], "attachment");
  EXPECT_EQ(r.attachments().at("invite.ics"), kIcs);
}

TEST(SendGridMailer, HtmlOnlyAndPlainMessagesAreAccepted) {
  SendGridStandIn standin("SG.test-key");
  mail::SendGridMailer mailer(sendgrid_options(standin, "SG.test-key"));
  auto message = message_to("budi@example.com", "", false);
  message.text_body.clear();
  ASSERT_TRUE(mailer.send(message));
  ASSERT_TRUE(standin.wait_for(1));
  const auto r = standin.messages().at(0);
  EXPECT_EQ(r.body["content"].size(), 1u);
  EXPECT_FALSE(r.body.contains("attachments"));

  message.html_body.clear();
  const auto empty = mailer.send(message);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalidArgument);
}

TEST(SendGridMailer, WrongKeyIsPermanentAndNeverShown) {
  SendGridStandIn standin("SG.test-key");
  mail::SendGridMailer mailer(sendgrid_options(standin, "SG.XYZZY-wrong"));
  const auto sent = mailer.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(sent.error().message.find("401"), std::string::npos) << sent.error().message;
  EXPECT_NE(sent.error().message.find("authorization grant is invalid"), std::string::npos)
      << sent.error().message;
  EXPECT_EQ(sent.error().message.find("XYZZY"), std::string::npos) << sent.error().message;
  EXPECT_EQ(standin.count(), 0u);
}

TEST(SendGridMailer, BadRequestIsPermanentWithSendGridsMessage) {
  SendGridStandIn standin("SG.test-key");
  mail::SendGridMailer mailer(sendgrid_options(standin, "SG.test-key"));
  const auto sent = mailer.send(message_to("status-400@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(sent.error().message.find("400"), std::string::npos) << sent.error().message;
  EXPECT_NE(sent.error().message.find("verified Sender Identity"), std::string::npos)
      << sent.error().message;
}

TEST(SendGridMailer, RateLimitAndServerErrorsAreUnavailable) {
  SendGridStandIn standin("SG.test-key");
  mail::SendGridMailer mailer(sendgrid_options(standin, "SG.test-key"));
  auto sent = mailer.send(message_to("status-429@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(sent.error().message.find("too many requests"), std::string::npos)
      << sent.error().message;
  sent = mailer.send(message_to("status-500@example.com", "notification-2@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(sent.error().message.find("500"), std::string::npos) << sent.error().message;
  EXPECT_EQ(standin.count(), 0u);
}

TEST(SendGridMailer, NothingListeningIsUnavailable) {
  mail::SendGridOptions options;
  options.api_key = "SG.test-key";
  options.base_url = "http://127.0.0.1:" + std::to_string(free_loopback_port());
  options.from_email = "noreply@janji.test";
  options.connect_timeout = std::chrono::seconds(2);
  mail::SendGridMailer mailer(options);
  const auto sent = mailer.send(message_to("budi@example.com", "notification-1@janji.test"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
}

TEST(SendGridMailer, HundredMessagesFromFourThreadsArriveOnce) {
  SendGridStandIn standin("SG.test-key");
  mail::SendGridMailer mailer(sendgrid_options(standin, "SG.test-key"));
  std::atomic<int> failures{0};
  std::mutex ids_mutex;
  std::set<std::string> provider_ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const int n = t * 25 + i;
        const auto sent =
            mailer.send(message_to("user" + std::to_string(n) + "@example.com",
                                   "notification-" + std::to_string(n) + "@janji.test"));
        if (!sent) {
          ++failures;
          continue;
        }
        std::lock_guard lock(ids_mutex);
        provider_ids.insert(sent->provider_message_id);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(provider_ids.size(), 100u);
  ASSERT_TRUE(standin.wait_for(100));
  std::set<std::string> recipients;
  for (const auto& r : standin.messages()) recipients.insert(r.to_email());
  EXPECT_EQ(recipients.size(), 100u);
  EXPECT_EQ(standin.count(), 100u);
}

TEST(SendGridMailer, RefusesAnUnusableConfiguration) {
  mail::SendGridOptions options;
  options.from_email = "noreply@janji.test";
  options.api_key = "";
  EXPECT_THROW(mail::SendGridMailer{options}, std::invalid_argument);
  options.api_key = "SG.x\r\nX-Evil: 1";
  EXPECT_THROW(mail::SendGridMailer{options}, std::invalid_argument);
  options.api_key = "SG.x";
  options.base_url = "ftp://api.sendgrid.com";
  EXPECT_THROW(mail::SendGridMailer{options}, std::invalid_argument);
}

// --- make_mailer: the driver MAIL_DRIVER names ---

TEST(MakeMailer, ChoosesTheConfiguredDriver) {
  SmtpSink sink;
  auto settings = sink.mailer_settings();
  settings["SENDGRID_FROM_EMAIL"] = "hello@janji.test";
  auto smtp = app::make_mailer(test_config(settings));
  ASSERT_NE(dynamic_cast<mail::SmtpMailer*>(smtp.get()), nullptr);
  ASSERT_TRUE(smtp->send(message_to("budi@example.com", "notification-7@janji.test")));
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_EQ(sink.messages().at(0).mail_from, "hello@janji.test");

  SendGridStandIn standin("SG.cfg-key");
  auto sendgrid = app::make_mailer(test_config({{"MAIL_DRIVER", "sendgrid"},
                                                {"SENDGRID_API_KEY", "SG.cfg-key"},
                                                {"SENDGRID_BASE_URL", standin.base_url()}}));
  ASSERT_NE(dynamic_cast<mail::SendGridMailer*>(sendgrid.get()), nullptr);
  const auto sent = sendgrid->send(message_to("budi@example.com", "notification-7@janji.test"));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_FALSE(sent->provider_message_id.empty());

  auto log = app::make_mailer(test_config({}));
  EXPECT_EQ(dynamic_cast<mail::SmtpMailer*>(log.get()), nullptr);
  EXPECT_EQ(dynamic_cast<mail::SendGridMailer*>(log.get()), nullptr);
  EXPECT_TRUE(log->send(message_to("budi@example.com", "notification-7@janji.test")));
}

}  // namespace
}  // namespace janji::testing
