#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/ports.hpp"
#include "core/auth/user.hpp"
#include "core/availability/availability_service.hpp"
#include "core/availability/ports.hpp"
#include "core/bookings/booking.hpp"
#include "core/bookings/ports.hpp"
#include "core/bookings/slot_check.hpp"
#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/providers/ports.hpp"

namespace janji::bookings {

struct BookingSettings {
  int cancellation_cutoff_hours = 24;
  // PAYMENT_HOLD: how long a booking that needs payment holds its slot unpaid; nullopt when
  // payments are off (PAYMENT_DRIVER=disabled): no booking waits for one.
  std::optional<std::chrono::seconds> payment_hold{std::chrono::minutes{15}};
};

// Limits the edge checks before a command reaches the service (the service trusts them).
inline constexpr std::size_t kMaxNotesLength = 2000;  // characters, notes and reasons
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
inline constexpr long long kMaxListLimit = 100;

// POST /bookings, parsed: checked UUIDs, the start as a local time or an instant.
struct CreateBookingCommand {
  std::string provider_id;
  std::string service_id;
  RequestedStart start;
  std::optional<std::string> customer_notes;
  std::optional<std::string> idempotency_key;  // a retry with the same key replays
};

// POST /bookings/:id/reschedule, parsed.
struct RescheduleCommand {
  RequestedStart start;
  std::optional<std::string> reason;
};

// Whose bookings GET /bookings lists: the role's default (a customer's own, a provider's
// provider's, an admin's all), the ones the caller made as a customer (any role), or the
// caller's provider's (providers only).
enum class ListedAs { kRoleDefault, kCustomer, kProvider };

// GET /bookings, parsed. provider_id and customer_id are honoured for admins only.
// Upcoming: not over yet (ends after now), soonest first; past: over, most recent first. By
// instant, so a booking earlier today is past as soon as it ends, in any zone.
enum class BookingTiming { kAny, kUpcoming, kPast };

struct BookingListQuery {
  ListedAs as = ListedAs::kRoleDefault;
  BookingTiming timing = BookingTiming::kAny;
  std::optional<BookingStatus> status;
  std::optional<common::Date> start_date;
  std::optional<common::Date> end_date;
  long long page = 1;
  long long limit = 10;  // 1..kMaxListLimit
  std::optional<std::string> provider_id;
  std::optional<std::string> customer_id;
};

// GET /bookings/:id: the booking with the parties around it.
struct BookingView {
  Booking booking;
  auth::User customer;
  providers::Provider provider;
  providers::Service service;
};

struct BookingDependencies {
  BookingRepository& bookings;
  providers::ProviderRepository& providers;
  providers::ServiceRepository& services;
  auth::UserRepository& users;
  providers::ChangeListener& changes;              // slot cache invalidation after every commit
  availability::AvailabilityReader& availability;  // reschedule options
  const common::Crypto& crypto;
  const common::Clock& clock;
  SlotLocks& locks;  // the spec's booking lock (Redis), or none in a single process
};

// POST /bookings/:id/reschedule: the new booking and the old one it replaced.
struct RescheduleResult {
  Booking booking;
  Booking previous;
};

inline constexpr int kRescheduleOptionDays = 14;
// How long the booking lock of a start lives unless create() releases it first (it always does
// when it returns). It only decides how long a crashed process's locks refuse their starts, so
// it is short: the spec's 10 s refused free slots for 10 s after a kill -9. A holder deciding
// longer (p99 of a booking is 20-60 ms here, bench/README.md) just lets rivals through to the
// database guard, which decides either way; the lock only spares it the same-start rivals.
inline constexpr std::chrono::milliseconds kSlotLockTtl{1500};

// SPEC "Bookings" with "Booking Creation with Conflict Prevention": the slot is re-checked
// inside the write transaction by the same rules as the availability answer, and the database
// guard settles races (DESIGN.md section 5).
class BookingService {
 public:
  BookingService(BookingDependencies deps, BookingSettings settings)
      : deps_(deps), settings_(settings) {}

  // Any signed-in user books as a customer. 201 pending/unpaid; 409 BOOKING_001 when taken
  // (at once, without the database, while another request holds the lock of the same start);
  // 422 BOOKING_006/007/008 outside hours (or a local time that does not exist), too soon, too
  // far; the same idempotency key and request from the same user returns the first booking
  // (`replayed` set), another request with that key is 422 BOOKING_009.
  Result<Booking> create(const auth::Principal& who, const CreateBookingCommand& command,
                         bool* replayed = nullptr);
  // The customer, the provider's owner or an admin; anyone else gets 404 BOOKING_002.
  Result<BookingView> get(const auth::Principal& who, const std::string& id);
  // DELETE /bookings/:id: the status machine's cancel (BOOKING_003 after the cutoff).
  Result<Booking> cancel(const auth::Principal& who, const std::string& id,
                         const std::optional<std::string>& reason);
  // POST /bookings/:id/{confirm,reject,complete,no-show} (and cancel): one path through the
  // status machine, judged in elapsed time, with the outbox rows for both parties.
  // reject and cancel store `reason` as the cancellation reason.
  Result<Booking> transition(const auth::Principal& who, const std::string& id,
                             BookingAction action, const std::optional<std::string>& reason);
  // PUT /bookings/:id: the customer sets customer_notes, the provider's owner or an admin
  // admin_notes; the other field is 403 AUTH_003.
  Result<Booking> update_notes(const auth::Principal& who, const std::string& id,
                               const std::optional<std::string>& customer_notes,
                               const std::optional<std::string>& admin_notes);
  // POST /bookings/:id/reschedule: cancels a pending or confirmed booking (else 409
  // BOOKING_004) and books the same service for the same customer at the new start (pending,
  // with the customer's notes), linked both ways, in one transaction. A customer may
  // reschedule what they may cancel (BOOKING_003 after the cutoff). The booking's own time
  // counts as free; the slot rules are those of create (BOOKING_001/006/007/008).
  Result<RescheduleResult> reschedule(const auth::Principal& who, const std::string& id,
                                      const RescheduleCommand& command);
  // GET /bookings/:id/reschedule-options: the next 14 days (today in the provider's zone
  // onwards) of starts for `service_id` (a checked UUID; nullopt: the booking's service),
  // counting the booking's own time as free.
  Result<availability::Availability> reschedule_options(
      const auth::Principal& who, const std::string& id,
      const std::optional<std::string>& service_id);
  // GET /bookings: a customer sees their own, a provider their provider's, an admin all; as
  // kCustomer anyone sees the bookings they made; kProvider by a non-provider is 403 AUTH_003.
  Result<BookingPage> list(const auth::Principal& who, const BookingListQuery& query);

 private:
  // Every booking this service returns passes through here: admin_notes are the provider's
  // internal notes, for the provider's owner and admins only, never shown to the customer.
  static Booking shown_to(Actor actor, Booking booking);
  Result<std::pair<Booking, Actor>> visible_booking(const auth::Principal& who,
                                                    const std::string& id);
  // The booking's provider (nullopt if deleted) and the clock next_status() judges by: now and
  // the booking's starts_at.
  struct TransitionContext {
    std::optional<providers::Provider> provider;
    TransitionClock clock;
  };
  Result<TransitionContext> transition_context(const Booking& current) const;
  // The provider-local date a start is on: as asked, or as the provider's zone reads an instant.
  Result<common::Date> booking_date(const std::string& provider_id,
                                    const RequestedStart& start) const;
  BookingDependencies deps_;
  BookingSettings settings_;
};

}  // namespace janji::bookings
