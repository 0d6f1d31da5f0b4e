#include "app/periodic_task.hpp"

#include <spdlog/spdlog.h>

namespace janji::app {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           std::function<void()> step)
    : name_(std::move(name)), interval_(interval), step_(std::move(step)) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      step_();
      lock.lock();
      woken_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
  spdlog::info("{}: every {} ms", name_, interval_.count());
}

void PeriodicTask::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  woken_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace janji::app
