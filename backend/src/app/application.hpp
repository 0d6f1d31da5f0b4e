#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "config/config.hpp"
#include "core/auth/auth_service.hpp"
#include "core/availability/availability_service.hpp"
#include "core/availability/schedule_service.hpp"
#include "core/availability/slot_cache.hpp"
#include "core/bookings/booking_service.hpp"
#include "core/common/crypto.hpp"
#include "core/notifications/outbox_worker.hpp"
#include "core/payments/payment_service.hpp"
#include "core/providers/catalog_service.hpp"

namespace janji::db {
class Database;
}

namespace janji::app {

// The composition root: builds every adapter from the Config, wires the core services and the
// HTTP routes. main.cpp and the integration tests both use it, so tests run the real thing.
class Application {
 public:
  // Opens the database and applies migrations; throws std::runtime_error with a readable
  // message on failure.
  explicit Application(const config::Config& config);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  void start();  // listen (config.port; 0 picks a free port)
  // Starts the background work: delivering the notifications outbox on OUTBOX_WORKERS threads
  // and the payment hold sweeper (serve, unless NOTIFICATION_WORKER=false; `janji worker`).
  // Stopped by shutdown() and the destructor.
  void start_notifications();
  // The first outbox worker, for tests that deliver step by step; only before
  // start_notifications() (the threads own the workers after).
  notifications::OutboxWorker& outbox_worker();
  std::uint16_t port() const;  // the bound port
  // Stops serving, then runs the queued background work (mail) and stops its thread.
  void shutdown(std::chrono::seconds drain_timeout);
  // Waits until the background work queued so far has run (tests: the mail is in the outbox).
  void drain_background();

  auth::AuthService& auth();
  providers::CatalogService& catalog();
  availability::ScheduleService& schedules();
  availability::AvailabilityService& availability();
  bookings::BookingService& bookings();
  payments::PaymentService& payments();
  availability::SlotCache& slot_cache();  // in-process, Redis, or disabled (SLOT_CACHE_TTL=0)
  db::Database& database();
  const common::Crypto& crypto() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace janji::app
