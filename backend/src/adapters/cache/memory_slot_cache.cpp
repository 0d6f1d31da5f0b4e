#include "adapters/cache/memory_slot_cache.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <mutex>
#include <optional>
#include <system_error>

namespace janji::cache {

namespace {

std::optional<std::uint64_t> parse_generation(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::size_t MemorySlotCache::DayKeyHash::operator()(const DayKey& key) const {
  return (*this)(DayKeyView{key.date, key.service_id});
}

std::size_t MemorySlotCache::DayKeyHash::operator()(const DayKeyView& key) const {
  const std::size_t seed = std::hash<std::string_view>{}(key.date);
  return seed ^ (std::hash<std::string_view>{}(key.service_id) + 0x9e3779b97f4a7c15ULL +
                 (seed << 6) + (seed >> 2));
}

bool MemorySlotCache::DayKeyEqual::operator()(const DayKeyView& a, const DayKeyView& b) const {
  return a.date == b.date && a.service_id == b.service_id;
}

bool MemorySlotCache::DayKeyEqual::operator()(const DayKey& a, const DayKey& b) const {
  return (*this)(DayKeyView{a.date, a.service_id}, DayKeyView{b.date, b.service_id});
}

bool MemorySlotCache::DayKeyEqual::operator()(const DayKey& a, const DayKeyView& b) const {
  return (*this)(DayKeyView{a.date, a.service_id}, b);
}

bool MemorySlotCache::DayKeyEqual::operator()(const DayKeyView& a, const DayKey& b) const {
  return (*this)(a, DayKeyView{b.date, b.service_id});
}

MemorySlotCache::MemorySlotCache(const common::Clock& clock, std::chrono::seconds ttl,
                                 std::size_t max_entries)
    : clock_(clock), ttl_(ttl), max_entries_(std::max<std::size_t>(max_entries, 1)) {}

availability::SlotCacheLookup MemorySlotCache::lookup(const std::string& provider_id,
                                                      const std::string& date,
                                                      const std::string& service_id) {
  const auto now = clock_.now();
  {
    std::shared_lock lock(mutex_);
    const auto provider = providers_.find(provider_id);
    if (provider != providers_.end()) {
      availability::SlotCacheLookup result{std::to_string(provider->second.generation),
                                           std::nullopt};
      const auto& days = provider->second.days;
      const auto entry = days.find(DayKeyView{date, service_id});
      if (entry != days.end() && now < entry->second.expires_at) result.day = entry->second.day;
      return result;
    }
  }
  // First sight of this provider (or since an eviction): it needs a generation to store under.
  std::unique_lock lock(mutex_);
  return {std::to_string(provider_record(provider_id).generation), std::nullopt};
}

void MemorySlotCache::store(const std::string& provider_id, const std::string& generation,
                            const std::string& date, const std::string& service_id,
                            const availability::CachedDay& day) {
  const auto wanted = parse_generation(generation);
  if (!wanted) return;
  const auto expires_at = clock_.now() + ttl_;
  std::unique_lock lock(mutex_);
  auto provider = providers_.find(provider_id);
  // A stale generation means an invalidation (or eviction) landed after the lookup: the day may
  // have been computed from rows that changed, so it must not be served.
  if (provider == providers_.end() || provider->second.generation != *wanted) return;
  auto& days = provider->second.days;
  auto entry = days.find(DayKeyView{date, service_id});
  if (entry != days.end()) {
    entry->second = Entry{day, expires_at};
    return;
  }
  if (entry_count_ >= max_entries_) drop_all_days();
  days.emplace(DayKey{date, service_id}, Entry{day, expires_at});
  ++entry_count_;
}

void MemorySlotCache::invalidate(const std::string& provider_id) {
  std::unique_lock lock(mutex_);
  auto provider = providers_.find(provider_id);
  // No record means no days and no outstanding generation: a re-created record gets a fresh one.
  if (provider == providers_.end()) return;
  provider->second.generation = next_generation_++;
  entry_count_ -= provider->second.days.size();
  provider->second.days.clear();
}

void MemorySlotCache::invalidate_all() {
  std::unique_lock lock(mutex_);
  for (auto& [id, record] : providers_) {
    record.generation = next_generation_++;
    record.days.clear();
  }
  entry_count_ = 0;
}

std::size_t MemorySlotCache::size() const {
  std::shared_lock lock(mutex_);
  return entry_count_;
}

MemorySlotCache::ProviderDays& MemorySlotCache::provider_record(const std::string& provider_id) {
  auto provider = providers_.find(provider_id);
  if (provider != providers_.end()) return provider->second;
  // Records without days are tiny, but lookups of many distinct ids must not grow memory forever.
  if (providers_.size() >= max_entries_) {
    providers_.clear();
    entry_count_ = 0;
  }
  auto& record = providers_[provider_id];
  record.generation = next_generation_++;
  return record;
}

void MemorySlotCache::drop_all_days() {
  for (auto& [id, record] : providers_) record.days.clear();
  entry_count_ = 0;
}

}  // namespace janji::cache
