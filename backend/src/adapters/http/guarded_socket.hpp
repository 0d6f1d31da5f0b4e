#pragma once

#include <asio/buffer.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "adapters/http/request_screen.hpp"

namespace janji::http {

class GuardedSocket;

// The client connections of one listener. Each listener runs on one thread, so nothing here
// locks. It keeps them under a cap (room for the database, Redis and files within the
// open-files limit) the way nginx reuses keep-alive connections: at the cap a new connection
// closes the one idle longest, or is itself closed when none is idle. So a flood of idle
// connections cannot use up the descriptors, and a real client still gets in during it.
class ListenerConnections {
 public:
  ListenerConnections(std::size_t cap, const MessageLimits& limits, bool production);
  ListenerConnections(const ListenerConnections&) = delete;
  ListenerConnections& operator=(const ListenerConnections&) = delete;

  // RESTinio constructs its sockets from an io_context alone; while a Scope lives, sockets
  // constructed on this thread belong to `connections`.
  class Scope {
   public:
    explicit Scope(ListenerConnections& connections);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ListenerConnections* previous_;
  };

  std::size_t open() const { return open_; }
  std::size_t cap() const { return cap_; }
  std::size_t idle() const { return idle_count_; }
  // Closes the connection idle longest (its reader sees the end of the stream); false when
  // none is idle.
  bool close_oldest_idle();

  // What happened since the last call, for a summary in the log.
  struct Tally {
    std::uint64_t closed_idle = 0;  // idle connections closed to make room
    std::uint64_t refused = 0;      // new connections closed at once: nothing idle to close
    std::uint64_t malformed = 0;    // malformed requests answered with 4xx/5xx
  };
  Tally take_tally();

 private:
  friend class GuardedSocket;
  static ListenerConnections* current();
  void admit(GuardedSocket& socket);
  void leave(GuardedSocket& socket);
  void drop(GuardedSocket& socket);
  void mark_idle(GuardedSocket& socket);
  void mark_busy(GuardedSocket& socket);

  std::size_t cap_;
  MessageLimits limits_;
  bool production_;
  std::size_t open_ = 0;
  std::size_t idle_count_ = 0;
  // Idle connections, oldest first (intrusive: no allocation).
  GuardedSocket* idle_head_ = nullptr;
  GuardedSocket* idle_tail_ = nullptr;
  Tally tally_;
};

// The stream socket RESTinio runs connections on (traits' stream_socket_t, shaped like
// restinio::impl::tls_socket_t): a plain TCP socket that joins its listener's connections at
// the first read, tells them when it is idle, and screens what it reads (RequestScreen). A
// malformed request is answered here, then RESTinio is handed the end of the stream and closes
// the connection quietly. Reads allocate nothing beyond what asio recycles.
class GuardedSocket {
 public:
  using socket_t = asio::ip::tcp::socket;
  using executor_type = socket_t::executor_type;

  explicit GuardedSocket(asio::io_context& io);
  GuardedSocket(GuardedSocket&& other) noexcept;
  GuardedSocket& operator=(GuardedSocket&& other) noexcept;
  GuardedSocket(const GuardedSocket&) = delete;
  GuardedSocket& operator=(const GuardedSocket&) = delete;
  ~GuardedSocket();

  socket_t& lowest_layer() { return socket_; }
  const socket_t& lowest_layer() const { return socket_; }
  executor_type get_executor() { return socket_.get_executor(); }
  auto remote_endpoint() const { return socket_.remote_endpoint(); }
  bool is_open() const { return socket_.is_open(); }

  template <typename... Args>
  void cancel(Args&&... args) {
    socket_.cancel(std::forward<Args>(args)...);
  }
  template <typename... Args>
  void shutdown(Args&&... args) {
    socket_.shutdown(std::forward<Args>(args)...);
  }
  template <typename... Args>
  void close(Args&&... args) {
    if (connections_ != nullptr) connections_->leave(*this);
    socket_.close(std::forward<Args>(args)...);
  }

  template <typename ConstBuffers, typename Handler>
  void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    socket_.async_write_some(buffers, std::forward<Handler>(handler));
  }

  template <typename Handler>
  void async_read_some(asio::mutable_buffer buffer, Handler&& handler) {
    using H = std::decay_t<Handler>;
    if (!joined_ && connections_ != nullptr) connections_->admit(*this);
    if (rejection_ != 0 && !dropped_) {
      answer_rejection(buffer, H(std::forward<Handler>(handler)));
      return;
    }
    if (!dropped_ && screen_.between_messages() && connections_ != nullptr) {
      connections_->mark_idle(*this);
    }
    socket_.async_read_some(buffer, Read<H>{this, buffer, std::forward<Handler>(handler)});
  }

 private:
  friend class ListenerConnections;
  static constexpr std::size_t kLingerBytes = 64 * 1024;

  void mark_busy() {
    if (connections_ != nullptr) connections_->mark_busy(*this);
  }

  template <typename H>
  struct Read {
    GuardedSocket* self;
    asio::mutable_buffer buffer;
    H handler;
    void operator()(const asio::error_code& ec, std::size_t n) {
      self->mark_busy();
      // Closed by us (cap): the end of the stream makes RESTinio close quietly.
      if (self->dropped_) return handler(asio::error::eof, 0);
      if (!ec && n > 0) {
        const auto verdict = self->screen_.feed(static_cast<const char*>(buffer.data()), n);
        if (verdict.status != 0) {
          self->rejection_ = verdict.status;
          // The whole requests before the malformed one are answered first.
          if (verdict.pass > 0) return handler(ec, verdict.pass);
          return self->answer_rejection(buffer, std::move(handler));
        }
      }
      handler(ec, n);
    }
  };

  // Writes the answer, ends our side, then reads (and drops) what the client still sends
  // until it closes, so that closing does not reset the connection before the answer is read.
  template <typename H>
  struct Linger {
    GuardedSocket* self;
    asio::mutable_buffer buffer;
    H handler;
    std::size_t discarded;
    void operator()(const asio::error_code& ec, std::size_t n) {
      self->mark_busy();
      // Closed by us to make room: the end of the stream; cancelled by RESTinio: as it was.
      if (self->dropped_) return handler(asio::error::eof, 0);
      if (ec == asio::error::operation_aborted) return handler(ec, 0);
      discarded += n;
      if (ec || discarded >= kLingerBytes) return handler(asio::error::eof, 0);
      self->linger(Linger{self, buffer, std::move(handler), discarded});
    }
  };

  template <typename H>
  struct Answered {
    GuardedSocket* self;
    asio::mutable_buffer buffer;
    H handler;
    void operator()(const asio::error_code& ec, std::size_t) {
      if (self->dropped_) return handler(asio::error::eof, 0);
      if (ec == asio::error::operation_aborted) return handler(ec, 0);
      if (ec) return handler(asio::error::eof, 0);
      asio::error_code ignored;
      self->socket_.shutdown(socket_t::shutdown_send, ignored);
      self->linger(Linger<H>{self, buffer, std::move(handler), 0});
    }
  };

  template <typename H>
  void answer_rejection(asio::mutable_buffer buffer, H&& handler) {
    const auto text = rejection_text();
    asio::async_write(socket_, asio::const_buffer(text.data(), text.size()),
                      Answered<std::decay_t<H>>{this, buffer, std::forward<H>(handler)});
  }

  template <typename L>
  void linger(L&& next) {
    // A client that neither sends nor closes may be closed to make room.
    if (connections_ != nullptr) connections_->mark_idle(*this);
    socket_.async_read_some(next.buffer, std::forward<L>(next));
  }

  std::string_view rejection_text();

  ListenerConnections* connections_;
  socket_t socket_;
  RequestScreen screen_;
  int rejection_ = 0;     // status of a malformed request seen, 0 = none
  bool joined_ = false;   // counted in connections_
  bool dropped_ = false;  // closed by us to make room
  bool idle_ = false;     // linked in connections_' idle list
  GuardedSocket* idle_prev_ = nullptr;
  GuardedSocket* idle_next_ = nullptr;
};

}  // namespace janji::http
