#pragma once

#include <string_view>

namespace janji::common {

// Port: lets core report events that must not fail a request (a mail that could not be sent)
// without depending on a logging library.
class EventLog {
 public:
  virtual ~EventLog() = default;
  virtual void info(std::string_view message) = 0;
  virtual void warn(std::string_view message) = 0;
};

}  // namespace janji::common
