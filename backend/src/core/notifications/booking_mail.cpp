#include "core/notifications/booking_mail.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string_view>
#include <utility>

#include "core/common/wall_time.hpp"
#include "core/notifications/booking_invite.hpp"
#include "core/notifications/local_time_text.hpp"

namespace janji::notifications {

namespace {

using bookings::BookingStatus;
using common::Error;
using common::fail;

Composition skip(std::string why) { return Composition{std::nullopt, std::move(why)}; }

// The mails that exist, as `<type>_<audience>`; anything else written to the outbox (older
// event types) is skipped, not failed.
constexpr std::array<std::string_view, 11> kBookingMails = {
    "booking_created_customer",     "booking_created_provider",     "booking_confirmed_customer",
    "booking_rejected_customer",    "booking_cancelled_customer",   "booking_cancelled_provider",
    "booking_rescheduled_customer", "booking_rescheduled_provider", "booking_reminder_customer",
    "booking_completed_customer",   "payment_receipt_customer"};

// Events about an appointment yet to come: pointless once it is over.
bool about_the_future(std::string_view type) {
  return type == "booking_created" || type == "booking_confirmed" ||
         type == "booking_rescheduled" || type == "booking_reminder";
}

std::optional<InviteMethod> invite_for(std::string_view type) {
  // A paid booking is confirmed by its payment: the receipt is its confirmation.
  if (type == "booking_confirmed" || type == "booking_rescheduled" || type == "payment_receipt") {
    return InviteMethod::kRequest;
  }
  if (type == "booking_rejected" || type == "booking_cancelled") return InviteMethod::kCancel;
  return std::nullopt;
}

std::string booking_ref(const std::string& id) {
  std::string ref = id.substr(0, 8);
  std::transform(ref.begin(), ref.end(), ref.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return ref;
}

// The local date of a booking in `locale`; a stored date always parses, the fallback only
// keeps a damaged row readable.
std::string local_long_date(const std::string& stored, const std::string& locale) {
  const auto date = common::parse_date(stored);
  return date ? long_date(*date, locale) : stored;
}

std::string local_short_date(const std::string& stored, const std::string& locale) {
  const auto date = common::parse_date(stored);
  return date ? short_date(*date, locale) : stored;
}

// The paid payment a receipt is about, or why the receipt no longer applies.
struct ReceiptCheck {
  std::optional<PaymentReceipt> receipt;
  std::string skipped_because;
};

common::Result<ReceiptCheck> paid_receipt(PaymentReceiptSource& source,
                                          const ClaimedNotification& n,
                                          const bookings::Booking& b) {
  const auto no = [](std::string why) { return ReceiptCheck{std::nullopt, std::move(why)}; };
  if (!n.payment_id) return no("the receipt names no payment");
  auto loaded = source.load_receipt(*n.payment_id);
  if (!loaded) return fail(loaded.error());
  if (!*loaded) return no("the payment no longer exists");
  if ((*loaded)->booking_id != b.id) return no("the payment is for another booking");
  if (!payments::is_paid((*loaded)->status)) {
    return no("the payment is not paid (" + std::string(payments::to_string((*loaded)->status)) +
              ")");
  }
  // The receipt says the booking is confirmed (and invites): not after a cancellation.
  if (b.status != BookingStatus::kConfirmed && b.status != BookingStatus::kCompleted) {
    return no("the booking is no longer confirmed");
  }
  return ReceiptCheck{std::move(*loaded), {}};
}

}  // namespace

std::string notification_message_id(const std::string& notification_id, const std::string& domain) {
  return "notification-" + notification_id + "@" + domain;
}

BookingMailComposer::BookingMailComposer(BookingMailDependencies deps, BookingMailSettings settings)
    : deps_(deps), settings_(std::move(settings)) {}

common::Result<Composition> BookingMailComposer::compose(const ClaimedNotification& n) {
  if (!n.booking_id) return skip("the booking no longer exists");
  auto facts = deps_.source.load_mail_facts(*n.booking_id, n.user_id);
  if (!facts) return fail(facts.error());
  if (!*facts) return skip("the booking no longer exists");
  if (!(*facts)->recipient) return skip("the recipient's account no longer exists");
  const auth::User& recipient = *(*facts)->recipient;
  if (!recipient.is_active) return skip("the recipient's account is deactivated");
  const BookingLineage& lineage = (*facts)->lineage;
  const bookings::Booking& b = lineage.view.booking;
  const auto now = deps_.clock.now();

  if (about_the_future(n.type) && b.ends_at <= now) return skip("the appointment is over");
  if (n.type == "booking_reminder") {
    if (b.status != BookingStatus::kConfirmed) return skip("the booking is no longer confirmed");
    if (b.starts_at <= now) return skip("the appointment has started");
  }

  const std::string audience =
      !n.audience.empty() ? n.audience : (recipient.id == b.customer_id ? "customer" : "provider");
  const std::string name = n.type + "_" + audience;
  if (std::find(kBookingMails.begin(), kBookingMails.end(), name) == kBookingMails.end()) {
    return skip("no e-mail is sent for " + name);
  }

  std::optional<PaymentReceipt> receipt;
  if (n.type == "payment_receipt") {
    auto check = paid_receipt(deps_.receipts, n, b);
    if (!check) return fail(check.error());
    if (!check->receipt) return skip(std::move(check->skipped_because));
    receipt = std::move(check->receipt);
  }

  const auto& v = lineage.view;
  const std::string& locale = recipient.locale;
  // The system cancels unpaid bookings when their payment hold runs out: the template says so
  // in the recipient's language, so the stored reason (English) is not repeated.
  const bool by_system = n.type == "booking_cancelled" && n.actor == "system";
  const bool unpaid_hold = by_system && b.payment_status == bookings::PaymentStatus::kUnpaid;
  std::map<std::string, std::string> vars{
      {"app_name", settings_.app_name},
      {"recipient_name", recipient.full_name},
      {"customer_name", v.customer.full_name},
      {"customer_email", v.customer.email},
      {"provider_name", v.provider.business_name},
      {"provider_address", v.provider.address.value_or("")},
      {"service_name", v.service.name},
      {"date", local_long_date(b.date, locale)},
      {"short_date", local_short_date(b.date, locale)},
      {"start_time", clock_time(b.range.start)},
      {"end_time", clock_time(b.range.end)},
      {"time_zone", zone_label(v.provider.timezone, b.starts_at)},
      {"booking_url", audience == "customer" ? settings_.frontend_url + "/bookings/" + b.id
                                             : settings_.frontend_url + "/business/bookings"},
      {"booking_ref", booking_ref(b.id)},
      {"reason", unpaid_hold ? "" : b.cancellation_reason.value_or("")},
      {"customer_notes", b.customer_notes.value_or("")},
      {"cancelled_by_customer", n.actor == "customer" ? "1" : ""},
      {"cancelled_by_provider", n.actor == "provider" ? "1" : ""},
      {"cancelled_by_admin", n.actor == "admin" ? "1" : ""},
      {"cancelled_by_you", n.actor == "customer" ? "1" : ""},
      {"cancelled_unpaid", unpaid_hold ? "1" : ""},
      {"cancelled_by_system", by_system && !unpaid_hold ? "1" : ""},
  };
  if (receipt) {
    vars["amount"] = money_text(receipt->gross_amount, receipt->currency);
    vars["payment_method"] =
        receipt->payment_type ? payment_method_text(*receipt->payment_type, locale) : "";
    // No paid_at on a paid payment is broken data: the empty check below refuses the mail.
    vars["paid_at"] =
        receipt->paid_at ? local_instant_text(*receipt->paid_at, v.provider.timezone, locale) : "";
    vars["order_id"] = receipt->order_id;
    vars["transaction_id"] = receipt->transaction_id.value_or("");
  }
  if (lineage.moved_from) {
    vars["old_date"] = local_long_date(lineage.moved_from->date, locale);
    vars["old_start_time"] = clock_time(lineage.moved_from->range.start);
    vars["old_end_time"] = clock_time(lineage.moved_from->range.end);
  } else if (n.type == "booking_rescheduled") {
    return fail(Error::precondition("NOTIFICATION_001",
                                    "a rescheduled booking without the booking it came from"));
  }

  // A mail that would print an empty value ("Hi ,") is not sent: final, the data is wrong.
  auto empty = deps_.templates.referenced_empty_variables(name, locale, vars);
  if (!empty) return fail(empty.error());
  if (!empty->empty()) {
    std::string names;
    for (const auto& v : *empty) names += (names.empty() ? "" : ", ") + v;
    return fail(Error::precondition("NOTIFICATION_004", name + " would print empty: " + names));
  }
  auto rendered = deps_.templates.render(name, locale, vars);
  if (!rendered) return fail(rendered.error());

  MailMessage message;
  message.to_email = recipient.email;
  message.to_name = recipient.full_name;
  message.subject = std::move(rendered->subject);
  message.text_body = std::move(rendered->text_body);
  message.html_body = std::move(rendered->html_body);
  message.message_id = notification_message_id(n.id, settings_.message_id_domain);
  if (const auto method = invite_for(n.type); method && audience == "customer") {
    // The mail's own event decides the method (a confirmation sent after a later cancel still
    // describes the confirmation; the cancel mail follows with a higher SEQUENCE).
    CalendarInvite invite = booking_invite(lineage, now, settings_.organizer_email);
    invite.method = *method;
    invite.sequence = lineage.moves + (*method == InviteMethod::kCancel ? 1 : 0);
    message.calendar = MailCalendar{*method == InviteMethod::kRequest ? "REQUEST" : "CANCEL",
                                    render_calendar_invite(invite)};
  }
  return Composition{std::move(message), {}};
}

}  // namespace janji::notifications
