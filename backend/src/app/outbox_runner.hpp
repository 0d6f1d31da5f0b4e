#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/notifications/outbox_worker.hpp"

namespace janji::app {

struct OutboxRunnerOptions {
  // How often an idle worker looks for due rows (rows written by other processes, retries).
  std::chrono::milliseconds poll_interval{1000};
  // How often reminders are scheduled (by the first worker thread).
  std::chrono::seconds reminder_scan_interval{30};
};

// Runs outbox workers on their own threads: each delivers batches while there are due rows,
// then sleeps until the poll interval passes or wake() says this process wrote new rows.
class OutboxRunner {
 public:
  OutboxRunner(std::vector<std::unique_ptr<notifications::OutboxWorker>> workers,
               OutboxRunnerOptions options, int batch_size);
  ~OutboxRunner();
  OutboxRunner(const OutboxRunner&) = delete;
  OutboxRunner& operator=(const OutboxRunner&) = delete;

  void start();
  // New rows were committed here: deliver them now rather than at the next poll.
  void wake();
  // Finishes the message in hand, gives back the rest of the claimed batch, joins the threads.
  void stop();

 private:
  void run(notifications::OutboxWorker& worker, bool schedules_reminders);

  std::vector<std::unique_ptr<notifications::OutboxWorker>> workers_;
  OutboxRunnerOptions options_;
  int batch_size_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable woken_;
  std::uint64_t wake_count_ = 0;  // guarded by mutex_; a wake between passes is never lost
  std::vector<std::thread> threads_;
};

}  // namespace janji::app
