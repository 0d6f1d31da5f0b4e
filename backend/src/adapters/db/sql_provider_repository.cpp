#include "adapters/db/sql_provider_repository.hpp"
#include "adapters/db/sql_rows.hpp"

#include <array>

#include "core/common/crypto.hpp"

namespace janji::db {

using common::Error;
using common::fail;
using providers::Provider;
using providers::Service;

namespace {

Error provider_not_found() { return Error::not_found("PROVIDER_001", "Provider not found"); }
Error service_not_found() { return Error::not_found("SERVICE_001", "Service not found"); }

// The columns every provider query reads, in the order ProviderRow binds them. jsonb and
// boolean are read as text and integer, the types SOCI reads the same on both dialects.
std::string provider_columns(Dialect dialect) {
  return std::string(
             "id, user_id, business_name, business_type, description, address, latitude, "
             "longitude, ") +
         (dialect == Dialect::kPostgres ? "CAST(pricing_info AS TEXT)" : "pricing_info") +
         ", CAST(is_active AS INTEGER), timezone, slot_interval_minutes, min_notice_minutes, "
         "max_advance_days, created_at, updated_at, CAST(requires_payment AS INTEGER)";
}

// Written by both create and update, in this order (ProviderParams::bind follows it).
constexpr std::array<const char*, 14> kProviderWritable = {
    "business_name",      "business_type",
    "description",        "address",
    "latitude",           "longitude",
    "pricing_info",       "is_active",
    "timezone",           "slot_interval_minutes",
    "min_notice_minutes", "max_advance_days",
    "updated_at",         "requires_payment"};

// The placeholder for a writable column. jsonb takes text through an explicit cast on
// PostgreSQL; SQLite stores the text as is (a CAST to jsonb there means NUMERIC affinity).
std::string provider_placeholder(Dialect dialect, const std::string& column) {
  if (column == "pricing_info" && dialect == Dialect::kPostgres) {
    return "CAST(:pricing_info AS jsonb)";
  }
  return ":" + column;
}

// The buffers for provider_columns(), nullable columns with indicators.
struct ProviderRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.user_id));
    st.exchange(soci::into(row.business_name));
    st.exchange(soci::into(row.business_type));
    st.exchange(soci::into(description, description_ind));
    st.exchange(soci::into(address, address_ind));
    st.exchange(soci::into(latitude, latitude_ind));
    st.exchange(soci::into(longitude, longitude_ind));
    st.exchange(soci::into(row.pricing_info));
    st.exchange(soci::into(is_active));
    st.exchange(soci::into(row.timezone));
    st.exchange(soci::into(row.slot_interval_minutes));
    st.exchange(soci::into(row.min_notice_minutes));
    st.exchange(soci::into(row.max_advance_days));
    st.exchange(soci::into(row.created_at));
    st.exchange(soci::into(row.updated_at));
    st.exchange(soci::into(requires_payment));
  }
  Provider current() const {
    Provider p = row;
    p.requires_payment = requires_payment != 0;
    p.description = description_ind == soci::i_ok ? std::optional(description) : std::nullopt;
    p.address = address_ind == soci::i_ok ? std::optional(address) : std::nullopt;
    p.latitude = latitude_ind == soci::i_ok ? std::optional(latitude) : std::nullopt;
    p.longitude = longitude_ind == soci::i_ok ? std::optional(longitude) : std::nullopt;
    p.is_active = is_active != 0;
    p.created_at = normalize_instant_text(p.created_at);
    p.updated_at = normalize_instant_text(p.updated_at);
    return p;
  }
  Provider row;
  std::string description;
  std::string address;
  double latitude = 0;
  double longitude = 0;
  int is_active = 0;
  int requires_payment = 0;
  soci::indicator description_ind = soci::i_null;
  soci::indicator address_ind = soci::i_null;
  soci::indicator latitude_ind = soci::i_null;
  soci::indicator longitude_ind = soci::i_null;
};

using ProviderRows = Rows<ProviderRow>;

// Bindable copies of a provider's optional and boolean fields (SOCI has neither type).
struct ProviderParams {
  explicit ProviderParams(const Provider& p)
      : provider(p),
        description(p.description.value_or("")),
        address(p.address.value_or("")),
        latitude(p.latitude.value_or(0)),
        longitude(p.longitude.value_or(0)),
        is_active(p.is_active ? 1 : 0),
        requires_payment(p.requires_payment ? 1 : 0),
        description_ind(p.description ? soci::i_ok : soci::i_null),
        address_ind(p.address ? soci::i_ok : soci::i_null),
        latitude_ind(p.latitude ? soci::i_ok : soci::i_null),
        longitude_ind(p.longitude ? soci::i_ok : soci::i_null) {}

  // In kProviderWritable order.
  void bind(ProviderRows& rows) {
    rows.use(provider.business_name);
    rows.use(provider.business_type);
    rows.use(description, description_ind);
    rows.use(address, address_ind);
    rows.use(latitude, latitude_ind);
    rows.use(longitude, longitude_ind);
    rows.use(provider.pricing_info);
    rows.use(is_active);
    rows.use(provider.timezone);
    rows.use(provider.slot_interval_minutes);
    rows.use(provider.min_notice_minutes);
    rows.use(provider.max_advance_days);
    rows.use(provider.updated_at);
    rows.use(requires_payment);
  }

  const Provider& provider;
  std::string description;
  std::string address;
  double latitude;
  double longitude;
  int is_active;
  int requires_payment;
  soci::indicator description_ind;
  soci::indicator address_ind;
  soci::indicator latitude_ind;
  soci::indicator longitude_ind;
};

// A case-insensitive substring pattern for LIKE ... ESCAPE '\': the user's % and _ are literal.
// The database lowercases it (lower(:q)), with the same rules as the column it is compared to.
std::string contains_pattern(const std::string& search) {
  std::string out = "%";
  for (const char c : search) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

// The services columns, in the order ServiceRows binds them. Prices are whole rupiah; on
// PostgreSQL they are NUMERIC(12,2), read as an integer.
constexpr const char* kServiceColumns =
    "id, provider_id, name, description, duration, CAST(price AS BIGINT), "
    "buffer_before_minutes, buffer_after_minutes, CAST(is_active AS INTEGER), created_at, "
    "updated_at";

struct ServiceRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.provider_id));
    st.exchange(soci::into(row.name));
    st.exchange(soci::into(description, description_ind));
    st.exchange(soci::into(row.duration));
    st.exchange(soci::into(row.price));
    st.exchange(soci::into(row.buffer_before_minutes));
    st.exchange(soci::into(row.buffer_after_minutes));
    st.exchange(soci::into(is_active));
    st.exchange(soci::into(row.created_at));
    st.exchange(soci::into(row.updated_at));
  }
  Service current() const {
    Service s = row;
    s.description = description_ind == soci::i_ok ? std::optional(description) : std::nullopt;
    s.is_active = is_active != 0;
    s.created_at = normalize_instant_text(s.created_at);
    s.updated_at = normalize_instant_text(s.updated_at);
    return s;
  }
  Service row;
  std::string description;
  int is_active = 0;
  soci::indicator description_ind = soci::i_null;
};

using ServiceRows = Rows<ServiceRow>;

// Bindable copies of a service's optional and boolean fields.
struct ServiceParams {
  explicit ServiceParams(const Service& s)
      : description(s.description.value_or("")),
        is_active(s.is_active ? 1 : 0),
        description_ind(s.description ? soci::i_ok : soci::i_null) {}
  std::string description;
  int is_active;
  soci::indicator description_ind;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// SqlProviderRepository
// ---------------------------------------------------------------------------------------------

common::Result<providers::ProviderPage> SqlProviderRepository::list(
    const providers::ProviderFilter& filter) {
  try {
    soci::session sql(db_.pool());
    const std::string pattern = filter.search.empty() ? "" : contains_pattern(filter.search);
    std::string where = " WHERE deleted_at IS NULL";
    if (!filter.include_inactive) where += " AND is_active = TRUE";
    if (!filter.business_type.empty()) where += " AND business_type = :type";
    if (!pattern.empty()) {
      // Three placeholders: SOCI binds each occurrence of a name separately on PostgreSQL.
      where +=
          " AND (lower(business_name) LIKE lower(:q1) ESCAPE '\\' OR "
          "lower(COALESCE(description, '')) LIKE lower(:q2) ESCAPE '\\' OR "
          "lower(COALESCE(address, '')) LIKE lower(:q3) ESCAPE '\\')";
    }
    // The same parameters, in placeholder order, for the count and for the rows.
    const auto bind_filter = [&](auto& query) {
      if (!filter.business_type.empty()) query.use(filter.business_type);
      if (!pattern.empty()) {
        query.use(pattern);
        query.use(pattern);
        query.use(pattern);
      }
    };

    providers::ProviderPage page;
    Rows<CountRow> count(sql);
    bind_filter(count);
    page.total_items = count.run("SELECT COUNT(*) FROM service_providers" + where).at(0);

    const PageWindow window = page_window(filter.page, filter.limit);
    if (window.offset >= page.total_items) return page;  // a page beyond any real one: empty

    ProviderRows rows(sql);
    bind_filter(rows);
    rows.use(window.limit);
    rows.use(window.offset);
    page.items = rows.run("SELECT " + provider_columns(db_.dialect()) + " FROM service_providers" +
                          where + " ORDER BY business_name, id LIMIT :limit OFFSET :offset");
    return page;
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<Provider>> SqlProviderRepository::find(const std::string& id) {
  return find_one("id", id);
}

common::Result<std::optional<Provider>> SqlProviderRepository::find_by_user(
    const std::string& user_id) {
  return find_one("user_id", user_id);
}

common::Result<std::optional<Provider>> SqlProviderRepository::find_one(const std::string& column,
                                                                        const std::string& value) {
  // PostgreSQL rejects a malformed uuid with an error; it names nothing either way.
  if (!common::is_uuid(value)) return std::optional<Provider>{};
  try {
    soci::session sql(db_.pool());
    ProviderRows rows(sql);
    rows.use(value);
    // `column` is one of two literals chosen above, never user input.
    auto found =
        rows.run("SELECT " + provider_columns(db_.dialect()) + " FROM service_providers WHERE " +
                 column + " = :value AND deleted_at IS NULL");
    if (found.empty()) return std::optional<Provider>{};
    return std::optional<Provider>{std::move(found.front())};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<Provider> SqlProviderRepository::create(const Provider& provider) {
  try {
    soci::session sql(db_.pool());
    const Dialect dialect = db_.dialect();
    std::string columns = "id, user_id, created_at";
    std::string values = ":id, :user_id, :created_at";
    for (const std::string column : kProviderWritable) {
      columns += ", " + column;
      values += ", " + provider_placeholder(dialect, column);
    }
    ProviderParams params(provider);
    ProviderRows rows(sql);
    rows.use(provider.id);
    rows.use(provider.user_id);
    rows.use(provider.created_at);
    params.bind(rows);
    // RETURNING answers what was stored (jsonb reformats pricing_info, numeric rounds).
    auto stored = rows.run("INSERT INTO service_providers (" + columns + ") VALUES (" + values +
                           ") RETURNING " + provider_columns(dialect));
    if (stored.empty()) return fail(Error::internal());
    return std::move(stored.front());
  } catch (const soci::soci_error& e) {
    // user_id is the only foreign key: the account went after its token was checked.
    if (is_foreign_key_violation(e)) return fail(account_gone());
    return fail(translate_sql_error(e, "PROVIDER_002", "This user already has a provider profile"));
  }
}

common::Result<Provider> SqlProviderRepository::update(const Provider& provider) {
  if (!common::is_uuid(provider.id)) return fail(provider_not_found());
  try {
    soci::session sql(db_.pool());
    const Dialect dialect = db_.dialect();
    std::string assignments;
    for (const std::string column : kProviderWritable) {
      if (!assignments.empty()) assignments += ", ";
      assignments += column + " = " + provider_placeholder(dialect, column);
    }
    ProviderParams params(provider);
    ProviderRows rows(sql);
    params.bind(rows);
    rows.use(provider.id);
    auto stored =
        rows.run("UPDATE service_providers SET " + assignments +
                 " WHERE id = :id AND deleted_at IS NULL RETURNING " + provider_columns(dialect));
    if (stored.empty()) return fail(provider_not_found());
    return std::move(stored.front());
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlProviderRepository::soft_delete(const std::string& id, common::Instant now) {
  if (!common::is_uuid(id)) return fail(provider_not_found());
  try {
    soci::session sql(db_.pool());
    const std::string at = common::format_instant(now);
    soci::statement st =
        (sql.prepare << "UPDATE service_providers SET deleted_at = :deleted_at, is_active = FALSE, "
                        "updated_at = :updated_at WHERE id = :id AND deleted_at IS NULL",
         soci::use(at, "deleted_at"), soci::use(at, "updated_at"), soci::use(id, "id"));
    st.execute(true);
    if (st.get_affected_rows() == 0) return fail(provider_not_found());
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

// ---------------------------------------------------------------------------------------------
// SqlServiceRepository
// ---------------------------------------------------------------------------------------------

common::Result<std::vector<Service>> SqlServiceRepository::list(const std::string& provider_id,
                                                                bool active_only) {
  if (!common::is_uuid(provider_id)) return std::vector<Service>{};
  try {
    soci::session sql(db_.pool());
    ServiceRows rows(sql);
    rows.use(provider_id);
    return rows.run(std::string("SELECT ") + kServiceColumns +
                    " FROM services WHERE provider_id = :provider_id AND deleted_at IS NULL" +
                    (active_only ? " AND is_active = TRUE" : "") + " ORDER BY name, id");
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<std::optional<Service>> SqlServiceRepository::find(const std::string& provider_id,
                                                                  const std::string& id) {
  if (!common::is_uuid(provider_id) || !common::is_uuid(id)) return std::optional<Service>{};
  try {
    soci::session sql(db_.pool());
    ServiceRows rows(sql);
    rows.use(id);
    rows.use(provider_id);
    auto found = rows.run(std::string("SELECT ") + kServiceColumns +
                          " FROM services WHERE id = :id AND provider_id = :provider_id AND "
                          "deleted_at IS NULL");
    if (found.empty()) return std::optional<Service>{};
    return std::optional<Service>{std::move(found.front())};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<Service> SqlServiceRepository::create(const Service& service) {
  try {
    soci::session sql(db_.pool());
    ServiceParams params(service);
    ServiceRows rows(sql);
    rows.use(service.id);
    rows.use(service.provider_id);
    rows.use(service.name);
    rows.use(params.description, params.description_ind);
    rows.use(service.duration);
    rows.use(service.price);
    rows.use(service.buffer_before_minutes);
    rows.use(service.buffer_after_minutes);
    rows.use(params.is_active);
    rows.use(service.created_at);
    rows.use(service.updated_at);
    auto stored = rows.run(
        std::string("INSERT INTO services (id, provider_id, name, description, duration, price, "
                    "buffer_before_minutes, buffer_after_minutes, is_active, created_at, "
                    "updated_at) VALUES (:id, :provider_id, :name, :description, :duration, "
                    ":price, :buffer_before, :buffer_after, :is_active, :created_at, "
                    ":updated_at) RETURNING ") +
        kServiceColumns);
    if (stored.empty()) return fail(Error::internal());
    return std::move(stored.front());
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Result<Service> SqlServiceRepository::update(const Service& service) {
  if (!common::is_uuid(service.provider_id) || !common::is_uuid(service.id)) {
    return fail(service_not_found());
  }
  try {
    soci::session sql(db_.pool());
    ServiceParams params(service);
    ServiceRows rows(sql);
    rows.use(service.name);
    rows.use(params.description, params.description_ind);
    rows.use(service.duration);
    rows.use(service.price);
    rows.use(service.buffer_before_minutes);
    rows.use(service.buffer_after_minutes);
    rows.use(params.is_active);
    rows.use(service.updated_at);
    rows.use(service.id);
    rows.use(service.provider_id);
    auto stored = rows.run(
        std::string("UPDATE services SET name = :name, description = :description, duration = "
                    ":duration, price = :price, buffer_before_minutes = :buffer_before, "
                    "buffer_after_minutes = :buffer_after, is_active = :is_active, updated_at = "
                    ":updated_at WHERE id = :id AND provider_id = :provider_id AND deleted_at IS "
                    "NULL RETURNING ") +
        kServiceColumns);
    if (stored.empty()) return fail(service_not_found());
    return std::move(stored.front());
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

common::Status SqlServiceRepository::soft_delete(const std::string& provider_id,
                                                 const std::string& id, common::Instant now) {
  if (!common::is_uuid(provider_id) || !common::is_uuid(id)) return fail(service_not_found());
  try {
    soci::session sql(db_.pool());
    const std::string at = common::format_instant(now);
    soci::statement st =
        (sql.prepare << "UPDATE services SET deleted_at = :deleted_at, is_active = FALSE, "
                        "updated_at = :updated_at WHERE id = :id AND provider_id = :provider_id "
                        "AND deleted_at IS NULL",
         soci::use(at, "deleted_at"), soci::use(at, "updated_at"), soci::use(id, "id"),
         soci::use(provider_id, "provider_id"));
    st.execute(true);
    if (st.get_affected_rows() == 0) return fail(service_not_found());
    return {};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
