#include "app/background_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace janji::app {
namespace {

TEST(BackgroundQueue, DrainWaitsForEveryTaskPostedBefore) {
  BackgroundQueue queue;
  std::atomic<int> done{0};
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(queue.post([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ++done;
    }));
  }
  queue.drain();
  EXPECT_EQ(done.load(), 20);
}

TEST(BackgroundQueue, ATaskStartsNoSoonerThanTheDelay) {
  BackgroundQueue queue(std::chrono::milliseconds{30});
  const auto posted = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point ran;
  ASSERT_TRUE(queue.post([&] { ran = std::chrono::steady_clock::now(); }));
  queue.drain();
  EXPECT_GE(ran - posted, std::chrono::milliseconds{30});
}

TEST(BackgroundQueue, StopRunsWhatIsQueuedThenRefuses) {
  BackgroundQueue queue;
  std::atomic<int> done{0};
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(queue.post([&] { ++done; }));
  queue.stop();
  EXPECT_EQ(done.load(), 5);
  EXPECT_FALSE(queue.post([&] { ++done; }));
  queue.stop();  // idempotent
}

TEST(BackgroundQueue, RefusesBeyondItsCapacityAndSurvivesAThrowingTask) {
  BackgroundQueue queue(std::chrono::milliseconds{0}, 2);
  std::atomic<bool> release{false};
  ASSERT_TRUE(queue.post([&] {
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }));
  // The first task may or may not have been taken off the queue yet: fill up to the refusal.
  int accepted = 0;
  while (queue.post([] { throw std::runtime_error("boom"); })) ++accepted;
  EXPECT_GE(accepted, 1);
  EXPECT_LE(accepted, 2);
  release = true;
  queue.drain();
  std::atomic<int> done{0};
  EXPECT_TRUE(queue.post([&] { ++done; }));
  queue.drain();
  EXPECT_EQ(done.load(), 1);
}

}  // namespace
}  // namespace janji::app
