#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/notifications/mail.hpp"

namespace janji::mail {

// Mustache e-mail templates read once at start-up from
// <template_dir>/<locale>/<name>.{subject,txt,html}.mustache for the locales "id" and "en".
// Subject and text templates use {{{var}}} (no HTML escaping); HTML templates must use {{var}}.
class MustacheMailTemplates final : public notifications::MailTemplates {
 public:
  // Throws std::runtime_error listing every missing or invalid file (fail fast at start-up).
  MustacheMailTemplates(std::filesystem::path template_dir, std::string default_locale);

  // A section ({{#name}} or, inverted, {{^name}}) enclosing an interpolation.
  struct Guard {
    std::string name;
    bool inverted = false;
  };
  // One {{name}} / {{{name}}} tag and the sections around it, outermost first.
  struct Interpolation {
    std::string name;
    std::vector<Guard> guards;
  };

  // Locale "en-US"/"id_ID" match by primary tag; other unknown locales use the default.
  // Every variable a template uses, as a value or as a section, must be in vars (mstch would
  // render it empty or skip the section): else Internal.
  common::Result<notifications::RenderedMail> render(
      const std::string& template_name, const std::string& locale,
      const std::map<std::string, std::string>& vars) const override;

  // The variables a template would print as "" with these vars: used as a value outside any
  // section that the same vars skip (an optional value inside {{#value}}...{{/value}} is never
  // listed), and empty or absent in vars. Sorted. A sender refuses to send when it is not
  // empty, rather than mail "Hi ,". Internal for an unknown template.
  common::Result<std::vector<std::string>> referenced_empty_variables(
      const std::string& template_name, const std::string& locale,
      const std::map<std::string, std::string>& vars) const override;

  // Every variable name (values and sections) in the subject, text and HTML of a template.
  common::Result<std::set<std::string>> used_variables(const std::string& template_name,
                                                       const std::string& locale) const;

 private:
  struct Part {
    std::string source;
    std::set<std::string> variables;  // tag names the template reads, sections included
    std::vector<Interpolation> interpolations;
  };
  struct Template {
    Part subject;
    Part text;
    Part html;
  };

  std::string resolve_locale(const std::string& locale) const;
  common::Result<const Template*> find(const std::string& template_name,
                                       const std::string& resolved_locale) const;

  std::string default_locale_;
  std::map<std::string, std::map<std::string, Template>> templates_;  // locale -> name -> parts
};

}  // namespace janji::mail
