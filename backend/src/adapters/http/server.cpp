// The only translation unit that includes RESTinio (DESIGN.md section 3): it costs ~20 s and
// ~0.6 GB to compile, so everything else talks to it through Request/Response.
#include "adapters/http/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <future>
#include <restinio/all.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

namespace janji::http {

namespace {

// Each listener is one io_context on one thread, so RESTinio needs no strands (measured: two
// threads sharing one io_context with strands answered 27k cached requests/s, one thread 37k).
using Traits = restinio::default_single_thread_traits_t;
using RestinioServer = restinio::http_server_t<Traits>;

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
    asio::io_context io;
    std::unique_ptr<RestinioServer> server;
    std::thread thread;
  };
  asio::thread_pool workers;
  std::vector<std::unique_ptr<Listener>> listeners;
  std::atomic<std::uint16_t> bound_port{0};
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
  bool stopped = false;

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
      request.path = std::string(head.path());
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
  for (std::size_t i = 0; i < count; ++i) {
    auto listener = std::make_unique<HttpServer::Impl::Listener>();
    // The first listener may pick a free port (0); the others join it.
    const std::uint16_t port = i == 0 ? impl.options.port : impl.bound_port.load();
    auto settings =
        restinio::server_settings_t<Traits>{}
            .address(impl.options.host)
            .port(port)
            // Well above our own limit so we answer 413 ourselves; RESTinio reads a whole
            // body before any handler runs and just drops the socket past its own limit.
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                          .max_body_size(std::max<std::size_t>(
                                              impl.options.max_body_bytes * 4, 16u << 20))
                                          .max_url_size(16 * 1024)
                                          .max_field_name_size(1024)
                                          .max_field_value_size(16 * 1024)
                                          .max_field_count(200))
            .handle_request_timeout(impl.options.request_timeout)
            .read_next_http_message_timelimit(std::chrono::seconds{60})
            .write_http_response_timelimit(std::chrono::seconds{30})
            .acceptor_options_setter([count](restinio::acceptor_options_t& options) {
              options.set_option(asio::ip::tcp::acceptor::reuse_address(true));
              if (count > 1) options.set_option(ReusePort(true));
            })
            .acceptor_post_bind_hook([&impl](asio::ip::tcp::acceptor& acceptor) {
              impl.bound_port = acceptor.local_endpoint().port();
            })
            .request_handler([&impl](restinio::request_handle_t req) {
              return impl.on_request(std::move(req));
            });
    auto& l = *listener;
    l.server =
        std::make_unique<RestinioServer>(restinio::external_io_context(l.io), std::move(settings));
    std::promise<void> opened;
    auto opened_future = opened.get_future();
    l.server->open_async([&opened]() noexcept { opened.set_value(); },
                         [&opened](std::exception_ptr ex) noexcept { opened.set_exception(ex); });
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
