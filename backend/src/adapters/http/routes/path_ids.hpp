#pragma once

#include <string>
#include <utility>
#include <vector>

#include "adapters/http/http_types.hpp"
#include "core/common/error.hpp"

namespace janji::http {

// A path parameter that must be a UUID, and the answer when it is not (a malformed id names
// nothing: the same not-found the core gives for an unknown one).
struct PathId {
  std::string param;
  common::Error not_found;
};

// Checks the ids at the edge, in order, then runs `next`; the core receives checked ids only.
Handler require_ids(std::vector<PathId> ids, Handler next);

}  // namespace janji::http
