// A provider's private calendar subscription over HTTP: the token's lifecycle (create, rotate,
// revoke), who may manage it, and the feed parsed back as a calendar app would read it.
#include <soci/soci.h>

#include <map>
#include <string>
#include <vector>

#include "support/booking_api_suite.hpp"

namespace janji::testing {
namespace {

using nlohmann::json;

// Unfolds (RFC 5545 3.1: CRLF + one space or tab continues the line) and checks that every
// physical line ends with CRLF and has at most 75 octets.
std::vector<std::string> unfold(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "a line without CRLF";
    if (end == std::string::npos) break;
    const std::string physical = text.substr(pos, end - pos);
    EXPECT_LE(physical.size(), 75u) << physical;
    if (!physical.empty() && (physical[0] == ' ' || physical[0] == '\t') && !lines.empty()) {
      lines.back() += physical.substr(1);
    } else {
      lines.push_back(physical);
    }
    pos = end + 2;
  }
  return lines;
}

// The VEVENTs of a calendar, each as property name -> value (names before ';' or ':').
using Event = std::map<std::string, std::string>;
std::vector<Event> events_of(const std::string& text) {
  std::vector<Event> out;
  bool inside = false;
  for (const auto& line : unfold(text)) {
    if (line == "BEGIN:VEVENT") {
      out.emplace_back();
      inside = true;
    } else if (line == "END:VEVENT") {
      inside = false;
    } else if (inside) {
      const auto name_end = line.find_first_of(";:");
      const auto colon = line.find(':');
      out.back()[line.substr(0, name_end)] = line.substr(colon + 1);
    }
  }
  return out;
}

class CalendarFeedApi : public BookingApi {
 protected:
  std::string feed_path(const std::string& provider_id) const {
    return "/api/v1/providers/" + provider_id + "/calendar-feed";
  }
  HttpResult create_link(const ProviderAccount& p, const Actor& who) const {
    return client().request("POST", feed_path(p.provider_id), "", who.auth());
  }
  // The path and query of the link the API gave (APP_URL may name another host or port).
  static std::string local_part(const std::string& url) {
    const auto at = url.find("/api/v1/");
    return at == std::string::npos ? url : url.substr(at);
  }
  HttpResult fetch_feed(const std::string& path_and_query) const {
    return client().get(path_and_query);  // no login: the token is the key
  }
  std::string new_link(const ProviderAccount& p) {
    auto r = create_link(p, p.owner);
    if (r.status != 201) {
      ADD_FAILURE() << "calendar-feed: " << r.status << " " << r.body;
      return {};
    }
    return local_part(r.json["data"]["url"].get<std::string>());
  }
};

TEST_F(CalendarFeedApi, CreateRotateAndRevoke) {
  auto shop = make_shop(60);
  const auto& owner = shop.provider.owner;

  auto before = get(feed_path(shop.provider.provider_id), owner);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json["data"]["active"], false);
  EXPECT_TRUE(before.json["data"]["created_at"].is_null());

  auto made = create_link(shop.provider, owner);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string url = made.json["data"]["url"];
  const std::string prefix =
      "/api/v1/providers/" + shop.provider.provider_id + "/calendar.ics?token=";
  ASSERT_NE(url.find(prefix), std::string::npos) << url;
  const std::string token = url.substr(url.find("token=") + 6);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_FALSE(made.json["data"]["created_at"].is_null());

  auto status = get(feed_path(shop.provider.provider_id), owner);
  EXPECT_EQ(status.json["data"]["active"], true);
  EXPECT_EQ(status.json["data"]["created_at"], made.json["data"]["created_at"]);
  EXPECT_FALSE(status.json["data"].contains("url"));  // shown once only

  // Only the digest is stored.
  {
    soci::session sql(test_app().app().database().pool());
    std::string stored;
    sql << "SELECT calendar_feed_token_hash FROM service_providers WHERE id = :id",
        soci::into(stored), soci::use(shop.provider.provider_id);
    EXPECT_EQ(stored, test_app().app().crypto().sha256_hex(token));
  }

  const std::string first = local_part(url);
  auto feed = fetch_feed(first);
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.header("content-type"), "text/calendar; charset=utf-8; method=PUBLISH");
  EXPECT_NE(feed.body.find("METHOD:PUBLISH\r\n"), std::string::npos);

  // A new link replaces the old one at once.
  const std::string second = new_link(shop.provider);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(second, first);
  auto old = fetch_feed(first);
  EXPECT_EQ(old.status, 404) << old.body;
  EXPECT_EQ(old.json["success"], false);
  EXPECT_EQ(error_code(old), "CALENDAR_001");
  EXPECT_EQ(fetch_feed(second).status, 200);

  // The right token on another provider's path, no token, a made-up one: all 404.
  auto other = make_shop(30);
  const std::string token2 = second.substr(second.find("token="));
  EXPECT_EQ(
      fetch_feed("/api/v1/providers/" + other.provider.provider_id + "/calendar.ics?" + token2)
          .status,
      404);
  EXPECT_EQ(fetch_feed("/api/v1/providers/" + shop.provider.provider_id + "/calendar.ics").status,
            404);
  EXPECT_EQ(fetch_feed(prefix + std::string(43, 'A')).status, 404);
  EXPECT_EQ(fetch_feed("/api/v1/providers/not-a-uuid/calendar.ics?" + token2).status, 404);

  auto off = del(feed_path(shop.provider.provider_id), owner);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(fetch_feed(second).status, 404);
  EXPECT_EQ(get(feed_path(shop.provider.provider_id), owner).json["data"]["active"], false);
}

TEST_F(CalendarFeedApi, OnlyTheOwnerOrAnAdminManagesIt) {
  auto shop = make_shop(60);
  auto stranger = make_provider(json::object(), "stranger");
  auto customer = register_user("customer", "feedcust");
  auto admin = make_admin();
  const auto path = feed_path(shop.provider.provider_id);
  for (const Actor* who : {&stranger.owner, &customer}) {
    EXPECT_EQ(get(path, *who).status, 403);
    EXPECT_EQ(create_link(shop.provider, *who).status, 403);
    EXPECT_EQ(del(path, *who).status, 403);
  }
  EXPECT_EQ(get(path, Actor{}).status, 401);
  EXPECT_EQ(create_link(shop.provider, Actor{}).status, 401);
  EXPECT_EQ(get(path, admin).status, 200);
  auto by_admin = create_link(shop.provider, admin);
  EXPECT_EQ(by_admin.status, 201) << by_admin.body;
  EXPECT_EQ(get(path, shop.provider.owner).json["data"]["active"], true);
  EXPECT_EQ(get(feed_path("00000000-0000-4000-8000-000000000000"), admin).status, 404);
}

TEST_F(CalendarFeedApi, FeedListsActiveBookingsWithTheirInviteUids) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "feed");
  const auto date = day_ahead();
  const auto pending = book(shop, customer, date, "09:00");
  const auto confirmed = book(shop, customer, date, "11:00");
  const auto cancelled = book(shop, customer, date, "13:00");
  auto with_notes = booking_body(shop, date, "15:00");
  with_notes["customer_notes"] = "Bring towels; long hair, please";
  auto noted = post_booking(with_notes, customer);
  ASSERT_EQ(noted.status, 201) << noted.body;
  const std::string moved_from = noted.json["data"]["booking"]["id"];
  ASSERT_EQ(
      send("POST", "/api/v1/bookings/" + pending + "/confirm", json::object(), shop.provider.owner)
          .status,
      200);
  const auto& now_confirmed = pending;  // confirmed just now
  ASSERT_EQ(del("/api/v1/bookings/" + cancelled, customer).status, 200);
  auto moved = send("POST", "/api/v1/bookings/" + moved_from + "/reschedule",
                    {{"new_date", iso(plus_days(date, 1))}, {"new_start_time", "10:00"}}, customer);
  ASSERT_EQ(moved.status, 201) << moved.body;
  const std::string moved_to = moved.json["data"]["booking"]["id"];
  const std::string moved_starts = moved.json["data"]["booking"]["starts_at"];

  const auto link = new_link(shop.provider);
  auto feed = fetch_feed(link);
  ASSERT_EQ(feed.status, 200) << feed.body;
  const auto lines = unfold(feed.body);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
  bool named = false;
  for (const auto& l : lines) named = named || l.rfind("X-WR-CALNAME:", 0) == 0;
  EXPECT_TRUE(named);

  std::map<std::string, Event> by_uid;
  for (auto& e : events_of(feed.body)) by_uid[e["UID"]] = e;
  ASSERT_EQ(by_uid.size(), 3u) << feed.body;
  EXPECT_EQ(by_uid.count("booking-" + cancelled + "@janji"), 0u);
  EXPECT_EQ(by_uid.count("booking-" + moved_to + "@janji"), 0u);  // it keeps its origin's UID

  const Event& first = by_uid["booking-" + now_confirmed + "@janji"];
  EXPECT_EQ(first.at("STATUS"), "CONFIRMED");
  EXPECT_EQ(first.at("SEQUENCE"), "0");
  EXPECT_EQ(first.at("SUMMARY"), "Service 60 - Sari feed");
  EXPECT_EQ(first.count("ATTENDEE"), 0u);
  EXPECT_EQ(first.count("ORGANIZER"), 1u);
  EXPECT_EQ(by_uid["booking-" + confirmed + "@janji"].at("STATUS"), "TENTATIVE");

  const Event& rescheduled = by_uid["booking-" + moved_from + "@janji"];
  EXPECT_EQ(rescheduled.at("SEQUENCE"), "1");
  EXPECT_EQ(rescheduled.at("STATUS"), "TENTATIVE");
  std::string compact;
  for (char c : moved_starts) {
    if (c != '-' && c != ':') compact += c;
  }
  EXPECT_EQ(rescheduled.at("DTSTART"), compact);
  EXPECT_EQ(rescheduled.at("DESCRIPTION"), "Bring towels\\; long hair\\, please");

  // The same UID and SEQUENCE as the booking's own invite.
  auto invite = get("/api/v1/bookings/" + moved_to + "/calendar.ics", customer);
  ASSERT_EQ(invite.status, 200);
  const auto invited = events_of(invite.body);
  ASSERT_EQ(invited.size(), 1u);
  EXPECT_EQ(invited[0].at("UID"), "booking-" + moved_from + "@janji");
  EXPECT_EQ(invited[0].at("SEQUENCE"), "1");
}

// The feed reaches 30 days back (a calendar keeps the recent past) and no further; finished
// bookings are absent however recent.
TEST_F(CalendarFeedApi, FeedReachesThirtyDaysBack) {
  auto shop = make_shop(60);
  auto customer = register_user("customer", "past");
  const auto today = today_in_jakarta();
  const auto recent = insert_booking(shop.provider, shop.service_id, customer,
                                     plus_days(today, -10), "10:00", "11:00", "confirmed");
  insert_booking(shop.provider, shop.service_id, customer, plus_days(today, -40), "10:00", "11:00",
                 "confirmed");
  insert_booking(shop.provider, shop.service_id, customer, plus_days(today, -5), "10:00", "11:00",
                 "completed");
  auto feed = fetch_feed(new_link(shop.provider));
  ASSERT_EQ(feed.status, 200) << feed.body;
  std::vector<std::string> uids;
  for (auto& e : events_of(feed.body)) uids.push_back(e["UID"]);
  EXPECT_EQ(uids, std::vector<std::string>{"booking-" + recent + "@janji"});
}

}  // namespace
}  // namespace janji::testing
