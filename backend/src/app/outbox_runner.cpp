#include "app/outbox_runner.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace janji::app {

OutboxRunner::OutboxRunner(std::vector<std::unique_ptr<notifications::OutboxWorker>> workers,
                           OutboxRunnerOptions options, int batch_size)
    : workers_(std::move(workers)), options_(options), batch_size_(batch_size) {}

OutboxRunner::~OutboxRunner() { stop(); }

void OutboxRunner::start() {
  if (!threads_.empty()) return;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    threads_.emplace_back([this, i] { run(*workers_[i], i == 0); });
  }
  spdlog::info("notifications: {} outbox worker thread(s) delivering", workers_.size());
}

void OutboxRunner::wake() {
  {
    const std::lock_guard lock(mutex_);
    ++wake_count_;
  }
  woken_.notify_all();
}

void OutboxRunner::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_.exchange(true)) return;
  }
  woken_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void OutboxRunner::run(notifications::OutboxWorker& worker, bool schedules_reminders) {
  auto next_scan = std::chrono::steady_clock::now();
  std::uint64_t seen = 0;
  while (!stopping_.load()) {
    {
      const std::lock_guard lock(mutex_);
      seen = wake_count_;
    }
    try {
      if (schedules_reminders && std::chrono::steady_clock::now() >= next_scan) {
        next_scan = std::chrono::steady_clock::now() + options_.reminder_scan_interval;
        if (auto added = worker.schedule_reminders(); !added) {
          spdlog::warn("notifications: reminder scan failed: {}", added.error().message);
        } else if (*added > 0) {
          spdlog::info("notifications: {} reminder(s) scheduled", *added);
        }
      }
      auto pass = worker.deliver_due(stopping_);
      if (!pass) {
        spdlog::warn("notifications: claiming failed: {}", pass.error().message);
      } else if (pass->claimed >= batch_size_) {
        continue;  // a full batch: more may be due
      }
    } catch (const std::exception& e) {
      // A worker thread must survive anything one message brings.
      spdlog::error("notifications: worker {}: {}", worker.claimer(), e.what());
    }
    std::unique_lock lock(mutex_);
    woken_.wait_for(lock, options_.poll_interval,
                    [&] { return stopping_.load() || wake_count_ != seen; });
  }
}

}  // namespace janji::app
