#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/auth/user.hpp"
#include "core/common/clock.hpp"
#include "core/common/crypto.hpp"
#include "core/common/result.hpp"
#include "core/providers/catalog_service.hpp"
#include "core/providers/ports.hpp"

namespace janji::providers {

// How far back the feed reaches and how much it holds: a calendar app needs the recent past
// and the future, and a feed is fetched often, so it stays bounded.
inline constexpr int kFeedPastDays = 30;
inline constexpr int kMaxFeedEvents = 2000;

// One active (pending or confirmed) booking of the provider, as the feed shows it. `origin_id`
// is the first booking of its reschedule chain and `moves` the number of reschedules since.
struct FeedBooking {
  std::string id;
  std::string origin_id;
  int moves = 0;
  bool confirmed = false;
  Instant starts_at;
  Instant ends_at;
  std::string service_name;
  std::string customer_name;
  std::optional<std::string> customer_notes;
};

// Port: the provider's feed token (only its SHA-256 is stored) and the bookings the feed lists.
class CalendarFeedRepository {
 public:
  virtual ~CalendarFeedRepository() = default;
  // When the current token was made; nullopt when there is none (never made, or revoked).
  virtual Result<std::optional<std::string>> token_created_at(const std::string& provider_id) = 0;
  // Stores a new token digest (replacing any), or clears it when `token_hash` is nullopt.
  virtual Status set_token(const std::string& provider_id,
                           const std::optional<std::string>& token_hash, Instant now) = 0;
  // The live provider whose token has this digest.
  virtual Result<std::optional<std::string>> provider_by_token(const std::string& token_hash) = 0;
  // Pending and confirmed bookings starting at or after `from`, by start, at most `limit`.
  virtual Result<std::vector<FeedBooking>> active_bookings(const std::string& provider_id,
                                                           Instant from, int limit) = 0;
};

struct CalendarFeedStatus {
  bool active = false;
  std::optional<std::string> created_at;
};

// Shown once, when it is made: only its digest is kept.
struct CalendarFeedLink {
  std::string url;
  std::string created_at;
};

struct CalendarFeedSettings {
  std::string app_url;          // APP_URL: where the API answers
  std::string organizer_email;  // SENDGRID_FROM_EMAIL, the ORGANIZER of every event
};

struct CalendarFeedDependencies {
  CatalogService& catalog;
  ProviderRepository& providers;
  CalendarFeedRepository& feeds;
  const common::Crypto& crypto;
  const common::Clock& clock;
};

// A provider's private calendar subscription (issue 12, point 4): a secret URL that calendar
// apps poll. The owner (or an admin) makes, replaces and revokes it; the feed itself needs no
// login, only the token, and answers 404 for anything else.
class CalendarFeedService {
 public:
  CalendarFeedService(CalendarFeedDependencies deps, CalendarFeedSettings settings)
      : deps_(deps), settings_(std::move(settings)) {}

  Result<CalendarFeedStatus> status(const auth::Principal& who, const std::string& provider_id);
  // A new token replaces the old one, which stops working at once.
  Result<CalendarFeedLink> create(const auth::Principal& who, const std::string& provider_id);
  Status revoke(const auth::Principal& who, const std::string& provider_id);

  // The iCalendar text of the feed; NotFound unless `token` is the provider's current token.
  Result<std::string> render(const std::string& provider_id, const std::string& token);

 private:
  CalendarFeedDependencies deps_;
  CalendarFeedSettings settings_;
};

common::Error calendar_feed_not_found();

}  // namespace janji::providers
