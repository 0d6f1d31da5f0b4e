#include "adapters/db/sql_booking_calendar.hpp"

#include "core/common/crypto.hpp"

namespace janji::db {

using availability::CalendarEntry;
using common::fail;

common::Result<std::vector<CalendarEntry>> SqlBookingCalendar::active_bookings(
    const std::string& provider_id, const std::string& from, const std::string& to) {
  if (!common::is_uuid(provider_id)) return std::vector<CalendarEntry>{};
  try {
    soci::session sql(db_.pool());
    std::string date;
    std::string start;
    std::string end;
    int buffer_before = 0;
    int buffer_after = 0;
    // On the hot path of an uncached availability request: one query, served by
    // idx_bookings_provider_date_status. Dates compare as 'YYYY-MM-DD' text on SQLite and as
    // DATE on PostgreSQL (the untyped parameters take the column's type). The buffers are the
    // booked service's, even if it was deleted since.
    soci::statement st =
        (sql.prepare << "SELECT b.booking_date, b.start_time, b.end_time, "
                        "s.buffer_before_minutes, s.buffer_after_minutes FROM bookings b "
                        "JOIN services s ON s.id = b.service_id WHERE b.provider_id = :provider_id "
                        "AND b.booking_date BETWEEN :from AND :to AND b.status IN "
                        "('pending', 'confirmed') ORDER BY b.booking_date, b.start_time",
         soci::use(provider_id, "provider_id"), soci::use(from, "from"), soci::use(to, "to"),
         soci::into(date), soci::into(start), soci::into(end), soci::into(buffer_before),
         soci::into(buffer_after));
    std::vector<CalendarEntry> out;
    if (!st.execute(true)) return out;
    do {
      const auto start_minutes = common::parse_time_of_day(start);
      const auto end_minutes = common::parse_time_of_day(end);
      if (!start_minutes || !end_minutes) {
        throw soci::soci_error("unreadable stored booking time: '" + start + "'-'" + end + "'");
      }
      out.push_back(CalendarEntry{
          date, availability::BusyBooking{common::TimeRange{*start_minutes, *end_minutes},
                                          buffer_before, buffer_after}});
    } while (st.fetch());
    return out;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
