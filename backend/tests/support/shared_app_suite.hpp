#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "support/test_app.hpp"

namespace janji::testing {

// A test suite whose tests share one running application (started once per suite).
class SharedAppSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { app() = std::make_unique<TestApp>(); }
  static void TearDownTestSuite() { app().reset(); }

  HttpClient client() const { return app()->client(); }
  std::filesystem::path outbox() const { return app()->config().data_dir / "outbox"; }
  // Lets the mail queued in the background (forgot-password, resend-verification) land.
  void drain_background() const { app()->app().drain_background(); }

 private:
  static std::unique_ptr<TestApp>& app() {
    static std::unique_ptr<TestApp> instance;
    return instance;
  }
};

}  // namespace janji::testing
