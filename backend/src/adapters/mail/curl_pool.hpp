#pragma once

#include <curl/curl.h>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace janji::mail {

// Calls curl_global_init once (it is not thread-safe in every libcurl build).
void curl_global_init_once();

// A bounded set of libcurl easy handles shared by threads. A handle keeps its connection
// cache, so the next transfer on it re-uses the connection the previous one left open.
class CurlPool {
 public:
  // `setup` gives a new handle the options every transfer shares (URL, time-outs...).
  CurlPool(std::size_t max_handles, std::function<void(CURL*)> setup);
  ~CurlPool();
  CurlPool(const CurlPool&) = delete;
  CurlPool& operator=(const CurlPool&) = delete;

  // A handle for one transfer, back in the pool when the lease ends. Blocks while all
  // max_handles are lent out. get() is nullptr when curl could not make a handle.
  class Lease {
   public:
    Lease(CurlPool& pool, CURL* handle) : pool_(&pool), handle_(handle) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    CURL* get() const { return handle_; }

   private:
    CurlPool* pool_;
    CURL* handle_;
  };
  Lease acquire();

 private:
  void release(CURL* handle);

  std::size_t max_handles_;
  std::function<void(CURL*)> setup_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<CURL*> idle_;
  std::size_t handles_ = 0;
};

}  // namespace janji::mail
