#include "adapters/cache/redis_slot_cache.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <system_error>
#include <utility>
#include <vector>

namespace janji::cache {

namespace {

// Generation and day in one round trip. A missing generation key reads as "0" (never
// invalidated). The day key is built from the generation inside the script, so it is not
// declared in KEYS: fine on a single Redis, not on Redis Cluster.
constexpr const char* kLookupScript = R"lua(
local gen = redis.call('GET', KEYS[1]) or '0'
return {gen, redis.call('GET', ARGV[1] .. gen .. ARGV[2])}
)lua";

// v2: each candidate is a slot with its instants (issue 10); v1 entries read as misses.
constexpr std::string_view kFormatVersion = "v2";
constexpr char kFieldSeparator = '|';
constexpr char kCandidateSeparator = ',';
constexpr char kSlotFieldSeparator = ':';

template <typename Int>
bool parse_int(std::string_view text, Int& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end;
}

// Splits off the text up to the next '|' (exclusive) and advances `rest` past it.
std::optional<std::string_view> next_field(std::string_view& rest) {
  const auto at = rest.find(kFieldSeparator);
  if (at == std::string_view::npos) return std::nullopt;
  const auto field = rest.substr(0, at);
  rest.remove_prefix(at + 1);
  return field;
}

// One "start:end:starts_at:length:offset" candidate.
std::optional<availability::Slot> parse_slot(std::string_view text) {
  long long fields[5] = {};
  for (int i = 0; i < 5; ++i) {
    const auto at = text.find(kSlotFieldSeparator);
    if ((at == std::string_view::npos) != (i == 4)) return std::nullopt;
    if (!parse_int(text.substr(0, at), fields[i])) return std::nullopt;
    if (at != std::string_view::npos) text.remove_prefix(at + 1);
  }
  availability::Slot slot;
  slot.start = static_cast<int>(fields[0]);
  slot.end = static_cast<int>(fields[1]);
  slot.starts_at = common::Instant{std::chrono::minutes{fields[2]}};
  slot.ends_at = slot.starts_at + std::chrono::minutes{fields[3]};
  slot.utc_offset = static_cast<int>(fields[4]);
  return slot;
}

}  // namespace

// A TTL below a second is raised to one: RedisClient::set() would store it without expiry.
RedisSlotCache::RedisSlotCache(RedisClient& client, std::chrono::seconds ttl,
                               std::string key_prefix)
    : client_(client),
      ttl_(std::max(ttl, std::chrono::seconds{1})),
      prefix_(std::move(key_prefix)) {}

availability::SlotCacheLookup RedisSlotCache::lookup(const std::string& provider_id,
                                                     const std::string& date,
                                                     const std::string& service_id) {
  const std::string gen_key = generation_key(provider_id);
  const std::string day_key_head = prefix_ + provider_id + ":";
  const std::string day_key_tail = ":" + date + ":" + service_id;
  const auto reply =
      client_.command({"EVAL", kLookupScript, "1", gen_key, day_key_head, day_key_tail});
  if (!reply) return {"", std::nullopt};  // unreachable; the client has logged it
  if (reply->kind != RedisReply::Kind::kArray || reply->elements.size() != 2 ||
      reply->elements[0].kind != RedisReply::Kind::kString) {
    spdlog::warn("slot cache: unexpected redis reply to lookup: {}",
                 reply->is_error() ? reply->str : std::string("wrong shape"));
    return {"", std::nullopt};
  }
  availability::SlotCacheLookup result{reply->elements[0].str, std::nullopt};
  if (reply->elements[1].kind == RedisReply::Kind::kString) {
    // Anything unreadable (another version, corruption) is a miss and gets overwritten.
    result.day = parse_day(reply->elements[1].str);
  }
  return result;
}

void RedisSlotCache::store(const std::string& provider_id, const std::string& generation,
                           const std::string& date, const std::string& service_id,
                           const availability::CachedDay& day) {
  // Empty: the lookup could not reach Redis, so there is no generation to store under.
  if (generation.empty()) return;
  // A zone the format cannot carry would only ever read back as a miss.
  if (day.time_zone.find(kFieldSeparator) != std::string::npos) return;
  const std::string key = prefix_ + provider_id + ":" + generation + ":" + date + ":" + service_id;
  // Best effort: a failed store is a later miss, and the client has logged the failure.
  client_.set(key, serialize_day(day), ttl_);
}

void RedisSlotCache::invalidate(const std::string& provider_id) {
  const auto reply = client_.command({"INCR", generation_key(provider_id)});
  if (!reply || reply->kind != RedisReply::Kind::kInteger) {
    // Days cached under the old generation stay visible until their TTL runs out.
    spdlog::warn("slot cache: cannot invalidate provider {}: {}", provider_id,
                 !reply              ? std::string("redis unavailable")
                 : reply->is_error() ? reply->str
                                     : std::string("unexpected reply"));
  }
}

std::string RedisSlotCache::serialize_day(const availability::CachedDay& day) {
  std::string out;
  out.reserve(32 + day.time_zone.size() + day.candidates.size() * 5);
  out.append(kFormatVersion);
  out += kFieldSeparator;
  out += day.time_zone;
  out += kFieldSeparator;
  out += std::to_string(day.rules.slot_interval);
  out += kFieldSeparator;
  out += std::to_string(day.rules.min_notice);
  out += kFieldSeparator;
  out += std::to_string(day.rules.max_advance_days);
  out += kFieldSeparator;
  // start:end:starts_at:length:offset, the instant in Unix minutes and the length in minutes.
  for (std::size_t i = 0; i < day.candidates.size(); ++i) {
    const availability::Slot& slot = day.candidates[i];
    if (i > 0) out += kCandidateSeparator;
    out += std::to_string(slot.start);
    out += kSlotFieldSeparator;
    out += std::to_string(slot.end);
    out += kSlotFieldSeparator;
    out += std::to_string(
        std::chrono::floor<std::chrono::minutes>(slot.starts_at.time_since_epoch()).count());
    out += kSlotFieldSeparator;
    out += std::to_string(
        std::chrono::floor<std::chrono::minutes>(slot.ends_at - slot.starts_at).count());
    out += kSlotFieldSeparator;
    out += std::to_string(slot.utc_offset);
  }
  return out;
}

std::optional<availability::CachedDay> RedisSlotCache::parse_day(std::string_view text) {
  std::string_view rest = text;
  const auto version = next_field(rest);
  if (!version || *version != kFormatVersion) return std::nullopt;
  const auto time_zone = next_field(rest);
  const auto interval = next_field(rest);
  const auto notice = next_field(rest);
  const auto advance = next_field(rest);
  if (!advance) return std::nullopt;  // fewer than six fields
  availability::CachedDay day;
  day.time_zone = std::string(*time_zone);
  if (!parse_int(*interval, day.rules.slot_interval) || !parse_int(*notice, day.rules.min_notice) ||
      !parse_int(*advance, day.rules.max_advance_days)) {
    return std::nullopt;
  }
  // The rest is the candidate list: empty, or slots separated by ','.
  if (rest.find(kFieldSeparator) != std::string_view::npos) return std::nullopt;
  while (!rest.empty()) {
    const auto at = rest.find(kCandidateSeparator);
    auto slot = parse_slot(rest.substr(0, at));
    if (!slot) return std::nullopt;
    day.candidates.push_back(*slot);
    if (at == std::string_view::npos) break;
    rest.remove_prefix(at + 1);
    if (rest.empty()) return std::nullopt;  // trailing ','
  }
  return day;
}

std::string RedisSlotCache::generation_key(const std::string& provider_id) const {
  return prefix_ + "gen:" + provider_id;
}

}  // namespace janji::cache
