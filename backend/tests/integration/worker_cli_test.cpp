// `janji worker` as a real child process: it delivers what `janji serve` (with
// NOTIFICATION_WORKER=false) committed to the outbox, to a real SMTP sink, and stops on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "core/common/wall_time.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/mail_sandbox.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using Env = std::map<std::string, std::string>;

std::size_t booking_mails_to(const SmtpSink& sink, const std::string& email) {
  std::size_t n = 0;
  for (const auto& m : sink.messages()) {
    if (m.header("Message-ID").value_or("").rfind("<notification-", 0) != 0) continue;
    for (const auto& r : m.rcpt_to) n += r == email ? 1 : 0;
  }
  return n;
}

TEST(WorkerCommand, DeliversWhatServeCommittedAndStopsOnSigterm) {
  SmtpSink sink;
  static std::atomic<int> counter{0};
  const auto dir = scratch_dir() / ("worker-cli-" + std::to_string(++counter));
  fs::create_directories(dir);
  Env env = child_env_with_services();
  env["ENV"] = "test";
  env["HOST"] = "127.0.0.1";
  env["DATA_DIR"] = dir.string();
  env["WEB_DIR"] = (dir / "no-web-app").string();
  env["BCRYPT_COST"] = "4";
  env["LOG_LEVEL"] = "info";
  env["JWT_SECRET"] = "worker-cli-test-jwt-secret-that-is-long-enough-0123";
  env["REGISTER_MAX_PER_IP"] = "100000";
  env["LOGIN_MAX_FAILURES_PER_IP"] = "100000";
  env.merge(sink.mailer_settings());

  Env serve_env = env;
  serve_env["NOTIFICATION_WORKER"] = "false";
  std::string failure;
  auto serve = start_serve(JANJI_BINARY, serve_env, dir, 20s, failure);
  ASSERT_TRUE(serve) << failure;
  const HttpClient& api = serve->client;

  // A provider open every day with one service, and a customer who books tomorrow at 10:00.
  const auto register_user = [&](const std::string& role) {
    const std::string email = unique_email("worker-" + role);
    auto r = api.post("/api/v1/auth/register", {{"email", email},
                                                {"password", "secret123"},
                                                {"full_name", "Dewi " + role},
                                                {"role", role}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::make_pair(
        email, "Authorization: Bearer " + r.json["data"]["access_token"].get<std::string>());
  };
  const auto [owner_email, owner] = register_user("provider");
  const auto [customer_email, customer] = register_user("customer");
  const auto post = [&](const std::string& path, const json& body, const std::string& who) {
    return api.request("POST", path, body.dump(), {who, "Content-Type: application/json"});
  };
  auto provider = post("/api/v1/providers",
                       {{"business_name", "Studio Worker"}, {"business_type", "studio"}}, owner);
  ASSERT_EQ(provider.status, 201) << provider.body;
  const auto provider_id = provider.json["data"]["provider"]["id"].get<std::string>();
  for (int day = 0; day < 7; ++day) {
    ASSERT_EQ(post("/api/v1/providers/" + provider_id + "/schedules",
                   {{"day_of_week", day}, {"start_time", "08:00"}, {"end_time", "17:00"}}, owner)
                  .status,
              201);
  }
  auto service = post("/api/v1/providers/" + provider_id + "/services",
                      {{"name", "Rekaman"}, {"duration", 60}, {"price", 150000}}, owner);
  ASSERT_EQ(service.status, 201) << service.body;
  const auto date = common::format_date(
      common::Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                   std::chrono::days{2}});
  auto booked = post("/api/v1/bookings",
                     {{"provider_id", provider_id},
                      {"service_id", service.json["data"]["service"]["id"].get<std::string>()},
                      {"booking_date", date},
                      {"start_time", "10:00"}},
                     customer);
  ASSERT_EQ(booked.status, 201) << booked.body;

  // Committed, not delivered: serve runs no worker.
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(booking_mails_to(sink, customer_email), 0u);

  ChildProcess worker(JANJI_BINARY, {"worker"}, env, dir);
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while ((booking_mails_to(sink, customer_email) < 1 || booking_mails_to(sink, owner_email) < 1) &&
         std::chrono::steady_clock::now() < deadline && !worker.poll()) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(booking_mails_to(sink, customer_email), 1u) << worker.err();
  EXPECT_EQ(booking_mails_to(sink, owner_email), 1u) << worker.err();

  worker.signal(SIGTERM);
  ASSERT_TRUE(worker.wait(10s)) << "janji worker did not stop on SIGTERM";
  EXPECT_EQ(worker.exit_code(), 0) << worker.err();
  EXPECT_NE((worker.out() + worker.err()).find("stopped"), std::string::npos);
  serve->child->signal(SIGTERM);
  EXPECT_TRUE(serve->child->wait(10s));
}

}  // namespace
}  // namespace janji::testing
