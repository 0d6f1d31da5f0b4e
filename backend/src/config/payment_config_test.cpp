// PAYMENT_DRIVER, MIDTRANS_* and PAYMENT_* (issue 13).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "config/config_test_env.hpp"

namespace janji::config {
namespace {

using namespace testing;

TEST(LoadConfig, PaymentDriverFollowsTheServerKey) {
  const Config none = load_ok({});
  EXPECT_EQ(none.midtrans.driver, PaymentDriver::kSimulator);
  EXPECT_FALSE(none.midtrans.verify_status);
  EXPECT_EQ(none.midtrans.payment_hold, std::chrono::minutes{15});
  const Config keyed = load_ok({{"MIDTRANS_SERVER_KEY", "SB-Mid-server-x"}});
  EXPECT_EQ(keyed.midtrans.driver, PaymentDriver::kMidtrans);
  EXPECT_EQ(keyed.midtrans.snap_base_url, "");  // the client picks sandbox or production
  const Config simulated =
      load_ok({{"MIDTRANS_SERVER_KEY", "SB-Mid-server-x"}, {"PAYMENT_DRIVER", "simulator"}});
  EXPECT_EQ(simulated.midtrans.driver, PaymentDriver::kSimulator);
  const Config tuned = load_ok({{"PAYMENT_HOLD", "2m"},
                                {"PAYMENT_SWEEP_INTERVAL", "1s"},
                                {"MIDTRANS_VERIFY_STATUS", "true"},
                                {"MIDTRANS_API_BASE_URL", "http://127.0.0.1:9000/"}});
  EXPECT_EQ(tuned.midtrans.payment_hold, std::chrono::minutes{2});
  EXPECT_EQ(tuned.midtrans.hold_sweep_interval, std::chrono::seconds{1});
  EXPECT_TRUE(tuned.midtrans.verify_status);
  EXPECT_EQ(tuned.midtrans.api_base_url, "http://127.0.0.1:9000");
}

TEST(LoadConfig, PaymentSettingsAreChecked) {
  auto problems = load_problems({{"PAYMENT_DRIVER", "midtrans"}});
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("MIDTRANS_SERVER_KEY:", 0), 0u) << problems[0];
  problems = load_problems({{"PAYMENT_HOLD", "10s"}});
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("PAYMENT_HOLD:", 0), 0u) << problems[0];
  problems = load_problems(
      {{"MIDTRANS_SERVER_KEY", "k"}, {"MIDTRANS_SNAP_BASE_URL", "http://snap.example.com"}});
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("MIDTRANS_SNAP_BASE_URL:", 0), 0u) << problems[0];
  problems = load_problems({{"PAYMENT_DRIVER", "paypal"}});
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
}

TEST(LoadConfig, ProductionRefusesThePaymentSimulatorAndVerifiesStatus) {
  Env env{{"ENV", "production"},
          {"JWT_SECRET", std::string(40, 'k')},
          {"BCRYPT_COST", "12"},
          {"ALLOWED_ORIGINS", "https://janji.example"}};
  // Without a key, payments are off (and said to be), never simulated.
  auto off = load_config(env);
  ASSERT_TRUE(off) << joined(off.error());
  EXPECT_EQ(off->midtrans.driver, PaymentDriver::kDisabled);
  EXPECT_NE(joined(off->serve_warnings).find("PAYMENT_DRIVER=disabled"), std::string::npos);
  env["PAYMENT_DRIVER"] = "simulator";
  auto problems = load_problems(env);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0].rfind("PAYMENT_DRIVER:", 0), 0u) << problems[0];
  env.erase("PAYMENT_DRIVER");
  env["MIDTRANS_SERVER_KEY"] = "Mid-server-live";
  auto result = load_config(env);
  ASSERT_TRUE(result) << joined(result.error());
  EXPECT_EQ(result->midtrans.driver, PaymentDriver::kMidtrans);
  EXPECT_TRUE(result->midtrans.verify_status);
  EXPECT_EQ(result->describe().find("Mid-server-live"), std::string::npos);
}

}  // namespace
}  // namespace janji::config
