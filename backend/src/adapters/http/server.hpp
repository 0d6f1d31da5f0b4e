#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "adapters/http/pipeline.hpp"

namespace janji::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;  // 0 picks a free port (tests)
  std::size_t io_threads = 1;
  std::size_t worker_threads = 4;
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds request_timeout{30};
  // Open client connections at most, over all io threads (each gets its share); at the cap
  // the oldest idle connection is closed to make room. 0 = no cap.
  std::size_t max_connections = 0;
  bool production = false;  // HSTS on the answers to malformed requests
};

// The HTTP listener. RESTinio is confined to server.cpp: io threads only parse and write;
// every request runs through the Pipeline on a worker pool and is answered asynchronously.
class HttpServer {
 public:
  HttpServer(ServerOptions options, const Pipeline& pipeline);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; throws std::runtime_error when the address cannot be bound.
  void start();
  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Answers new requests with 503, waits for in-flight ones (at most `drain_timeout`), then
  // closes the listener and stops all threads. Idempotent.
  void shutdown(std::chrono::seconds drain_timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace janji::http
