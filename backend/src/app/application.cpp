#include "app/application.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>

#include "adapters/cache/account_standing_cache.hpp"
#include "adapters/cache/memory_rate_limiter.hpp"
#include "adapters/cache/memory_slot_cache.hpp"
#include "adapters/cache/near_slot_cache.hpp"
#include "adapters/cache/redis_client.hpp"
#include "adapters/cache/redis_invalidation_feed.hpp"
#include "adapters/cache/redis_rate_limiter.hpp"
#include "adapters/cache/redis_slot_cache.hpp"
#include "adapters/cache/redis_slot_lock.hpp"
#include "adapters/crypto/bcrypt_hasher.hpp"
#include "adapters/crypto/hs256_token_codec.hpp"
#include "adapters/crypto/sodium_crypto.hpp"
#include "adapters/db/database.hpp"
#include "adapters/db/sql_auth_token_repository.hpp"
#include "adapters/db/sql_availability_reader.hpp"
#include "adapters/db/sql_booking_repository.hpp"
#include "adapters/db/sql_calendar_feed_repository.hpp"
#include "adapters/db/sql_notification_log.hpp"
#include "adapters/db/sql_outbox.hpp"
#include "adapters/db/sql_payment_receipts.hpp"
#include "adapters/db/sql_payment_repository.hpp"
#include "adapters/db/sql_provider_repository.hpp"
#include "adapters/db/sql_schedule_repository.hpp"
#include "adapters/db/sql_user_repository.hpp"
#include "adapters/http/pipeline.hpp"
#include "adapters/http/router.hpp"
#include "adapters/http/routes/admin_notification_routes.hpp"
#include "adapters/http/routes/auth_routes.hpp"
#include "adapters/http/routes/availability_routes.hpp"
#include "adapters/http/routes/booking_routes.hpp"
#include "adapters/http/routes/calendar_feed_routes.hpp"
#include "adapters/http/routes/calendar_routes.hpp"
#include "adapters/http/routes/health_routes.hpp"
#include "adapters/http/routes/payment_routes.hpp"
#include "adapters/http/routes/provider_routes.hpp"
#include "adapters/http/routes/test_clock_routes.hpp"
#include "adapters/http/routes/user_routes.hpp"
#include "adapters/http/server.hpp"
#include "adapters/http/static_site.hpp"
#include "adapters/mail/mustache_mail_templates.hpp"
#include "adapters/payments/midtrans_client.hpp"
#include "adapters/payments/midtrans_json.hpp"
#include "adapters/payments/openssl_sha512.hpp"
#include "adapters/payments/simulator_gateway.hpp"
#include "app/background_queue.hpp"
#include "app/disabled_payments.hpp"
#include "app/disabled_slot_cache.hpp"
#include "app/disabled_slot_locks.hpp"
#include "app/logging.hpp"
#include "app/mail_drivers.hpp"
#include "app/open_files.hpp"
#include "app/outbox_runner.hpp"
#include "app/periodic_task.hpp"
#include "app/slot_cache_invalidator.hpp"

namespace janji::app {

namespace {

// Booking changes write outbox rows: the change that drops a provider's cached days also tells
// this process's delivery threads to look now.
class BookingChangeListener final : public providers::ChangeListener {
 public:
  BookingChangeListener(providers::ChangeListener& slots, std::function<void()> outbox_written)
      : slots_(slots), outbox_written_(std::move(outbox_written)) {}
  void provider_changed(const std::string& provider_id) override {
    slots_.provider_changed(provider_id);
    outbox_written_();
  }

 private:
  providers::ChangeListener& slots_;
  std::function<void()> outbox_written_;
};

// The domain of our sender address: the right side of every Message-ID we make.
std::string sender_domain(const std::string& from_email) {
  const auto at = from_email.rfind('@');
  const std::string domain = at == std::string::npos ? "" : from_email.substr(at + 1);
  return domain.empty() ? "janji.local" : domain;
}

// Unique per thread and process start: a claim names who holds a row.
std::string claimer_name(int index, const common::Crypto& crypto) {
  char host[64] = {0};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "janji") + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(index) + "-" + crypto.random_token().substr(0, 6);
}

db::DatabaseOptions database_options(const config::Config& c) {
  db::DatabaseOptions o;
  o.pool_size = static_cast<std::size_t>(c.database.pool_size);
  if (c.database.driver == config::DbDriver::kPostgres) {
    o.dialect = db::Dialect::kPostgres;
    o.pg_conninfo = c.postgres_connection_string();
  } else {
    o.dialect = db::Dialect::kSqlite;
    o.sqlite_path = c.database.sqlite_path.string();
  }
  return o;
}

std::string template_dir(const config::Config& c) {
  return c.mail.template_dir.empty() ? std::string(JANJI_TEMPLATE_DIR) + "/email"
                                     : c.mail.template_dir;
}

std::string web_dir(const config::Config& c) {
  return c.web_dir.empty() ? std::string(JANJI_WEB_DIR) : c.web_dir;
}

auth::AuthSettings auth_settings(const config::Config& c) {
  auth::AuthSettings s;
  s.access_ttl = c.jwt.access_token_expiry;
  s.refresh_ttl = c.jwt.refresh_token_expiry;
  const auto& rl = c.rate_limits;
  s.login_max_failures_per_account_ip = rl.login_max_failures_per_account_ip;
  s.login_max_failures_per_ip = rl.login_max_failures_per_ip;
  s.login_window = rl.login_failure_window;
  s.login_account_delay_after = rl.login_account_delay_after;
  s.login_account_window = rl.login_account_window;
  s.login_account_delay_base = rl.login_account_delay_base;
  s.login_account_delay_max = rl.login_account_delay_max;
  s.forgot_max_per_account = rl.forgot_password_max_per_account;
  s.forgot_max_per_ip = rl.forgot_password_max_per_ip;
  s.resend_verification_max_per_account = rl.resend_verification_max_per_account;
  s.resend_verification_max_per_ip = rl.resend_verification_max_per_ip;
  s.register_max_per_ip = rl.register_max_per_ip;
  s.register_window = rl.register_window;
  s.app_url = c.app_url;
  s.frontend_url = c.frontend_url;
  s.default_locale = c.mail.default_locale;
  return s;
}

}  // namespace

struct Application::Parts {
  explicit Parts(const config::Config& c)
      : config(c),
        clock(system_clock, std::chrono::seconds{c.clock_offset_seconds}),
        database(database_options(c)),
        users(database),
        refresh_tokens(database),
        one_time_tokens(database),
        hasher(c.bcrypt_cost),
        access_tokens(c.jwt.secret),
        mailer(make_mailer(c)),
        templates(template_dir(c), c.mail.default_locale),
        memory_limiter(system_clock),
        provider_repo(database),
        service_repo(database),
        schedule_repo(database),
        site(web_dir(c)) {
    if (c.redis.enabled) {
      redis_options.host = c.redis.host;
      redis_options.port = c.redis.port;
      redis_options.password = c.redis.password;
      redis_options.db = c.redis.db;
      redis_options.pool_size = static_cast<std::size_t>(c.worker_threads);
      redis = std::make_unique<cache::RedisClient>(redis_options);
      redis_limiter = std::make_unique<cache::RedisRateLimiter>(*redis);
    }
    auth::RateLimiter& limiter =
        redis_limiter ? static_cast<auth::RateLimiter&>(*redis_limiter) : memory_limiter;
    standings = make_standings(c);
    auth = std::make_unique<auth::AuthService>(
        auth::AuthDependencies{users, refresh_tokens, one_time_tokens, hasher, access_tokens,
                               limiter, *standings, background, *mailer, templates, crypto, clock,
                               event_log},
        auth_settings(c));

    slot_cache = make_slot_cache(c);
    invalidator = std::make_unique<SlotCacheInvalidator>(*slot_cache);
    catalog = std::make_unique<providers::CatalogService>(providers::CatalogDependencies{
        provider_repo, service_repo, users, *invalidator, crypto, clock});
    schedules = std::make_unique<availability::ScheduleService>(
        availability::ScheduleDependencies{*catalog, schedule_repo, *invalidator, crypto, clock});
    availability = std::make_unique<availability::AvailabilityService>(
        availability::AvailabilityDependencies{availability_reader, *slot_cache, clock});
    // The spec's booking lock only where several processes may race: with Redis.
    if (redis) {
      slot_locks = std::make_unique<cache::RedisSlotLocks>(*redis, crypto);
    } else {
      slot_locks = std::make_unique<DisabledSlotLocks>();
    }
    booking_changes = std::make_unique<BookingChangeListener>(*invalidator, [this] {
      if (outbox_runner) outbox_runner->wake();
    });
    bookings = std::make_unique<bookings::BookingService>(
        bookings::BookingDependencies{booking_repo, provider_repo, service_repo, users,
                                      *booking_changes, availability_reader, crypto, clock,
                                      *slot_locks},
        bookings::BookingSettings{
            c.cancellation_cutoff_hours,
            c.midtrans.driver == config::PaymentDriver::kDisabled
                ? std::nullopt
                : std::optional<std::chrono::seconds>(c.midtrans.payment_hold)});
    make_outbox_workers(c);
    make_payments(c);

    http::register_health_routes(router, [this] {
      std::map<std::string, bool> checks{{"database", database.ping()}};
      if (redis) checks["redis"] = redis->ping();
      return checks;
    });
    http::register_auth_routes(
        router, *auth, http::AuthRouteOptions{c.is_production(), c.jwt.refresh_token_expiry});
    http::register_provider_routes(router, *auth, *catalog, *schedules);
    http::register_availability_routes(router, *auth, *schedules, *availability);
    http::register_booking_routes(router, *auth, *bookings, payments.get());
    http::register_payment_routes(
        router, *auth, *payments,
        http::PaymentRouteOptions{
            std::chrono::duration_cast<std::chrono::milliseconds>(c.test_payment_answer_delay)});
    if (payment_simulator) {
      http::register_pay_page_routes(router, *payments, *payment_simulator,
                                     http::PayPageOptions{c.frontend_url});
    }
    http::register_calendar_routes(router, *auth, *bookings, clock,
                                   http::CalendarRouteOptions{c.mail.from_email});
    http::register_user_routes(router, *auth, *catalog);
    notification_centre = std::make_unique<notifications::NotificationCentre>(
        notifications::NotificationCentreDependencies{notification_log, clock});
    http::register_admin_notification_routes(router, *auth, *notification_centre);
    calendar_feeds = std::make_unique<providers::CalendarFeedService>(
        providers::CalendarFeedDependencies{*catalog, provider_repo, calendar_feed_repo, crypto,
                                            clock},
        providers::CalendarFeedSettings{c.app_url, c.mail.from_email});
    http::register_calendar_feed_routes(router, *auth, *calendar_feeds);
    if (c.test_clock_api) {
      http::register_test_clock_routes(router, clock, [](std::chrono::seconds offset) {
        spdlog::warn("TEST CLOCK MOVED: the server's clock is now shifted by {} s (TEST_CLOCK_API)",
                     offset.count());
      });
    }
    pipeline = std::make_unique<http::Pipeline>(
        router, http::PipelineOptions{
                    c.allowed_origins, c.max_body_bytes, c.is_production(), c.trust_proxy,
                    [this](const http::Request& request) { return site.serve(request); }});
    http::ServerOptions server_options;
    server_options.host = c.host;
    server_options.port = c.port;
    server_options.worker_threads = static_cast<std::size_t>(c.worker_threads);
    server_options.io_threads = static_cast<std::size_t>(c.io_threads);
    server_options.max_body_bytes = c.max_body_bytes;
    server_options.request_timeout = c.request_timeout;
    server_options.max_connections = connection_cap(c, open_files_limit().soft);
    server_options.production = c.is_production();
    server = std::make_unique<http::HttpServer>(server_options, *pipeline);
  }

  void make_outbox_workers(const config::Config& c) {
    booking_mail = std::make_unique<notifications::BookingMailComposer>(
        notifications::BookingMailDependencies{booking_repo, payment_receipts, templates, clock},
        notifications::BookingMailSettings{"Janji", c.frontend_url, c.mail.from_email,
                                           sender_domain(c.mail.from_email)});
    const auto& n = c.notifications;
    notifications::OutboxSettings settings;
    settings.batch_size = n.batch_size;
    settings.max_attempts = n.max_attempts;
    settings.lease = n.lease;
    settings.first_retry = n.first_retry;
    settings.reminder_lead = n.reminder_lead;
    for (int i = 0; i < n.worker_threads; ++i) {
      outbox_workers.push_back(std::make_unique<notifications::OutboxWorker>(
          notifications::OutboxDependencies{outbox, *booking_mail, *mailer, clock, crypto,
                                            event_log},
          settings, claimer_name(i, crypto)));
    }
  }

  // PAYMENT_DRIVER: Midtrans, or the simulator (its pay page is served here, its notifications
  // signed with the key the callback checks).
  void make_payments(const config::Config& c) {
    const auto& m = c.midtrans;
    std::string server_key = m.server_key;
    if (m.driver == config::PaymentDriver::kMidtrans) {
      auto options = payments::midtrans_options(m.server_key, m.is_production);
      if (!m.snap_base_url.empty()) options.snap_base_url = m.snap_base_url;
      if (!m.api_base_url.empty()) options.api_base_url = m.api_base_url;
      gateway = std::make_unique<payments::MidtransClient>(options);
    } else if (m.driver == config::PaymentDriver::kDisabled) {
      gateway = std::make_unique<DisabledPayments>();
    } else {
      if (server_key.empty()) server_key = std::string(config::kSimulatorServerKey);
      gateway = std::make_unique<payments::SimulatorGateway>(payment_repo, crypto, c.app_url);
    }
    payments = std::make_unique<payments::PaymentService>(
        payments::PaymentDependencies{payment_repo, booking_repo, provider_repo, service_repo,
                                      users, *gateway, sha512, *booking_changes, crypto, clock,
                                      event_log},
        payments::PaymentSettings{server_key, c.frontend_url, m.verify_status});
    if (m.driver == config::PaymentDriver::kSimulator) {
      payment_simulator = std::make_unique<payments::PaymentSimulator>(
          payments::SimulatorDependencies{*payments, sha512, crypto, clock,
                                          [](const payments::MidtransNotification& n) {
                                            return payments::notification_json(n);
                                          }},
          server_key);
    }
  }

  // Account standings behind a per-instance cache; with Redis, changes are published to the
  // other instances over their own channel (a second subscriber of the same kind as the slot
  // cache's: the two caches come and go independently).
  std::unique_ptr<cache::AccountStandingCache> make_standings(const config::Config& c) {
    const auto access_ttl = c.jwt.access_token_expiry;
    auto load = [this, access_ttl](const std::string& user_id) {
      return users.find_standing(user_id, clock.now() - access_ttl);
    };
    std::function<bool(std::string_view)> publish;
    if (redis) {
      publish = [this](std::string_view user_id) {
        return cache::RedisInvalidationFeed::publish(*redis, kStandingChannel, user_id);
      };
    }
    auto cached = std::make_unique<cache::AccountStandingCache>(
        load, publish, system_clock, std::chrono::seconds{c.auth_standing_cache_ttl_seconds});
    if (redis) {
      standing_feed = start_feed(kStandingChannel, *cached);
    }
    return cached;
  }

  // A subscription to `channel` that keeps `copy` (a per-instance cache) honest: each message
  // drops the entries of the id it names, and a subscription that goes down or comes back
  // drops them all (messages may have been missed).
  template <typename Copy>
  std::unique_ptr<cache::RedisInvalidationFeed> start_feed(const char* channel, Copy& copy) {
    auto feed = std::make_unique<cache::RedisInvalidationFeed>(
        redis_options, channel,
        cache::RedisInvalidationFeed::Callbacks{
            [&copy](std::string_view id) { copy.invalidated_elsewhere(id); },
            [&copy](bool up) { copy.feed_state(up); }});
    feed->start();
    return feed;
  }

  // Redis (shared by every instance) when configured, with this instance's copy in front of it
  // unless SLOT_CACHE_NEAR is off; else in-process; TTL 0 turns it off.
  std::unique_ptr<availability::SlotCache> make_slot_cache(const config::Config& c) {
    const std::chrono::seconds ttl{c.slot_cache_ttl_seconds};
    if (ttl.count() == 0) return std::make_unique<DisabledSlotCache>();
    if (!redis) return std::make_unique<cache::MemorySlotCache>(system_clock, ttl);
    auto shared = std::make_unique<cache::RedisSlotCache>(*redis, ttl);
    if (!c.slot_cache_near) return shared;
    shared_slot_cache = std::move(shared);
    auto near = std::make_unique<cache::NearSlotCache>(
        *shared_slot_cache,
        [this](std::string_view provider_id) {
          return cache::RedisInvalidationFeed::publish(*redis, kInvalidationChannel, provider_id);
        },
        system_clock, ttl);
    invalidation_feed = start_feed(kInvalidationChannel, *near);
    return near;
  }

  static constexpr const char* kInvalidationChannel = "janji:slots:invalidated";
  static constexpr const char* kStandingChannel = "janji:auth:standing-changed";

  config::Config config;
  // Caches and rate limits measure real elapsed time; the services read `clock`, which the test
  // clock (CLOCK_OFFSET_SECONDS, PUT /api/v1/test/clock) may shift. Cached days are computed
  // before any rule that depends on now (the window is applied on every read), so a shift
  // never serves a stale day.
  common::SystemClock system_clock;
  common::OffsetClock clock;
  SpdlogEventLog event_log;
  crypto::SodiumCrypto crypto;
  db::Database database;
  db::SqlAvailabilityReader availability_reader{database};
  db::SqlBookingRepository booking_repo{database, availability_reader};
  db::SqlUserRepository users;
  db::SqlRefreshTokenRepository refresh_tokens;
  db::SqlOneTimeTokenRepository one_time_tokens;
  crypto::BcryptHasher hasher;
  crypto::Hs256TokenCodec access_tokens;
  std::unique_ptr<notifications::Mailer> mailer;  // MAIL_DRIVER
  mail::MustacheMailTemplates templates;
  cache::MemoryRateLimiter memory_limiter;
  std::unique_ptr<cache::RedisClient> redis;
  std::unique_ptr<cache::RedisRateLimiter> redis_limiter;
  BackgroundQueue background;  // stopped by Application before anything it uses goes
  std::unique_ptr<cache::AccountStandingCache> standings;
  // Declared after standings: stopped (destroyed) before the copy its callbacks feed.
  std::unique_ptr<cache::RedisInvalidationFeed> standing_feed;
  std::unique_ptr<auth::AuthService> auth;
  db::SqlProviderRepository provider_repo;
  db::SqlServiceRepository service_repo;
  db::SqlScheduleRepository schedule_repo;
  cache::RedisOptions redis_options;
  std::unique_ptr<availability::SlotCache> shared_slot_cache;  // behind slot_cache (near) only
  std::unique_ptr<availability::SlotCache> slot_cache;
  // Declared after slot_cache: stopped (destroyed) before the copy its callbacks feed.
  std::unique_ptr<cache::RedisInvalidationFeed> invalidation_feed;
  std::unique_ptr<SlotCacheInvalidator> invalidator;
  std::unique_ptr<providers::CatalogService> catalog;
  std::unique_ptr<availability::ScheduleService> schedules;
  std::unique_ptr<availability::AvailabilityService> availability;
  std::unique_ptr<bookings::SlotLocks> slot_locks;
  std::unique_ptr<BookingChangeListener> booking_changes;
  std::unique_ptr<bookings::BookingService> bookings;
  db::SqlOutbox outbox{database};
  db::SqlPaymentReceipts payment_receipts{database};
  std::unique_ptr<notifications::BookingMailComposer> booking_mail;
  // Built with the services; handed to outbox_runner when delivery starts.
  std::vector<std::unique_ptr<notifications::OutboxWorker>> outbox_workers;
  std::unique_ptr<OutboxRunner> outbox_runner;
  db::SqlNotificationLog notification_log{database};
  std::unique_ptr<notifications::NotificationCentre> notification_centre;
  db::SqlCalendarFeedRepository calendar_feed_repo{database};
  db::SqlPaymentRepository payment_repo{database};
  payments::OpenSslSha512 sha512;
  std::unique_ptr<payments::SnapGateway> gateway;  // PAYMENT_DRIVER
  std::unique_ptr<payments::PaymentService> payments;
  std::unique_ptr<payments::PaymentSimulator> payment_simulator;  // simulator driver only
  std::unique_ptr<PeriodicTask> hold_sweeper;
  std::unique_ptr<providers::CalendarFeedService> calendar_feeds;
  http::StaticSite site;
  http::Router router;
  std::unique_ptr<http::Pipeline> pipeline;
  std::unique_ptr<http::HttpServer> server;
};

Application::Application(const config::Config& config) {
  // Before opening it, so that a failure to open names it too.
  spdlog::info("database: {}", config.database_in_use());
  auto parts = std::make_unique<Parts>(config);
  const int applied = parts->database.migrate();
  spdlog::info("database ready ({}, {} migrations applied)",
               config::to_string(config.database.driver), applied);
  parts_ = std::move(parts);
}

Application::~Application() {
  if (!parts_) return;
  parts_->server->shutdown(std::chrono::seconds{5});
  if (parts_->outbox_runner) parts_->outbox_runner->stop();
  if (parts_->hold_sweeper) parts_->hold_sweeper->stop();
  parts_->background.stop();  // its tasks use the services and adapters below
}

void Application::start_notifications() {
  auto& p = *parts_;
  if (p.outbox_runner || p.outbox_workers.empty()) return;
  const auto& n = p.config.notifications;
  auto workers = std::move(p.outbox_workers);
  p.outbox_workers.clear();
  p.outbox_runner = std::make_unique<OutboxRunner>(
      std::move(workers),
      OutboxRunnerOptions{std::chrono::duration_cast<std::chrono::milliseconds>(n.poll_interval),
                          n.reminder_scan_interval},
      n.batch_size);
  p.outbox_runner->start();
  // Bookings whose payment hold ran out: any number of instances may sweep (the guarded
  // UPDATE cancels each booking once).
  p.hold_sweeper = std::make_unique<PeriodicTask>(
      "payment holds",
      std::chrono::duration_cast<std::chrono::milliseconds>(p.config.midtrans.hold_sweep_interval),
      [&p] {
        auto cancelled = p.payments->cancel_lapsed_holds();
        if (!cancelled) {
          spdlog::warn("payment holds: sweep failed: {}", cancelled.error().message);
        } else if (*cancelled > 0) {
          spdlog::info("payment holds: {} unpaid booking(s) cancelled", *cancelled);
        }
      });
  p.hold_sweeper->start();
}

notifications::OutboxWorker& Application::outbox_worker() {
  if (parts_->outbox_workers.empty()) {
    throw std::logic_error("outbox_worker(): delivery threads own the workers");
  }
  return *parts_->outbox_workers.front();
}

void Application::start() {
  const auto& c = parts_->config;
  const auto soft = open_files_limit().soft;
  const auto cap = connection_cap(c, soft);
  const auto reserve = descriptor_reserve(c);
  if (c.max_connections > 0 && soft < cap + reserve) {
    spdlog::warn(
        "MAX_CONNECTIONS={} leaves fewer than the {} descriptors the database, Redis and files "
        "need under the open files limit {}: accepting may fail under load",
        cap, reserve, soft);
  }
  spdlog::info("http: at most {} client connections ({}; open files limit {}, {} reserved)", cap,
               c.max_connections > 0 ? "MAX_CONNECTIONS" : "automatic", soft, reserve);
  if (!parts_->site.available()) {
    spdlog::warn(
        "web app: {} is not a directory, so / answers a \"not built\" page; build it "
        "with scripts/run.sh or set WEB_DIR",
        parts_->site.root().string());
  }
  parts_->server->start();
}

std::uint16_t Application::port() const { return parts_->server->port(); }

void Application::shutdown(std::chrono::seconds drain_timeout) {
  parts_->server->shutdown(drain_timeout);
  // After the server: requests in flight may still write rows, delivered by the next process.
  if (parts_->outbox_runner) parts_->outbox_runner->stop();
  if (parts_->hold_sweeper) parts_->hold_sweeper->stop();
  parts_->background.stop();
}

void Application::drain_background() { parts_->background.drain(); }

auth::AuthService& Application::auth() { return *parts_->auth; }

providers::CatalogService& Application::catalog() { return *parts_->catalog; }

availability::ScheduleService& Application::schedules() { return *parts_->schedules; }

availability::AvailabilityService& Application::availability() { return *parts_->availability; }

bookings::BookingService& Application::bookings() { return *parts_->bookings; }

payments::PaymentService& Application::payments() { return *parts_->payments; }

availability::SlotCache& Application::slot_cache() { return *parts_->slot_cache; }

db::Database& Application::database() { return parts_->database; }

const common::Crypto& Application::crypto() const { return parts_->crypto; }

}  // namespace janji::app
