#include "app/open_files.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>

namespace janji::app {

namespace {

std::uint64_t from_rlim(rlim_t v) {
  return v == RLIM_INFINITY ? std::numeric_limits<std::uint64_t>::max()
                            : static_cast<std::uint64_t>(v);
}

std::string describe(std::uint64_t v) {
  return v == std::numeric_limits<std::uint64_t>::max() ? std::string("unlimited")
                                                        : std::to_string(v);
}

// The most descriptors a process may have whatever its limit says (fs.nr_open).
std::uint64_t kernel_ceiling() {
  std::ifstream in("/proc/sys/fs/nr_open");
  std::uint64_t v = 0;
  if (in >> v && v > 0) return v;
  return 1048576;
}

}  // namespace

OpenFilesLimit open_files_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  return {from_rlim(limit.rlim_cur), from_rlim(limit.rlim_max)};
}

OpenFilesLimit raise_open_files_limit() {
  const auto before = open_files_limit();
  auto target = before.hard;
  if (target == std::numeric_limits<std::uint64_t>::max()) target = kernel_ceiling();
  if (before.soft < target) {
    rlimit wanted{static_cast<rlim_t>(target), static_cast<rlim_t>(before.hard)};
    if (before.hard == std::numeric_limits<std::uint64_t>::max()) wanted.rlim_max = RLIM_INFINITY;
    if (::setrlimit(RLIMIT_NOFILE, &wanted) != 0) {
      spdlog::warn("open files limit: cannot raise {} to {}: {}", describe(before.soft),
                   describe(target), std::strerror(errno));
    }
  }
  const auto after = open_files_limit();
  spdlog::info("open files limit: {} -> {} (hard limit {})", describe(before.soft),
               describe(after.soft), describe(after.hard));
  return after;
}

std::size_t descriptor_reserve(const config::Config& c) {
  const auto pool = static_cast<std::size_t>(c.database.pool_size);
  const auto io = static_cast<std::size_t>(c.io_threads);
  const std::size_t redis = c.redis.enabled ? static_cast<std::size_t>(c.worker_threads) + 4 : 0;
  return 64 + 4 * io + 3 * pool + redis;
}

std::size_t connection_cap(const config::Config& c, std::uint64_t soft_limit) {
  if (c.max_connections > 0) return static_cast<std::size_t>(c.max_connections);
  const std::uint64_t reserve = descriptor_reserve(c);
  constexpr std::uint64_t kFloor = 16;
  if (soft_limit <= reserve + kFloor) return kFloor;
  const std::uint64_t cap = soft_limit - reserve;
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(cap, std::numeric_limits<std::size_t>::max()));
}

}  // namespace janji::app
