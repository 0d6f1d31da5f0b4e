#include "core/bookings/booking_service.hpp"

#include <type_traits>
#include <utility>
#include <variant>

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

Error booking_not_found() { return Error::not_found("BOOKING_002", "Booking not found"); }

const char* actor_name(Actor actor) {
  switch (actor) {
    case Actor::kCustomer:
      return "customer";
    case Actor::kProvider:
      return "provider";
    case Actor::kAdmin:
      return "admin";
  }
  return "system";
}

// Who hears of a change (issue 12): the customer of every change they did not only witness
// (no mail for a no-show), the provider of a new booking and of what the customer or an admin
// did to one (never of their own action).
std::vector<NotificationRow> announce(const common::Crypto& crypto, const Booking& b,
                                      const std::string& provider_user_id, const char* type,
                                      Actor actor, const std::string& at) {
  std::vector<NotificationRow> rows;
  const std::string type_text = type;
  const auto add = [&](const std::string& user_id, const char* audience) {
    rows.push_back(NotificationRow{crypto.new_uuid(), user_id, b.id, type_text, at, audience,
                                   actor_name(actor), std::nullopt});
  };
  if (type_text != "booking_no_show") add(b.customer_id, "customer");
  const bool provider_hears =
      type_text == "booking_created" ||
      ((type_text == "booking_cancelled" || type_text == "booking_rescheduled") &&
       actor != Actor::kProvider);
  if (provider_hears && !provider_user_id.empty() && provider_user_id != b.customer_id) {
    add(provider_user_id, "provider");
  }
  return rows;
}

// The decision of create() and reschedule() inside their transaction: the requested start
// checked against the day as the transaction sees it, then `draft` (id, customer, notes, links
// and timestamps already set) completed into the booking to insert, with one outbox row of
// `type` for the customer and one for the provider. With `payment_hold`, an unpaid booking of a
// priced service at a provider that requires payment holds its slot that long (issue 13).
Result<NewBooking> decide_new_booking(const availability::AvailabilityInputs& day,
                                      common::Date date, const RequestedStart& start,
                                      const common::Clock& clock, const common::Crypto& crypto,
                                      Booking draft, const char* type, Actor actor,
                                      std::optional<std::chrono::seconds> payment_hold) {
  auto slot =
      check_requested_slot(day, date, start, common::local_now(clock, day.provider.timezone));
  if (!slot) return fail(slot.error());
  NewBooking out;
  out.booking = std::move(draft);
  Booking& b = out.booking;
  b.provider_id = day.provider.id;
  b.service_id = day.service->id;
  b.date = common::format_date(date);
  b.range = {slot->start, slot->end};
  b.starts_at = slot->starts_at;
  b.ends_at = slot->ends_at;
  if (payment_hold && day.provider.requires_payment && day.service->priced &&
      b.payment_status == PaymentStatus::kUnpaid) {
    b.payment_due_at = clock.now() + *payment_hold;
  }
  out.notifications = announce(crypto, b, day.provider.user_id, type, actor, b.created_at);
  return out;
}

// Whether `stored` is what `command` asks for: a retry of it, not another booking.
bool same_request(const Booking& stored, const CreateBookingCommand& command) {
  const bool same_start = std::visit(
      [&](const auto& start) {
        if constexpr (std::is_same_v<std::decay_t<decltype(start)>, LocalStart>) {
          return stored.date == common::format_date(start.date) &&
                 stored.range.start == start.minutes;
        } else {
          return stored.starts_at == start;
        }
      },
      command.start);
  return stored.provider_id == command.provider_id && stored.service_id == command.service_id &&
         same_start && stored.customer_notes == command.customer_notes;
}

// The spec's lock key of a start: the local date and time as asked, or the instant. A local
// time always means its first occurrence, so the two occurrences of a repeated hour never
// share a key.
SlotLockKey lock_key(const std::string& provider_id, common::Date date,
                     const RequestedStart& start) {
  if (const auto* local = std::get_if<LocalStart>(&start)) {
    return {provider_id, common::format_date(date), common::format_hhmm(local->minutes)};
  }
  return {provider_id, common::format_date(date),
          common::format_instant(std::get<common::Instant>(start))};
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

Result<Booking> BookingService::create(const auth::Principal& who,
                                       const CreateBookingCommand& command, bool* replayed) {
  if (replayed) *replayed = false;
  // A retried request answers with what the first one stored.
  const auto replay = [&](const Booking& stored) -> Result<Booking> {
    if (!same_request(stored, command)) {
      return fail(Error::precondition(
          "BOOKING_009", "This idempotency key was already used for a different booking"));
    }
    if (replayed) *replayed = true;
    return shown_to(Actor::kCustomer, stored);
  };
  const auto& key = command.idempotency_key;
  if (key) {
    auto stored = deps_.bookings.find_by_idempotency_key(who.user_id, *key);
    if (!stored) return fail(stored.error());
    if (*stored) return replay(**stored);
  }

  auto date = booking_date(command.provider_id, command.start);
  if (!date) return fail(date.error());

  // The spec's lock: a rival for the same start answers 409 at once, without the database. A
  // request with an idempotency key goes on to the database anyway: the holder may be its own
  // twin, and then the answer is a replay. A lock store that fails (logged by the adapter) is
  // no lock at all; the database guard decides either way.
  const SlotLease lease(deps_.locks, lock_key(command.provider_id, *date, command.start));
  if (lease.held_elsewhere() && !key) {
    return fail(Error::conflict("BOOKING_001", "This time slot is no longer available"));
  }

  const std::string id = deps_.crypto.new_uuid();
  const std::string now_text = common::format_instant(deps_.clock.now());
  Booking draft;
  draft.id = id;
  draft.customer_id = who.user_id;
  draft.customer_notes = command.customer_notes;
  draft.idempotency_key = key;
  draft.created_at = draft.updated_at = now_text;
  auto created = deps_.bookings.create(
      command.provider_id, command.service_id, common::format_date(*date),
      [&](const availability::AvailabilityInputs& day) {
        return decide_new_booking(day, *date, command.start, deps_.clock, deps_.crypto, draft,
                                  "booking_created", Actor::kCustomer, settings_.payment_hold);
      });
  if (!created && key && created.error().code == "BOOKING_001") {
    // A twin request with the same key, still running when we looked the key up, took the slot
    // (its own): answer with its booking rather than 409.
    auto stored = deps_.bookings.find_by_idempotency_key(who.user_id, *key);
    if (stored && *stored) return replay(**stored);
  }
  if (!created) return fail(created.error());
  if (!created->inserted) return replay(created->booking);  // a concurrent twin with the key won
  deps_.changes.provider_changed(created->booking.provider_id);
  return shown_to(Actor::kCustomer, std::move(created->booking));
}

Result<common::Date> BookingService::booking_date(const std::string& provider_id,
                                                  const RequestedStart& start) const {
  if (const auto* local = std::get_if<LocalStart>(&start)) return local->date;
  // An instant is on the provider's local date that its zone reads (checked again inside the
  // transaction, with the zone as the transaction sees it).
  auto provider = deps_.providers.find(provider_id);
  if (!provider) return fail(provider.error());
  if (!*provider) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  const auto local = common::to_local(std::get<common::Instant>(start), (*provider)->timezone);
  if (!local) return fail(Error::internal());
  return local->date;
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
  out.clock =
      TransitionClock{deps_.clock.now(), current.starts_at, settings_.cancellation_cutoff_hours};
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
      type = "booking_rejected";
      b.cancellation_reason = reason;
      b.cancelled_at = now_text;
      break;
    case BookingAction::kCancel:
      b.cancellation_reason = reason;
      b.cancelled_at = now_text;
      break;
  }
  const auto rows =
      announce(deps_.crypto, b, context->provider ? context->provider->user_id : std::string(),
               type, actor, now_text);
  auto updated = deps_.bookings.update(b, current.status, rows);
  if (!updated) return fail(updated.error());
  deps_.changes.provider_changed(b.provider_id);
  return shown_to(actor, std::move(*updated));
}

Result<Booking> BookingService::update_notes(const auth::Principal& who, const std::string& id,
                                             const std::optional<std::string>& customer_notes,
                                             const std::optional<std::string>& admin_notes) {
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
  BookingFilter filter;
  filter.status = query.status;
  if (query.start_date) filter.start_date = common::format_date(*query.start_date);
  if (query.end_date) filter.end_date = common::format_date(*query.end_date);
  if (query.timing == BookingTiming::kUpcoming) {
    filter.ends_after = deps_.clock.now();
    filter.soonest_first = true;
  } else if (query.timing == BookingTiming::kPast) {
    filter.ended_by = deps_.clock.now();
  }
  filter.page = query.page;
  filter.limit = query.limit;
  // A provider (or an admin) who books elsewhere is a customer there: kCustomer lists those.
  Actor viewer = Actor::kCustomer;
  if (query.as == ListedAs::kCustomer ||
      (query.as == ListedAs::kRoleDefault && who.role == auth::Role::kCustomer)) {
    filter.customer_id = who.user_id;
  } else if (who.role == auth::Role::kProvider) {
    viewer = Actor::kProvider;
    auto provider = deps_.providers.find_by_user(who.user_id);
    if (!provider) return fail(provider.error());
    if (!*provider) return BookingPage{};
    filter.provider_id = (*provider)->id;
  } else if (query.as == ListedAs::kProvider) {
    return fail(Error::forbidden("Only providers can list bookings as provider"));
  } else {
    viewer = Actor::kAdmin;
    filter.provider_id = query.provider_id;
    filter.customer_id = query.customer_id;
  }
  auto page = deps_.bookings.list(filter);
  if (!page) return fail(page.error());
  for (ListedBooking& l : page->items) l.booking = shown_to(viewer, std::move(l.booking));
  return page;
}

Result<RescheduleResult> BookingService::reschedule(const auth::Principal& who,
                                                    const std::string& id,
                                                    const RescheduleCommand& command) {
  auto visible = visible_booking(who, id);
  if (!visible) return fail(visible.error());
  auto& [current, actor] = *visible;
  if (!holds_slot(current.status)) {
    return fail(
        Error::conflict("BOOKING_004", "Only pending or confirmed bookings can be rescheduled"));
  }
  // A booking still awaiting payment is paid or cancelled, not moved: its Snap order names it.
  if (current.payment_due_at && current.payment_status == PaymentStatus::kUnpaid) {
    return fail(Error::conflict("BOOKING_010",
                                "Pay for this booking before rescheduling it, or cancel it"));
  }
  // Whoever may cancel the booking may move it (the customer only up to the cutoff).
  auto context = transition_context(current);
  if (!context) return fail(context.error());
  auto allowed = next_status(current.status, BookingAction::kCancel, actor, context->clock);
  if (!allowed) return fail(allowed.error());

  auto date = booking_date(current.provider_id, command.start);
  if (!date) return fail(date.error());

  const std::string new_id = deps_.crypto.new_uuid();
  const std::string now_text = common::format_instant(deps_.clock.now());
  Booking draft;
  draft.id = new_id;
  draft.customer_id = current.customer_id;
  draft.customer_notes = current.customer_notes;
  draft.rescheduled_from_id = current.id;
  // A paid booking stays paid where it moves (the payment row names the first booking).
  draft.payment_status = current.payment_status;
  draft.payment_id = current.payment_id;
  draft.created_at = draft.updated_at = now_text;
  const auto& reason = command.reason;
  auto moved = deps_.bookings.reschedule(
      id, current.status, common::format_date(*date),
      [&](const availability::AvailabilityInputs& day) {
        return decide_new_booking(day, *date, command.start, deps_.clock, deps_.crypto, draft,
                                  "booking_rescheduled", actor, std::nullopt);
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

Result<availability::Availability> BookingService::reschedule_options(
    const auth::Principal& who, const std::string& id,
    const std::optional<std::string>& service_id) {
  auto visible = visible_booking(who, id);
  if (!visible) return fail(visible.error());
  const Booking& current = visible->first;
  if (!holds_slot(current.status)) {
    return fail(
        Error::conflict("BOOKING_004", "Only pending or confirmed bookings can be rescheduled"));
  }
  auto provider = deps_.providers.find(current.provider_id);
  if (!provider) return fail(provider.error());
  if (!*provider || !(*provider)->is_active) {
    return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  }
  const std::string zone = (*provider)->timezone;
  const common::ZonedNow now = common::local_now(deps_.clock, zone);
  const common::Date first = now.local.date;
  const common::Date last = common::add_days(first, kRescheduleOptionDays - 1);
  auto loaded =
      deps_.availability.load(current.provider_id, service_id.value_or(current.service_id),
                              common::format_date(first), common::format_date(last));
  if (!loaded) return fail(loaded.error());
  if (!*loaded) return fail(Error::not_found("PROVIDER_001", "Provider not found"));
  availability::AvailabilityInputs in = std::move(**loaded);
  if (!in.service || !in.service->is_active) {
    return fail(Error::not_found("SERVICE_001", "Service not found"));
  }
  // The booking's own time counts as free: drop its entry (no other active booking of the
  // provider can have the same instants, the overlap guard forbids it).
  std::erase_if(in.bookings, [&](const availability::CalendarEntry& entry) {
    return entry.instants == common::InstantRange{current.starts_at, current.ends_at};
  });
  const availability::BookingRules& rules = in.provider.rules;
  const availability::ServiceSpec& spec = in.service->spec;
  availability::Availability out;
  out.time_zone = zone;
  for (int i = 0; i < kRescheduleOptionDays; ++i) {
    const common::Date date = common::add_days(first, i);
    availability::DaySlots d;
    d.date = common::format_date(date);
    d.slots =
        availability::candidate_slots(availability::plan_for(in, date), spec, rules.slot_interval);
    availability::apply_booking_window(d.slots, date, rules, now);
    out.days.push_back(std::move(d));
  }
  return out;
}

}  // namespace janji::bookings
