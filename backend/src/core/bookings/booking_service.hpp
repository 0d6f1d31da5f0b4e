#pragma once

#include <optional>
#include <string>

#include "core/auth/ports.hpp"
#include "core/auth/user.hpp"
#include "core/bookings/booking.hpp"
#include "core/bookings/ports.hpp"
#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/providers/ports.hpp"

namespace janji::bookings {

struct BookingSettings {
  int cancellation_cutoff_hours = 24;
};

struct CreateBookingInput {
  std::string provider_id;
  std::string service_id;
  std::string booking_date;  // YYYY-MM-DD
  std::string start_time;    // HH:MM
  std::optional<std::string> customer_notes;
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header
};

// GET /bookings: the filters as given. provider_id and customer_id are honoured for admins only.
struct BookingListQuery {
  std::string status;      // "" or one of pending, confirmed, cancelled, completed, no_show
  std::string start_date;  // "" or YYYY-MM-DD
  std::string end_date;
  long long page = 1;
  long long limit = 10;
  std::string provider_id;
  std::string customer_id;
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
  providers::ChangeListener& changes;  // slot cache invalidation after every commit
  const common::Crypto& crypto;
  const common::Clock& clock;
};

// SPEC "Bookings" with "Booking Creation with Conflict Prevention": the slot is re-checked
// inside the write transaction by the same rules as the availability answer, and the database
// guard settles races (DESIGN.md section 5).
class BookingService {
 public:
  BookingService(BookingDependencies deps, BookingSettings settings)
      : deps_(deps), settings_(settings) {}

  // Any signed-in user books as a customer. 201 pending/unpaid; 409 BOOKING_001 when taken;
  // 422 BOOKING_006/007/008 outside hours, too soon, too far; the same Idempotency-Key and
  // body from the same user returns the first booking (`replayed` set), another body with
  // that key is 422 BOOKING_009.
  Result<Booking> create(const auth::Principal& who, const CreateBookingInput& input,
                         bool* replayed = nullptr);
  // The customer, the provider's owner or an admin; anyone else gets 404 BOOKING_002.
  Result<BookingView> get(const auth::Principal& who, const std::string& id);
  // DELETE /bookings/:id: the status machine's cancel (BOOKING_003 after the cutoff).
  Result<Booking> cancel(const auth::Principal& who, const std::string& id,
                         const std::optional<std::string>& reason);
  // POST /bookings/:id/{confirm,reject,complete,no-show} (and cancel): one path through the
  // status machine, in the provider's wall-clock time, with the outbox rows for both parties.
  // reject and cancel store `reason` as the cancellation reason.
  Result<Booking> transition(const auth::Principal& who, const std::string& id,
                             BookingAction action, const std::optional<std::string>& reason);
  // PUT /bookings/:id: the customer sets customer_notes, the provider's owner or an admin
  // admin_notes; the other field is 403 AUTH_003. Each at most 2000 characters.
  Result<Booking> update_notes(const auth::Principal& who, const std::string& id,
                               const std::optional<std::string>& customer_notes,
                               const std::optional<std::string>& admin_notes);
  // GET /bookings: a customer sees their own, a provider their provider's, an admin all.
  Result<BookingPage> list(const auth::Principal& who, const BookingListQuery& query);

 private:
  Result<std::pair<Booking, Actor>> visible_booking(const auth::Principal& who,
                                                    const std::string& id);
  BookingDependencies deps_;
  BookingSettings settings_;
};

}  // namespace janji::bookings
