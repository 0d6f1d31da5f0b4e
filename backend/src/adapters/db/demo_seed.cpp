#include "adapters/db/demo_seed.hpp"

#include <vector>

#include "core/common/crypto.hpp"

namespace janji::db {

namespace {

constexpr const char* kPassword = "janjidemo123";

struct DemoService {
  std::string name;
  std::string description;
  int duration;
  long long price;
};

struct DemoProvider {
  std::string email;
  std::string owner;
  std::string phone;
  std::string business_name;
  std::string business_type;
  std::string description;
  std::string address;
  std::vector<DemoService> services;
  std::vector<std::tuple<int, std::string, std::string>> hours;  // day, start, end
  bool requires_payment = false;  // bookings are paid when booked (the simulator, by default)
};

std::vector<DemoProvider> demo_providers() {
  std::vector<std::tuple<int, std::string, std::string>> clinic_hours;
  for (int day = 1; day <= 5; ++day) {
    clinic_hours.emplace_back(day, "08:00:00", "12:00:00");
    clinic_hours.emplace_back(day, "13:00:00", "17:00:00");
  }
  clinic_hours.emplace_back(6, "08:00:00", "12:00:00");
  std::vector<std::tuple<int, std::string, std::string>> salon_hours;
  for (int day = 2; day <= 6; ++day) salon_hours.emplace_back(day, "10:00:00", "20:00:00");
  salon_hours.emplace_back(0, "10:00:00", "16:00:00");
  std::vector<std::tuple<int, std::string, std::string>> office_hours;
  for (int day = 1; day <= 5; ++day) office_hours.emplace_back(day, "09:00:00", "17:00:00");
  std::vector<std::tuple<int, std::string, std::string>> studio_hours;
  for (int day = 0; day <= 6; ++day) studio_hours.emplace_back(day, "12:00:00", "23:00:00");

  return {
      {"klinik.sehat@demo.janji.local",
       "dr. Ratna Wijaya",
       "+62 21 5550 1234",
       "Klinik Gigi Sehat",
       "doctor",
       "Dental clinic: check-ups, scaling and fillings with a friendly team.",
       "Jl. Jend. Sudirman No. 12, Jakarta Pusat",
       {{"Konsultasi Gigi", "First consultation and check-up", 30, 150000},
        {"Scaling", "Tartar cleaning and polishing", 60, 350000},
        {"Tambal Gigi", "Composite filling, one tooth", 45, 400000}},
       clinic_hours},
      {"salon.ayu@demo.janji.local",
       "Ayu Lestari",
       "+62 22 5550 2233",
       "Salon Ayu Cantik",
       "salon",
       "Hair, cream bath and nail care in the heart of Bandung.",
       "Jl. Braga No. 45, Bandung",
       {{"Potong Rambut", "Cut and blow-dry", 45, 85000},
        {"Creambath", "Hair spa with head massage", 60, 120000},
        {"Manicure", "Classic manicure", 30, 75000}},
       salon_hours},
      {"konsultan.pajak@demo.janji.local",
       "Budi Santoso",
       "+62 31 5550 3344",
       "Budi Santoso Tax Consulting",
       "consultant",
       "Personal and small-business tax returns, NPWP and e-Faktur help.",
       "Jl. Pemuda No. 7, Surabaya",
       {{"Konsultasi Pajak", "One-hour tax consultation", 60, 500000},
        {"Pengisian SPT", "Annual return preparation", 90, 750000}},
       office_hours},
      {"studio.nada@demo.janji.local",
       "Dimas Pratama",
       "+62 274 555 4455",
       "Studio Musik Nada",
       "studio",
       "Rehearsal rooms with full backline and a recording booth.",
       "Jl. Kaliurang Km 5, Yogyakarta",
       {{"Sewa Studio Latihan", "Rehearsal room, full band", 120, 150000},
        {"Rekaman Vokal", "Vocal recording with engineer", 60, 250000}},
       studio_hours,
       true},
  };
}

}  // namespace

common::Result<DemoSeedResult> seed_demo(Database& db, auth::AuthService& auth,
                                         const common::Crypto& crypto) {
  DemoSeedResult result;
  result.password = kPassword;
  try {
    for (const auto& p : demo_providers()) {
      auth::RegisterInput input{p.email, kPassword, p.owner, p.phone, "provider", "id"};
      auto session = auth.register_user(input, /*client_ip=*/"");
      if (!session) {
        if (session.error().code == "AUTH_004") continue;  // seeded before
        return common::fail(session.error());
      }
      const std::string user_id = session->user.id;
      soci::session sql(db.pool());
      WriteTransaction tx(sql, db.dialect());
      const int verified = 1;
      sql << "UPDATE users SET is_verified = :v WHERE id = :id", soci::use(verified, "v"),
          soci::use(user_id, "id");
      const std::string provider_id = crypto.new_uuid();
      sql << "INSERT INTO service_providers (id, user_id, business_name, business_type, "
             "description, address) VALUES (:id, :user_id, :name, :type, :description, :address)",
          soci::use(provider_id, "id"), soci::use(user_id, "user_id"),
          soci::use(p.business_name, "name"), soci::use(p.business_type, "type"),
          soci::use(p.description, "description"), soci::use(p.address, "address");
      if (p.requires_payment) {
        // (1 = 1): a boolean on PostgreSQL, 1 on SQLite.
        sql << "UPDATE service_providers SET requires_payment = (1 = 1) WHERE id = :id",
            soci::use(provider_id, "id");
      }
      for (const auto& s : p.services) {
        const std::string service_id = crypto.new_uuid();
        sql << "INSERT INTO services (id, provider_id, name, description, duration, price) "
               "VALUES (:id, :provider_id, :name, :description, :duration, :price)",
            soci::use(service_id, "id"), soci::use(provider_id, "provider_id"),
            soci::use(s.name, "name"), soci::use(s.description, "description"),
            soci::use(s.duration, "duration"), soci::use(s.price, "price");
      }
      for (const auto& [day, start, end] : p.hours) {
        const std::string schedule_id = crypto.new_uuid();
        const int d = day;
        sql << "INSERT INTO availability_schedules (id, provider_id, day_of_week, start_time, "
               "end_time) VALUES (:id, :provider_id, :day, :start_time, :end_time)",
            soci::use(schedule_id, "id"), soci::use(provider_id, "provider_id"),
            soci::use(d, "day"), soci::use(start, "start_time"), soci::use(end, "end_time");
      }
      tx.commit();
      ++result.providers_created;
    }
    auth::RegisterInput customer{"pelanggan@demo.janji.local", kPassword,  "Siti Rahayu",
                                 "+62 812 5550 6677",          "customer", "id"};
    auto session = auth.register_user(customer, /*client_ip=*/"");
    if (session) {
      ++result.customers_created;
    } else if (session.error().code != "AUTH_004") {
      return common::fail(session.error());
    }
  } catch (const soci::soci_error& e) {
    return common::fail(translate_sql_error(e));
  }
  return result;
}

}  // namespace janji::db
