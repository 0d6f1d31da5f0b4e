#include "core/notifications/booking_mail.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/common/clock.hpp"

namespace janji::notifications {
namespace {

using namespace std::chrono_literals;
using Vars = std::map<std::string, std::string>;

const std::string kBookingId = "0f3a9c2b-1111-4222-8333-444455556666";
const std::string kCustomerId = "c0000000-1111-4222-8333-444455556666";
const std::string kPaymentId = "9a000000-1111-4222-8333-444455556666";

// The booking of a customer who reads English, at a provider in Makassar (WITA, UTC+8).
class FakeBookings final : public BookingMailSource {
 public:
  common::Result<std::optional<BookingMailFacts>> load_mail_facts(
      const std::string& booking_id, const std::string& recipient_id) override {
    if (booking_id != kBookingId) return std::optional<BookingMailFacts>{};
    BookingMailFacts facts;
    facts.lineage.origin_id = kBookingId;
    facts.lineage.view.booking = booking;
    facts.lineage.view.customer = customer;
    facts.lineage.view.provider.business_name = "Klinik Gigi Senyum";
    facts.lineage.view.provider.user_id = "owner";
    facts.lineage.view.provider.timezone = "Asia/Makassar";
    facts.lineage.view.service.name = "Scaling";
    if (recipient_id == customer.id) facts.recipient = customer;
    return std::optional<BookingMailFacts>{facts};
  }

  bookings::Booking booking = [] {
    bookings::Booking b;
    b.id = kBookingId;
    b.customer_id = kCustomerId;
    b.date = "2027-01-20";
    b.range = {9 * 60, 10 * 60};
    // 09:00 WITA
    b.starts_at = common::parse_instant("2027-01-20T01:00:00Z").value();
    b.ends_at = b.starts_at + 1h;
    b.status = bookings::BookingStatus::kConfirmed;
    b.payment_status = bookings::PaymentStatus::kPaid;
    return b;
  }();
  auth::User customer = [] {
    auth::User u;
    u.id = kCustomerId;
    u.email = "budi@example.test";
    u.full_name = "Budi Santoso";
    u.locale = "en";
    return u;
  }();
};

class FakeReceipts final : public PaymentReceiptSource {
 public:
  common::Result<std::optional<PaymentReceipt>> load_receipt(
      const std::string& payment_id) override {
    asked.push_back(payment_id);
    if (failure) return common::fail(*failure);
    if (!receipt || payment_id != receipt->payment_id) return std::optional<PaymentReceipt>{};
    return receipt;
  }

  std::optional<PaymentReceipt> receipt = [] {
    PaymentReceipt r;
    r.payment_id = kPaymentId;
    r.booking_id = kBookingId;
    r.order_id = "JNJ-0f3a9c2b11114222-2";
    r.attempt = 2;
    r.gross_amount = 350000;
    r.status = payments::PaymentState::kPaid;
    r.payment_type = "credit_card";
    r.transaction_id = "b5c0ffee-aaaa-4bbb-8ccc-000011112222";
    r.paid_at = common::parse_instant("2027-01-15T02:32:00Z");  // 10:32 WITA
    return std::optional<PaymentReceipt>{r};
  }();
  std::optional<common::Error> failure;
  std::vector<std::string> asked;
};

// Records what the composer asks for; the subject names the template and locale, and the
// variables listed in `required` (and `receipt` for the receipt) count as printed, so that
// empty ones are reported.
class RecordingTemplates final : public MailTemplates {
 public:
  common::Result<RenderedMail> render(const std::string& name, const std::string& locale,
                                      const Vars& vars) const override {
    last_vars = vars;
    return RenderedMail{name + "/" + locale, "text", "<p>html</p>"};
  }
  common::Result<std::vector<std::string>> referenced_empty_variables(
      const std::string& template_name, const std::string&, const Vars& vars) const override {
    std::vector<std::string> empty;
    auto printed = required;
    if (template_name == "payment_receipt_customer") printed.insert(receipt.begin(), receipt.end());
    for (const auto& name : printed) {
      const auto it = vars.find(name);
      if (it == vars.end() || it->second.empty()) empty.push_back(name);
    }
    return empty;
  }
  std::set<std::string> required = {"recipient_name", "service_name", "booking_url"};
  std::set<std::string> receipt = {"amount", "paid_at", "order_id"};
  mutable Vars last_vars;
};

class PaymentReceiptMailTest : public ::testing::Test {
 protected:
  common::Result<Composition> compose(const std::string& type = "payment_receipt",
                                      const std::string& actor = "system") {
    ClaimedNotification n;
    n.id = "n0000000-1111-4222-8333-444455556666";
    n.user_id = kCustomerId;
    n.booking_id = kBookingId;
    n.type = type;
    n.audience = "customer";
    n.actor = actor;
    if (type == "payment_receipt") n.payment_id = payment_id;
    return composer.compose(n);
  }
  std::string skipped_because(const common::Result<Composition>& c) {
    EXPECT_TRUE(c.has_value()) << c.error().message;
    if (!c) return "<error>";
    EXPECT_FALSE(c->message.has_value());
    return c->skipped_because;
  }

  FakeBookings bookings;
  FakeReceipts receipts;
  RecordingTemplates templates;
  common::ManualClock clock{common::parse_instant("2027-01-15T02:33:00Z").value()};
  BookingMailComposer composer{
      BookingMailDependencies{bookings, receipts, templates, clock},
      BookingMailSettings{"Janji", "https://app.janji.test", "noreply@janji.test", "janji.test"}};
  std::optional<std::string> payment_id = kPaymentId;
};

TEST_F(PaymentReceiptMailTest, SaysWhatWasPaidHowWhenAndWithAnInvite) {
  const auto c = compose();
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_TRUE(c->message.has_value()) << c->skipped_because;
  EXPECT_EQ(receipts.asked, std::vector<std::string>{kPaymentId});
  const MailMessage& m = *c->message;
  EXPECT_EQ(m.subject, "payment_receipt_customer/en");
  EXPECT_EQ(m.to_email, "budi@example.test");
  EXPECT_EQ(m.message_id, "notification-n0000000-1111-4222-8333-444455556666@janji.test");
  const Vars& v = templates.last_vars;
  EXPECT_EQ(v.at("amount"), "Rp 350.000");
  EXPECT_EQ(v.at("payment_method"), "Credit card");
  EXPECT_EQ(v.at("paid_at"), "Friday, 15 January 2027, 10:32 (WITA, Asia/Makassar)");
  EXPECT_EQ(v.at("order_id"), "JNJ-0f3a9c2b11114222-2");
  EXPECT_EQ(v.at("transaction_id"), "b5c0ffee-aaaa-4bbb-8ccc-000011112222");
  EXPECT_EQ(v.at("booking_url"), "https://app.janji.test/bookings/" + kBookingId);
  EXPECT_EQ(v.at("start_time"), "09:00");
  EXPECT_EQ(v.at("service_name"), "Scaling");
  // Paying confirmed the booking: the receipt puts it in the customer's calendar.
  ASSERT_TRUE(m.calendar.has_value());
  EXPECT_EQ(m.calendar->method, "REQUEST");
  EXPECT_NE(m.calendar->ics.find("METHOD:REQUEST"), std::string::npos);
  EXPECT_NE(m.calendar->ics.find("UID:booking-" + kBookingId + "@janji"), std::string::npos);
}

TEST_F(PaymentReceiptMailTest, IndonesianNamesTheMethodInIndonesianUnknownCodesStayRaw) {
  bookings.customer.locale = "id";
  ASSERT_TRUE(compose().has_value());
  EXPECT_EQ(templates.last_vars.at("payment_method"), "Kartu kredit");
  EXPECT_EQ(templates.last_vars.at("paid_at"),
            "Jumat, 15 Januari 2027, 10:32 (WITA, Asia/Makassar)");

  receipts.receipt->payment_type = "akulaku";
  ASSERT_TRUE(compose().has_value());
  EXPECT_EQ(templates.last_vars.at("payment_method"), "akulaku");

  receipts.receipt->payment_type.reset();
  receipts.receipt->transaction_id.reset();
  const auto c = compose();
  ASSERT_TRUE(c && c->message) << "optional details may be missing";
  EXPECT_EQ(templates.last_vars.at("payment_method"), "");
  EXPECT_EQ(templates.last_vars.at("transaction_id"), "");
}

TEST_F(PaymentReceiptMailTest, MissingOrUnpaidPaymentIsSkippedWithAReason) {
  payment_id.reset();
  EXPECT_EQ(skipped_because(compose()), "the receipt names no payment");

  payment_id = "9a000000-0000-4000-8000-000000000000";
  EXPECT_EQ(skipped_because(compose()), "the payment no longer exists");

  payment_id = kPaymentId;
  for (const auto state : {payments::PaymentState::kPending, payments::PaymentState::kChallenge,
                           payments::PaymentState::kExpired, payments::PaymentState::kRefunded}) {
    receipts.receipt->status = state;
    EXPECT_EQ(skipped_because(compose()),
              "the payment is not paid (" + std::string(payments::to_string(state)) + ")");
  }
  receipts.receipt->status = payments::PaymentState::kPaid;

  receipts.receipt->booking_id = "0f3a9c2b-0000-4000-8000-000000000000";
  EXPECT_EQ(skipped_because(compose()), "the payment is for another booking");
  receipts.receipt->booking_id = kBookingId;

  bookings.booking.status = bookings::BookingStatus::kCancelled;
  EXPECT_EQ(skipped_because(compose()), "the booking is no longer confirmed");
  bookings.booking.status = bookings::BookingStatus::kConfirmed;

  // A receipt for the provider does not exist.
  ClaimedNotification n;
  n.id = "n1";
  n.user_id = kCustomerId;
  n.booking_id = kBookingId;
  n.type = "payment_receipt";
  n.audience = "provider";
  n.payment_id = kPaymentId;
  EXPECT_EQ(skipped_because(composer.compose(n)), "no e-mail is sent for payment_receipt_provider");
}

TEST_F(PaymentReceiptMailTest, DatabaseTroubleIsRetriedBrokenDataIsFinal) {
  receipts.failure = common::Error::unavailable("database down");
  const auto down = compose();
  ASSERT_FALSE(down.has_value());
  EXPECT_EQ(down.error().kind, common::ErrorKind::kUnavailable);

  receipts.failure.reset();
  receipts.receipt->paid_at.reset();  // paid without a time: the mail would print it empty
  const auto broken = compose();
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().code, "NOTIFICATION_004");
  EXPECT_NE(broken.error().message.find("paid_at"), std::string::npos);
}

TEST_F(PaymentReceiptMailTest, AnUnpaidHoldCancelledBySystemSaysWhyInTheRecipientsLanguage) {
  bookings.booking.status = bookings::BookingStatus::kCancelled;
  bookings.booking.payment_status = bookings::PaymentStatus::kUnpaid;
  bookings.booking.cancellation_reason = "Payment was not received in time";
  auto c = compose("booking_cancelled", "system");
  ASSERT_TRUE(c && c->message);
  EXPECT_EQ(templates.last_vars.at("cancelled_unpaid"), "1");
  EXPECT_EQ(templates.last_vars.at("cancelled_by_system"), "");
  EXPECT_EQ(templates.last_vars.at("cancelled_by_you"), "");
  EXPECT_EQ(templates.last_vars.at("reason"), "");  // the template's sentence says it
  EXPECT_EQ(c->message->calendar->method, "CANCEL");

  // Any other cancellation by the system keeps its stored reason.
  bookings.booking.payment_status = bookings::PaymentStatus::kPaid;
  bookings.booking.cancellation_reason = "Provider closed";
  c = compose("booking_cancelled", "system");
  ASSERT_TRUE(c && c->message);
  EXPECT_EQ(templates.last_vars.at("cancelled_unpaid"), "");
  EXPECT_EQ(templates.last_vars.at("cancelled_by_system"), "1");
  EXPECT_EQ(templates.last_vars.at("reason"), "Provider closed");

  // A customer's own cancellation is as before.
  c = compose("booking_cancelled", "customer");
  ASSERT_TRUE(c && c->message);
  EXPECT_EQ(templates.last_vars.at("cancelled_by_you"), "1");
  EXPECT_EQ(templates.last_vars.at("cancelled_by_system"), "");
  EXPECT_EQ(receipts.asked.size(), 0u);  // only receipts read a payment

  // Reminders are the system's too, and no cancellation.
  bookings.booking.status = bookings::BookingStatus::kConfirmed;
  bookings.booking.payment_status = bookings::PaymentStatus::kUnpaid;
  c = compose("booking_reminder", "system");
  ASSERT_TRUE(c && c->message) << (c ? c->skipped_because : c.error().message);
  EXPECT_EQ(templates.last_vars.at("cancelled_unpaid"), "");
  EXPECT_EQ(templates.last_vars.at("cancelled_by_system"), "");
}

TEST(ReceiptTextTest, RupiahIsGroupedWithDots) {
  EXPECT_EQ(money_text(350000, "IDR"), "Rp 350.000");
  EXPECT_EQ(money_text(1250000, "IDR"), "Rp 1.250.000");
  EXPECT_EQ(money_text(999, "IDR"), "Rp 999");
  EXPECT_EQ(money_text(1000, "IDR"), "Rp 1.000");
  EXPECT_EQ(money_text(0, "IDR"), "Rp 0");
  EXPECT_EQ(money_text(-5000, "IDR"), "Rp -5.000");
  EXPECT_EQ(money_text(12500, "USD"), "12.500 USD");
}

TEST(ReceiptTextTest, EveryKnownMethodHasWordsInBothLanguages) {
  for (const char* code :
       {"credit_card", "bank_transfer", "gopay", "qris", "shopeepay", "echannel", "cstore"}) {
    EXPECT_NE(payment_method_text(code, "en"), code) << code;
    EXPECT_NE(payment_method_text(code, "id"), code) << code;
  }
  EXPECT_EQ(payment_method_text("credit_card", "en-US"), "Credit card");
  EXPECT_EQ(payment_method_text("bank_transfer", "id"), "Transfer bank (virtual account)");
  EXPECT_EQ(payment_method_text("cstore", "en"), "Convenience store (Indomaret/Alfamart)");
  EXPECT_EQ(payment_method_text("new_wallet", "id"), "new_wallet");
}

TEST(ReceiptTextTest, PaidAtIsTheProvidersClockAndUtcForAnUnknownZone) {
  const auto at = common::parse_instant("2027-07-01T23:30:00Z").value();
  EXPECT_EQ(local_instant_text(at, "Asia/Jakarta", "id"),
            "Jumat, 2 Juli 2027, 06:30 (WIB, Asia/Jakarta)");
  EXPECT_EQ(local_instant_text(at, "America/New_York", "en"),
            "Thursday, 1 July 2027, 19:30 (EDT, America/New_York)");
  EXPECT_EQ(local_instant_text(at, "Nowhere/Atlantis", "en"), "Thursday, 1 July 2027, 23:30 (UTC)");
}

}  // namespace
}  // namespace janji::notifications
