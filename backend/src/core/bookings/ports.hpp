#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/availability/ports.hpp"
#include "core/bookings/booking.hpp"
#include "core/common/result.hpp"

namespace janji::bookings {

using common::Result;
using common::Status;

// A row for the notifications outbox, written in the same transaction as the change.
// `audience` says which mail the recipient gets (the customer's or the provider's), `actor`
// who made the change (the cancellation mail names them).
struct NotificationRow {
  std::string id;
  std::string user_id;
  std::string booking_id;
  std::string type;  // booking_created, booking_confirmed, booking_rejected, ...
  std::string created_at;
  std::string audience;  // "customer" or "provider"
  std::string actor;     // "customer", "provider", "admin" or "system"
  // payment_receipt: the payment it is about (written into the payload as "payment_id").
  std::optional<std::string> payment_id;
};

// What a decision inserts: the booking and the outbox rows announcing it.
struct NewBooking {
  Booking booking;
  std::vector<NotificationRow> notifications;
};

// Called inside create()'s transaction with the day as that transaction sees it.
using BookingDecision =
    std::function<Result<NewBooking>(const availability::AvailabilityInputs& day)>;

struct BookingFilter {
  std::optional<std::string> customer_id;
  std::optional<std::string> provider_id;
  std::optional<BookingStatus> status;
  std::string start_date;  // YYYY-MM-DD inclusive, empty = unbounded
  std::string end_date;
  std::optional<common::Instant> ends_after;  // ends_at > this
  std::optional<common::Instant> ended_by;    // ends_at <= this
  bool soonest_first = false;                 // by start ascending (else latest first)
  long long page = 1;
  long long limit = 10;
};

// A booking as a list shows it: with the names a reader needs beside the ids, so a client
// makes no request per row to say who and what it is.
struct ListedBooking {
  Booking booking;
  std::string provider_name;  // the business name
  std::string service_name;
  std::string customer_name;
  std::string time_zone;        // the provider's IANA zone, in which the local date and times read
  long long service_price = 0;  // whole rupiah, the service's price now
};

struct BookingPage {
  std::vector<ListedBooking> items;  // booking_date DESC, start_time DESC, id
  long long total_items = 0;
};

// What create() did: inserted the booking, or found the one this customer stored first with
// the same Idempotency-Key (and inserted nothing). The service decides what a find means.
struct StoredBooking {
  Booking booking;
  bool inserted = true;
};

class BookingRepository {
 public:
  virtual ~BookingRepository() = default;

  // In ONE write transaction (BEGIN IMMEDIATE on SQLite): reads provider, service, the day's
  // active schedules, exceptions and active bookings of `date` on the transaction's own
  // connection, calls `decide` (which validates the slot and returns the rows to insert, or an
  // error that is returned as is), inserts the booking and its notifications, commits.
  // The database guard decides races: a unique-slot or overlap violation is Conflict
  // BOOKING_001 ("This time slot is no longer available"). A repeated (customer_id,
  // idempotency_key) reports the booking stored first (inserted = false) instead of inserting.
  virtual Result<StoredBooking> create(const std::string& provider_id,
                                       const std::string& service_id, const std::string& date,
                                       const BookingDecision& decide) = 0;

  virtual Result<std::optional<Booking>> find(const std::string& id) = 0;
  // The booking a customer made with this Idempotency-Key, if any.
  virtual Result<std::optional<Booking>> find_by_idempotency_key(const std::string& customer_id,
                                                                 const std::string& key) = 0;
  virtual Result<BookingPage> list(const BookingFilter& filter) = 0;

  // Compare-and-set on status: writes `next` only if the row still has `expected_status` and
  // next's payment_status (Conflict BOOKING_004 otherwise), plus the notifications, in one
  // transaction. The payment fields are not written: payments change them (issue 13).
  virtual Result<Booking> update(const Booking& next, BookingStatus expected_status,
                                 const std::vector<NotificationRow>& notifications) = 0;

  // POST /bookings/:id/reschedule, in ONE write transaction: re-reads the old booking (it must
  // still have `expected_status`, Conflict BOOKING_004 otherwise; BOOKING_002 when gone), reads
  // the provider, the old booking's service and `new_date`'s day on the transaction's own
  // connection with the old booking left out of the busy list (its own time counts as free),
  // calls `decide`, then UPDATEs the old booking to `close_old(old)` (linked to the new id) and
  // only then INSERTs the new one (linked back), so the overlap guard, which checks each
  // statement at once, never sees both; inserts the decision's notifications and commits.
  // Returns {new booking, old booking as stored}. An overlap violation is Conflict BOOKING_001.
  virtual Result<std::pair<Booking, Booking>> reschedule(
      const std::string& old_id, BookingStatus expected_status, const std::string& new_date,
      const BookingDecision& decide, const std::function<Booking(Booking old)>& close_old) = 0;
};

// The spec's booking lock key: one start time of one provider on one date.
struct SlotLockKey {
  std::string provider_id;
  std::string date;        // YYYY-MM-DD
  std::string start_time;  // HH:MM
};

struct SlotLockAttempt {
  enum class Outcome {
    kAcquired,     // this request holds the lock until release()
    kHeld,         // another request holds it
    kUnavailable,  // the lock store failed: carry on without a lock
  };
  Outcome outcome = Outcome::kUnavailable;
  std::string token;  // kAcquired: proof of ownership for release()
};

// Port: short-lived locks shared by every instance (Redis), taken by create() before its
// transaction so that requests for the same start fail fast without touching the database.
// Only an optimisation in front of the database guard (DESIGN.md section 5): overlapping
// bookings with different starts are not covered, and a lock that expires mid-request is
// harmless. Implementations never throw.
class SlotLocks {
 public:
  virtual ~SlotLocks() = default;
  virtual SlotLockAttempt try_acquire(const SlotLockKey& slot, std::chrono::milliseconds ttl) = 0;
  // Deletes the lock only while it still holds `token`, never one that expired and was taken
  // by another request meanwhile.
  virtual void release(const SlotLockKey& slot, const std::string& token) = 0;
};

}  // namespace janji::bookings
