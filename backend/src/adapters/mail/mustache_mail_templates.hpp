#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/notifications/mail.hpp"

namespace janji::mail {

// Mustache e-mail templates read once at start-up from
// <template_dir>/<locale>/<name>.{subject,txt,html}.mustache for the locales "id" and "en".
// Subject and text templates use {{{var}}} (no HTML escaping); HTML templates must use {{var}}.
class MustacheMailTemplates final : public notifications::MailTemplates {
 public:
  // Throws std::runtime_error listing every missing or invalid file (fail fast at start-up).
  MustacheMailTemplates(std::filesystem::path template_dir, std::string default_locale);

  // Locale "en-US"/"id_ID" match by primary tag; other unknown locales use the default.
  // Every variable a template uses must be in vars (mstch would render it empty): else Internal.
  common::Result<notifications::RenderedMail> render(
      const std::string& template_name, const std::string& locale,
      const std::map<std::string, std::string>& vars) const override;

 private:
  struct Part {
    std::string source;
    std::set<std::string> variables;  // tag names the template reads
  };
  struct Template {
    Part subject;
    Part text;
    Part html;
  };

  std::string resolve_locale(const std::string& locale) const;

  std::string default_locale_;
  std::map<std::string, std::map<std::string, Template>> templates_;  // locale -> name -> parts
};

}  // namespace janji::mail
