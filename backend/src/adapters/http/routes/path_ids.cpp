#include "adapters/http/routes/path_ids.hpp"

#include "adapters/http/envelope.hpp"
#include "core/common/crypto.hpp"

namespace janji::http {

Handler require_ids(std::vector<PathId> ids, Handler next) {
  return [ids = std::move(ids), next = std::move(next)](Request& request) {
    for (const auto& id : ids) {
      if (!common::is_uuid(request.param(id.param))) return error_response(id.not_found);
    }
    return next(request);
  };
}

}  // namespace janji::http
