#include "core/notifications/calendar_invite.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/common/clock.hpp"

namespace janji::notifications {
namespace {

common::Instant at(const char* iso) { return *common::parse_instant(iso); }

std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
    if (end == std::string::npos) break;
    out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// Unfolds (RFC 5545 3.1) and maps each property name (before ';' or ':') to its full line.
std::multimap<std::string, std::string> properties(const std::string& text) {
  std::vector<std::string> logical;
  for (const auto& l : physical_lines(text)) {
    if (!l.empty() && l[0] == ' ' && !logical.empty()) {
      logical.back() += l.substr(1);
    } else {
      logical.push_back(l);
    }
  }
  std::multimap<std::string, std::string> out;
  for (const auto& l : logical) out.emplace(l.substr(0, l.find_first_of(";:")), l);
  return out;
}

CalendarInvite sample() {
  CalendarInvite invite;
  invite.uid = "booking-4f1c7e2a-9d3b-4a6e-8c21-5b7d9e0f1a2b@janji.local";
  invite.stamp = at("2027-03-01T08:15:00Z");
  invite.starts_at = at("2027-03-14T06:30:00Z");
  invite.ends_at = at("2027-03-14T07:30:00Z");
  invite.summary = "Potong rambut - Salon Ayu, Cantik; Bandung";
  invite.location = "Jl. Braga No. 45, Bandung";
  invite.description = "Catatan:\nTolong siapkan handuk.";
  invite.organizer = {"Salon Ayu Cantik", "noreply@janji.local"};
  invite.attendee = {"Siti \"Sari\" Rahayu", "siti.rahayu.dengan.alamat.panjang@example.com"};
  return invite;
}

TEST(CalendarInvite, UtcDateTimeForm) {
  EXPECT_EQ(ical_utc(at("2027-03-14T06:30:00Z")), "20270314T063000Z");
  EXPECT_EQ(ical_utc(at("1999-12-31T23:59:59Z")), "19991231T235959Z");
}

TEST(CalendarInvite, TextEscaping) {
  EXPECT_EQ(escape_ical_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
  EXPECT_EQ(escape_ical_text("Jl. Braga: 45"), "Jl. Braga: 45");  // ':' needs no escape
}

TEST(CalendarInvite, FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "DESCRIPTION:";
  for (int i = 0; i < 60; ++i) line += "é🙂a";  // 2-, 4- and 1-octet characters
  const auto folded = fold_ical_line(line);
  std::string unfolded;
  bool first = true;
  for (const auto& l : physical_lines(folded)) {
    EXPECT_LE(l.size(), 75u) << l;
    if (!first) {
      ASSERT_EQ(l[0], ' ');
      // The character after the fold's space starts a UTF-8 sequence.
      ASSERT_GT(l.size(), 1u);
      EXPECT_NE(static_cast<unsigned char>(l[1]) & 0xC0, 0x80);
      unfolded += l.substr(1);
    } else {
      unfolded += l;
    }
    first = false;
  }
  EXPECT_EQ(unfolded, line);
  EXPECT_EQ(fold_ical_line("VERSION:2.0"), "VERSION:2.0\r\n");
}

TEST(CalendarInvite, RequestCarriesWhatItipRequires) {
  const auto text = render_calendar_invite(sample());
  for (const auto& l : physical_lines(text)) EXPECT_LE(l.size(), 75u) << l;
  for (std::size_t i = 0; i < text.size(); ++i) {  // no bare LF anywhere
    if (text[i] == '\n') {
      ASSERT_GT(i, 0u);
      ASSERT_EQ(text[i - 1], '\r');
    }
  }
  const auto p = properties(text);
  EXPECT_EQ(p.find("METHOD")->second, "METHOD:REQUEST");
  EXPECT_EQ(p.find("VERSION")->second, "VERSION:2.0");
  EXPECT_EQ(p.count("PRODID"), 1u);
  EXPECT_EQ(p.find("UID")->second, "UID:" + sample().uid);
  EXPECT_EQ(p.find("DTSTAMP")->second, "DTSTAMP:20270301T081500Z");
  EXPECT_EQ(p.find("DTSTART")->second, "DTSTART:20270314T063000Z");
  EXPECT_EQ(p.find("DTEND")->second, "DTEND:20270314T073000Z");
  EXPECT_EQ(p.find("SEQUENCE")->second, "SEQUENCE:0");
  EXPECT_EQ(p.find("STATUS")->second, "STATUS:CONFIRMED");
  EXPECT_EQ(p.find("SUMMARY")->second, "SUMMARY:Potong rambut - Salon Ayu\\, Cantik\\; Bandung");
  EXPECT_EQ(p.find("LOCATION")->second, "LOCATION:Jl. Braga No. 45\\, Bandung");
  EXPECT_EQ(p.find("DESCRIPTION")->second, "DESCRIPTION:Catatan:\\nTolong siapkan handuk.");
  EXPECT_EQ(p.find("ORGANIZER")->second,
            "ORGANIZER;CN=\"Salon Ayu Cantik\":mailto:noreply@janji.local");
  EXPECT_EQ(p.find("ATTENDEE")->second,
            "ATTENDEE;CN=\"Siti Sari Rahayu\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE"
            ":mailto:siti.rahayu.dengan.alamat.panjang@example.com");
  EXPECT_EQ(p.count("BEGIN"), 2u);
  EXPECT_EQ(p.count("END"), 2u);
  EXPECT_EQ(text.rfind("END:VCALENDAR\r\n"), text.size() - 15);
}

TEST(CalendarInvite, CancelKeepsTheUidAndRaisesTheSequence) {
  auto invite = sample();
  invite.method = InviteMethod::kCancel;
  invite.sequence = 2;
  invite.location.clear();
  invite.description.clear();
  const auto p = properties(render_calendar_invite(invite));
  EXPECT_EQ(p.find("METHOD")->second, "METHOD:CANCEL");
  EXPECT_EQ(p.find("STATUS")->second, "STATUS:CANCELLED");
  EXPECT_EQ(p.find("SEQUENCE")->second, "SEQUENCE:2");
  EXPECT_EQ(p.find("UID")->second, "UID:" + sample().uid);
  EXPECT_EQ(p.count("LOCATION"), 0u);
  EXPECT_EQ(p.count("DESCRIPTION"), 0u);
}

TEST(CalendarFeed, PublishesEveryEventWithoutAttendees) {
  CalendarFeed feed;
  feed.name = "Salon Ayu, Bandung";
  feed.stamp = at("2027-03-01T00:00:00Z");
  feed.organizer = {"Salon Ayu", "noreply@janji.local"};
  FeedEvent pending;
  pending.uid = "booking-a@janji";
  pending.starts_at = at("2027-03-14T06:30:00Z");
  pending.ends_at = at("2027-03-14T07:30:00Z");
  pending.summary = "Potong rambut - Budi";
  FeedEvent moved = pending;
  moved.uid = "booking-b@janji";
  moved.sequence = 1;
  moved.confirmed = true;
  moved.description = std::string(120, 'x') + "\n;";
  feed.events = {pending, moved};

  const std::string text = render_calendar_feed(feed);
  for (const auto& l : physical_lines(text)) EXPECT_LE(l.size(), 75u) << l;
  const auto p = properties(text);
  EXPECT_EQ(p.find("METHOD")->second, "METHOD:PUBLISH");
  EXPECT_EQ(p.find("X-WR-CALNAME")->second, "X-WR-CALNAME:Salon Ayu\\, Bandung");
  EXPECT_EQ(p.count("ATTENDEE"), 0u);
  EXPECT_EQ(p.count("ORGANIZER"), 2u);
  EXPECT_EQ(p.count("UID"), 2u);
  const auto statuses = p.equal_range("STATUS");
  std::vector<std::string> seen;
  for (auto it = statuses.first; it != statuses.second; ++it) seen.push_back(it->second);
  EXPECT_EQ(seen, (std::vector<std::string>{"STATUS:TENTATIVE", "STATUS:CONFIRMED"}));
  const auto sequences = p.equal_range("SEQUENCE");
  EXPECT_EQ(std::next(sequences.first)->second, "SEQUENCE:1");
  EXPECT_EQ(p.find("DESCRIPTION")->second, "DESCRIPTION:" + std::string(120, 'x') + "\\n\\;");
}

TEST(CalendarFeed, EmptyFeedIsAValidCalendar) {
  CalendarFeed feed;
  feed.name = "Salon";
  feed.organizer = {"Salon", "noreply@janji.local"};
  const auto p = properties(render_calendar_feed(feed));
  EXPECT_EQ(p.count("BEGIN"), 1u);
  EXPECT_EQ(p.count("VERSION"), 1u);
  EXPECT_EQ(p.count("PRODID"), 1u);
}

}  // namespace
}  // namespace janji::notifications
