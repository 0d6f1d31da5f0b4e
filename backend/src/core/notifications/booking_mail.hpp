#pragma once

#include <optional>
#include <string>

#include "core/auth/user.hpp"
#include "core/notifications/booking_invite.hpp"
#include "core/notifications/mail.hpp"
#include "core/notifications/outbox.hpp"
#include "core/notifications/payment_receipt.hpp"

namespace janji::notifications {

// What to do with a claimed outbox row: send `message` to `recipient_email`, or skip the row
// because it no longer applies (`skipped_because` says why, for the admin's list).
struct Composition {
  std::optional<MailMessage> message;
  std::string skipped_because;
};

// Port for the outbox worker: turns a claimed row into a message. An error of kind kInternal or
// kUnavailable is worth another attempt (the database blinked); any other is final.
class NotificationComposer {
 public:
  virtual ~NotificationComposer() = default;
  virtual common::Result<Composition> compose(const ClaimedNotification& notification) = 0;
};

struct BookingMailSettings {
  std::string app_name = "Janji";
  std::string frontend_url;       // links into the web app, no trailing slash
  std::string organizer_email;    // the invites' ORGANIZER (our sender address)
  std::string message_id_domain;  // right side of the Message-ID
};

// Everything a booking mail says, read at once: the booking with its parties and reschedule
// history, and the recipient (nullopt when their account is gone). Only the fields a mail
// uses are filled in the parties (names, e-mail, address, zone, service name).
struct BookingMailFacts {
  BookingLineage lineage;
  std::optional<auth::User> recipient;
};

// Port: one read per mail (the worker composes hundreds per second).
class BookingMailSource {
 public:
  virtual ~BookingMailSource() = default;
  // nullopt when the booking does not exist.
  virtual common::Result<std::optional<BookingMailFacts>> load_mail_facts(
      const std::string& booking_id, const std::string& recipient_id) = 0;
};

struct BookingMailDependencies {
  BookingMailSource& source;
  PaymentReceiptSource& receipts;
  const MailTemplates& templates;
  const common::Clock& clock;
};

// Booking e-mails: the template `<type>_<audience>` in the recipient's language, filled from the
// booking as it is now, with a calendar invite for the customer where the event changes their
// calendar (confirmed, rescheduled: REQUEST; rejected, cancelled: CANCEL). A payment receipt
// (issue 13) adds the paid payment to the booking's facts; it carries the REQUEST, since paying
// is what confirms such a booking and no booking_confirmed mail is written for it.
class BookingMailComposer final : public NotificationComposer {
 public:
  BookingMailComposer(BookingMailDependencies deps, BookingMailSettings settings);
  common::Result<Composition> compose(const ClaimedNotification& notification) override;

 private:
  BookingMailDependencies deps_;
  BookingMailSettings settings_;
};

// "notification-<id>@<domain>": one Message-ID per outbox row, whoever sends it and how often.
std::string notification_message_id(const std::string& notification_id, const std::string& domain);

}  // namespace janji::notifications
