#pragma once

#include <cstddef>
#include <cstdint>

#include "config/config.hpp"

namespace janji::app {

// RLIMIT_NOFILE; RLIM_INFINITY reads as UINT64_MAX.
struct OpenFilesLimit {
  std::uint64_t soft = 0;
  std::uint64_t hard = 0;
};

OpenFilesLimit open_files_limit();

// Every client connection holds a descriptor, and distributions start services with a soft
// limit of 1024 under a much higher hard one: raise the soft limit to the hard limit (or to
// the kernel's nr_open when the hard limit is unlimited) and log both. Returns the result.
OpenFilesLimit raise_open_files_limit();

// Descriptors kept out of the connection cap: standard streams, logs, the listeners and their
// event loops, database connections (SQLite: file, WAL and shared memory each), Redis
// connections, mail files.
std::size_t descriptor_reserve(const config::Config& config);

// MAX_CONNECTIONS when set, else the soft limit less descriptor_reserve (at least 16).
std::size_t connection_cap(const config::Config& config, std::uint64_t soft_limit);

}  // namespace janji::app
