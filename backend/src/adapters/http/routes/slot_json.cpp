#include "adapters/http/routes/slot_json.hpp"

#include <algorithm>
#include <chrono>

#include "core/common/zone_day.hpp"

namespace janji::http {

namespace {

void append_two_digits(std::string& out, unsigned value) {
  out += static_cast<char>('0' + value / 10 % 10);
  out += static_cast<char>('0' + value % 10);
}

// "HH:MM" with quotes; 24:00 as such (an end at midnight).
void append_hhmm(std::string& out, int minutes) {
  const int m = std::clamp(minutes, 0, common::kMinutesPerDay);
  out += '"';
  append_two_digits(out, static_cast<unsigned>(m / 60));
  out += ':';
  append_two_digits(out, static_cast<unsigned>(m % 60));
  out += '"';
}

// RFC 3339 in UTC with quotes, as common::format_instant writes it, without strftime.
void append_instant(std::string& out, common::Instant t) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> time{secs - day};
  const int y = static_cast<int>(ymd.year());
  out += '"';
  append_two_digits(out, static_cast<unsigned>(y / 100));
  append_two_digits(out, static_cast<unsigned>(y % 100));
  out += '-';
  append_two_digits(out, static_cast<unsigned>(ymd.month()));
  out += '-';
  append_two_digits(out, static_cast<unsigned>(ymd.day()));
  out += 'T';
  append_two_digits(out, static_cast<unsigned>(time.hours().count()));
  out += ':';
  append_two_digits(out, static_cast<unsigned>(time.minutes().count()));
  out += ':';
  append_two_digits(out, static_cast<unsigned>(time.seconds().count()));
  out += "Z\"";
}

// "days":[{...},...]
void append_days(std::string& out, const std::vector<availability::DaySlots>& days) {
  out += R"("days":[)";
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (i > 0) out += ',';
    out += '{';
    append_day_members(out, days[i]);
    out += '}';
  }
  out += ']';
}

}  // namespace

void append_day_members(std::string& out, const availability::DaySlots& day) {
  const auto& slots = day.slots;
  out += R"("date":")";
  out += day.date;
  out += R"(","available_slots":[)";
  // Ascending by instant is ascending by reading except around a repeated hour.
  const bool by_reading = std::is_sorted(
      slots.begin(), slots.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  if (by_reading) {
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (i > 0) out += ',';
      append_hhmm(out, slots[i].start);
    }
  } else {
    std::vector<int> starts;
    starts.reserve(slots.size());
    for (const auto& s : slots) starts.push_back(s.start);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      if (i > 0) out += ',';
      append_hhmm(out, starts[i]);
    }
  }
  out += R"(],"slots":[)";
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const auto& s = slots[i];
    if (i > 0) out += ',';
    out += R"({"start_time":)";
    append_hhmm(out, s.start);
    out += R"(,"end_time":)";
    append_hhmm(out, s.end);
    out += R"(,"starts_at":)";
    append_instant(out, s.starts_at);
    out += R"(,"ends_at":)";
    append_instant(out, s.ends_at);
    out += R"(,"utc_offset":")";
    out += common::format_utc_offset(s.utc_offset);
    out += R"("})";
  }
  out += ']';
}

std::string day_slots_body(const availability::Availability& answer,
                           const std::string& service_id) {
  const auto& day = answer.days.front();
  std::string out;
  out.reserve(128 + day.slots.size() * 136);
  out += R"({"success":true,"data":{)";
  append_day_members(out, day);
  out += R"(,"service_id":")";
  out += service_id;
  out += R"(","time_zone":")";
  out += answer.time_zone;
  out += R"("}})";
  return out;
}

std::string range_slots_body(const availability::Availability& answer,
                             const std::string& service_id) {
  std::size_t slot_count = 0;
  for (const auto& d : answer.days) slot_count += d.slots.size();
  std::string out;
  out.reserve(160 + answer.days.size() * 64 + slot_count * 136);
  out += R"({"success":true,"data":{"start_date":")";
  out += answer.days.front().date;
  out += R"(","end_date":")";
  out += answer.days.back().date;
  out += R"(","service_id":")";
  out += service_id;
  out += R"(","time_zone":")";
  out += answer.time_zone;
  out += R"(",)";
  append_days(out, answer.days);
  out += "}}";
  return out;
}

std::string reschedule_options_body(const std::string& booking_id,
                                    const availability::Availability& answer) {
  std::string out;
  out.reserve(160 + answer.days.size() * 64);
  out += R"({"success":true,"data":{"booking_id":")";
  out += booking_id;
  out += R"(","time_zone":")";
  out += answer.time_zone;
  out += R"(",)";
  append_days(out, answer.days);
  out += "}}";
  return out;
}

}  // namespace janji::http
