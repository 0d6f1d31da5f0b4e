#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

// What the config tests share: environments as maps, loading them expecting success or
// problems, and a production environment that passes every check.

namespace janji::config::testing {

using Env = std::map<std::string, std::string>;

inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

inline Config load_ok(const Env& env) {
  auto result = load_config(env);
  if (!result) {
    ADD_FAILURE() << "unexpected problems:\n" << joined(result.error());
    return Config{};
  }
  return *result;
}

inline std::vector<std::string> load_problems(const Env& env) {
  auto result = load_config(env);
  if (result) {
    ADD_FAILURE() << "expected problems, got a config";
    return {};
  }
  return result.error();
}

inline bool any_contains(const std::vector<std::string>& lines, std::string_view needle) {
  for (const auto& l : lines) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

// A production environment that passes every check; tests add one mistake to it.
inline Env valid_production() {
  return {{"ENV", "production"},
          {"JWT_SECRET", "0123456789abcdef0123456789abcdef-prod"},
          {"ALLOWED_ORIGINS", "https://janji.example.com"},
          {"APP_URL", "https://api.janji.example.com"},
          {"FRONTEND_URL", "https://janji.example.com"},
          {"MIDTRANS_SERVER_KEY", "Mid-server-production-key"}};
}

}  // namespace janji::config::testing
