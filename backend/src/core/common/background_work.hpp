#pragma once

#include <functional>

namespace janji::common {

// Port: runs work after the request that asked for it has been answered (so its cost cannot be
// read from the response time). Implementations own their threads; core owns none.
class BackgroundWork {
 public:
  virtual ~BackgroundWork() = default;
  // Queues `task`; false when it was refused (queue full or shutting down). Tasks must not
  // throw and must not outlive what they capture: the owner drains the queue before teardown.
  virtual bool post(std::function<void()> task) = 0;
};

}  // namespace janji::common
