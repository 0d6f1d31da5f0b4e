#pragma once

#include <optional>
#include <string>

#include "core/auth/ports.hpp"
#include "core/bookings/booking_service.hpp"
#include "core/notifications/mail.hpp"
#include "core/notifications/outbox.hpp"

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

struct BookingMailDependencies {
  bookings::BookingService& bookings;
  auth::UserRepository& users;
  const MailTemplates& templates;
  const common::Clock& clock;
};

// Booking e-mails: the template `<type>_<audience>` in the recipient's language, filled from the
// booking as it is now, with a calendar invite for the customer where the event changes their
// calendar (confirmed, rescheduled: REQUEST; rejected, cancelled: CANCEL).
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
