#pragma once

#include "adapters/db/database.hpp"
#include "core/availability/ports.hpp"

namespace janji::db {

class SqlScheduleRepository final : public availability::ScheduleRepository {
 public:
  explicit SqlScheduleRepository(Database& db) : db_(db) {}

  common::Result<std::vector<availability::Schedule>> list_schedules(
      const std::string& provider_id) override;
  common::Result<std::optional<availability::Schedule>> find_schedule(
      const std::string& provider_id, const std::string& id) override;
  common::Result<availability::Schedule> create_schedule(
      const availability::Schedule& schedule) override;
  common::Result<availability::Schedule> update_schedule(
      const availability::Schedule& schedule) override;
  common::Result<bool> delete_schedule(const std::string& provider_id,
                                       const std::string& id) override;

  common::Result<std::vector<availability::ScheduleException>> list_exceptions(
      const std::string& provider_id, const std::string& from, const std::string& to) override;
  common::Result<std::optional<availability::ScheduleException>> find_exception(
      const std::string& provider_id, const std::string& id) override;
  common::Result<availability::ScheduleException> create_exception(
      const availability::ScheduleException& exception) override;
  common::Result<availability::ScheduleException> update_exception(
      const availability::ScheduleException& exception) override;
  common::Result<bool> delete_exception(const std::string& provider_id,
                                        const std::string& id) override;

 private:
  Database& db_;
};

}  // namespace janji::db
