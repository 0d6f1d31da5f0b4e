#include "adapters/mail/mustache_mail_templates.hpp"

#include <mstch/mstch.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace janji::mail {
namespace {

constexpr std::array<std::string_view, 2> kLocales = {"id", "en"};
// Templates the core sends today; more are picked up from the folder automatically.
constexpr std::array<std::string_view, 14> kRequiredTemplates = {
    "verify_email",
    "password_reset",
    "password_changed",
    "booking_created_customer",
    "booking_confirmed_customer",
    "booking_rejected_customer",
    "booking_cancelled_customer",
    "booking_rescheduled_customer",
    "booking_reminder_customer",
    "booking_completed_customer",
    "booking_created_provider",
    "booking_cancelled_provider",
    "booking_rescheduled_provider",
    "payment_receipt_customer",
};
constexpr std::string_view kSubjectSuffix = ".subject.mustache";
constexpr std::string_view kTextSuffix = ".txt.mustache";
constexpr std::string_view kHtmlSuffix = ".html.mustache";

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

struct TagScan {
  std::set<std::string> variables;     // interpolations and section names
  std::vector<std::string> unescaped;  // {{{name}}} and {{& name}}
  std::vector<MustacheMailTemplates::Interpolation> interpolations;
  std::string error;
};

// Deliberately simple: finds every interpolation and section tag so render() can insist that
// the caller supplied it, and records which sections enclose each interpolation so
// referenced_empty_variables() can tell a guarded optional value from an unguarded one.
// Comment and partial tags are skipped; delimiter changes and unbalanced sections are refused.
TagScan scan_tags(std::string_view src) {
  TagScan scan;
  std::vector<MustacheMailTemplates::Guard> open_sections;
  std::size_t pos = 0;
  while (true) {
    const std::size_t open = src.find("{{", pos);
    if (open == std::string_view::npos) break;
    const bool triple = src.compare(open, 3, "{{{") == 0;
    const std::string_view closer = triple ? "}}}" : "}}";
    const std::size_t start = open + (triple ? 3 : 2);
    const std::size_t close = src.find(closer, start);
    if (close == std::string_view::npos) {
      scan.error = "unterminated tag";
      break;
    }
    pos = close + closer.size();
    std::string_view tag = trim(src.substr(start, close - start));
    if (tag.empty()) {
      scan.error = "empty tag";
      break;
    }
    bool unescaped = triple;
    if (!triple) {
      const char sigil = tag.front();
      if (sigil == '!' || sigil == '>') continue;
      if (sigil == '=') {
        scan.error = "delimiter changes are not supported";
        break;
      }
      if (sigil == '#' || sigil == '^' || sigil == '/') {
        const std::string name(trim(tag.substr(1)));
        if (name.empty()) {
          scan.error = "section without a name";
          break;
        }
        if (sigil == '/') {
          // mstch silently accepts a stray or mismatched close; a typo would hide text.
          if (open_sections.empty() || open_sections.back().name != name) {
            scan.error = "section close '" + name + "' does not match an open section";
            break;
          }
          open_sections.pop_back();
          continue;
        }
        open_sections.push_back({name, sigil == '^'});
        scan.variables.insert(name);
        continue;
      }
      if (sigil == '&') {
        tag = trim(tag.substr(1));
        unescaped = true;
      }
    }
    if (tag.empty() || tag == ".") continue;
    if (unescaped) scan.unescaped.emplace_back(tag);
    scan.variables.emplace(tag);
    scan.interpolations.push_back({std::string(tag), open_sections});
  }
  if (scan.error.empty() && !open_sections.empty()) {
    scan.error = "section '" + open_sections.back().name + "' is never closed";
  }
  return scan;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

mstch::map to_mstch(const std::map<std::string, std::string>& vars) {
  mstch::map out;
  // Values must be std::string: a const char* would become a bool node and render "true".
  for (const auto& [key, value] : vars) out.emplace(key, std::string(value));
  return out;
}

std::string primary_language_tag(const std::string& locale) {
  std::string tag = locale.substr(0, locale.find_first_of("-_"));
  std::transform(tag.begin(), tag.end(), tag.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return tag;
}

}  // namespace

MustacheMailTemplates::MustacheMailTemplates(std::filesystem::path template_dir,
                                             std::string default_locale)
    : default_locale_(std::move(default_locale)) {
  std::vector<std::string> problems;
  if (std::find(kLocales.begin(), kLocales.end(), default_locale_) == kLocales.end()) {
    problems.push_back("default locale '" + default_locale_ + "' is not one of: id, en");
  }

  // Names present in any locale folder must exist in every locale.
  std::set<std::string> names(kRequiredTemplates.begin(), kRequiredTemplates.end());
  for (const std::string_view locale : kLocales) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(template_dir / locale, ec), end; !ec && it != end;
         it.increment(ec)) {
      const std::string file = it->path().filename().string();
      for (const std::string_view suffix : {kSubjectSuffix, kTextSuffix, kHtmlSuffix}) {
        if (file.size() > suffix.size() && file.ends_with(suffix)) {
          names.insert(file.substr(0, file.size() - suffix.size()));
        }
      }
    }
  }

  for (const std::string_view locale : kLocales) {
    for (const std::string& name : names) {
      Template tmpl;
      const std::array<std::pair<std::string_view, Part*>, 3> parts = {
          {{kSubjectSuffix, &tmpl.subject}, {kTextSuffix, &tmpl.text}, {kHtmlSuffix, &tmpl.html}}};
      bool complete = true;
      for (const auto& [suffix, part] : parts) {
        const std::filesystem::path path = template_dir / locale / (name + std::string(suffix));
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
          problems.push_back("missing " + path.string());
          complete = false;
          continue;
        }
        part->source = read_file(path);
        TagScan scan = scan_tags(part->source);
        if (!scan.error.empty()) {
          problems.push_back(path.string() + ": " + scan.error);
          complete = false;
        }
        // Unescaped output in HTML would let a user's name inject markup.
        if (suffix == kHtmlSuffix && !scan.unescaped.empty()) {
          problems.push_back(path.string() + ": unescaped tag '" + scan.unescaped.front() +
                             "' in HTML (use {{" + scan.unescaped.front() + "}})");
          complete = false;
        }
        part->variables = std::move(scan.variables);
        part->interpolations = std::move(scan.interpolations);
      }
      if (!complete) continue;
      // Parse errors surface here, at start-up, rather than in a worker later.
      for (const auto& [suffix, part] : parts) {
        mstch::map sample;
        for (const std::string& var : part->variables) sample.emplace(var, std::string("x"));
        try {
          (void)mstch::render(part->source, sample);
        } catch (const std::exception& e) {
          problems.push_back(std::string(locale) + "/" + name + std::string(suffix) + ": " +
                             e.what());
        }
      }
      templates_[std::string(locale)].emplace(name, std::move(tmpl));
    }
  }

  if (!problems.empty()) {
    std::string message = "mail templates in " + template_dir.string() + " are not usable:";
    for (const std::string& problem : problems) message += "\n  " + problem;
    throw std::runtime_error(message);
  }
}

std::string MustacheMailTemplates::resolve_locale(const std::string& locale) const {
  std::string tag = primary_language_tag(locale);
  return templates_.contains(tag) ? tag : default_locale_;
}

common::Result<const MustacheMailTemplates::Template*> MustacheMailTemplates::find(
    const std::string& template_name, const std::string& resolved_locale) const {
  const auto by_locale = templates_.find(resolved_locale);
  if (by_locale == templates_.end()) {
    return common::fail(common::Error::internal("No mail templates for locale " + resolved_locale));
  }
  const auto found = by_locale->second.find(template_name);
  if (found == by_locale->second.end()) {
    return common::fail(common::Error::internal("Unknown mail template: " + template_name));
  }
  return &found->second;
}

common::Result<std::set<std::string>> MustacheMailTemplates::used_variables(
    const std::string& template_name, const std::string& locale) const {
  const auto tmpl = find(template_name, resolve_locale(locale));
  if (!tmpl) return common::fail(tmpl.error());
  std::set<std::string> names;
  for (const Part* part : {&(*tmpl)->subject, &(*tmpl)->text, &(*tmpl)->html}) {
    names.insert(part->variables.begin(), part->variables.end());
  }
  return names;
}

common::Result<std::vector<std::string>> MustacheMailTemplates::referenced_empty_variables(
    const std::string& template_name, const std::string& locale,
    const std::map<std::string, std::string>& vars) const {
  const auto tmpl = find(template_name, resolve_locale(locale));
  if (!tmpl) return common::fail(tmpl.error());
  // mstch treats an empty string like false: a section on it is skipped, an inverted one shown.
  const auto is_set = [&vars](const std::string& name) {
    const auto it = vars.find(name);
    return it != vars.end() && !it->second.empty();
  };
  std::set<std::string> empty;
  for (const Part* part : {&(*tmpl)->subject, &(*tmpl)->text, &(*tmpl)->html}) {
    for (const Interpolation& use : part->interpolations) {
      if (is_set(use.name)) continue;
      const bool shown = std::all_of(use.guards.begin(), use.guards.end(),
                                     [&](const Guard& g) { return is_set(g.name) != g.inverted; });
      if (shown) empty.insert(use.name);
    }
  }
  return std::vector<std::string>(empty.begin(), empty.end());
}

common::Result<notifications::RenderedMail> MustacheMailTemplates::render(
    const std::string& template_name, const std::string& locale,
    const std::map<std::string, std::string>& vars) const {
  const std::string resolved = resolve_locale(locale);
  const auto found = find(template_name, resolved);
  if (!found) return common::fail(found.error());
  const Template& tmpl = **found;
  for (const Part* part : {&tmpl.subject, &tmpl.text, &tmpl.html}) {
    for (const std::string& var : part->variables) {
      if (!vars.contains(var)) {
        return common::fail(common::Error::internal(
            "Mail template " + resolved + "/" + template_name + " needs variable '" + var + "'"));
      }
    }
  }
  const mstch::map context = to_mstch(vars);
  try {
    notifications::RenderedMail mail;
    // The subject file ends with a newline; a header value must not.
    mail.subject = std::string(trim(mstch::render(tmpl.subject.source, context)));
    mail.text_body = mstch::render(tmpl.text.source, context);
    mail.html_body = mstch::render(tmpl.html.source, context);
    return mail;
  } catch (const std::exception& e) {
    return common::fail(common::Error::internal("Rendering mail template " + template_name +
                                                " failed: " + e.what()));
  }
}

}  // namespace janji::mail
