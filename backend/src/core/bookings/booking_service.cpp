#include "core/bookings/booking_service.hpp"

#include <utility>

#include "core/availability/day_plan.hpp"
#include "core/availability/slot_finder.hpp"
#include "core/bookings/slot_check.hpp"
#include "core/common/text.hpp"
#include "core/common/time_zone.hpp"
#include "core/common/wall_time.hpp"

namespace janji::bookings {

using common::Error;
using common::fail;

namespace {

constexpr std::size_t kMaxNotesLength = 2000;
constexpr std::size_t kMaxKeyLength = 255;
constexpr long long kMaxListLimit = 100;

Error booking_not_found() { return Error::not_found("BOOKING_002", "Booking not found"); }

NotificationRow notification(const common::Crypto& crypto, const std::string& user_id,
                             const std::string& booking_id, const char* type,
                             const std::string& at) {
  return NotificationRow{crypto.new_uuid(), user_id, booking_id, type, at};
}

// The decision of create() and reschedule() inside their transaction: the requested start
// checked against the day as the transaction sees it, then `draft` (id, customer, date, notes,
// links and timestamps already set) completed into the booking to insert, with one outbox row
// of `type` for the customer and one for the provider.
Result<NewBooking> decide_new_booking(const availability::AvailabilityInputs& day,
                                      common::Date date, int start, const common::Clock& clock,
                                      const common::Crypto& crypto, Booking draft,
                                      const char* type) {
  auto range =
      check_requested_slot(day, date, start, common::local_now(clock, day.provider.timezone).local);
  if (!range) return fail(range.error());
  NewBooking out;
  out.booking = std::move(draft);
  Booking& b = out.booking;
  b.provider_id = day.provider.id;
  b.service_id = day.service->id;
  b.range = *range;
  // Stopgap until the instant-based service lands: the instants of the wall-clock range.
  b.starts_at = common::zone_day(date, day.provider.timezone).resolve(range->start);
  b.ends_at = b.starts_at + std::chrono::minutes(range->end - range->start);
  out.notifications = {notification(crypto, b.customer_id, b.id, type, b.created_at),
                       notification(crypto, day.provider.user_id, b.id, type, b.created_at)};
  return out;
}

bool same_request(const Booking& b, const CreateBookingInput& in, int start) {
  return b.provider_id == in.provider_id && b.service_id == in.service_id &&
         b.date == in.booking_date && b.range.start == start &&
         b.customer_notes == in.customer_notes;
}

// Holds the booking lock of one start for the rest of create() and releases it on every path.
class SlotLease {
 public:
  SlotLease(SlotLocks& locks, SlotLockKey slot)
      : locks_(locks), slot_(std::move(slot)), attempt_(locks_.try_acquire(slot_, kSlotLockTtl)) {}
  ~SlotLease() {
    if (attempt_.outcome == SlotLockAttempt::Outcome::kAcquired) {
      locks_.release(slot_, attempt_.token);
    }
  }
  SlotLease(const SlotLease&) = delete;
  SlotLease& operator=(const SlotLease&) = delete;

  bool held_elsewhere() const { return attempt_.outcome == SlotLockAttempt::Outcome::kHeld; }

 private:
  SlotLocks& locks_;
  SlotLockKey slot_;
  SlotLockAttempt attempt_;
};

}  // namespace

Result<Booking> BookingService::create(const auth::Principal& who, const CreateBookingInput& in,
                                       bool* replayed) {
  if (replayed) *replayed = false;
  std::map<std::string, std::string> missing;
  std::map<std::string, std::string> problems;
  const auto check_id = [&](const std::string& value, const char* field) {
    if (value.empty()) {
      missing[field] = "is required";
    } else if (!common::is_uuid(value)) {
      problems[field] = "must be a UUID";
    }
  };
  check_id(in.provider_id, "provider_id");
  check_id(in.service_id, "service_id");
  const auto date = common::parse_date(in.booking_date);
  if (in.booking_date.empty()) {
    missing["booking_date"] = "is required";
  } else if (!date) {
    problems["booking_date"] = "must be a date YYYY-MM-DD";
  }
  const auto start = common::parse_time_of_day(in.start_time);
  if (in.start_time.empty()) {
    missing["start_time"] = "is required";
  } else if (!start || *start >= common::kMinutesPerDay) {
    problems["start_time"] = "must be a time HH:MM";
  }
  if (in.customer_notes && common::utf8_length(*in.customer_notes) > kMaxNotesLength) {
    problems["customer_notes"] = "must be at most 2000 characters";
  }
  if (in.idempotency_key &&
      (in.idempotency_key->empty() || in.idempotency_key->size() > kMaxKeyLength)) {
    problems["Idempotency-Key"] = "must be 1 to 255 characters";
  }
  if (!problems.empty()) {
    for (auto& [k, v] : missing) problems[k] = v;
    return fail(Error::invalid("Invalid input", problems));
  }
  if (!missing.empty()) return fail(Error::missing_fields(missing));

  // A retried request answers with what the first one stored.
  const auto replay = [&](const Booking& stored) -> Result<Booking> {
    if (!same_request(stored, in, *start)) {
      return fail(Error::precondition(
          "BOOKING_009", "This Idempotency-Key was already used for a different booking"));
    }
    if (replayed) *replayed = true;
    return shown_to(Actor::kCustomer, stored);
  };
  if (in.idempotency_key) {
    auto stored = deps_.bookings.find_by_idempotency_key(who.user_id, *in.idempotency_key);
    if (!stored) return fail(stored.error());
    if (*stored) return replay(**stored);
  }

  // The spec's lock: a rival for the same start answers 409 at once, without the database. A
  // request with an Idempotency-Key goes on to the database anyway: the holder may be its own
  // twin, and then the answer is a replay. A lock store that fails (logged by the adapter) is
  // no lock at all; the database guard decides either way.
  const SlotLease lease(deps_.locks, SlotLockKey{in.provider_id, common::format_date(*date),
                                                 common::format_hhmm(*start)});
  if (lease.held_elsewhere() && !in.idempotency_key) {
    return fail(Error::conflict("BOOKING_001", "This time slot is no longer available"));
  }

  const std::string id = deps_.crypto.new_uuid();
  const std::string now_text = common::format_instant(deps_.clock.now());
  Booking draft;
  draft.id = id;
  draft.customer_id = who.user_id;
  draft.date = in.booking_date;
  draft.customer_notes = in.customer_notes;
  draft.idempotency_key = in.idempotency_key;
  draft.created_at = draft.updated_at = now_text;
  auto created =
      deps_.bookings.create(in.provider_id, in.service_id, in.booking_date,
                            [&](const availability::AvailabilityInputs& day) {
                              return decide_new_booking(day, *date, *start, deps_.clock,
                                                        deps_.crypto, draft, "booking_created");
                            });
  if (!created && in.idempotency_key && created.error().code == "BOOKING_001") {
    // A twin request with the same key, still running when we looked the key up, took the slot
    // (its own): answer with its booking rather than 409.
    auto stored = deps_.bookings.find_by_idempotency_key(who.user_id, *in.idempotency_key);
    if (stored && *stored) return replay(**stored);
  }
  if (!created) return fail(created.error());
  if (!created->inserted) return replay(created->booking);  // a concurrent twin with the key won
  deps_.changes.provider_changed(created->booking.provider_id);
  return shown_to(Actor::kCustomer, std::move(created->booking));
}

Booking BookingService::shown_to(Actor actor, Booking booking) {
  if (actor == Actor::kCustomer) booking.admin_notes.reset();
  return booking;
}

Result<std::pair<Booking, Actor>> BookingService::visible_booking(const auth::Principal& who,
                                                                  const std::string& id) {
  auto found = deps_.bookings.find(id);
  if (!found) return fail(found.error());
  if (!*found) return fail(booking_not_found());
  Booking b = std::move(**found);
  if (who.role == auth::Role::kAdmin) return std::make_pair(std::move(b), Actor::kAdmin);
  auto provider = deps_.providers.find(b.provider_id);
  if (!provider) return fail(provider.error());
  if (*provider && (*provider)->user_id == who.user_id) {
    return std::make_pair(std::move(b), Actor::kProvider);
  }
  if (b.customer_id == who.user_id) return std::make_pair(std::move(b), Actor::kCustomer);
  return fail(booking_not_found());  // do not reveal that it exists
}

Result<BookingService::TransitionContext> BookingService::transition_context(
    const Booking& current) const {
  TransitionContext out;
  auto provider = deps_.providers.find(current.provider_id);
  if (!provider) return fail(provider.error());
  out.provider = std::move(*provider);
  const std::string zone = out.provider ? out.provider->timezone : "Asia/Jakarta";
  const auto date = common::parse_date(current.date);
  if (!date) return fail(Error::internal());
  out.clock = TransitionClock{common::local_now(deps_.clock, zone).local,
                              {*date, current.range.start},
                              settings_.cancellation_cutoff_hours};
  return out;
}

Result<BookingView> BookingService::get(const auth::Principal& who, const std::string& id) {
  auto visible = visible_booking(who, id);
  if (!visible) return fail(visible.error());
  BookingView view;
  view.booking = shown_to(visible->second, std::move(visible->first));
  auto customer = deps_.users.find_by_id(view.booking.customer_id);
  if (!customer) return fail(customer.error());
  if (*customer) view.customer = **customer;
  auto provider = deps_.providers.find(view.booking.provider_id);
  if (!provider) return fail(provider.error());
  if (*provider) view.provider = **provider;
  // Deleted providers and services stay readable in the booking's history.
  if (!*provider) view.provider.id = view.booking.provider_id;
  auto service = deps_.services.find(view.booking.provider_id, view.booking.service_id);
  if (!service) return fail(service.error());
  if (*service) {
    view.service = **service;
  } else {
    view.service.id = view.booking.service_id;
  }
  return view;
}

Result<Booking> BookingService::cancel(const auth::Principal& who, const std::string& id,
                                       const std::optional<std::string>& reason) {
  return transition(who, id, BookingAction::kCancel, reason);
}

Result<Booking> BookingService::transition(const auth::Principal& who, const std::string& id,
                                           BookingAction action,
                                           const std::optional<std::string>& reason) {
  const bool cancels = action == BookingAction::kCancel || action == BookingAction::kReject;
  if (cancels && reason && common::utf8_length(*reason) > kMaxNotesLength) {
    const char* field = action == BookingAction::kCancel ? "cancellation_reason" : "reason";
    return fail(Error::invalid("Invalid input", {{field, "must be at most 2000 characters"}}));
  }
  auto visible = visible_booking(who, id);
  if (!visible) return fail(visible.error());
  auto& [current, actor] = *visible;
  auto context = transition_context(current);
  if (!context) return fail(context.error());
  auto next = next_status(current.status, action, actor, context->clock);
  if (!next) return fail(next.error());
  Booking b = current;
  const std::string now_text = common::format_instant(deps_.clock.now());
  b.status = *next;
  b.updated_at = now_text;
  const char* type = "booking_cancelled";
  switch (action) {
    case BookingAction::kConfirm:
      type = "booking_confirmed";
      break;
    case BookingAction::kComplete:
      type = "booking_completed";
      break;
    case BookingAction::kNoShow:
      type = "booking_no_show";
      break;
    case BookingAction::kReject:
    case BookingAction::kCancel:
      b.cancellation_reason = reason;
      b.cancelled_at = now_text;
      break;
  }
  std::vector<NotificationRow> rows{
      notification(deps_.crypto, b.customer_id, b.id, type, now_text)};
  if (context->provider) {
    rows.push_back(notification(deps_.crypto, context->provider->user_id, b.id, type, now_text));
  }
  auto updated = deps_.bookings.update(b, current.status, rows);
  if (!updated) return fail(updated.error());
  deps_.changes.provider_changed(b.provider_id);
  return shown_to(actor, std::move(*updated));
}

Result<Booking> BookingService::update_notes(const auth::Principal& who, const std::string& id,
                                             const std::optional<std::string>& customer_notes,
                                             const std::optional<std::string>& admin_notes) {
  std::map<std::string, std::string> problems;
  if (customer_notes && common::utf8_length(*customer_notes) > kMaxNotesLength) {
    problems["customer_notes"] = "must be at most 2000 characters";
  }
  if (admin_notes && common::utf8_length(*admin_notes) > kMaxNotesLength) {
    problems["admin_notes"] = "must be at most 2000 characters";
  }
  if (!problems.empty()) return fail(Error::invalid("Invalid input", problems));
  auto visible = visible_booking(who, id);
  if (!visible) return fail(visible.error());
  auto& [current, actor] = *visible;
  if (actor == Actor::kCustomer && admin_notes) {
    return fail(Error::forbidden("Only the provider or an admin can set admin_notes"));
  }
  if (actor != Actor::kCustomer && customer_notes) {
    return fail(Error::forbidden("Only the customer can set customer_notes"));
  }
  Booking b = current;
  // An empty text (or JSON null) clears the note.
  const auto stored = [](const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  };
  if (customer_notes) b.customer_notes = stored(*customer_notes);
  if (admin_notes) b.admin_notes = stored(*admin_notes);
  b.updated_at = common::format_instant(deps_.clock.now());
  auto updated = deps_.bookings.update(b, current.status, {});
  if (!updated) return fail(updated.error());
  return shown_to(actor, std::move(*updated));
}

Result<BookingPage> BookingService::list(const auth::Principal& who,
                                         const BookingListQuery& query) {
  std::map<std::string, std::string> problems;
  BookingFilter filter;
  if (!query.status.empty()) {
    filter.status = parse_booking_status(query.status);
    if (!filter.status) {
      problems["status"] = "must be one of pending, confirmed, cancelled, completed, no_show";
    }
  }
  const auto check_date = [&](const std::string& value, const char* field) {
    if (!value.empty() && !common::parse_date(value)) {
      problems[field] = "must be a date YYYY-MM-DD";
    }
  };
  check_date(query.start_date, "start_date");
  check_date(query.end_date, "end_date");
  const auto check_id = [&](const std::string& value, const char* field) {
    if (!value.empty() && !common::is_uuid(value)) problems[field] = "must be a UUID";
  };
  check_id(query.provider_id, "provider_id");
  check_id(query.customer_id, "customer_id");
  if (!query.as.empty() && query.as != "customer" && query.as != "provider") {
    problems["as"] = "must be customer or provider";
  }
  if (query.page < 1) problems["page"] = "must be at least 1";
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    problems["limit"] = "must be an integer from 1 to 100";
  }
  if (!problems.empty()) return fail(Error::invalid("Invalid input", problems));
  filter.start_date = query.start_date;
  filter.end_date = query.end_date;
  filter.page = query.page;
  filter.limit = query.limit;
  // A provider (or an admin) who books elsewhere is a customer there: as=customer lists those.
  Actor viewer = Actor::kCustomer;
  if (query.as == "customer" || (query.as.empty() && who.role == auth::Role::kCustomer)) {
    filter.customer_id = who.user_id;
  } else if (who.role == auth::Role::kProvider) {
    viewer = Actor::kProvider;
    auto provider = deps_.providers.find_by_user(who.user_id);
    if (!provider) return fail(provider.error());
    if (!*provider) return BookingPage{};
    filter.provider_id = (*provider)->id;
  } else if (query.as == "provider") {
    return fail(Error::forbidden("Only providers can list bookings as provider"));
  } else {
    viewer = Actor::kAdmin;
    if (!query.provider_id.empty()) filter.provider_id = query.provider_id;
    if (!query.customer_id.empty()) filter.customer_id = query.customer_id;
  }
  auto page = deps_.bookings.list(filter);
  if (!page) return fail(page.error());
  for (Booking& b : page->items) b = shown_to(viewer, std::move(b));
  return page;
}

Result<RescheduleResult> BookingService::reschedule(const auth::Principal& who,
                                                    const std::string& id,
                                                    const std::string& new_date,
                                                    const std::string& new_start_time,
                                                    const std::optional<std::string>& reason) {
  std::map<std::string, std::string> missing;
  std::map<std::string, std::string> problems;
  const auto date = common::parse_date(new_date);
  if (new_date.empty()) {
    missing["new_date"] = "is required";
  } else if (!date) {
    problems["new_date"] = "must be a date YYYY-MM-DD";
  }
  const auto start = common::parse_time_of_day(new_start_time);
  if (new_start_time.empty()) {
    missing["new_start_time"] = "is required";
  } else if (!start || *start >= common::kMinutesPerDay) {
    problems["new_start_time"] = "must be a time HH:MM";
  }
  if (reason && common::utf8_length(*reason) > kMaxNotesLength) {
    problems["reason"] = "must be at most 2000 characters";
  }
  if (!problems.empty()) {
    for (auto& [k, v] : missing) problems[k] = v;
    return fail(Error::invalid("Invalid input", problems));
  }
  if (!missing.empty()) return fail(Error::missing_fields(missing));

  auto visible = visible_booking(who, id);
  if (!visible) return fail(visible.error());
  auto& [current, actor] = *visible;
  if (!holds_slot(current.status)) {
    return fail(
        Error::conflict("BOOKING_004", "Only pending or confirmed bookings can be rescheduled"));
  }
  // Whoever may cancel the booking may move it (the customer only up to the cutoff).
  auto context = transition_context(current);
  if (!context) return fail(context.error());
  auto allowed = next_status(current.status, BookingAction::kCancel, actor, context->clock);
  if (!allowed) return fail(allowed.error());

  const std::string new_id = deps_.crypto.new_uuid();
  const std::string now_text = common::format_instant(deps_.clock.now());
  Booking draft;
  draft.id = new_id;
  draft.customer_id = current.customer_id;
  draft.date = new_date;
  draft.customer_notes = current.customer_notes;
  draft.rescheduled_from_id = current.id;
  draft.created_at = draft.updated_at = now_text;
  auto moved = deps_.bookings.reschedule(
      id, current.status, new_date,
      [&](const availability::AvailabilityInputs& day) {
        return decide_new_booking(day, *date, *start, deps_.clock, deps_.crypto, draft,
                                  "booking_rescheduled");
      },
      [&](Booking old) {
        old.status = BookingStatus::kCancelled;
        old.cancellation_reason = reason ? reason : std::optional<std::string>("Rescheduled");
        old.cancelled_at = now_text;
        old.updated_at = now_text;
        old.rescheduled_to_id = new_id;
        return old;
      });
  if (!moved) return fail(moved.error());
  deps_.changes.provider_changed(current.provider_id);
  return RescheduleResult{shown_to(actor, std::move(moved->first)),
                          shown_to(actor, std::move(moved->second))};
}

Result<std::vector<availability::DaySlots>> BookingService::reschedule_options(
    const auth::Principal& who, const std::string& id, const std::string& service_id) {
  if (!service_id.empty() && !common::is_uuid(service_id)) {
    return fail(Error::invalid("Invalid query parameters", {{"service_id", "must be a UUID"}}));
  }
  auto visible = visible_booking(who, id);
  if (!visible) return fail(visible.error());
  const Booking& current = visible->first;
  if (!holds_slot(current.status)) {
    return fail(
        Error::conflict("BOOKING_004", "Only pending or confirmed bookings can be rescheduled"));
  }
  std::string zone = "Asia/Jakarta";
  auto provider = deps_.providers.find(current.provider_id);
  if (!provider) return fail(provider.error());
  if (!*provider || !(*provider)->is_active) {
    return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  }
  zone = (*provider)->timezone;
  const common::LocalDateTime now = common::local_now(deps_.clock, zone).local;
  const common::Date first = now.date;
  const common::Date last = common::add_days(first, kRescheduleOptionDays - 1);
  const std::string service = service_id.empty() ? current.service_id : service_id;
  auto loaded = deps_.availability.load(current.provider_id, service, common::format_date(first),
                                        common::format_date(last));
  if (!loaded) return fail(loaded.error());
  if (!*loaded) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  availability::AvailabilityInputs in = std::move(**loaded);
  if (!in.service || !in.service->is_active) {
    return fail(Error::not_found("SERVICE_001", "Service not found"));
  }
  // The booking's own time counts as free: drop its entry (no other active booking of the
  // provider can have the same date and range, the overlap guard forbids it).
  for (auto it = in.bookings.begin(); it != in.bookings.end(); ++it) {
    if (it->date == current.date && it->busy.range.start == current.range.start &&
        it->busy.range.end == current.range.end) {
      in.bookings.erase(it);
      break;
    }
  }
  const availability::BookingRules& rules = in.provider.rules;
  const availability::ServiceSpec& spec = in.service->spec;
  std::vector<availability::DaySlots> out;
  for (int i = 0; i < kRescheduleOptionDays; ++i) {
    const common::Date date = common::add_days(first, i);
    availability::DaySlots d;
    d.date = common::format_date(date);
    const auto plan = availability::plan_for(in, date);
    d.slots = availability::apply_booking_window(
        availability::candidate_slots(plan, spec, rules.slot_interval), date, rules, now);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace janji::bookings
