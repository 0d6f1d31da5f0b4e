#pragma once

#include <memory>

#include "config/config.hpp"
#include "core/notifications/mail.hpp"

namespace janji::app {

// The Mailer that MAIL_DRIVER names: log (an .eml file per message in <DATA_DIR>/outbox),
// smtp (SMTP_* settings) or sendgrid (SENDGRID_API_KEY, SENDGRID_BASE_URL); every driver
// sends from SENDGRID_FROM_EMAIL / SENDGRID_FROM_NAME. Throws std::invalid_argument when the
// driver cannot be built from the configuration (load_config has checked it already).
std::unique_ptr<notifications::Mailer> make_mailer(const config::Config& config);

}  // namespace janji::app
