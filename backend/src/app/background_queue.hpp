#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/common/background_work.hpp"

namespace janji::app {

// The Application's small executor for work that must not be timed by the client (mail for
// forgot-password and resend-verification): one thread, a bounded queue, drained on shutdown.
// A task starts `delay` after it was posted at the earliest, so its work does not compete with
// the sending of its own request's answer (measured: started at once, a registered address's
// forgot-password answered 8% slower in the median and a classifier got 54.5%; see
// bench/README.md).
class BackgroundQueue final : public common::BackgroundWork {
 public:
  explicit BackgroundQueue(std::chrono::milliseconds delay = kDefaultDelay,
                           std::size_t capacity = kDefaultCapacity);
  ~BackgroundQueue() override;  // stop()
  BackgroundQueue(const BackgroundQueue&) = delete;
  BackgroundQueue& operator=(const BackgroundQueue&) = delete;

  bool post(std::function<void()> task) override;
  // Returns once every task posted before the call has run.
  void drain();
  // Runs what is queued, then ends the thread; later posts are refused. Idempotent.
  void stop();

  static constexpr std::size_t kDefaultCapacity = 1024;
  static constexpr std::chrono::milliseconds kDefaultDelay{50};

 private:
  struct Task {
    std::chrono::steady_clock::time_point due;
    std::function<void()> run;
  };
  void run();

  std::chrono::milliseconds delay_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable idle_;
  std::deque<Task> tasks_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace janji::app
