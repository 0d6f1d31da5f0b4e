#include "core/notifications/calendar_invite.hpp"

#include <chrono>
#include <cstdio>

namespace janji::notifications {

namespace {

constexpr std::size_t kMaxLineOctets = 75;
constexpr const char* kCrlf = "\r\n";

bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// A parameter value (CN=...) may not hold ; : , unquoted; quote it and drop the one character
// a quoted value cannot hold (RFC 5545 3.2: DQUOTE is not allowed inside).
std::string param_value(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\r' || c == '\n') continue;
    out += c;
  }
  return out + "\"";
}

std::string party(const char* property, const CalendarParty& who, const std::string& extra) {
  return std::string(property) + ";CN=" + param_value(who.name) + extra + ":mailto:" + who.email;
}

}  // namespace

std::string ical_utc(common::Instant t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{seconds - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string escape_ical_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;  // CRLF is one break
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fold_ical_line(const std::string& line) {
  std::string out;
  std::size_t pos = 0;
  std::size_t room = kMaxLineOctets;  // the first line has 75 octets, continuations 74 + space
  while (line.size() - pos > room) {
    std::size_t cut = pos + room;
    while (cut > pos && is_utf8_continuation(static_cast<unsigned char>(line[cut]))) --cut;
    out.append(line, pos, cut - pos);
    out += kCrlf;
    out += ' ';
    pos = cut;
    room = kMaxLineOctets - 1;
  }
  out.append(line, pos, std::string::npos);
  out += kCrlf;
  return out;
}

std::string render_calendar_invite(const CalendarInvite& invite) {
  const bool cancel = invite.method == InviteMethod::kCancel;
  std::string out;
  const auto line = [&out](const std::string& content) { out += fold_ical_line(content); };
  line("BEGIN:VCALENDAR");
  line("PRODID:-//Janji//Booking Invite 1.0//EN");
  line("VERSION:2.0");
  line("CALSCALE:GREGORIAN");
  line(cancel ? "METHOD:CANCEL" : "METHOD:REQUEST");
  line("BEGIN:VEVENT");
  line("UID:" + invite.uid);
  line("DTSTAMP:" + ical_utc(invite.stamp));
  line("DTSTART:" + ical_utc(invite.starts_at));
  line("DTEND:" + ical_utc(invite.ends_at));
  // Present even at 0: a CANCEL requires it, and clients compare it across updates.
  line("SEQUENCE:" + std::to_string(invite.sequence));
  line(cancel ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
  line("SUMMARY:" + escape_ical_text(invite.summary));
  if (!invite.location.empty()) line("LOCATION:" + escape_ical_text(invite.location));
  if (!invite.description.empty()) line("DESCRIPTION:" + escape_ical_text(invite.description));
  line(party("ORGANIZER", invite.organizer, ""));
  // The customer booked it themselves: accepted, and no reply is asked for.
  line(party("ATTENDEE", invite.attendee, ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE"));
  line("END:VEVENT");
  line("END:VCALENDAR");
  return out;
}

std::string render_calendar_feed(const CalendarFeed& feed) {
  std::string out;
  const auto line = [&out](const std::string& content) { out += fold_ical_line(content); };
  const std::string stamp = ical_utc(feed.stamp);
  const std::string organizer = party("ORGANIZER", feed.organizer, "");
  line("BEGIN:VCALENDAR");
  line("PRODID:-//Janji//Provider Calendar 1.0//EN");
  line("VERSION:2.0");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:" + escape_ical_text(feed.name));
  for (const FeedEvent& e : feed.events) {
    line("BEGIN:VEVENT");
    line("UID:" + e.uid);
    line("DTSTAMP:" + stamp);
    line("DTSTART:" + ical_utc(e.starts_at));
    line("DTEND:" + ical_utc(e.ends_at));
    line("SEQUENCE:" + std::to_string(e.sequence));
    line(e.confirmed ? "STATUS:CONFIRMED" : "STATUS:TENTATIVE");
    line("SUMMARY:" + escape_ical_text(e.summary));
    if (!e.location.empty()) line("LOCATION:" + escape_ical_text(e.location));
    if (!e.description.empty()) line("DESCRIPTION:" + escape_ical_text(e.description));
    line(organizer);
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace janji::notifications
