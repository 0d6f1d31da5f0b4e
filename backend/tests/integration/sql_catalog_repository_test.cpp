// The SQL repositories of the catalogue (providers, services) and of availability (schedules,
// exceptions, the booking calendar) against the real database: SQLite by default, PostgreSQL
// when the environment says DB_DRIVER=postgres (scripts/test.sh runs both).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

#include "adapters/db/database.hpp"
#include "adapters/db/sql_provider_repository.hpp"
#include "adapters/db/sql_schedule_repository.hpp"
#include "adapters/db/sql_user_repository.hpp"
#include "app/application.hpp"
#include "support/sql_repository_suite.hpp"
#include "support/test_app.hpp"

namespace janji::testing {
namespace {

using availability::Schedule;
using availability::ScheduleException;
using common::ErrorKind;
using common::TimeRange;
using providers::Provider;
using providers::ProviderFilter;
using providers::Service;

constexpr const char* kCreatedAt = "2026-01-02T03:04:05Z";
constexpr const char* kUpdatedAt = "2026-02-03T04:05:06Z";

// Letters and digits unique to one test: the PostgreSQL database outlives a test process.
std::string unique_tag() {
  static std::atomic<int> counter{0};
  static const auto run = std::random_device{}() % 100000000;
  return "qx" + std::to_string(run) + "n" + std::to_string(++counter);
}

std::vector<std::string> names_of(const std::vector<Provider>& items) {
  std::vector<std::string> out;
  for (const auto& p : items) out.push_back(p.business_name);
  return out;
}

class SqlCatalogRepositories : public SqlRepositorySuite {
 protected:
  std::string make_user(auth::Role role = auth::Role::kProvider) {
    return SqlRepositorySuite::make_user(role, "catalog");
  }

  Provider provider_draft(const std::string& name, const std::string& type = "salon") {
    Provider p;
    p.id = new_id();
    p.user_id = make_user();
    p.business_name = name;
    p.business_type = type;
    p.created_at = p.updated_at = kCreatedAt;
    return p;
  }

  Provider create_provider(const std::string& name, const std::string& type = "salon") {
    auto created = providers_.create(provider_draft(name, type));
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().code);
    return created ? *created : Provider{};
  }

  Service service_draft(const std::string& provider_id, const std::string& name) {
    Service s;
    s.id = new_id();
    s.provider_id = provider_id;
    s.name = name;
    s.duration = 60;
    s.created_at = s.updated_at = kCreatedAt;
    return s;
  }

  Schedule schedule_draft(const std::string& provider_id, int day, TimeRange range,
                          bool active = true) {
    Schedule s;
    s.id = new_id();
    s.provider_id = provider_id;
    s.day_of_week = day;
    s.range = range;
    s.is_active = active;
    s.created_at = kCreatedAt;
    return s;
  }

  ScheduleException exception_draft(const std::string& provider_id, const std::string& date,
                                    std::optional<TimeRange> range, bool available,
                                    std::optional<std::string> reason) {
    ScheduleException e;
    e.id = new_id();
    e.provider_id = provider_id;
    e.date = date;
    e.range = range;
    e.is_available = available;
    e.reason = std::move(reason);
    e.created_at = kCreatedAt;
    return e;
  }

  db::SqlProviderRepository providers_{database()};
  db::SqlServiceRepository services_{database()};
  db::SqlScheduleRepository schedules_{database()};
};

// ---------------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------------

TEST_F(SqlCatalogRepositories, ProviderRoundTripsEveryField) {
  Provider draft = provider_draft("Klinik Gigi Senyum", "doctor");
  draft.description = "Dental care";
  draft.address = "Jl. Sudirman 1, Jakarta";
  draft.latitude = -6.2;
  draft.longitude = 106.816666;
  draft.pricing_info = R"({"currency":"IDR","from":150000,"notes":["cash","qris"]})";
  draft.timezone = "Asia/Makassar";
  draft.slot_interval_minutes = 15;
  draft.min_notice_minutes = 120;
  draft.max_advance_days = 30;

  auto created = providers_.create(draft);
  ASSERT_TRUE(created) << created.error().code;
  for (const Provider& p : {*created, **providers_.find(draft.id)}) {
    EXPECT_EQ(p.id, draft.id);
    EXPECT_EQ(p.user_id, draft.user_id);
    EXPECT_EQ(p.business_name, "Klinik Gigi Senyum");
    EXPECT_EQ(p.business_type, "doctor");
    EXPECT_EQ(p.description, "Dental care");
    EXPECT_EQ(p.address, "Jl. Sudirman 1, Jakarta");
    EXPECT_EQ(p.latitude, -6.2);
    EXPECT_EQ(p.longitude, 106.816666);
    // jsonb reformats the text; the value is what counts.
    EXPECT_EQ(nlohmann::json::parse(p.pricing_info), nlohmann::json::parse(draft.pricing_info));
    EXPECT_TRUE(p.is_active);
    EXPECT_EQ(p.timezone, "Asia/Makassar");
    EXPECT_EQ(p.slot_interval_minutes, 15);
    EXPECT_EQ(p.min_notice_minutes, 120);
    EXPECT_EQ(p.max_advance_days, 30);
    EXPECT_EQ(p.created_at, kCreatedAt);
    EXPECT_EQ(p.updated_at, kCreatedAt);
  }
  auto by_user = providers_.find_by_user(draft.user_id);
  ASSERT_TRUE(by_user && *by_user);
  EXPECT_EQ((*by_user)->id, draft.id);

  Provider changed = *created;
  changed.business_name = "Klinik Gigi Ceria";
  changed.business_type = "consultant";
  changed.description.reset();
  changed.address.reset();
  changed.latitude.reset();
  changed.longitude.reset();
  changed.pricing_info = "{}";
  changed.is_active = false;
  changed.timezone = "Asia/Jakarta";
  changed.slot_interval_minutes = 30;
  changed.min_notice_minutes = 0;
  changed.max_advance_days = 730;
  changed.updated_at = kUpdatedAt;
  auto updated = providers_.update(changed);
  ASSERT_TRUE(updated) << updated.error().code;
  auto reread = providers_.find(draft.id);
  ASSERT_TRUE(reread && *reread);  // an inactive provider is still found
  for (const Provider& p : {*updated, **reread}) {
    EXPECT_EQ(p.business_name, "Klinik Gigi Ceria");
    EXPECT_EQ(p.business_type, "consultant");
    EXPECT_FALSE(p.description);
    EXPECT_FALSE(p.address);
    EXPECT_FALSE(p.latitude);
    EXPECT_FALSE(p.longitude);
    EXPECT_EQ(nlohmann::json::parse(p.pricing_info), nlohmann::json::object());
    EXPECT_FALSE(p.is_active);
    EXPECT_EQ(p.min_notice_minutes, 0);
    EXPECT_EQ(p.max_advance_days, 730);
    EXPECT_EQ(p.created_at, kCreatedAt);
    EXPECT_EQ(p.updated_at, kUpdatedAt);
  }
}

TEST_F(SqlCatalogRepositories, ProviderLookupsOfUnknownOrMalformedIdsFindNothing) {
  for (const std::string& id : {new_id(), std::string("not-a-uuid"), std::string("")}) {
    auto found = providers_.find(id);
    ASSERT_TRUE(found);
    EXPECT_FALSE(*found);
    auto by_user = providers_.find_by_user(id);
    ASSERT_TRUE(by_user);
    EXPECT_FALSE(*by_user);
  }
  Provider ghost = provider_draft("Ghost");
  auto updated = providers_.update(ghost);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(updated.error().code, "PROVIDER_001");
  auto deleted = providers_.soft_delete(ghost.id, std::chrono::system_clock::now());
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, "PROVIDER_001");
}

TEST_F(SqlCatalogRepositories, SecondLiveProviderOfAUserIsAConflictUntilTheFirstIsDeleted) {
  const Provider first = create_provider("Salon Cantik");
  Provider second = provider_draft("Salon Cantik Dua");
  second.user_id = first.user_id;
  auto duplicate = providers_.create(second);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(duplicate.error().code, "PROVIDER_002");
  EXPECT_EQ(duplicate.error().message, "This user already has a provider profile");

  ASSERT_TRUE(providers_.soft_delete(first.id, std::chrono::system_clock::now()));
  auto again = providers_.create(second);
  ASSERT_TRUE(again) << again.error().code;
  auto by_user = providers_.find_by_user(first.user_id);
  ASSERT_TRUE(by_user && *by_user);
  EXPECT_EQ((*by_user)->id, second.id);
}

TEST_F(SqlCatalogRepositories, ProviderOfAVanishedUserIsUnauthenticatedNotInternal) {
  Provider orphan = provider_draft("Salon Hantu");
  orphan.user_id = new_id();  // no such user (deleted after its token was checked)
  auto created = providers_.create(orphan);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, ErrorKind::kUnauthenticated);
  EXPECT_EQ(created.error().code, "INVALID_TOKEN");
}

TEST_F(SqlCatalogRepositories, SoftDeletedProviderIsInvisible) {
  const std::string tag = unique_tag();
  const Provider p = create_provider("Studio " + tag);
  ASSERT_TRUE(providers_.soft_delete(p.id, std::chrono::system_clock::now()));

  auto found = providers_.find(p.id);
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  auto by_user = providers_.find_by_user(p.user_id);
  ASSERT_TRUE(by_user);
  EXPECT_FALSE(*by_user);
  ProviderFilter filter;
  filter.search = tag;
  filter.include_inactive = true;
  auto page = providers_.list(filter);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total_items, 0);
  EXPECT_TRUE(page->items.empty());

  Provider changed = p;
  changed.business_name = "Back from the dead";
  auto updated = providers_.update(changed);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, "PROVIDER_001");
  auto twice = providers_.soft_delete(p.id, std::chrono::system_clock::now());
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::kNotFound);

  // Soft deletion also deactivates (an admin listing inactive ones still must not see it).
  soci::session sql(database().pool());
  int active = -1;
  std::string deleted_at;
  sql << "SELECT CAST(is_active AS INTEGER), deleted_at FROM service_providers WHERE id = :id",
      soci::use(p.id), soci::into(active), soci::into(deleted_at);
  EXPECT_EQ(active, 0);
  EXPECT_FALSE(deleted_at.empty());
}

TEST_F(SqlCatalogRepositories, ListSearchesFiltersSortsAndPaginates) {
  const std::string tag = unique_tag();
  std::string upper_tag = tag;
  for (auto& c : upper_tag) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  create_provider("Beta " + tag, "doctor");
  create_provider("Alpha " + upper_tag, "salon");  // the search ignores case
  Provider by_description = provider_draft("Gamma", "consultant");
  by_description.description = "Konsultan pajak " + tag;
  ASSERT_TRUE(providers_.create(by_description));
  Provider by_address = provider_draft("Delta", "studio");
  by_address.address = "Jl. " + upper_tag + " No. 5";
  ASSERT_TRUE(providers_.create(by_address));
  Provider inactive = provider_draft("Epsilon " + tag, "salon");
  inactive.is_active = false;
  ASSERT_TRUE(providers_.create(inactive));
  const Provider deleted = create_provider("Zeta " + tag, "salon");
  ASSERT_TRUE(providers_.soft_delete(deleted.id, std::chrono::system_clock::now()));

  ProviderFilter filter;
  filter.search = tag;
  auto all = providers_.list(filter);
  ASSERT_TRUE(all) << all.error().code;
  EXPECT_EQ(all->total_items, 4);
  EXPECT_EQ(names_of(all->items),
            (std::vector<std::string>{"Alpha " + upper_tag, "Beta " + tag, "Delta", "Gamma"}));

  filter.include_inactive = true;
  auto with_inactive = providers_.list(filter);
  ASSERT_TRUE(with_inactive);
  EXPECT_EQ(with_inactive->total_items, 5);
  EXPECT_EQ(names_of(with_inactive->items).back(), "Gamma");
  EXPECT_EQ(names_of(with_inactive->items).at(3), "Epsilon " + tag);

  filter.business_type = "salon";
  auto salons = providers_.list(filter);
  ASSERT_TRUE(salons);
  EXPECT_EQ(salons->total_items, 2);
  EXPECT_EQ(names_of(salons->items),
            (std::vector<std::string>{"Alpha " + upper_tag, "Epsilon " + tag}));
  filter.include_inactive = false;
  salons = providers_.list(filter);
  ASSERT_TRUE(salons);
  EXPECT_EQ(salons->total_items, 1);
  EXPECT_EQ(names_of(salons->items), (std::vector<std::string>{"Alpha " + upper_tag}));

  filter.business_type.clear();
  filter.limit = 3;
  filter.page = 1;
  auto first = providers_.list(filter);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->total_items, 4);
  EXPECT_EQ(names_of(first->items),
            (std::vector<std::string>{"Alpha " + upper_tag, "Beta " + tag, "Delta"}));
  filter.page = 2;
  auto second = providers_.list(filter);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->total_items, 4);
  EXPECT_EQ(names_of(second->items), (std::vector<std::string>{"Gamma"}));
  filter.page = 3;
  auto beyond = providers_.list(filter);
  ASSERT_TRUE(beyond);
  EXPECT_EQ(beyond->total_items, 4);
  EXPECT_TRUE(beyond->items.empty());
  filter.page = 4'000'000'000'000'000'000;
  filter.limit = 100;
  auto far = providers_.list(filter);
  ASSERT_TRUE(far) << far.error().code;
  EXPECT_TRUE(far->items.empty());

  // Without a search, the other filters still apply (other tests' rows are there too).
  ProviderFilter doctors;
  doctors.business_type = "doctor";
  doctors.limit = 100;
  auto doctor_page = providers_.list(doctors);
  ASSERT_TRUE(doctor_page);
  EXPECT_GE(doctor_page->total_items, 1);
  for (const auto& p : doctor_page->items) {
    EXPECT_EQ(p.business_type, "doctor");
    EXPECT_TRUE(p.is_active);
  }
}

TEST_F(SqlCatalogRepositories, ListSearchTakesWildcardsLiterally) {
  const std::string tag = unique_tag();
  create_provider("One " + tag + "_x");
  create_provider("Two " + tag + "ax");
  create_provider("Three " + tag + "%y");
  create_provider("Four " + tag + "zzy");
  create_provider("Five " + tag + "\\w");
  create_provider("Six " + tag + "w");

  const auto names_for = [&](const std::string& search) {
    ProviderFilter filter;
    filter.search = search;
    auto page = providers_.list(filter);
    EXPECT_TRUE(page);
    return page ? names_of(page->items) : std::vector<std::string>{};
  };
  EXPECT_EQ(names_for(tag + "_x"), (std::vector<std::string>{"One " + tag + "_x"}));
  EXPECT_EQ(names_for(tag + "%y"), (std::vector<std::string>{"Three " + tag + "%y"}));
  EXPECT_EQ(names_for(tag + "\\w"), (std::vector<std::string>{"Five " + tag + "\\w"}));
  EXPECT_EQ(names_for(tag).size(), 6u);
  EXPECT_TRUE(names_for(tag + "'; DROP TABLE service_providers; --").empty());
}

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

TEST_F(SqlCatalogRepositories, ServicesCrudWithWholeRupiahPrices) {
  const Provider p = create_provider("Salon Services");
  const Provider other = create_provider("Salon Other");

  Service scaling = service_draft(p.id, "Scaling");
  scaling.description = "Pembersihan karang gigi";
  scaling.price = 350000;
  scaling.buffer_before_minutes = 10;
  scaling.buffer_after_minutes = 5;
  Service bleaching = service_draft(p.id, "Bleaching");
  bleaching.price = 9'999'999'999;  // the largest NUMERIC(12,2) whole amount
  bleaching.is_active = false;
  Service consult = service_draft(p.id, "Konsultasi");
  consult.duration = 15;
  consult.price = 0;

  for (const Service* s : {&scaling, &bleaching, &consult}) {
    auto created = services_.create(*s);
    ASSERT_TRUE(created) << created.error().code;
    EXPECT_EQ(created->price, s->price);
    EXPECT_EQ(created->name, s->name);
    EXPECT_EQ(created->created_at, kCreatedAt);
  }
  auto found = services_.find(p.id, scaling.id);
  ASSERT_TRUE(found && *found);
  const Service& s = **found;
  EXPECT_EQ(s.provider_id, p.id);
  EXPECT_EQ(s.name, "Scaling");
  EXPECT_EQ(s.description, "Pembersihan karang gigi");
  EXPECT_EQ(s.duration, 60);
  EXPECT_EQ(s.price, 350000);
  EXPECT_EQ(s.buffer_before_minutes, 10);
  EXPECT_EQ(s.buffer_after_minutes, 5);
  EXPECT_TRUE(s.is_active);
  EXPECT_EQ(s.updated_at, kCreatedAt);
  auto big = services_.find(p.id, bleaching.id);
  ASSERT_TRUE(big && *big);
  EXPECT_EQ((*big)->price, 9'999'999'999);
  EXPECT_FALSE((*big)->is_active);
  EXPECT_FALSE((*big)->description);

  auto foreign = services_.find(other.id, scaling.id);
  ASSERT_TRUE(foreign);
  EXPECT_FALSE(*foreign);

  const auto names = [](const std::vector<Service>& list) {
    std::vector<std::string> out;
    for (const auto& x : list) out.push_back(x.name);
    return out;
  };
  auto active = services_.list(p.id, true);
  ASSERT_TRUE(active);
  EXPECT_EQ(names(*active), (std::vector<std::string>{"Konsultasi", "Scaling"}));
  auto everything = services_.list(p.id, false);
  ASSERT_TRUE(everything);
  EXPECT_EQ(names(*everything), (std::vector<std::string>{"Bleaching", "Konsultasi", "Scaling"}));
  auto none = services_.list(other.id, false);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());

  Service changed = s;
  changed.name = "Scaling Plus";
  changed.description.reset();
  changed.price = 400000;
  changed.duration = 90;
  changed.buffer_after_minutes = 20;
  changed.is_active = false;
  changed.updated_at = kUpdatedAt;
  auto updated = services_.update(changed);
  ASSERT_TRUE(updated) << updated.error().code;
  EXPECT_EQ(updated->name, "Scaling Plus");
  EXPECT_FALSE(updated->description);
  EXPECT_EQ(updated->price, 400000);
  EXPECT_EQ(updated->duration, 90);
  EXPECT_EQ(updated->buffer_after_minutes, 20);
  EXPECT_FALSE(updated->is_active);
  EXPECT_EQ(updated->created_at, kCreatedAt);
  EXPECT_EQ(updated->updated_at, kUpdatedAt);

  Service moved = changed;
  moved.provider_id = other.id;  // a service of another provider is not found
  auto wrong = services_.update(moved);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(wrong.error().code, "SERVICE_001");

  ASSERT_TRUE(services_.soft_delete(p.id, consult.id, std::chrono::system_clock::now()));
  auto gone = services_.find(p.id, consult.id);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  everything = services_.list(p.id, false);
  ASSERT_TRUE(everything);
  EXPECT_EQ(names(*everything), (std::vector<std::string>{"Bleaching", "Scaling Plus"}));
  auto twice = services_.soft_delete(p.id, consult.id, std::chrono::system_clock::now());
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, "SERVICE_001");
  auto after_delete = services_.update(service_draft(p.id, "Ghost"));
  ASSERT_FALSE(after_delete);
  EXPECT_EQ(after_delete.error().code, "SERVICE_001");
}

// ---------------------------------------------------------------------------------------------
// Weekly schedules
// ---------------------------------------------------------------------------------------------

TEST_F(SqlCatalogRepositories, SchedulesCrudAndTheOverlapGuard) {
  const Provider p = create_provider("Schedule Owner");
  const Provider other = create_provider("Schedule Neighbour");
  constexpr int kMonday = 1;
  constexpr int kTuesday = 2;

  const Schedule morning = schedule_draft(p.id, kMonday, {9 * 60, 12 * 60});
  auto created = schedules_.create_schedule(morning);
  ASSERT_TRUE(created) << created.error().code;
  EXPECT_EQ(created->range, (TimeRange{540, 720}));
  EXPECT_EQ(created->created_at, kCreatedAt);

  // The database guard, without the service's friendly pre-check.
  auto clash = schedules_.create_schedule(schedule_draft(p.id, kMonday, {11 * 60, 13 * 60}));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(clash.error().code, "SCHEDULE_002");
  EXPECT_EQ(clash.error().message, "This range overlaps another range on the same day");
  auto inside = schedules_.create_schedule(schedule_draft(p.id, kMonday, {10 * 60, 11 * 60}));
  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().code, "SCHEDULE_002");

  // Touching ranges, other days, inactive ranges and other providers do not clash.
  const Schedule afternoon = schedule_draft(p.id, kMonday, {12 * 60, 13 * 60});
  ASSERT_TRUE(schedules_.create_schedule(afternoon));
  ASSERT_TRUE(schedules_.create_schedule(schedule_draft(p.id, kMonday, {8 * 60, 9 * 60})));
  const Schedule paused = schedule_draft(p.id, kMonday, {10 * 60, 11 * 60}, false);
  ASSERT_TRUE(schedules_.create_schedule(paused));
  ASSERT_TRUE(schedules_.create_schedule(schedule_draft(other.id, kMonday, {9 * 60, 12 * 60})));
  const Schedule late = schedule_draft(p.id, kTuesday, {22 * 60, 24 * 60});
  auto until_midnight = schedules_.create_schedule(late);
  ASSERT_TRUE(until_midnight) << until_midnight.error().code;
  EXPECT_EQ(until_midnight->range.end, 1440);
  auto late_clash = schedules_.create_schedule(schedule_draft(p.id, kTuesday, {23 * 60, 1440}));
  ASSERT_FALSE(late_clash);
  EXPECT_EQ(late_clash.error().code, "SCHEDULE_002");

  auto list = schedules_.list_schedules(p.id);
  ASSERT_TRUE(list) << list.error().code;
  std::vector<std::pair<int, TimeRange>> seen;
  for (const auto& s : *list) seen.emplace_back(s.day_of_week, s.range);
  EXPECT_EQ(seen, (std::vector<std::pair<int, TimeRange>>{{kMonday, {480, 540}},
                                                          {kMonday, {540, 720}},
                                                          {kMonday, {600, 660}},
                                                          {kMonday, {720, 780}},
                                                          {kTuesday, {1320, 1440}}}));
  EXPECT_FALSE(list->at(2).is_active);

  auto found = schedules_.find_schedule(p.id, late.id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->range, (TimeRange{1320, 1440}));
  EXPECT_EQ((*found)->day_of_week, kTuesday);
  EXPECT_TRUE((*found)->is_active);
  auto foreign = schedules_.find_schedule(other.id, late.id);
  ASSERT_TRUE(foreign);
  EXPECT_FALSE(*foreign);

  // Updates pass through the same guard; a row never clashes with itself.
  Schedule activated = paused;
  activated.is_active = true;
  auto reactivated = schedules_.update_schedule(activated);
  ASSERT_FALSE(reactivated);
  EXPECT_EQ(reactivated.error().code, "SCHEDULE_002");
  Schedule shrunk = morning;
  shrunk.range = {9 * 60, 10 * 60};
  ASSERT_TRUE(schedules_.update_schedule(shrunk));
  auto now_fits = schedules_.update_schedule(activated);
  ASSERT_TRUE(now_fits) << now_fits.error().code;
  EXPECT_TRUE(now_fits->is_active);
  Schedule moved = late;
  moved.day_of_week = kMonday;
  moved.range = {13 * 60, 24 * 60};
  auto moved_ok = schedules_.update_schedule(moved);
  ASSERT_TRUE(moved_ok) << moved_ok.error().code;
  EXPECT_EQ(moved_ok->day_of_week, kMonday);
  EXPECT_EQ(moved_ok->range, (TimeRange{780, 1440}));

  Schedule ghost = schedule_draft(p.id, kMonday, {0, 60});
  auto missing = schedules_.update_schedule(ghost);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(missing.error().code, "SCHEDULE_001");

  auto wrong_owner = schedules_.delete_schedule(other.id, afternoon.id);
  ASSERT_TRUE(wrong_owner);
  EXPECT_FALSE(*wrong_owner);
  auto deleted = schedules_.delete_schedule(p.id, afternoon.id);
  ASSERT_TRUE(deleted);
  EXPECT_TRUE(*deleted);
  auto again = schedules_.delete_schedule(p.id, afternoon.id);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  auto malformed = schedules_.delete_schedule(p.id, "nope");
  ASSERT_TRUE(malformed);
  EXPECT_FALSE(*malformed);
  list = schedules_.list_schedules(p.id);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 4u);
}

// ---------------------------------------------------------------------------------------------
// Dated exceptions
// ---------------------------------------------------------------------------------------------

TEST_F(SqlCatalogRepositories, ExceptionsCrudWithNullTimesAndDateWindows) {
  const Provider p = create_provider("Exception Owner");
  const Provider other = create_provider("Exception Neighbour");
  const auto labour_day = exception_draft(p.id, "2026-05-01", std::nullopt, false, "Hari Buruh");
  const auto special =
      exception_draft(p.id, "2026-05-01", TimeRange{13 * 60, 15 * 60}, true, std::nullopt);
  const auto dentist =
      exception_draft(p.id, "2026-05-10", TimeRange{9 * 60, 10 * 60}, false, "Dentist");
  const auto june = exception_draft(p.id, "2026-06-01", std::nullopt, false, std::nullopt);
  // Inserted out of order: the listing sorts.
  for (const auto* e : {&june, &dentist, &special, &labour_day}) {
    auto created = schedules_.create_exception(*e);
    ASSERT_TRUE(created) << created.error().code;
    EXPECT_EQ(created->range, e->range);
    EXPECT_EQ(created->reason, e->reason);
    EXPECT_EQ(created->date, e->date);
  }
  ASSERT_TRUE(schedules_.create_exception(
      exception_draft(other.id, "2026-05-01", std::nullopt, false, std::nullopt)));

  const auto ids = [&](const std::string& from, const std::string& to) {
    auto list = schedules_.list_exceptions(p.id, from, to);
    EXPECT_TRUE(list) << (list ? "" : list.error().code);
    std::vector<std::string> out;
    if (list) {
      for (const auto& e : *list) out.push_back(e.id);
    }
    return out;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids("", ""), (Ids{labour_day.id, special.id, dentist.id, june.id}));
  EXPECT_EQ(ids("2026-05-02", ""), (Ids{dentist.id, june.id}));
  EXPECT_EQ(ids("", "2026-05-10"), (Ids{labour_day.id, special.id, dentist.id}));
  EXPECT_EQ(ids("2026-05-10", "2026-05-10"), (Ids{dentist.id}));
  EXPECT_EQ(ids("2026-05-01", "2026-05-01"), (Ids{labour_day.id, special.id}));
  EXPECT_TRUE(ids("2026-05-11", "2026-05-31").empty());

  auto found = schedules_.find_exception(p.id, special.id);
  ASSERT_TRUE(found && *found);
  const ScheduleException& e = **found;
  EXPECT_EQ(e.provider_id, p.id);
  EXPECT_EQ(e.date, "2026-05-01");
  EXPECT_EQ(e.range, (TimeRange{780, 900}));
  EXPECT_TRUE(e.is_available);
  EXPECT_FALSE(e.reason);
  EXPECT_EQ(e.created_at, kCreatedAt);
  auto whole_day = schedules_.find_exception(p.id, labour_day.id);
  ASSERT_TRUE(whole_day && *whole_day);
  EXPECT_FALSE((*whole_day)->range);
  EXPECT_FALSE((*whole_day)->is_available);
  EXPECT_EQ((*whole_day)->reason, "Hari Buruh");
  auto foreign = schedules_.find_exception(other.id, special.id);
  ASSERT_TRUE(foreign);
  EXPECT_FALSE(*foreign);

  ScheduleException changed = dentist;
  changed.date = "2026-05-11";
  changed.range.reset();
  changed.reason.reset();
  auto updated = schedules_.update_exception(changed);
  ASSERT_TRUE(updated) << updated.error().code;
  EXPECT_EQ(updated->date, "2026-05-11");
  EXPECT_FALSE(updated->range);
  EXPECT_FALSE(updated->reason);
  ScheduleException all_day_special = special;
  all_day_special.range = TimeRange{0, 1440};
  auto to_midnight = schedules_.update_exception(all_day_special);
  ASSERT_TRUE(to_midnight) << to_midnight.error().code;
  EXPECT_EQ(to_midnight->range, (TimeRange{0, 1440}));
  auto reread = schedules_.find_exception(p.id, special.id);
  ASSERT_TRUE(reread && *reread);
  EXPECT_EQ((*reread)->range, (TimeRange{0, 1440}));

  ScheduleException ghost = changed;
  ghost.id = new_id();
  auto missing = schedules_.update_exception(ghost);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(missing.error().code, "EXCEPTION_001");

  auto wrong_owner = schedules_.delete_exception(other.id, june.id);
  ASSERT_TRUE(wrong_owner);
  EXPECT_FALSE(*wrong_owner);
  auto deleted = schedules_.delete_exception(p.id, june.id);
  ASSERT_TRUE(deleted);
  EXPECT_TRUE(*deleted);
  auto again = schedules_.delete_exception(p.id, june.id);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  EXPECT_EQ(ids("", ""), (Ids{labour_day.id, special.id, dentist.id}));
}

// ---------------------------------------------------------------------------------------------
// Booking calendar
// ---------------------------------------------------------------------------------------------

}  // namespace
}  // namespace janji::testing
