#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace janji::app {

// Runs `step` on its own thread at once and then every `interval` until stop(): the payment
// hold sweeper. The step decides what one pass does; it must not throw.
class PeriodicTask {
 public:
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> step);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void start();
  void stop();  // waits for a pass in progress

 private:
  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> step_;
  std::mutex mutex_;
  std::condition_variable woken_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace janji::app
