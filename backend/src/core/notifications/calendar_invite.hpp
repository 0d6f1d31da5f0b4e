#pragma once

#include <string>
#include <vector>

#include "core/common/clock.hpp"

namespace janji::notifications {

// iTIP method of an invite (RFC 5546): REQUEST books or moves the event in the attendee's
// calendar, CANCEL removes it.
enum class InviteMethod { kRequest, kCancel };

struct CalendarParty {
  std::string name;
  std::string email;
};

// One booking as a calendar event. `uid` stays the same for a booking and everything
// rescheduled from it; `sequence` grows with each change (a CANCEL must carry a higher one
// than the last REQUEST the attendee saw).
struct CalendarInvite {
  InviteMethod method = InviteMethod::kRequest;
  std::string uid;
  int sequence = 0;
  common::Instant stamp;  // when this invite was made (DTSTAMP)
  common::Instant starts_at;
  common::Instant ends_at;
  std::string summary;   // "Potong rambut - Salon Ayu"
  std::string location;  // the provider's address; may be empty
  std::string description;
  CalendarParty organizer;
  CalendarParty attendee;
};

// The RFC 5545 text of the invite: UTF-8, CRLF line ends, lines folded at 75 octets without
// splitting a UTF-8 sequence, TEXT values escaped, times in UTC (no VTIMEZONE needed).
std::string render_calendar_invite(const CalendarInvite& invite);

// One booking in a provider's subscription feed.
struct FeedEvent {
  std::string uid;  // the same UID the booking's invites carry
  int sequence = 0;
  bool confirmed = false;  // CONFIRMED, else TENTATIVE (pending)
  common::Instant starts_at;
  common::Instant ends_at;
  std::string summary;  // "Potong rambut - Budi Santoso"
  std::string location;
  std::string description;
};

// A provider's private subscription feed (METHOD:PUBLISH, RFC 5546 3.2.1): read-only events,
// an ORGANIZER and no attendees.
struct CalendarFeed {
  std::string name;  // X-WR-CALNAME
  common::Instant stamp;
  CalendarParty organizer;
  std::vector<FeedEvent> events;
};

// The feed's RFC 5545 text, with the same lines, folding and escaping as an invite.
std::string render_calendar_feed(const CalendarFeed& feed);

// "20270314T063000Z": the UTC DATE-TIME form (RFC 5545 3.3.5).
std::string ical_utc(common::Instant t);

// Escapes a TEXT value: backslash, semicolon, comma, and line breaks as \n (RFC 5545 3.3.11).
std::string escape_ical_text(const std::string& text);

// Folds one unfolded content line into CRLF-terminated lines of at most 75 octets.
std::string fold_ical_line(const std::string& line);

}  // namespace janji::notifications
