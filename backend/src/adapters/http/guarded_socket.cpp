#include "adapters/http/guarded_socket.hpp"

namespace janji::http {

namespace {

thread_local ListenerConnections* constructing = nullptr;

const MessageLimits kDefaultLimits{};

}  // namespace

ListenerConnections::ListenerConnections(std::size_t cap, const MessageLimits& limits,
                                         bool production)
    : cap_(cap == 0 ? 1 : cap), limits_(limits), production_(production) {}

ListenerConnections::Scope::Scope(ListenerConnections& connections) : previous_(constructing) {
  constructing = &connections;
}

ListenerConnections::Scope::~Scope() { constructing = previous_; }

ListenerConnections* ListenerConnections::current() { return constructing; }

ListenerConnections::Tally ListenerConnections::take_tally() {
  const Tally t = tally_;
  tally_ = Tally{};
  return t;
}

void ListenerConnections::admit(GuardedSocket& socket) {
  socket.joined_ = true;
  ++open_;
  if (open_ <= cap_) return;
  if (close_oldest_idle()) {
    ++tally_.closed_idle;
    return;
  }
  ++tally_.refused;
  drop(socket);
}

void ListenerConnections::leave(GuardedSocket& socket) {
  mark_busy(socket);
  if (!socket.joined_) return;
  socket.joined_ = false;
  --open_;
}

// Closing the descriptor now (not when RESTinio gets round to it) is what keeps the count of
// open descriptors under the cap during a flood.
void ListenerConnections::drop(GuardedSocket& socket) {
  leave(socket);
  socket.dropped_ = true;
  asio::error_code ignored;
  socket.socket_.close(ignored);
}

bool ListenerConnections::close_oldest_idle() {
  if (idle_head_ == nullptr) return false;
  drop(*idle_head_);
  return true;
}

void ListenerConnections::mark_idle(GuardedSocket& socket) {
  if (socket.idle_ || !socket.joined_) return;
  socket.idle_ = true;
  socket.idle_prev_ = idle_tail_;
  socket.idle_next_ = nullptr;
  if (idle_tail_ != nullptr) {
    idle_tail_->idle_next_ = &socket;
  } else {
    idle_head_ = &socket;
  }
  idle_tail_ = &socket;
  ++idle_count_;
}

void ListenerConnections::mark_busy(GuardedSocket& socket) {
  if (!socket.idle_) return;
  socket.idle_ = false;
  if (socket.idle_prev_ != nullptr) {
    socket.idle_prev_->idle_next_ = socket.idle_next_;
  } else {
    idle_head_ = socket.idle_next_;
  }
  if (socket.idle_next_ != nullptr) {
    socket.idle_next_->idle_prev_ = socket.idle_prev_;
  } else {
    idle_tail_ = socket.idle_prev_;
  }
  socket.idle_prev_ = socket.idle_next_ = nullptr;
  --idle_count_;
}

GuardedSocket::GuardedSocket(asio::io_context& io)
    : connections_(ListenerConnections::current()),
      socket_(io),
      screen_(connections_ != nullptr ? &connections_->limits_ : &kDefaultLimits) {}

// Only fresh sockets move (from RESTinio's accept slot into a connection): one that joined
// its listener is linked by address and never moves.
GuardedSocket::GuardedSocket(GuardedSocket&& other) noexcept
    : connections_(other.connections_),
      socket_(std::move(other.socket_)),
      screen_(other.screen_),
      rejection_(other.rejection_) {}

GuardedSocket& GuardedSocket::operator=(GuardedSocket&& other) noexcept {
  if (this != &other) {
    if (connections_ != nullptr) connections_->leave(*this);
    connections_ = other.connections_;
    socket_ = std::move(other.socket_);
    screen_ = other.screen_;
    rejection_ = other.rejection_;
    dropped_ = false;
  }
  return *this;
}

GuardedSocket::~GuardedSocket() {
  if (connections_ != nullptr) connections_->leave(*this);
}

std::string_view GuardedSocket::rejection_text() {
  bool production = false;
  if (connections_ != nullptr) {
    ++connections_->tally_.malformed;
    production = connections_->production_;
  }
  return RequestScreen::rejection(rejection_, production);
}

}  // namespace janji::http
