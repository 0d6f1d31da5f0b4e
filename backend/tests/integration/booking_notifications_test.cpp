// Issue 12: every booking action over HTTP produces exactly the expected messages at a real SMTP
// sink, with a calendar invite (parsed back) where one belongs; failures retry or fail as the
// mail server says; reminders are due exactly REMINDER_LEAD before the start, DST included.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/common/clock.hpp"
#include "core/common/time_zone.hpp"
#include "core/notifications/calendar_invite.hpp"
#include "support/booking_api_suite.hpp"
#include "support/mail_sandbox.hpp"

namespace janji::testing {
namespace {

using namespace std::chrono_literals;

// Unfolds an iCalendar text and reads each property of the VEVENT (and METHOD) by name.
std::map<std::string, std::string> ics_properties(const std::string& ics) {
  std::string unfolded;
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded += ics[i];
  }
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < unfolded.size()) {
    const auto end = unfolded.find("\r\n", pos);
    const std::string line = unfolded.substr(pos, end - pos);
    pos = end == std::string::npos ? unfolded.size() : end + 2;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string name = line.substr(0, std::min(colon, line.find(';')));
    if (!out.contains(name)) out[name] = line.substr(colon + 1);
  }
  return out;
}

class BookingNotifications : public BookingApi {
 protected:
  static void SetUpTestSuite() {
    sink() = std::make_unique<SmtpSink>();
    auto settings = sink()->mailer_settings();
    settings.merge(std::map<std::string, std::string>{{"SENDGRID_FROM_EMAIL", "noreply@janji.test"},
                                                      {"FRONTEND_URL", "https://app.janji.test"},
                                                      {"TEST_CLOCK_API", "true"},
                                                      {"OUTBOX_MAX_ATTEMPTS", "2"},
                                                      {"OUTBOX_RETRY_DELAY", "60s"},
                                                      {"REMINDER_LEAD", "24h"}});
    start_app(settings);
  }
  static void TearDownTestSuite() {
    CatalogSuite::TearDownTestSuite();
    sink().reset();
  }
  void TearDown() override { set_clock_offset(0); }

  static std::unique_ptr<SmtpSink>& sink() {
    static std::unique_ptr<SmtpSink> s;
    return s;
  }

  // Runs the outbox worker until nothing is due; what it did.
  notifications::DeliveryPass deliver_all() {
    notifications::DeliveryPass total;
    const std::atomic<bool> stop{false};
    for (int i = 0; i < 1000; ++i) {
      auto pass = test_app().app().outbox_worker().deliver_due(stop);
      EXPECT_TRUE(pass.has_value()) << pass.error().message;
      if (!pass || pass->claimed == 0) break;
      total.claimed += pass->claimed;
      total.sent += pass->sent;
      total.retried += pass->retried;
      total.failed += pass->failed;
      total.skipped += pass->skipped;
    }
    return total;
  }

  int schedule_reminders() {
    auto added = test_app().app().outbox_worker().schedule_reminders();
    EXPECT_TRUE(added.has_value()) << added.error().message;
    return added ? *added : -1;
  }

  // The booking mails (not account mails) the sink got for `email`, in arrival order.
  static std::vector<SinkMessage> mails_to(const std::string& email) {
    std::vector<SinkMessage> out;
    for (auto& m : sink()->messages()) {
      const auto id = m.header("Message-ID").value_or("");
      if (id.rfind("<notification-", 0) != 0) continue;
      for (const auto& r : m.rcpt_to) {
        if (r == email) out.push_back(m);
      }
    }
    return out;
  }

  std::vector<std::string> subjects_to(const std::string& email) {
    std::vector<std::string> out;
    for (const auto& m : mails_to(email)) out.push_back(m.decoded_header("Subject").value_or(""));
    return out;
  }

  void set_clock_offset(long long seconds) {
    auto r = client().request("PUT", "/api/v1/test/clock",
                              nlohmann::json{{"offset_seconds", seconds}}.dump(),
                              {"Content-Type: application/json"});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Moves the services' clock so that it reads `at`.
  void set_clock_to(common::Instant at) {
    const auto real = std::chrono::system_clock::now();
    set_clock_offset(std::chrono::duration_cast<std::chrono::seconds>(at - real).count());
  }

  struct Row {
    std::string type;
    std::string status;
    int attempts = 0;
    std::string error;
  };
  std::vector<Row> rows_for(const std::string& booking_id, const std::string& user_id) {
    soci::session sql(test_app().app().database().pool());
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT type, status, attempts, error_message FROM notifications WHERE "
                        "booking_id = :b AND user_id = :u ORDER BY created_at, type",
         soci::use(booking_id), soci::use(user_id));
    std::vector<Row> out;
    for (const auto& r : rs) {
      Row row;
      row.type = r.get<std::string>(0);
      row.status = r.get<std::string>(1);
      row.attempts = static_cast<int>(r.get_properties(2).get_data_type() == soci::dt_long_long
                                          ? r.get<long long>(2)
                                          : r.get<int>(2));
      row.error = r.get_indicator(3) == soci::i_ok ? r.get<std::string>(3) : "";
      out.push_back(row);
    }
    return out;
  }

  common::Instant starts_at(const std::string& booking_id) {
    soci::session sql(test_app().app().database().pool());
    std::string text;
    sql << "SELECT starts_at FROM bookings WHERE id = :id", soci::use(booking_id), soci::into(text);
    // PostgreSQL prints timestamptz its own way; both parse as RFC 3339 once normalized.
    if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
    if (text.ends_with("+00")) text = text.substr(0, text.size() - 3) + "Z";
    return common::parse_rfc3339(text).value_or(common::Instant{});
  }

  // POST /bookings/:id/<action> with an empty JSON object; the status.
  int act(const std::string& id, const std::string& action, const Actor& who) {
    return send("POST", "/api/v1/bookings/" + id + "/" + action, nlohmann::json::object(), who)
        .status;
  }

  void set_locale(const Actor& who, const std::string& locale) {
    auto r = send("PUT", "/api/v1/users/me", {{"locale", locale}}, who);
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

TEST_F(BookingNotifications, EveryActionSendsExactlyTheExpectedMailsWithInvites) {
  auto shop = make_shop(60, {{"address", "Jl. Melati No. 5, Jakarta"}});
  auto customer = register_user("customer", "cust");
  set_locale(customer, "en");
  const Actor& owner = shop.provider.owner;
  deliver_all();  // whatever other suites left in the shared database

  // Booked: the customer hears it was received, the owner that there is one to confirm.
  const auto id = book(shop, customer, day_ahead(), "09:00");
  deliver_all();
  auto to_customer = mails_to(customer.email);
  auto to_owner = mails_to(owner.email);
  ASSERT_EQ(to_customer.size(), 1u);
  ASSERT_EQ(to_owner.size(), 1u);
  EXPECT_FALSE(to_customer[0].calendar().has_value());
  EXPECT_NE(to_customer[0].text()->find("09:00"), std::string::npos);
  EXPECT_NE(to_customer[0].text()->find("WIB, Asia/Jakarta"), std::string::npos);
  EXPECT_NE(to_customer[0].text()->find("Jl. Melati No. 5"), std::string::npos);
  EXPECT_NE(to_customer[0].text()->find("https://app.janji.test/bookings/" + id),
            std::string::npos);
  EXPECT_NE(to_owner[0].text()->find(customer.email), std::string::npos);
  EXPECT_NE(to_owner[0].text()->find("https://app.janji.test/business/bookings"),
            std::string::npos);
  // English for the customer who chose it, Indonesian (the default) for the owner.
  EXPECT_NE(to_customer[0].decoded_header("Subject")->find("Booking"), std::string::npos);
  EXPECT_NE(to_owner[0].decoded_header("Subject")->find("Pemesanan"), std::string::npos);
  // The Message-ID is the notification's, on our sender's domain.
  EXPECT_TRUE(to_customer[0].header("Message-ID")->ends_with("@janji.test>"));
  const auto rows = rows_for(id, customer.user_id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "sent");

  // Confirmed: one mail to the customer with a REQUEST invite.
  ASSERT_EQ(act(id, "confirm", owner), 200);
  deliver_all();
  to_customer = mails_to(customer.email);
  ASSERT_EQ(to_customer.size(), 2u);
  EXPECT_EQ(mails_to(owner.email).size(), 1u);  // the owner did it: no mail to them
  const auto confirmed = to_customer[1];
  ASSERT_TRUE(confirmed.calendar().has_value());
  EXPECT_EQ(confirmed.find_part("text/calendar")->params.at("method"), "REQUEST");
  EXPECT_EQ(confirmed.attachments().at("invite.ics"), *confirmed.calendar());
  auto ics = ics_properties(*confirmed.calendar());
  EXPECT_EQ(ics["METHOD"], "REQUEST");
  EXPECT_EQ(ics["UID"], "booking-" + id + "@janji");
  EXPECT_EQ(ics["SEQUENCE"], "0");
  EXPECT_EQ(ics["DTSTART"], notifications::ical_utc(starts_at(id)));
  EXPECT_NE(ics["LOCATION"].find("Jl. Melati No. 5"), std::string::npos);
  EXPECT_NE(ics["ATTENDEE"].find(customer.email), std::string::npos);
  EXPECT_NE(confirmed.raw.find("\r\n"), std::string::npos);

  // Rescheduled by the customer: a REQUEST with the same UID and the next SEQUENCE; the owner
  // hears of it without an invite.
  auto moved = send("POST", "/api/v1/bookings/" + id + "/reschedule",
                    {{"new_date", iso(day_ahead())}, {"new_start_time", "11:00"}}, customer);
  ASSERT_EQ(moved.status, 201) << moved.body;
  const auto new_id = moved.json["data"]["booking"]["id"].get<std::string>();
  deliver_all();
  to_customer = mails_to(customer.email);
  to_owner = mails_to(owner.email);
  ASSERT_EQ(to_customer.size(), 3u);
  ASSERT_EQ(to_owner.size(), 2u);
  EXPECT_FALSE(to_owner[1].calendar().has_value());
  EXPECT_NE(to_owner[1].text()->find("11:00"), std::string::npos);
  EXPECT_NE(to_owner[1].text()->find("09:00"), std::string::npos);  // the old time too
  ics = ics_properties(*to_customer[2].calendar());
  EXPECT_EQ(ics["METHOD"], "REQUEST");
  EXPECT_EQ(ics["UID"], "booking-" + id + "@janji");
  EXPECT_EQ(ics["SEQUENCE"], "1");
  EXPECT_EQ(ics["DTSTART"], notifications::ical_utc(starts_at(new_id)));

  // Cancelled by the customer: CANCEL, one revision on; the owner hears who cancelled.
  ASSERT_EQ(
      send("DELETE", "/api/v1/bookings/" + new_id, {{"cancellation_reason", "Sakit"}}, customer)
          .status,
      200);
  deliver_all();
  to_customer = mails_to(customer.email);
  to_owner = mails_to(owner.email);
  ASSERT_EQ(to_customer.size(), 4u);
  ASSERT_EQ(to_owner.size(), 3u);
  ics = ics_properties(*to_customer[3].calendar());
  EXPECT_EQ(to_customer[3].find_part("text/calendar")->params.at("method"), "CANCEL");
  EXPECT_EQ(ics["METHOD"], "CANCEL");
  EXPECT_EQ(ics["UID"], "booking-" + id + "@janji");
  EXPECT_EQ(ics["SEQUENCE"], "2");
  EXPECT_NE(to_owner[2].text()->find("Sakit"), std::string::npos);

  // Rejected by the owner, with the reason; completed gets a thank-you.
  const auto rejected = book(shop, customer, day_ahead(), "13:00");
  ASSERT_EQ(send("POST", "/api/v1/bookings/" + rejected + "/reject",
                 {{"reason", "Closed for a private event"}}, owner)
                .status,
            200);
  const auto done = insert_booking(shop.provider, shop.service_id, customer,
                                   plus_days(today_in_jakarta(), -1), "10:00", "11:00");
  ASSERT_EQ(act(done, "complete", owner), 200);
  deliver_all();
  to_customer = mails_to(customer.email);
  ASSERT_EQ(to_customer.size(), 7u);  // received, rejected, thank you
  const auto rejection = std::find_if(to_customer.begin(), to_customer.end(), [](const auto& m) {
    return m.text()->find("Closed for a private event") != std::string::npos;
  });
  ASSERT_NE(rejection, to_customer.end());
  EXPECT_EQ(ics_properties(*rejection->calendar())["METHOD"], "CANCEL");
  // Rows written in the same second have no order among them: find the thank-you by subject.
  const auto thanks = std::find_if(to_customer.begin(), to_customer.end(), [](const auto& m) {
    return m.decoded_header("Subject").value_or("").starts_with("Thank you");
  });
  ASSERT_NE(thanks, to_customer.end());
  EXPECT_FALSE(thanks->calendar().has_value());
  EXPECT_EQ(rows_for(done, customer.user_id).at(0).status, "sent");
  EXPECT_EQ(rows_for(done, owner.user_id).size(), 0u);
}

TEST_F(BookingNotifications, RefusedAddressesFailTemporaryRefusalsRetryThenGiveUp) {
  auto shop = make_shop(60);
  auto refused = register_user("customer", "reject");
  auto busy = register_user("customer", "tempfail");
  deliver_all();

  const auto a = book(shop, refused, day_ahead(), "09:00");
  const auto b = book(shop, busy, day_ahead(), "10:00");
  deliver_all();
  auto row = rows_for(a, refused.user_id).at(0);
  EXPECT_EQ(row.status, "failed");
  EXPECT_NE(row.error.find("550"), std::string::npos) << row.error;
  row = rows_for(b, busy.user_id).at(0);
  EXPECT_EQ(row.status, "pending");  // retried later, not at once
  EXPECT_EQ(row.attempts, 1);
  EXPECT_NE(row.error.find("451"), std::string::npos) << row.error;

  // Not due yet: nothing happens. Past its retry time: the second (last) attempt fails it.
  EXPECT_EQ(deliver_all().claimed, 0);
  set_clock_offset(3600);
  deliver_all();
  row = rows_for(b, busy.user_id).at(0);
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.attempts, 2);
  EXPECT_NE(row.error.find("gave up after 2 attempts"), std::string::npos) << row.error;
}

TEST_F(BookingNotifications, RemindersAreDueOneLeadBeforeTheStartOncePerConfirmedBooking) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "remind");
  deliver_all();
  const auto date = day_ahead();
  const auto kept =
      insert_booking(shop.provider, shop.service_id, customer, date, "09:00", "10:00", "confirmed");
  const auto pending =
      insert_booking(shop.provider, shop.service_id, customer, date, "10:00", "11:00", "pending");
  const auto cancelled =
      insert_booking(shop.provider, shop.service_id, customer, date, "11:00", "12:00", "cancelled");
  const auto start = starts_at(kept);

  set_clock_to(start - 24h - 2min);
  schedule_reminders();
  EXPECT_TRUE(rows_for(kept, customer.user_id).empty()) << "not due yet";

  set_clock_to(start - 24h + 2min);
  schedule_reminders();
  EXPECT_EQ(schedule_reminders(), 0);  // a second scan adds nothing
  ASSERT_EQ(rows_for(kept, customer.user_id).size(), 1u);
  EXPECT_EQ(rows_for(kept, customer.user_id)[0].type, "booking_reminder");
  EXPECT_TRUE(rows_for(pending, customer.user_id).empty());
  EXPECT_TRUE(rows_for(cancelled, customer.user_id).empty());
  deliver_all();
  EXPECT_EQ(rows_for(kept, customer.user_id)[0].status, "sent");
  const auto mails = mails_to(customer.email);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].text()->find("09:00"), std::string::npos);

  // Confirmed later than the lead before its start: reminded at once, while still ahead.
  const auto late =
      insert_booking(shop.provider, shop.service_id, customer, date, "14:00", "15:00", "confirmed");
  set_clock_to(starts_at(late) - 2h);
  schedule_reminders();
  EXPECT_EQ(rows_for(late, customer.user_id).size(), 1u);
  set_clock_to(starts_at(late) + 1min);
  const auto past =
      insert_booking(shop.provider, shop.service_id, customer, date, "13:00", "14:00", "confirmed");
  schedule_reminders();
  EXPECT_TRUE(rows_for(past, customer.user_id).empty()) << "started: no reminder";
}

TEST_F(BookingNotifications, AReminderForABookingCancelledOrMovedIsSkippedTheMoveGetsItsOwn) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "moved");
  deliver_all();
  const auto id = book(shop, customer, day_ahead(), "09:00");
  ASSERT_EQ(act(id, "confirm", shop.provider.owner), 200);
  deliver_all();
  const auto start = starts_at(id);

  // The reminder is written, then the booking moves before it is sent: it is skipped, and the
  // new booking (confirmed on its own) gets its own reminder.
  set_clock_to(start - 23h);
  ASSERT_GE(schedule_reminders(), 1);
  set_clock_offset(0);
  auto moved = send("POST", "/api/v1/bookings/" + id + "/reschedule",
                    {{"new_date", iso(day_ahead())}, {"new_start_time", "12:00"}}, customer);
  ASSERT_EQ(moved.status, 201) << moved.body;
  const auto new_id = moved.json["data"]["booking"]["id"].get<std::string>();
  if (booking_status(new_id) != "confirmed") {
    ASSERT_EQ(act(new_id, "confirm", shop.provider.owner), 200);
  }
  set_clock_to(start - 23h);
  deliver_all();
  const auto old_rows = rows_for(id, customer.user_id);
  const auto reminder = std::find_if(old_rows.begin(), old_rows.end(),
                                     [](const Row& r) { return r.type == "booking_reminder"; });
  ASSERT_NE(reminder, old_rows.end());
  EXPECT_EQ(reminder->status, "skipped");
  EXPECT_NE(reminder->error.find("no longer confirmed"), std::string::npos) << reminder->error;

  set_clock_to(starts_at(new_id) - 23h);
  schedule_reminders();
  const auto new_rows = rows_for(new_id, customer.user_id);
  EXPECT_EQ(std::count_if(new_rows.begin(), new_rows.end(),
                          [](const Row& r) { return r.type == "booking_reminder"; }),
            1);
}

// On the day New York springs forward, 24 hours before 10:00 EDT is 09:00 EST the day before
// (23 hours of wall clock): the reminder follows elapsed time, not the wall clock.
TEST_F(BookingNotifications, ReminderLeadIsElapsedTimeAcrossADaylightSavingChange) {
  auto shop = make_shop(60, {{"timezone", "America/New_York"}, {"max_advance_days", 730}});
  auto customer = register_user("customer", "dst");
  const common::Date spring{std::chrono::year{2027}, std::chrono::March, std::chrono::day{14}};
  const auto id = insert_booking(shop.provider, shop.service_id, customer, spring, "10:00", "11:00",
                                 "confirmed");
  const auto start = starts_at(id);
  EXPECT_EQ(common::format_instant(start), "2027-03-14T14:00:00Z");  // 10:00 EDT
  set_clock_to(start - 24h - 2min);                                  // 08:58 EST
  schedule_reminders();
  EXPECT_TRUE(rows_for(id, customer.user_id).empty());
  set_clock_to(start - 24h + 2min);  // 09:02 EST, before 10:00 on the wall clock
  schedule_reminders();
  EXPECT_EQ(rows_for(id, customer.user_id).size(), 1u);
}

// --- issue 13: payment mails. The payment service's rows are written here with SQL, as it
// writes them (a payment row, then the outbox row naming it in its payload).

// Inserts an outbox row of `type` for `user_id` about `booking_id`; returns its id.
std::string insert_outbox_row(TestApp& t, const std::string& user_id, const std::string& booking_id,
                              const std::string& type, const std::string& payload) {
  auto& app = t.app();
  const std::string id = app.crypto().new_uuid();
  const std::string now = common::format_instant(std::chrono::system_clock::now());
  soci::session sql(app.database().pool());
  sql << "INSERT INTO notifications (id, user_id, booking_id, type, channel, status, payload, "
         "next_attempt_at, created_at, updated_at) VALUES ('" +
             id + "', '" + user_id + "', '" + booking_id + "', '" + type +
             "', 'email', 'pending', '" + payload + "', '" + now + "', '" + now + "', '" + now +
             "')";
  return id;
}

struct PaymentRow {
  int attempt = 1;
  std::string status = "paid";
  long long gross_amount = 350000;
  std::string payment_type;  // "" = NULL
  std::string paid_at;       // "" = NULL
};

// Inserts a payment attempt of `booking_id`; returns its id.
std::string insert_payment(TestApp& t, const std::string& booking_id, const PaymentRow& p) {
  auto& app = t.app();
  const std::string id = app.crypto().new_uuid();
  std::string hex = booking_id;
  std::erase(hex, '-');
  const std::string order_id = "JNJ-" + hex + "-" + std::to_string(p.attempt);
  const std::string now = common::format_instant(std::chrono::system_clock::now());
  const auto text_or_null = [](const std::string& v) { return v.empty() ? "NULL" : "'" + v + "'"; };
  soci::session sql(app.database().pool());
  sql << "INSERT INTO payments (id, booking_id, attempt, order_id, gross_amount, currency, status, "
         "expires_at, transaction_id, payment_type, paid_at, created_at, updated_at) VALUES ('" +
             id + "', '" + booking_id + "', " + std::to_string(p.attempt) + ", '" + order_id +
             "', " + std::to_string(p.gross_amount) + ", 'IDR', '" + p.status + "', '" + now +
             "', " + text_or_null(p.paid_at.empty() ? "" : "tx-" + id) + ", " +
             text_or_null(p.payment_type) + ", " + text_or_null(p.paid_at) + ", '" + now + "', '" +
             now + "')";
  if (p.status == "paid") {
    sql << "UPDATE bookings SET payment_status = 'paid', payment_id = '" + id + "' WHERE id = '" +
               booking_id + "'";
  }
  return id;
}

std::string receipt_payload(const std::string& payment_id) {
  return R"({"audience":"customer","actor":"system","payment_id":")" + payment_id + R"("})";
}

TEST_F(BookingNotifications, PaymentReceiptReachesTheCustomerUnpaidOrMissingOnesAreSkipped) {
  auto shop = make_shop(60, {{"address", "Jl. Melati No. 5, Jakarta"}});
  auto customer = register_user("customer", "receipt");
  set_locale(customer, "en");
  deliver_all();
  const auto id = insert_booking(shop.provider, shop.service_id, customer, day_ahead(), "10:00",
                                 "11:00", "confirmed");
  // Attempt 1 expired, attempt 2 was paid by card at 10:04 WIB.
  const auto expired = insert_payment(test_app(), id, {1, "expired", 350000, "", ""});
  const auto paid =
      insert_payment(test_app(), id, {2, "paid", 350000, "credit_card", "2026-12-01T03:04:00Z"});
  insert_outbox_row(test_app(), customer.user_id, id, "payment_receipt", receipt_payload(paid));
  insert_outbox_row(test_app(), customer.user_id, id, "payment_receipt", receipt_payload(expired));
  insert_outbox_row(test_app(), customer.user_id, id, "payment_receipt",
                    receipt_payload("9a000000-0000-4000-8000-000000000000"));
  const auto pass = deliver_all();
  EXPECT_EQ(pass.sent, 1);
  EXPECT_EQ(pass.skipped, 2);

  const auto mails = mails_to(customer.email);
  ASSERT_EQ(mails.size(), 1u);
  const auto& receipt = mails[0];
  EXPECT_TRUE(receipt.decoded_header("Subject").value_or("").starts_with("Payment receipt: "))
      << receipt.decoded_header("Subject").value_or("");
  const std::string text = receipt.text().value_or("");
  std::string hex = id;
  std::erase(hex, '-');
  for (const std::string& expected :
       {std::string("We have received your payment of Rp 350.000"),
        std::string("Your booking is confirmed"), std::string("Payment method: Credit card"),
        std::string("Paid at: Tuesday, 1 December 2026, 10:04 (WIB, Asia/Jakarta)"),
        "Order ID: JNJ-" + hex + "-2", "Transaction ID: tx-" + paid,
        std::string("Time: 10:00–11:00"), std::string("Jl. Melati No. 5"),
        "https://app.janji.test/bookings/" + id}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_NE(receipt.html().value_or("").find("Rp 350.000"), std::string::npos);
  // Paying confirmed the booking: the receipt carries the calendar invite.
  ASSERT_TRUE(receipt.calendar().has_value());
  const auto ics = ics_properties(*receipt.calendar());
  EXPECT_EQ(ics.at("METHOD"), "REQUEST");
  EXPECT_EQ(ics.at("UID"), "booking-" + id + "@janji");

  std::multiset<std::string> outcomes;
  for (const auto& row : rows_for(id, customer.user_id)) {
    EXPECT_EQ(row.type, "payment_receipt");
    outcomes.insert(row.status + ": " + row.error);
  }
  EXPECT_EQ(outcomes,
            (std::multiset<std::string>{"sent: ", "skipped: the payment is not paid (expired)",
                                        "skipped: the payment no longer exists"}));
}

TEST_F(BookingNotifications, AHoldThatRanOutSaysThePaymentWasNotReceivedInTime) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "unpaid");  // Indonesian, the default
  const Actor& owner = shop.provider.owner;
  set_locale(owner, "en");
  deliver_all();
  const auto id = insert_booking(shop.provider, shop.service_id, customer, day_ahead(), "14:00",
                                 "15:00", "cancelled");
  {
    soci::session sql(test_app().app().database().pool());
    sql << "UPDATE bookings SET cancellation_reason = 'Payment was not received in time' "
           "WHERE id = '" +
               id + "'";
  }
  const std::string payload = R"(","actor":"system"})";
  insert_outbox_row(test_app(), customer.user_id, id, "booking_cancelled",
                    R"({"audience":"customer)" + payload);
  insert_outbox_row(test_app(), owner.user_id, id, "booking_cancelled",
                    R"({"audience":"provider)" + payload);
  EXPECT_EQ(deliver_all().sent, 2);

  const auto to_customer = mails_to(customer.email);
  ASSERT_EQ(to_customer.size(), 1u);
  const std::string id_text = to_customer[0].text().value_or("");
  EXPECT_NE(id_text.find("dibatalkan karena pembayaran tidak diterima tepat waktu"),
            std::string::npos)
      << id_text;
  // The stored reason is English: the sentence says it in the reader's language instead.
  EXPECT_EQ(id_text.find("Payment was not received"), std::string::npos) << id_text;
  EXPECT_EQ(id_text.find("Alasan"), std::string::npos) << id_text;
  EXPECT_EQ(id_text.find("telah Anda batalkan"), std::string::npos) << id_text;

  const auto to_owner = mails_to(owner.email);
  ASSERT_EQ(to_owner.size(), 1u);
  const std::string en_text = to_owner[0].text().value_or("");
  EXPECT_NE(en_text.find("was cancelled because the payment was not received in time"),
            std::string::npos)
      << en_text;
  EXPECT_EQ(en_text.find("Reason:"), std::string::npos) << en_text;
}

// The same worker through SendGrid's API (a local stand-in that checks the key and the body):
// the invite travels as an invite.ics attachment, the X-Message-Id is kept, 429 retries.
class BookingNotificationsSendGrid : public BookingNotifications {
 protected:
  static void SetUpTestSuite() {
    standin() = std::make_unique<SendGridStandIn>("SG.integration-key");
    start_app({{"MAIL_DRIVER", "sendgrid"},
               {"SENDGRID_API_KEY", "SG.integration-key"},
               {"SENDGRID_BASE_URL", standin()->base_url()},
               {"SENDGRID_FROM_EMAIL", "noreply@janji.test"},
               {"TEST_CLOCK_API", "true"}});
  }
  static void TearDownTestSuite() {
    CatalogSuite::TearDownTestSuite();
    standin().reset();
  }
  static std::unique_ptr<SendGridStandIn>& standin() {
    static std::unique_ptr<SendGridStandIn> s;
    return s;
  }
  std::string provider_message_id(const std::string& booking_id, const std::string& user_id,
                                  const std::string& type) {
    soci::session sql(test_app().app().database().pool());
    std::string id;
    soci::indicator ind = soci::i_null;
    sql << "SELECT provider_message_id FROM notifications WHERE booking_id = :b AND "
           "user_id = :u AND type = :t",
        soci::use(booking_id), soci::use(user_id), soci::use(type), soci::into(id, ind);
    return ind == soci::i_ok ? id : "";
  }
};

TEST_F(BookingNotificationsSendGrid, ConfirmationCarriesTheInviteAndKeepsTheMessageId) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "sg");
  deliver_all();
  const auto id = book(shop, customer, day_ahead(), "09:00");
  ASSERT_EQ(act(id, "confirm", shop.provider.owner), 200);
  deliver_all();
  // Account mails go through the same driver, sent in the background at their own pace: the
  // booking mails are the ones with our notification Message-ID; the confirmation has an invite.
  std::vector<SendGridRequest> to_customer;
  for (auto& m : standin()->messages()) {
    const std::string message_id = m.body["headers"].value("Message-ID", "");
    if (m.to_email() == customer.email && message_id.starts_with("<notification-")) {
      to_customer.push_back(m);
    }
  }
  ASSERT_EQ(to_customer.size(), 2u);  // received, confirmed
  const auto confirmed_at =
      std::find_if(to_customer.begin(), to_customer.end(),
                   [](const SendGridRequest& m) { return !m.attachments().empty(); });
  ASSERT_NE(confirmed_at, to_customer.end());
  const auto& confirmed = *confirmed_at;
  const auto invite = confirmed.attachments();
  ASSERT_TRUE(invite.contains("invite.ics"));
  EXPECT_EQ(ics_properties(invite.at("invite.ics"))["METHOD"], "REQUEST");
  EXPECT_EQ(ics_properties(invite.at("invite.ics"))["UID"], "booking-" + id + "@janji");
  ASSERT_TRUE(confirmed.content("text/plain").has_value());
  EXPECT_NE(confirmed.content("text/plain")->find("09:00"), std::string::npos);
  EXPECT_FALSE(provider_message_id(id, customer.user_id, "booking_confirmed").empty());
}

TEST_F(BookingNotificationsSendGrid, RateLimitedIsRetriedLater) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "status-429");
  deliver_all();
  const auto id = book(shop, customer, day_ahead(), "10:00");
  deliver_all();
  const auto rows = rows_for(id, customer.user_id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_NE(rows[0].error.find("429"), std::string::npos) << rows[0].error;
}

}  // namespace
}  // namespace janji::testing
