#include "adapters/mail/curl_pool.hpp"

#include <utility>

namespace janji::mail {

void curl_global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlPool::CurlPool(std::size_t max_handles, std::function<void(CURL*)> setup)
    : max_handles_(max_handles == 0 ? 1 : max_handles), setup_(std::move(setup)) {
  curl_global_init_once();
}

CurlPool::~CurlPool() {
  // Every lease has ended by now: the owner outlives its senders.
  for (CURL* handle : idle_) curl_easy_cleanup(handle);
}

CurlPool::Lease::~Lease() {
  if (handle_ != nullptr) pool_->release(handle_);
}

CurlPool::Lease CurlPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !idle_.empty() || handles_ < max_handles_; });
  if (!idle_.empty()) {
    CURL* handle = idle_.back();
    idle_.pop_back();
    return Lease(*this, handle);
  }
  CURL* handle = curl_easy_init();
  if (handle == nullptr) return Lease(*this, nullptr);
  ++handles_;
  lock.unlock();
  setup_(handle);
  return Lease(*this, handle);
}

void CurlPool::release(CURL* handle) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(handle);
  }
  available_.notify_one();
}

}  // namespace janji::mail
