#include "adapters/mail/log_mailer.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string_view>
#include <system_error>
#include <utility>

#include "adapters/mail/mime_message.hpp"

namespace janji::mail {
namespace {

std::string file_stamp(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[80];  // sized for any int, which silences -Wformat-truncation
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

common::Error write_error(const std::filesystem::path& path, std::string_view what) {
  spdlog::error("mail: could not write {}: {}", path.string(), what);
  return common::Error::internal("Could not store outgoing mail");
}

}  // namespace

LogMailer::LogMailer(std::filesystem::path outbox_dir, std::string from_email,
                     std::string from_name)
    : outbox_dir_(std::move(outbox_dir)), sender_{std::move(from_email), std::move(from_name)} {
  check_sender(sender_, "LogMailer");
}

common::Result<notifications::SentMail> LogMailer::send(const notifications::MailMessage& message) {
  if (auto checked = check_message(message); !checked) return common::fail(checked.error());
  const auto now = std::chrono::system_clock::now();
  const BuiltMessage built = build_mime_message(message, sender_, now);
  const std::string& eml = built.data;

  std::error_code ec;
  std::filesystem::create_directories(outbox_dir_, ec);
  if (ec || !std::filesystem::is_directory(outbox_dir_, ec)) {
    return common::fail(write_error(outbox_dir_, ec ? ec.message() : "not a directory"));
  }
  const std::string name = file_stamp(now) + "-" + random_hex(4) + ".eml";
  const std::filesystem::path final_path = outbox_dir_ / name;
  // Dot-prefixed and without the .eml suffix, so outbox readers skip half-written files.
  const std::filesystem::path temp_path = outbox_dir_ / ("." + name + ".tmp");
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (!out)
      return common::fail(
          write_error(temp_path, std::error_code(errno, std::generic_category()).message()));
    out.write(eml.data(), static_cast<std::streamsize>(eml.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temp_path, ec);
      return common::fail(write_error(temp_path, "write failed"));
    }
  }
  std::filesystem::rename(temp_path, final_path, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::filesystem::remove(temp_path, ec);
    return common::fail(write_error(final_path, reason));
  }
  spdlog::info("mail: to={} subject=\"{}\" file={}", message.to_email, message.subject,
               final_path.string());
  return notifications::SentMail{};
}

}  // namespace janji::mail
