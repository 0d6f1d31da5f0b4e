#include "app/mail_drivers.hpp"

#include <spdlog/spdlog.h>

#include "adapters/mail/log_mailer.hpp"
#include "adapters/mail/sendgrid_mailer.hpp"
#include "adapters/mail/smtp_mailer.hpp"

namespace janji::app {
namespace {

mail::SmtpSecurity to_mail(config::SmtpSecurity security) {
  switch (security) {
    case config::SmtpSecurity::kNone:
      return mail::SmtpSecurity::kNone;
    case config::SmtpSecurity::kTls:
      return mail::SmtpSecurity::kTls;
    case config::SmtpSecurity::kStartTls:
      break;
  }
  return mail::SmtpSecurity::kStartTls;
}

}  // namespace

std::unique_ptr<notifications::Mailer> make_mailer(const config::Config& config) {
  const auto& m = config.mail;
  switch (m.driver) {
    case config::MailDriver::kSmtp: {
      mail::SmtpOptions options;
      options.host = m.smtp_host;
      options.port = m.smtp_port;
      options.username = m.smtp_username;
      options.password = m.smtp_password;
      options.security = to_mail(m.smtp_security);
      options.from_email = m.from_email;
      options.from_name = m.from_name;
      spdlog::info("mail: smtp driver, {}:{} security={}", m.smtp_host, m.smtp_port,
                   config::to_string(m.smtp_security));
      return std::make_unique<mail::SmtpMailer>(std::move(options));
    }
    case config::MailDriver::kSendGrid: {
      mail::SendGridOptions options;
      options.api_key = m.sendgrid_api_key;
      options.base_url = m.sendgrid_base_url;
      options.from_email = m.from_email;
      options.from_name = m.from_name;
      spdlog::info("mail: sendgrid driver, {}", m.sendgrid_base_url);
      return std::make_unique<mail::SendGridMailer>(std::move(options));
    }
    case config::MailDriver::kLog:
      break;
  }
  return std::make_unique<mail::LogMailer>(config.data_dir / "outbox", m.from_email, m.from_name);
}

}  // namespace janji::app
