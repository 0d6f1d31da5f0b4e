#pragma once

#include <string_view>

#include "config/config.hpp"
#include "core/common/event_log.hpp"

namespace janji::app {

// JSON lines on stderr: {"ts":..,"level":..,"msg":..}; the "access" logger writes the
// pipeline's request lines (already JSON objects) with ts and level added.
void configure_logging(config::LogLevel level);

// core's EventLog port on top of spdlog.
class SpdlogEventLog final : public common::EventLog {
 public:
  void info(std::string_view message) override;
  void warn(std::string_view message) override;
};

}  // namespace janji::app
