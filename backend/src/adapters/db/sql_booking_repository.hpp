#pragma once

#include "adapters/db/database.hpp"
#include "adapters/db/native_statement.hpp"
#include "adapters/db/sql_availability_reader.hpp"
#include "core/bookings/ports.hpp"
#include "core/notifications/booking_mail.hpp"

namespace janji::db {

// The booking columns every booking read selects, in the order read_booking() reads them.
extern const char* const kBookingColumns;
inline constexpr int kBookingColumnCount = 22;
// kBookingColumns from a native row (columns 0 .. kBookingColumnCount - 1). Throws
// UnreadableValue for a row that is not what the schema promises.
bookings::Booking read_booking(const NativeRow& row);

// The outbox INSERT of bookings and payments: rows due at once, their payload written here
// (audience, actor, and payment_id when the row has one). Prepared once per pooled connection;
// runs inside the caller's transaction. Throws soci::soci_error (a malformed row included).
class OutboxRows {
 public:
  explicit OutboxRows(Database& db);
  void insert(PoolLease& lease, const std::vector<bookings::NotificationRow>& rows);

 private:
  NativeStatement insert_;
};

// Bookings on SOCI. Double booking is decided by the database (DESIGN.md section 5): the
// bookings_no_overlap EXCLUDE constraint on PostgreSQL, BEGIN IMMEDIATE plus the overlap
// triggers on SQLite. create() may call `decide` more than once: a transaction PostgreSQL
// aborts as a deadlock victim (concurrent overlapping inserts) is run again from the start.
// The hot path (create) runs on native prepared statements: the day in one query (the
// availability reader's), the INSERTs prepared once per connection.
// It also reads what a booking mail says, in one statement (notifications::BookingMailSource).
class SqlBookingRepository final : public bookings::BookingRepository,
                                   public notifications::BookingMailSource {
 public:
  // `day` reads the day inside the booking transactions (on their own connections); it is the
  // same reader availability uses, so each connection prepares that statement once.
  SqlBookingRepository(Database& db, SqlAvailabilityReader& day);
  ~SqlBookingRepository() override;
  SqlBookingRepository(const SqlBookingRepository&) = delete;
  SqlBookingRepository& operator=(const SqlBookingRepository&) = delete;

  common::Result<bookings::StoredBooking> create(const std::string& provider_id,
                                                 const std::string& service_id,
                                                 const std::string& date,
                                                 const bookings::BookingDecision& decide) override;
  common::Result<std::optional<bookings::Booking>> find(const std::string& id) override;
  common::Result<std::optional<bookings::Booking>> find_by_idempotency_key(
      const std::string& customer_id, const std::string& key) override;
  common::Result<bookings::BookingPage> list(const bookings::BookingFilter& filter) override;
  common::Result<bookings::Booking> update(
      const bookings::Booking& next, bookings::BookingStatus expected_status,
      const std::vector<bookings::NotificationRow>& notifications) override;
  common::Result<std::pair<bookings::Booking, bookings::Booking>> reschedule(
      const std::string& old_id, bookings::BookingStatus expected_status,
      const std::string& new_date, const bookings::BookingDecision& decide,
      const std::function<bookings::Booking(bookings::Booking old)>& close_old) override;

  common::Result<std::optional<notifications::BookingMailFacts>> load_mail_facts(
      const std::string& booking_id, const std::string& recipient_id) override;

 private:
  common::Result<bookings::StoredBooking> create_once(PoolLease& lease,
                                                      const std::string& provider_id,
                                                      const std::string& service_id,
                                                      const std::string& date,
                                                      const bookings::BookingDecision& decide);
  common::Result<std::pair<bookings::Booking, bookings::Booking>> reschedule_once(
      PoolLease& lease, const std::string& old_id, bookings::BookingStatus expected_status,
      const std::string& new_date, const bookings::BookingDecision& decide,
      const std::function<bookings::Booking(bookings::Booking old)>& close_old);
  void insert_booking(PoolLease& lease, const bookings::Booking& b);

  Database& db_;
  SqlAvailabilityReader& day_;  // the day on the write transaction's own connection
  NativeStatement insert_booking_;
  OutboxRows outbox_;
  NativeStatement mail_facts_;
};

}  // namespace janji::db
