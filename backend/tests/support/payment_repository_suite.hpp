// The fixture of the SQL payment repository tests (sql_payment_repository_test.cpp,
// sql_payment_holds_test.cpp): a provider that requires payment, a priced service and a
// customer of its own per test, on the run's database (SQLite, or PostgreSQL).
#pragma once

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "adapters/db/database.hpp"
#include "adapters/db/sql_availability_reader.hpp"
#include "adapters/db/sql_booking_repository.hpp"
#include "adapters/db/sql_payment_repository.hpp"
#include "adapters/db/sql_provider_repository.hpp"
#include "core/common/time_zone.hpp"
#include "core/payments/order_id.hpp"
#include "support/sql_repository_suite.hpp"
#include "support/test_app.hpp"

namespace janji::testing {

using availability::AvailabilityInputs;
using bookings::Booking;
using bookings::BookingStatus;
using bookings::NewBooking;
using bookings::NotificationRow;
using bookings::PaymentStatus;
using common::ErrorKind;
using common::Result;
using common::TimeRange;
using payments::AppliedNotification;
using payments::LapsedHold;
using payments::NotificationEffect;
using payments::Payment;
using payments::PaymentNotificationRecord;
using payments::PaymentState;

inline constexpr const char* kCreatedAt = "2026-01-02T03:04:05Z";
inline constexpr const char* kPaidAt = "2026-01-02T03:10:00Z";
inline constexpr const char* kDate = "2031-05-06";  // a Tuesday
// Holds in the tests run out long before any real clock's (other suites in this process use
// the real one), so the sweeper tests cancel only their own bookings.
inline constexpr const char* kLapsedDue = "2020-03-01T10:00:00Z";
inline constexpr const char* kSweepNow = "2020-03-01T12:00:00Z";
inline constexpr const char* kLaterDue = "2020-03-01T12:00:01Z";
inline constexpr const char* kFarDue = "2031-05-06T01:00:00Z";

inline common::Instant at(const char* iso) { return *common::parse_instant(iso); }

// The error code of a result, "ok" for a success (which a test expecting an error then shows).
template <typename T>
std::string code_of(const Result<T>& r) {
  return r ? std::string("ok") : r.error().code;
}

class SqlPaymentRepositoryTest : public SqlRepositorySuite {
 protected:
  void SetUp() override {
    name_ = "Klinik Sehat " + new_id().substr(0, 8);
    provider_user_id_ = make_user(auth::Role::kProvider, "payments", "Ibu Ratna");
    provider_id_ = make_provider(true);
    service_id_ = make_service(provider_id_, 150000);
    customer_id_ = make_user(auth::Role::kCustomer, "payments", "Budi Santoso");
  }

  std::string make_provider(bool requires_payment, const std::string& owner = "") {
    providers::Provider p;
    p.id = new_id();
    p.user_id = owner.empty() ? provider_user_id_ : owner;
    p.business_name = name_;
    p.business_type = "doctor";
    p.requires_payment = requires_payment;
    p.created_at = p.updated_at = kCreatedAt;
    auto created = providers_.create(p);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return p.id;
  }

  std::string make_service(const std::string& provider_id, long long price) {
    providers::Service s;
    s.id = new_id();
    s.provider_id = provider_id;
    s.name = "Konsultasi";
    s.duration = 15;
    s.price = price;
    s.created_at = s.updated_at = kCreatedAt;
    auto created = services_.create(s);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return s.id;
  }

  // A booking of `start` (minutes, Jakarta) on kDate, 15 minutes, stored as given.
  Booking make_booking(int start, std::optional<std::string> due = std::string(kFarDue),
                       BookingStatus status = BookingStatus::kPending,
                       PaymentStatus payment = PaymentStatus::kUnpaid,
                       std::optional<std::string> key = std::nullopt) {
    NewBooking nb;
    Booking& b = nb.booking;
    b.id = new_id();
    b.customer_id = customer_id_;
    b.provider_id = provider_id_;
    b.service_id = service_id_;
    b.date = kDate;
    b.range = TimeRange{start, start + 15};
    b.starts_at = common::zone_day(*common::parse_date(b.date), "Asia/Jakarta").resolve(start);
    b.ends_at = b.starts_at + std::chrono::minutes(15);
    b.status = status;
    b.payment_status = payment;
    if (due) b.payment_due_at = at(due->c_str());
    b.idempotency_key = std::move(key);
    b.created_at = b.updated_at = kCreatedAt;
    auto stored =
        bookings_.create(provider_id_, service_id_, kDate,
                         [nb](const AvailabilityInputs&) -> Result<NewBooking> { return nb; });
    EXPECT_TRUE(stored.has_value()) << (stored ? "" : stored.error().code);
    return stored ? stored->booking : b;
  }

  Payment attempt_of(const Booking& b, std::uint32_t attempt,
                     std::optional<std::string> key = std::nullopt) {
    Payment p;
    p.id = new_id();
    p.booking_id = b.id;
    p.attempt = attempt;
    p.order_id = payments::order_id_for(b.id, attempt);
    p.gross_amount = 150000;
    p.expires_at = at(kFarDue);
    p.idempotency_key = std::move(key);
    p.created_at = p.updated_at = kCreatedAt;
    return p;
  }

  PaymentNotificationRecord record_for(const std::string& order_id,
                                       const std::string& status = "settlement") {
    PaymentNotificationRecord r;
    r.id = new_id();
    r.order_id = order_id;
    r.transaction_status = status;
    r.raw_body = R"({"order_id":")" + order_id + R"(","transaction_status":")" + status + R"("})";
    r.signature_valid = true;
    r.source = "notification";
    r.received_at = kPaidAt;
    return r;
  }

  // What the service decides for a settlement: paid + confirmed + a receipt, forward only.
  payments::NotificationDecision settle() {
    return [this](const Payment& current, const Booking& booking) {
      NotificationEffect e;
      if (!payments::moves_forward(current.status, PaymentState::kPaid)) {
        e.outcome = "duplicate";
        return e;
      }
      Payment p = current;
      p.status = PaymentState::kPaid;
      p.transaction_id = "trx-1";
      p.payment_type = "bank_transfer";
      p.paid_at = kPaidAt;
      p.updated_at = kPaidAt;
      Booking b = booking;
      b.status = BookingStatus::kConfirmed;
      b.payment_status = PaymentStatus::kPaid;
      b.payment_id = current.id;
      b.updated_at = kPaidAt;
      e.payment = p;
      e.booking = b;
      e.outbox.push_back({new_id(), booking.customer_id, booking.id, "payment_receipt", kPaidAt,
                          "customer", "system", current.id});
      e.applied = true;
      e.outcome = "paid: booking confirmed";
      return e;
    };
  }

  long long count(const std::string& query, const std::string& id) {
    soci::session sql(database().pool());
    long long n = 0;
    sql << query, soci::into(n), soci::use(id);
    return n;
  }
  long long outbox_of(const std::string& booking_id) {
    return count("SELECT COUNT(*) FROM notifications WHERE booking_id = :id", booking_id);
  }
  long long records_of_order(const std::string& order_id) {
    return count("SELECT COUNT(*) FROM payment_notifications WHERE order_id = :id", order_id);
  }
  // One field of an outbox row's payload, read by the database's own JSON functions (so the
  // payload must be valid JSON).
  std::string payload_field(const std::string& notification_id, const std::string& field) {
    soci::session sql(database().pool());
    std::string value;
    soci::indicator ind = soci::i_null;
    const std::string expr = using_postgres() ? "CAST(payload AS json) ->> '" + field + "'"
                                              : "json_extract(payload, '$." + field + "')";
    sql << "SELECT " + expr + " FROM notifications WHERE id = :id", soci::into(value, ind),
        soci::use(notification_id);
    return ind == soci::i_ok ? value : "<null>";
  }

  Booking stored_booking(const std::string& id) {
    auto found = bookings_.find(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : Booking{};
  }
  Payment stored_payment(const std::string& id) {
    auto found = payments_.find(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : Payment{};
  }

  db::SqlProviderRepository providers_{database()};
  db::SqlServiceRepository services_{database()};
  db::SqlAvailabilityReader day_reader_{database()};
  db::SqlBookingRepository bookings_{database(), day_reader_};
  db::SqlPaymentRepository payments_{database()};
  std::string name_;  // this test's providers, for a list of them alone
  std::string provider_user_id_;
  std::string provider_id_;
  std::string service_id_;
  std::string customer_id_;
};

}  // namespace janji::testing
