#include "support/test_app.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace janji::testing {

bool using_postgres() {
  const char* driver = std::getenv("DB_DRIVER");
  return driver && std::string(driver) == "postgres";
}

bool using_redis() {
  const char* host = std::getenv("REDIS_HOST");
  return host && *host;
}

namespace {

// Removed when the test process exits, so runs do not pile up in /tmp.
struct ScratchDir {
  std::filesystem::path path;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

const std::filesystem::path& scratch_dir() {
  static const ScratchDir dir{[] {
    auto base =
        std::filesystem::temp_directory_path() /
        ("janji-it-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(base);
    return base;
  }()};
  return dir.path;
}

config::Config test_config(const std::map<std::string, std::string>& overrides) {
  auto env = config::gather_environment("/nonexistent/.env");
  if (!env) throw std::runtime_error(env.error());
  std::map<std::string, std::string> vars = *env;
  vars["ENV"] = "test";
  vars["HOST"] = "127.0.0.1";
  vars["PORT"] = "0";
  vars["DATA_DIR"] = scratch_dir().string();
  vars["BCRYPT_COST"] = "4";
  vars["JWT_SECRET"] = "integration-test-secret-that-is-long-enough-0123456789";
  vars["LOG_LEVEL"] = "error";
  vars["TRUST_PROXY"] = "true";
  // Every test talks from 127.0.0.1 unless it says otherwise (X-Forwarded-For).
  vars["LOGIN_MAX_FAILURES_PER_IP"] = "100000";
  vars["FORGOT_PASSWORD_MAX_PER_IP"] = "100000";
  vars["RESEND_VERIFICATION_MAX_PER_IP"] = "100000";
  vars["REGISTER_MAX_PER_IP"] = "100000";
  vars["ALLOWED_ORIGINS"] = "http://localhost:5173";
  vars["DB_POOL_SIZE"] = "4";
  vars["WORKER_THREADS"] = "4";
  // Not the compiled-in frontend/dist: whether someone built the web app must not change what
  // the tests see. Suites that serve it point WEB_DIR at their own directory.
  vars["WEB_DIR"] = (scratch_dir() / "no-web-app").string();
  for (const auto& [k, v] : overrides) vars[k] = v;
  auto config = config::load_config(vars);
  if (!config) {
    std::string all;
    for (const auto& p : config.error()) all += p + "\n";
    throw std::runtime_error("test configuration invalid:\n" + all);
  }
  return *config;
}

TestApp::TestApp(const std::map<std::string, std::string>& overrides)
    : config_(test_config(overrides)), app_(std::make_unique<app::Application>(config_)) {
  app_->start();
}

TestApp::~TestApp() { app_->shutdown(std::chrono::seconds{5}); }

HttpClient TestApp::client() const {
  return HttpClient("http://127.0.0.1:" + std::to_string(app_->port()));
}

std::string unique_email(const std::string& tag) {
  static std::atomic<int> counter{0};
  static const auto run = std::random_device{}();
  return tag + "." + std::to_string(run) + "." + std::to_string(++counter) + "@example.com";
}

namespace {

// Undoes quoted-printable: soft breaks "=\r\n" vanish, "=XX" becomes the byte.
std::string decode_quoted_printable(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() + 1) {
      if (in.compare(i, 3, "=\r\n") == 0) {
        i += 2;
        continue;
      }
      if (i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
        out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

}  // namespace

std::string latest_mail_to(const std::filesystem::path& outbox, const std::string& email,
                           const std::string& must_contain) {
  if (!std::filesystem::exists(outbox)) return {};
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(outbox)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return std::filesystem::last_write_time(a) > std::filesystem::last_write_time(b);
  });
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const auto header_end = text.find("\r\n\r\n");
    const auto to = text.find("\r\nTo: ");
    if (to != std::string::npos && to < header_end &&
        text.find(email, to) < text.find("\r\n", to + 2)) {
      auto decoded = decode_quoted_printable(text);
      if (decoded.find(must_contain) != std::string::npos) return decoded;
    }
  }
  return {};
}

std::string token_after(const std::string& mail, const std::string& marker) {
  const auto at = mail.find(marker);
  if (at == std::string::npos) return {};
  std::string token;
  for (std::size_t i = at + marker.size(); i < mail.size(); ++i) {
    const char c = mail[i];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
      token.push_back(c);
    } else {
      break;
    }
  }
  return token;
}

}  // namespace janji::testing
