// The only translation unit that includes RESTinio (DESIGN.md section 3): it costs ~20 s and
// ~0.6 GB to compile, so everything else talks to it through Request/Response.
#include "adapters/http/server.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <limits>
#include <restinio/all.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "adapters/http/guarded_socket.hpp"

namespace janji::http {

namespace {

// Each listener is one io_context on one thread, so RESTinio needs no strands (measured: two
// threads sharing one io_context with strands answered 27k cached requests/s, one thread 37k).
// Its connections run on GuardedSocket: capped, idle ones known, malformed requests answered.
struct Traits : restinio::default_single_thread_traits_t {
  using stream_socket_t = GuardedSocket;
};
using RestinioServer = restinio::http_server_t<Traits>;

}  // namespace

// What RESTinio's connection asks of a plain TCP socket type (found by argument-dependent
// lookup, like its own overloads for asio's socket in restinio/impl/connection.hpp).
template <typename Connection, typename StartRead, typename Failed>
void prepare_connection_and_start_read(GuardedSocket&, Connection&, StartRead start_read, Failed) {
  start_read();
}

inline restinio::tls_socket_t* make_tls_socket_pointer_for_state_listener(GuardedSocket&) noexcept {
  return nullptr;
}

namespace {

// RESTinio 0.6's acceptor drops a failed accept (EMFILE...) without starting the next one
// (restinio/impl/acceptor.hpp, call_accept_now): the listener would never accept again. Its
// connection-count limiter is the one object that sees every accept start, so ours counts them
// and can start a new one; the listener's watchdog decides when (Impl::watch_accepts).
class AcceptWatch {
 public:
  using Acceptor = restinio::connection_count_limits::impl::acceptor_callback_iface_t;
  AcceptWatch(restinio::not_null_pointer_t<Acceptor> acceptor,
              restinio::connection_count_limits::max_parallel_connections_t,
              restinio::connection_count_limits::max_active_accepts_t);

  void increment_parallel_connections() noexcept {}
  void decrement_parallel_connections() noexcept {}
  void accept_next(std::size_t index) noexcept {
    ++accepts_started_;
    index_ = index;
    acceptor_->call_accept_now(index);
  }
  // Starts the accept RESTinio gave up on (one accept slot: concurrent_accepts_count is 1).
  void restart() noexcept { accept_next(index_); }
  std::uint64_t accepts_started() const { return accepts_started_; }

 private:
  Acceptor* acceptor_;
  std::uint64_t accepts_started_ = 0;
  std::size_t index_ = 0;
};

// The acceptor constructs its limiter itself; this tells the listener being built where it is.
thread_local AcceptWatch** constructing_watch = nullptr;

AcceptWatch::AcceptWatch(restinio::not_null_pointer_t<Acceptor> acceptor,
                         restinio::connection_count_limits::max_parallel_connections_t,
                         restinio::connection_count_limits::max_active_accepts_t)
    : acceptor_(acceptor) {
  if (constructing_watch != nullptr) *constructing_watch = this;
}

}  // namespace
}  // namespace janji::http

template <>
struct restinio::connection_count_limit_types<janji::http::Traits> {
  using limiter_t = janji::http::AcceptWatch;
  using lifetime_monitor_t =
      restinio::connection_count_limits::connection_lifetime_monitor_t<janji::http::AcceptWatch>;
};

namespace janji::http {

namespace {

// An absolute-form target (RFC 9112 3.2.2, "GET http://host/health") reaches us whole as the
// path: routes match its path part.
std::string_view origin_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return path;
  const auto scheme_end = path.find("://");
  if (scheme_end == std::string_view::npos) return path;
  std::string scheme(path.substr(0, scheme_end));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") return path;
  const auto rest = path.substr(scheme_end + 3);
  const auto slash = rest.find('/');
  return slash == std::string_view::npos ? std::string_view{"/"} : rest.substr(slash);
}

std::size_t open_descriptors() {
  std::error_code ec;
  std::size_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++n;
  }
  return ec ? 0 : n;
}

std::uint64_t soft_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  return limit.rlim_cur;
}

std::string describe_descriptors(std::size_t open) {
  const auto limit = soft_descriptor_limit();
  return open == 0 ? fmt::format("all {}", limit) : fmt::format("{} of {}", open, limit);
}

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

std::map<std::string, std::string> parse_query_string(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>{""}
                                              : percent_decode(pair.substr(eq + 1), true);
    // A malformed escape is kept literally rather than failing the whole request.
    out.emplace(key ? *key : std::string(pair.substr(0, eq)),
                value ? *value : std::string(pair.substr(eq + 1)));
  }
  return out;
}

// Takes the response apart: its strings move into RESTinio's rather than being copied.
void send(const restinio::request_handle_t& req, Response&& response, bool close) {
  auto builder = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
      std::string(reason_phrase(response.status))});
  for (auto& [name, value] : response.headers) {
    builder.append_header(std::move(name), std::move(value));
  }
  if (close) builder.connection_close();
  builder.set_body(std::move(response.body));
  builder.done();
}

void send_internal_error(const restinio::request_handle_t& req) {
  try {
    Response r;
    r.status = 500;
    r.set_header("Content-Type", "application/json; charset=utf-8");
    r.body =
        R"({"success":false,"error":{"code":"INTERNAL_ERROR","message":"Internal server error"}})";
    send(req, std::move(r), true);
  } catch (...) {
  }
}

}  // namespace

struct HttpServer::Impl {
  Impl(ServerOptions o, const Pipeline& p)
      : options(std::move(o)), pipeline(p), workers(options.worker_threads) {}

  ServerOptions options;
  const Pipeline& pipeline;
  // One per I/O thread, all on the same port (SO_REUSEPORT): the kernel spreads connections.
  struct Listener {
    Listener(std::size_t cap, const MessageLimits& limits, bool production)
        : connections(cap, limits, production) {}
    ListenerConnections connections;  // outlives io: its connections die with io's handlers
    asio::io_context io;
    std::unique_ptr<RestinioServer> server;
    AcceptWatch* accepts = nullptr;
    int listen_fd = -1;
    // Watchdog state (io thread only).
    asio::steady_timer watchdog{io};
    std::uint64_t accepts_seen = 0;
    int stalled_ticks = 0;
    ListenerConnections::Tally tally;
    std::chrono::steady_clock::time_point last_restart{};
    std::uint64_t restarts_unreported = 0;
    std::chrono::steady_clock::time_point last_report{};
    std::thread thread;
  };
  asio::thread_pool workers;
  std::vector<std::unique_ptr<Listener>> listeners;
  std::atomic<std::uint16_t> bound_port{0};
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
  bool stopped = false;

  static constexpr std::chrono::milliseconds kWatchdogTick{250};

  void watch(Listener& l) {
    l.watchdog.expires_after(kWatchdogTick);
    l.watchdog.async_wait([this, &l](const asio::error_code& ec) {
      if (ec || draining.load()) return;
      watch_accepts(l);
      report(l);
      watch(l);
    });
  }

  // An accept that failed is never followed by another (AcceptWatch): when the listening
  // socket has had a connection waiting for two ticks and no accept started meanwhile, the
  // accept loop is dead; start it again.
  void watch_accepts(Listener& l) {
    if (l.accepts == nullptr || l.listen_fd < 0) return;
    const auto started = l.accepts->accepts_started();
    if (started != l.accepts_seen) {
      l.accepts_seen = started;
      l.stalled_ticks = 0;
      return;
    }
    if (!readable(l.listen_fd)) {
      l.stalled_ticks = 0;
      return;
    }
    if (++l.stalled_ticks < 2) return;
    const auto open = open_descriptors();
    // Out of descriptors (EMFILE, the usual cause; 0 = not even /proc/self/fd could be
    // listed): make room for the next client.
    const bool exhausted = open == 0 || open + 4 >= soft_descriptor_limit();
    if (exhausted) l.connections.close_oldest_idle();
    const auto now = std::chrono::steady_clock::now();
    if (now - l.last_restart > std::chrono::seconds{10}) {
      spdlog::error(
          "http: accepting stopped on port {} after a failed accept ({}; descriptors: {}; {} "
          "client connections): accepting again",
          bound_port.load(), exhausted ? "out of file descriptors" : "cause unknown",
          describe_descriptors(open), l.connections.open());
    } else {
      ++l.restarts_unreported;
    }
    l.last_restart = now;
    l.stalled_ticks = 0;
    l.accepts->restart();
    l.accepts_seen = l.accepts->accepts_started();
  }

  // One summary a second at most, so that a flood does not flood the log too.
  void report(Listener& l) {
    const auto t = l.connections.take_tally();
    l.tally.closed_idle += t.closed_idle;
    l.tally.refused += t.refused;
    l.tally.malformed += t.malformed;
    const auto now = std::chrono::steady_clock::now();
    if (now - l.last_report < std::chrono::seconds{1}) return;
    if (l.tally.closed_idle + l.tally.refused > 0) {
      spdlog::warn(
          "http: connection cap reached ({} per io thread): closed {} idle connections and "
          "refused {} new ones; {} open",
          l.connections.cap(), l.tally.closed_idle, l.tally.refused, l.connections.open());
    }
    if (l.tally.malformed > 0) {
      spdlog::info("http: answered {} malformed requests and closed their connections",
                   l.tally.malformed);
    }
    if (l.restarts_unreported > 0) {
      spdlog::error("http: accepting failed again; started it {} more times (descriptors: {})",
                    l.restarts_unreported, describe_descriptors(open_descriptors()));
      l.restarts_unreported = 0;
    }
    l.tally = {};
    l.last_report = now;
  }

  restinio::request_handling_status_t on_request(restinio::request_handle_t req) {
    if (draining.load()) {
      Response r;
      r.status = 503;
      r.set_header("Content-Type", "application/json; charset=utf-8");
      r.set_header("Retry-After", "1");
      r.body =
          R"({"success":false,"error":{"code":"SERVICE_UNAVAILABLE","message":"Server is shutting down"}})";
      send(req, std::move(r), true);
      return restinio::request_accepted();
    }
    Request request;
    try {
      const auto& head = req->header();
      request.method = head.method().c_str();
      request.path = std::string(origin_path(head.path()));
      request.query = parse_query_string(head.query());
      head.for_each_field([&request](const restinio::http_header_field_t& field) {
        std::string name = field.name();
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers.emplace_back(std::move(name), field.value());
      });
      request.body = req->body();
      request.client_ip = req->remote_endpoint().address().to_string();
      // Memory-only answers (cached availability) skip the hop to a worker thread and back.
      if (auto fast = pipeline.try_fast(request)) {
        send(req, std::move(*fast), false);
        return restinio::request_accepted();
      }
    } catch (const std::exception& e) {
      spdlog::error("request adapter failure: {}", e.what());
      send_internal_error(req);
      return restinio::request_accepted();
    }
    ++in_flight;
    asio::post(workers, [this, req, request = std::move(request)]() mutable {
      try {
        send(req, pipeline.handle(request), false);
      } catch (const std::exception& e) {
        // The pipeline never throws; this guards the conversions around it.
        spdlog::error("request adapter failure: {}", e.what());
        send_internal_error(req);
      }
      --in_flight;
    });
    return restinio::request_accepted();
  }
};

HttpServer::HttpServer(ServerOptions options, const Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline)) {}

HttpServer::~HttpServer() { shutdown(std::chrono::seconds{5}); }

namespace {

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// SO_REUSEPORT would let a second process of the same user share a busy port silently; a plain
// bind first makes "address already in use" an error again.
void refuse_port_in_use(const std::string& host, std::uint16_t port) {
  if (port == 0) return;
  asio::io_context io;
  asio::ip::tcp::acceptor probe(io);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(host), port);
  probe.open(endpoint.protocol());
  probe.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  asio::error_code ec;
  probe.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  }
}

}  // namespace

void HttpServer::start() {
  auto& impl = *impl_;
  const std::size_t count = std::max<std::size_t>(1, impl.options.io_threads);
  if (count > 1) refuse_port_in_use(impl.options.host, impl.options.port);
  const MessageLimits limits{16 * 1024, 1024, 16 * 1024, 200,
                             std::max<std::uint64_t>(impl.options.max_body_bytes * 4, 16u << 20)};
  const std::size_t share = impl.options.max_connections == 0
                                ? std::numeric_limits<std::size_t>::max()
                                : std::max<std::size_t>(1, impl.options.max_connections / count);
  for (std::size_t i = 0; i < count; ++i) {
    auto listener =
        std::make_unique<HttpServer::Impl::Listener>(share, limits, impl.options.production);
    // The first listener may pick a free port (0); the others join it.
    const std::uint16_t port = i == 0 ? impl.options.port : impl.bound_port.load();
    auto settings =
        restinio::server_settings_t<Traits>{}
            .address(impl.options.host)
            .port(port)
            // Well above our own limit so we answer 413 ourselves; RESTinio reads a whole
            // body before any handler runs and just drops the socket past its own limit.
            // GuardedSocket's RequestScreen applies the same limits to answer what breaks them.
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                          .max_body_size(limits.max_body)
                                          .max_url_size(limits.max_url)
                                          .max_field_name_size(limits.max_field_name)
                                          .max_field_value_size(limits.max_field_value)
                                          .max_field_count(limits.max_field_count))
            .handle_request_timeout(impl.options.request_timeout)
            .read_next_http_message_timelimit(std::chrono::seconds{60})
            .write_http_response_timelimit(std::chrono::seconds{30})
            .acceptor_options_setter([count](restinio::acceptor_options_t& options) {
              options.set_option(asio::ip::tcp::acceptor::reuse_address(true));
              if (count > 1) options.set_option(ReusePort(true));
            })
            .acceptor_post_bind_hook([&impl, &l = *listener](asio::ip::tcp::acceptor& acceptor) {
              impl.bound_port = acceptor.local_endpoint().port();
              l.listen_fd = acceptor.native_handle();
            })
            .request_handler([&impl](restinio::request_handle_t req) {
              return impl.on_request(std::move(req));
            });
    auto& l = *listener;
    {
      const ListenerConnections::Scope scope(l.connections);
      constructing_watch = &l.accepts;
      l.server = std::make_unique<RestinioServer>(restinio::external_io_context(l.io),
                                                  std::move(settings));
      constructing_watch = nullptr;
    }
    std::promise<void> opened;
    auto opened_future = opened.get_future();
    l.server->open_async([&opened]() noexcept { opened.set_value(); },
                         [&opened](std::exception_ptr ex) noexcept { opened.set_exception(ex); });
    impl.watch(l);
    l.thread = std::thread([&l] {
      auto guard = asio::make_work_guard(l.io);
      l.io.run();
    });
    impl.listeners.push_back(std::move(listener));
    try {
      opened_future.get();
    } catch (const std::exception& e) {
      for (auto& started : impl.listeners) {
        started->io.stop();
        started->thread.join();
      }
      impl.listeners.clear();
      impl.stopped = true;
      throw std::runtime_error("cannot listen on " + impl.options.host + ":" +
                               std::to_string(port) + ": " + e.what());
    }
  }
}

std::uint16_t HttpServer::port() const { return impl_->bound_port.load(); }

void HttpServer::shutdown(std::chrono::seconds drain_timeout) {
  auto& impl = *impl_;
  if (impl.stopped) return;
  impl.stopped = true;
  impl.draining = true;
  const auto deadline = std::chrono::steady_clock::now() + drain_timeout;
  while (impl.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  if (impl.in_flight.load() > 0) {
    spdlog::warn("shutdown: {} requests still running after the drain timeout",
                 impl.in_flight.load());
  }
  for (auto& l : impl.listeners) {
    std::promise<void> closed;
    auto closed_future = closed.get_future();
    l->server->close_async([&closed]() noexcept { closed.set_value(); },
                           [&closed](std::exception_ptr) noexcept { closed.set_value(); });
    closed_future.wait_for(std::chrono::seconds{5});
  }
  // Let responses already handed to the io threads reach their sockets.
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  impl.workers.join();
  for (auto& l : impl.listeners) {
    l->io.stop();
    l->thread.join();
  }
  impl.listeners.clear();
}

}  // namespace janji::http
