#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "adapters/db/database.hpp"
#include "adapters/db/native_statement.hpp"
#include "adapters/db/sql_booking_repository.hpp"
#include "core/payments/ports.hpp"

namespace janji::db {

// Payments on either dialect (issue 13), on native prepared statements. The booking a payment
// belongs to is changed only in the payment's own write transaction, with both rows locked
// (PostgreSQL: SELECT ... FOR UPDATE, payment first, then booking; SQLite: BEGIN IMMEDIATE), so
// that concurrent notifications for one order apply one after the other. The hold sweeper
// claims bookings with FOR UPDATE SKIP LOCKED on PostgreSQL, so any number of instances may run
// it; each booking is cancelled once.
//
// Thread-safe as the pool is. Destroy it before the Database.
class SqlPaymentRepository final : public payments::PaymentRepository {
 public:
  explicit SqlPaymentRepository(Database& db);
  ~SqlPaymentRepository() override;
  SqlPaymentRepository(const SqlPaymentRepository&) = delete;
  SqlPaymentRepository& operator=(const SqlPaymentRepository&) = delete;

  common::Result<std::optional<payments::Payment>> find(const std::string& id) override;
  common::Result<std::optional<payments::Payment>> find_by_order_id(
      const std::string& order_id) override;
  common::Result<std::vector<payments::Payment>> list_for_booking(
      const std::string& booking_id) override;
  common::Result<std::vector<payments::PaymentNotificationRecord>> notifications_of(
      const std::string& payment_id) override;

  common::Result<payments::Payment> insert_attempt(const payments::Payment& payment) override;
  common::Result<payments::Payment> record_snap(const std::string& payment_id,
                                                const std::string& token,
                                                const std::string& redirect_url,
                                                const std::string& updated_at) override;
  common::Status fail_attempt(const std::string& payment_id, const std::string& reason,
                              const std::string& updated_at) override;

  common::Result<payments::AppliedNotification> apply_notification(
      const std::string& order_id, payments::PaymentNotificationRecord record,
      const payments::NotificationDecision& decide) override;

  common::Result<std::vector<payments::LapsedHold>> cancel_lapsed_holds(
      common::Instant now, int limit, const payments::HoldCancellation& how,
      const std::function<std::vector<bookings::NotificationRow>(const payments::LapsedHold&)>&
          announce) override;

 private:
  common::Result<std::optional<payments::Payment>> find_one(NativeStatement& statement,
                                                            const std::string& key);
  common::Result<payments::AppliedNotification> apply_once(
      PoolLease& lease, const std::string& order_id, payments::PaymentNotificationRecord record,
      const payments::NotificationDecision& decide);
  void insert_record(PoolLease& lease, const payments::PaymentNotificationRecord& record);

  Database& db_;
  NativeStatement find_by_id_;
  NativeStatement find_by_order_;
  NativeStatement lock_by_order_;  // FOR UPDATE on PostgreSQL
  NativeStatement list_for_booking_;
  NativeStatement notifications_of_;
  NativeStatement lock_booking_;  // FOR UPDATE on PostgreSQL
  NativeStatement insert_attempt_;
  NativeStatement record_snap_;
  NativeStatement fail_attempt_;
  NativeStatement write_payment_;
  NativeStatement write_booking_;
  NativeStatement insert_record_;
  NativeStatement sweep_;
  OutboxRows outbox_;
};

}  // namespace janji::db
