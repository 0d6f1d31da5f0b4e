#include "core/providers/calendar_feed.hpp"

#include <chrono>

#include "core/notifications/calendar_invite.hpp"

namespace janji::providers {

namespace {

using common::Error;
using common::fail;

// random_token() gives 43 characters; anything much longer is not ours and is not hashed.
constexpr std::size_t kMaxTokenLength = 128;

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Error calendar_feed_not_found() {
  return Error::not_found("CALENDAR_001", "Calendar feed not found");
}

Result<CalendarFeedStatus> CalendarFeedService::status(const auth::Principal& who,
                                                       const std::string& provider_id) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  auto created = deps_.feeds.token_created_at(provider->id);
  if (!created) return fail(created.error());
  return CalendarFeedStatus{created->has_value(), *created};
}

Result<CalendarFeedLink> CalendarFeedService::create(const auth::Principal& who,
                                                     const std::string& provider_id) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  const std::string token = deps_.crypto.random_token();
  const auto now = deps_.clock.now();
  auto stored = deps_.feeds.set_token(provider->id, deps_.crypto.sha256_hex(token), now);
  if (!stored) return fail(stored.error());
  return CalendarFeedLink{without_trailing_slash(settings_.app_url) + "/api/v1/providers/" +
                              provider->id + "/calendar.ics?token=" + token,
                          common::format_instant(now)};
}

Status CalendarFeedService::revoke(const auth::Principal& who, const std::string& provider_id) {
  auto provider = deps_.catalog.managed_provider(who, provider_id);
  if (!provider) return fail(provider.error());
  return deps_.feeds.set_token(provider->id, std::nullopt, deps_.clock.now());
}

Result<std::string> CalendarFeedService::render(const std::string& provider_id,
                                                const std::string& token) {
  if (!common::is_uuid(provider_id) || token.empty() || token.size() > kMaxTokenLength) {
    return fail(calendar_feed_not_found());
  }
  // Looked up by digest: the comparison happens on the hash, so the time it takes says nothing
  // about how much of a guessed token was right.
  auto owner = deps_.feeds.provider_by_token(deps_.crypto.sha256_hex(token));
  if (!owner) return fail(owner.error());
  if (!*owner || !deps_.crypto.equal_constant_time(**owner, provider_id)) {
    return fail(calendar_feed_not_found());
  }
  auto provider = deps_.providers.find(provider_id);
  if (!provider) return fail(provider.error());
  if (!*provider) return fail(calendar_feed_not_found());

  const auto now = deps_.clock.now();
  auto bookings = deps_.feeds.active_bookings(provider_id, now - std::chrono::days{kFeedPastDays},
                                              kMaxFeedEvents);
  if (!bookings) return fail(bookings.error());

  notifications::CalendarFeed feed;
  feed.name = (*provider)->business_name + " (Janji)";
  feed.stamp = now;
  feed.organizer = {(*provider)->business_name, settings_.organizer_email};
  feed.events.reserve(bookings->size());
  for (const FeedBooking& b : *bookings) {
    notifications::FeedEvent e;
    // The same UID and SEQUENCE as the booking's invites, so a calendar that has both sees
    // one event.
    e.uid = "booking-" + b.origin_id + "@janji";
    e.sequence = b.moves;
    e.confirmed = b.confirmed;
    e.starts_at = b.starts_at;
    e.ends_at = b.ends_at;
    e.summary = b.service_name + " - " + b.customer_name;
    e.location = (*provider)->address.value_or("");
    e.description = b.customer_notes.value_or("");
    feed.events.push_back(std::move(e));
  }
  return notifications::render_calendar_feed(feed);
}

}  // namespace janji::providers
