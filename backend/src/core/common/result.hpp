#pragma once

#include <tl/expected.hpp>

#include "core/common/error.hpp"

namespace janji::common {

template <typename T>
using Result = tl::expected<T, Error>;

// For operations that return nothing on success.
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace janji::common
