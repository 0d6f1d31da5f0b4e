#include "app/background_queue.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace janji::app {

BackgroundQueue::BackgroundQueue(std::chrono::milliseconds delay, std::size_t capacity)
    : delay_(delay), capacity_(capacity), thread_([this] { run(); }) {}

BackgroundQueue::~BackgroundQueue() { stop(); }

bool BackgroundQueue::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() >= capacity_) return false;
    tasks_.push_back(Task{std::chrono::steady_clock::now() + delay_, std::move(task)});
  }
  work_.notify_one();
  return true;
}

void BackgroundQueue::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return tasks_.empty() && !busy_; });
}

void BackgroundQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void BackgroundQueue::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) break;  // stopping, and everything queued has run
    // Tasks are due in posting order; stopping runs the rest at once.
    const auto due = tasks_.front().due;
    if (!stopping_ && work_.wait_until(lock, due, [this] { return stopping_; })) continue;
    auto task = std::move(tasks_.front().run);
    tasks_.pop_front();
    busy_ = true;
    lock.unlock();
    try {
      task();
    } catch (const std::exception& error) {
      spdlog::error("background task failed: {}", error.what());
    } catch (...) {
      spdlog::error("background task failed");
    }
    lock.lock();
    busy_ = false;
    if (tasks_.empty()) idle_.notify_all();
  }
  idle_.notify_all();
}

}  // namespace janji::app
