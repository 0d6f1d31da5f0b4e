#include "adapters/mail/mustache_mail_templates.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef JANJI_TEMPLATE_DIR
#error "JANJI_TEMPLATE_DIR must point at backend/templates"
#endif

namespace janji::mail {
namespace {

namespace fs = std::filesystem;
using Vars = std::map<std::string, std::string>;

const fs::path kEmailDir = fs::path(JANJI_TEMPLATE_DIR) / "email";
// '&' must stay raw in text and become &amp; in HTML.
const std::string kUrl = "https://janji.test/auth/confirm?token=abc123&lang=id";
const std::string kEscapedQuery = "token=abc123&amp;lang=id";

Vars vars_for(const std::string& name) {
  if (name == "verify_email") {
    return {{"app_name", "Janji"},
            {"full_name", "Budi Santoso"},
            {"verify_url", kUrl},
            {"expires_hours", "24"}};
  }
  if (name == "password_reset") {
    return {{"app_name", "Janji"},
            {"full_name", "Budi Santoso"},
            {"reset_url", kUrl},
            {"expires_minutes", "30"}};
  }
  return {{"app_name", "Janji"}, {"full_name", "Budi Santoso"}};
}

TEST(MustacheMailTemplatesTest, RendersEveryTemplateInBothLocales) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  for (const std::string locale : {"id", "en"}) {
    for (const std::string name : {"verify_email", "password_reset", "password_changed"}) {
      SCOPED_TRACE(locale + "/" + name);
      const auto mail = templates.render(name, locale, vars_for(name));
      ASSERT_TRUE(mail.has_value()) << mail.error().message;
      EXPECT_FALSE(mail->subject.empty());
      EXPECT_EQ(mail->subject.find_first_of("\r\n"), std::string::npos);
      EXPECT_NE(mail->subject.find("Janji"), std::string::npos);
      EXPECT_NE(mail->text_body.find("Budi Santoso"), std::string::npos);
      EXPECT_NE(mail->html_body.find("Budi Santoso"), std::string::npos);
      EXPECT_NE(mail->html_body.find("lang=\"" + locale + "\""), std::string::npos);
      for (const std::string* part : {&mail->subject, &mail->text_body, &mail->html_body}) {
        EXPECT_EQ(part->find("{{"), std::string::npos) << *part;
      }
      if (name != "password_changed") {
        EXPECT_NE(mail->text_body.find(kUrl), std::string::npos) << mail->text_body;
        EXPECT_NE(mail->html_body.find(kEscapedQuery), std::string::npos) << mail->html_body;
        EXPECT_EQ(mail->html_body.find("abc123&lang"), std::string::npos);
      }
    }
  }
}

TEST(MustacheMailTemplatesTest, LocalesDiffer) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  const auto id = templates.render("password_reset", "id", vars_for("password_reset"));
  const auto en = templates.render("password_reset", "en", vars_for("password_reset"));
  ASSERT_TRUE(id && en);
  EXPECT_NE(id->subject, en->subject);
  EXPECT_NE(id->text_body.find("Halo Budi Santoso"), std::string::npos);
  EXPECT_NE(id->text_body.find("30 menit"), std::string::npos);
  EXPECT_NE(en->text_body.find("30 minutes"), std::string::npos);
}

TEST(MustacheMailTemplatesTest, UnknownLocaleFallsBackToDefault) {
  const Vars vars = vars_for("verify_email");
  const MustacheMailTemplates id_default(kEmailDir, "id");
  const auto fr = id_default.render("verify_email", "fr", vars);
  const auto id = id_default.render("verify_email", "id", vars);
  ASSERT_TRUE(fr && id);
  EXPECT_EQ(fr->subject, id->subject);
  EXPECT_EQ(fr->html_body, id->html_body);

  const MustacheMailTemplates en_default(kEmailDir, "en");
  const auto fr_en = en_default.render("verify_email", "fr", vars);
  const auto en = en_default.render("verify_email", "en", vars);
  ASSERT_TRUE(fr_en && en);
  EXPECT_EQ(fr_en->subject, en->subject);
  EXPECT_NE(fr_en->subject, fr->subject);

  // Region subtags select the language.
  const auto en_us = id_default.render("verify_email", "en-US", vars);
  ASSERT_TRUE(en_us.has_value());
  EXPECT_EQ(en_us->subject, en->subject);
}

TEST(MustacheMailTemplatesTest, MissingVariableIsAnError) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  Vars vars = vars_for("verify_email");
  vars.erase("verify_url");
  const auto mail = templates.render("verify_email", "en", vars);
  ASSERT_FALSE(mail.has_value());
  EXPECT_EQ(mail.error().kind, common::ErrorKind::kInternal);
  EXPECT_NE(mail.error().message.find("verify_url"), std::string::npos) << mail.error().message;
}

TEST(MustacheMailTemplatesTest, UnknownTemplateIsAnError) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  const auto mail = templates.render("no_such_template", "id", vars_for("verify_email"));
  ASSERT_FALSE(mail.has_value());
  EXPECT_EQ(mail.error().kind, common::ErrorKind::kInternal);
}

TEST(MustacheMailTemplatesTest, EscapesMarkupInHtmlOnly) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  Vars vars = vars_for("password_changed");
  vars["full_name"] = "<script>alert(1)</script>";
  const auto mail = templates.render("password_changed", "id", vars);
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(mail->html_body.find("<script>"), std::string::npos);
  EXPECT_NE(mail->html_body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(mail->text_body.find("<script>alert(1)</script>"), std::string::npos);
}

class TemplateDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("janji_templates_test_" + std::to_string(rd()));
    fs::create_directories(dir_);
    fs::copy(kEmailDir, dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const fs::path& relative, const std::string& content) {
    std::ofstream(dir_ / relative, std::ios::binary | std::ios::trunc) << content;
  }

  std::string construction_error(const std::string& default_locale = "id") {
    try {
      MustacheMailTemplates templates(dir_, default_locale);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir_;
};

TEST_F(TemplateDirTest, CopyOfRealTemplatesLoads) { EXPECT_EQ(construction_error(), ""); }

TEST_F(TemplateDirTest, MissingFilesAreListedAtStartUp) {
  fs::remove(dir_ / "en" / "password_reset.html.mustache");
  fs::remove(dir_ / "id" / "verify_email.subject.mustache");
  write("id/booking_reminder.txt.mustache", "{{{full_name}}}\n");  // incomplete new template
  const std::string error = construction_error();
  EXPECT_NE(error.find("password_reset.html.mustache"), std::string::npos) << error;
  EXPECT_NE(error.find("verify_email.subject.mustache"), std::string::npos) << error;
  EXPECT_NE(error.find("booking_reminder.subject.mustache"), std::string::npos) << error;
  EXPECT_NE(error.find("en/booking_reminder.txt.mustache"), std::string::npos) << error;
}

TEST_F(TemplateDirTest, EmptyDirectoryFails) {
  fs::remove_all(dir_ / "en");
  EXPECT_NE(construction_error().find("en/verify_email"), std::string::npos);
}

TEST_F(TemplateDirTest, UnknownDefaultLocaleFails) {
  EXPECT_NE(construction_error("fr").find("default locale"), std::string::npos);
}

TEST_F(TemplateDirTest, UnescapedTagInHtmlIsRejected) {
  write("en/password_changed.html.mustache", "<p>{{{full_name}}}</p>\n");
  EXPECT_NE(construction_error().find("unescaped"), std::string::npos);
}

TEST_F(TemplateDirTest, TagInsideSectionIsStillRequired) {
  write("en/password_changed.txt.mustache",
        "{{! a comment }}{{#app_name}}{{& full_name}} {{ support_email }}{{/app_name}}\n");
  const MustacheMailTemplates templates(dir_, "id");
  const auto mail = templates.render("password_changed", "en", vars_for("password_changed"));
  ASSERT_FALSE(mail.has_value());
  EXPECT_NE(mail.error().message.find("support_email"), std::string::npos);

  Vars vars = vars_for("password_changed");
  vars["support_email"] = "cs@janji.test";
  const auto ok = templates.render("password_changed", "en", vars);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(ok->text_body, "Budi Santoso cs@janji.test\n");
}

// --- booking notifications (issue 12) ---

// The variable contract between the outbox worker and the booking templates.
enum class Kind {
  kRequired,  // always non-empty: may be printed anywhere
  kOptional,  // may be empty: printed only inside {{#name}}...{{/name}}
  kFlag,      // "1" or "": used only as a section
};
using Contract = std::map<std::string, Kind>;

const std::vector<std::string> kBookingTemplates = {
    "booking_created_customer",     "booking_confirmed_customer",   "booking_rejected_customer",
    "booking_cancelled_customer",   "booking_rescheduled_customer", "booking_reminder_customer",
    "booking_completed_customer",   "booking_created_provider",     "booking_cancelled_provider",
    "booking_rescheduled_provider", "payment_receipt_customer"};

bool is_cancelled(const std::string& name) { return name.starts_with("booking_cancelled_"); }
bool is_provider(const std::string& name) { return name.ends_with("_provider"); }
bool is_receipt(const std::string& name) { return name == "payment_receipt_customer"; }

Contract contract_for(const std::string& name) {
  Contract c;
  for (const char* v :
       {"app_name", "recipient_name", "customer_name", "provider_name", "service_name", "date",
        "short_date", "start_time", "end_time", "time_zone", "booking_url", "booking_ref"}) {
    c[v] = Kind::kRequired;
  }
  c["provider_address"] = Kind::kOptional;
  if (name == "booking_rejected_customer" || is_cancelled(name)) c["reason"] = Kind::kOptional;
  if (is_cancelled(name)) {
    for (const char* v : {"cancelled_by_customer", "cancelled_by_provider", "cancelled_by_admin",
                          "cancelled_unpaid", "cancelled_by_system"}) {
      c[v] = Kind::kFlag;
    }
    if (!is_provider(name)) c["cancelled_by_you"] = Kind::kFlag;
  }
  if (name.starts_with("booking_rescheduled_")) {
    for (const char* v : {"old_date", "old_start_time", "old_end_time"}) c[v] = Kind::kRequired;
  }
  if (is_receipt(name)) {
    for (const char* v : {"amount", "paid_at", "order_id"}) c[v] = Kind::kRequired;
    for (const char* v : {"payment_method", "transaction_id"}) c[v] = Kind::kOptional;
  }
  if (name == "booking_created_provider") {
    c["customer_notes"] = Kind::kOptional;
    c["customer_email"] = Kind::kRequired;
  }
  return c;
}

// Distinct sample values, so that each one found in the output proves its tag was printed.
// Markup and '&' in names and notes check that HTML escapes them and text keeps them raw.
const std::map<std::string, std::string> kSamples = {
    {"app_name", "Janji"},
    {"recipient_name", "Rina Wulandari"},
    {"customer_name", "Budi <b>& Santoso"},
    {"customer_email", "budi.santoso@example.test"},
    {"provider_name", "Salon Melati"},
    {"provider_address", "Jl. Kenanga No. 5, Bandung"},
    {"service_name", "Potong rambut"},
    {"date", "Senin, 14 Desember 2026"},
    {"short_date", "Sen, 14 Des"},
    {"start_time", "09:15"},
    {"end_time", "10:45"},
    {"time_zone", "WIB, Asia/Jakarta"},
    {"booking_url", "https://janji.test/bookings/0f3a9c2b?tab=detail&lang=id"},
    {"booking_ref", "0F3A9C2B"},
    {"reason", "Penata rambut sedang sakit"},
    {"customer_notes", "Tolong <potong> pendek & rapi"},
    {"old_date", "Jumat, 11 Desember 2026"},
    {"old_start_time", "13:20"},
    {"old_end_time", "14:50"},
    {"amount", "Rp 350.000"},
    {"paid_at", "Senin, 7 Desember 2026, 10:32 (WIB, Asia/Jakarta)"},
    {"order_id", "JNJ-0f3a9c2b-2"},
    {"payment_method", "Kartu kredit"},
    {"transaction_id", "9aed5972-5b6a-42fb-a1c1-1c0c0b0d3a6e"},
};

// As mstch escapes for HTML.
std::string html_escaped(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '/':
        out += "&#x2F;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The worker's map: every contract variable present; optional ones set or empty; exactly one
// cancellation flag.
Vars booking_vars(const std::string& name, bool optional_set,
                  const std::string& cancelled_by = "customer") {
  Vars vars;
  for (const auto& [var, kind] : contract_for(name)) {
    switch (kind) {
      case Kind::kRequired:
        vars[var] = kSamples.at(var);
        break;
      case Kind::kOptional:
        vars[var] = optional_set ? kSamples.at(var) : "";
        break;
      case Kind::kFlag:
        vars[var] = "";
        break;
    }
  }
  if (is_cancelled(name)) {
    // "unpaid": the system cancelled a booking whose payment hold ran out.
    vars[cancelled_by == "unpaid" ? "cancelled_unpaid" : "cancelled_by_" + cancelled_by] = "1";
    if (!is_provider(name)) vars["cancelled_by_you"] = vars["cancelled_by_customer"];
  }
  return vars;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(BookingMailTemplatesTest, UseOnlyContractVariablesAndTheSameInBothLocales) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  for (const std::string& name : kBookingTemplates) {
    const Contract contract = contract_for(name);
    std::set<std::string> by_locale[2];
    int i = 0;
    for (const std::string locale : {"id", "en"}) {
      SCOPED_TRACE(locale + "/" + name);
      const auto used = templates.used_variables(name, locale);
      ASSERT_TRUE(used.has_value()) << used.error().message;
      for (const std::string& var : *used) {
        EXPECT_TRUE(contract.contains(var)) << "'" << var << "' is not in the contract";
      }
      // The details every booking mail carries.
      for (const char* var :
           {"recipient_name", "provider_name", "provider_address", "service_name", "date",
            "start_time", "end_time", "time_zone", "booking_url", "booking_ref"}) {
        EXPECT_TRUE(used->contains(var)) << var;
      }
      for (const auto& [var, kind] : contract) {
        // Each template-specific variable is shown; "cancelled_by_you" may stand in for
        // "cancelled_by_customer" in the customer's mail.
        if (var == "cancelled_by_customer" && !is_provider(name)) continue;
        if (var == "short_date" || var == "app_name" || var == "customer_name") continue;
        EXPECT_TRUE(used->contains(var)) << var << " is in the contract but never used";
      }
      by_locale[i++] = *used;
    }
    EXPECT_EQ(by_locale[0], by_locale[1]) << name;
  }
}

TEST(BookingMailTemplatesTest, RenderEveryTemplateInBothLocalesWithOptionalsSetOrEmpty) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  int rendered = 0;
  for (const std::string& name : kBookingTemplates) {
    const Contract contract = contract_for(name);
    for (const std::string locale : {"id", "en"}) {
      const auto used = templates.used_variables(name, locale);
      ASSERT_TRUE(used.has_value());
      for (const bool optional_set : {true, false}) {
        SCOPED_TRACE(locale + "/" + name + (optional_set ? " optionals set" : " optionals empty"));
        const Vars vars = booking_vars(name, optional_set);
        const auto empty = templates.referenced_empty_variables(name, locale, vars);
        ASSERT_TRUE(empty.has_value()) << empty.error().message;
        EXPECT_TRUE(empty->empty()) << "prints empty: " << ::testing::PrintToString(*empty);

        const auto mail = templates.render(name, locale, vars);
        ASSERT_TRUE(mail.has_value()) << mail.error().message;
        ++rendered;
        EXPECT_FALSE(mail->subject.empty());
        EXPECT_EQ(mail->subject.find_first_of("\r\n"), std::string::npos);
        EXPECT_LE(mail->subject.size(), 90u) << mail->subject;
        EXPECT_TRUE(contains(mail->subject, "Potong rambut")) << mail->subject;
        EXPECT_FALSE(mail->text_body.empty());
        EXPECT_TRUE(contains(mail->html_body, "<html lang=\"" + locale + "\">"));
        for (const std::string* part : {&mail->subject, &mail->text_body, &mail->html_body}) {
          EXPECT_FALSE(contains(*part, "{{")) << *part;
          EXPECT_FALSE(contains(*part, "}}")) << *part;
        }
        // No remote content, no scripts.
        EXPECT_FALSE(contains(mail->html_body, "<img"));
        EXPECT_FALSE(contains(mail->html_body, "<script"));
        EXPECT_TRUE(
            contains(mail->html_body, "href=\"" + html_escaped(kSamples.at("booking_url"))));

        const std::string all_text = mail->subject + "\n" + mail->text_body;
        for (const std::string& var : *used) {
          const Kind kind = contract.at(var);
          if (kind == Kind::kFlag) continue;
          const std::string& value = vars.at(var);
          if (value.empty()) {
            EXPECT_EQ(kind, Kind::kOptional) << var;
            continue;
          }
          if (var == "short_date") {  // for subjects only
            EXPECT_TRUE(contains(mail->subject, value) || name == "booking_completed_customer")
                << mail->subject;
            continue;
          }
          if (var == "app_name") continue;  // "Janji" is everywhere anyway
          // Shown in both bodies, escaped in HTML (proves no variable renders as "").
          EXPECT_TRUE(contains(mail->text_body, value)) << var << "\n" << mail->text_body;
          EXPECT_TRUE(contains(mail->html_body, html_escaped(value))) << var << "\n"
                                                                      << mail->html_body;
        }
        // Markup in a user's text is escaped in HTML, kept as typed in plain text.
        if (used->contains("customer_name")) {
          EXPECT_TRUE(contains(mail->html_body, "Budi &lt;b&gt;&amp; Santoso"));
          EXPECT_TRUE(contains(mail->text_body, "Budi <b>& Santoso"));
        }
        EXPECT_FALSE(contains(mail->html_body, "<b>&"));
        EXPECT_FALSE(contains(mail->html_body, "<potong>"));
        if (!optional_set) {
          for (const auto& [var, kind] : contract) {
            if (kind == Kind::kOptional) {
              EXPECT_FALSE(contains(all_text, kSamples.at(var))) << var;
            }
          }
          // No label left dangling without its value.
          for (const char* label :
               {"Alamat:", "Address:", "Alasan", "Reason", "Catatan", "Note from",
                "Metode pembayaran", "Payment method", "ID transaksi", "Transaction ID"}) {
            EXPECT_FALSE(contains(mail->text_body, label)) << label << "\n" << mail->text_body;
          }
        }
      }
    }
  }
  EXPECT_EQ(rendered, 44);
}

TEST(BookingMailTemplatesTest, CancellationSaysWhoCancelled) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  for (const std::string name : {"booking_cancelled_customer", "booking_cancelled_provider"}) {
    for (const std::string locale : {"id", "en"}) {
      SCOPED_TRACE(locale + "/" + name);
      std::set<std::string> texts;
      std::set<std::string> htmls;
      for (const std::string by : {"customer", "provider", "admin", "unpaid", "system"}) {
        const Vars vars = booking_vars(name, true, by);
        const auto empty = templates.referenced_empty_variables(name, locale, vars);
        ASSERT_TRUE(empty.has_value());
        EXPECT_TRUE(empty->empty());
        const auto mail = templates.render(name, locale, vars);
        ASSERT_TRUE(mail.has_value()) << mail.error().message;
        texts.insert(mail->text_body);
        htmls.insert(mail->html_body);
        if (by == "admin") {
          EXPECT_TRUE(contains(mail->text_body, "administrator")) << mail->text_body;
        }
        if (by == "unpaid") {
          const std::string why = locale == "en" ? "because the payment was not received in time"
                                                 : "karena pembayaran tidak diterima tepat waktu";
          EXPECT_TRUE(contains(mail->text_body, why)) << mail->text_body;
          EXPECT_TRUE(contains(mail->html_body, why)) << mail->html_body;
        }
        if (by == "system") {
          const std::string how = locale == "en" ? "cancelled automatically" : "secara otomatis";
          EXPECT_TRUE(contains(mail->text_body, how)) << mail->text_body;
        }
      }
      EXPECT_EQ(texts.size(), 5u);
      EXPECT_EQ(htmls.size(), 5u);
    }
  }
  // The customer reads "you" when they cancelled themselves.
  const auto mine = templates.render("booking_cancelled_customer", "en",
                                     booking_vars("booking_cancelled_customer", true, "customer"));
  ASSERT_TRUE(mine.has_value());
  EXPECT_TRUE(contains(mine->text_body, "You have cancelled")) << mine->text_body;
}

TEST(BookingMailTemplatesTest, InvitesAreMentionedWhereOneIsAttached) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  for (const std::string& name : kBookingTemplates) {
    const auto mail = templates.render(name, "en", booking_vars(name, true));
    ASSERT_TRUE(mail.has_value());
    // Invites go to customers only: a provider's calendar is their subscription feed.
    const bool has_invite =
        name.ends_with("_customer") &&
        (name.starts_with("booking_confirmed_") || name.starts_with("booking_rescheduled_") ||
         is_cancelled(name) || name.starts_with("booking_rejected_") || is_receipt(name));
    EXPECT_EQ(contains(mail->text_body, "attached invitation"), has_invite) << name;
    EXPECT_EQ(contains(mail->html_body, "attached invitation"), has_invite) << name;
  }
}

TEST(BookingMailTemplatesTest, EmptyRequiredValueIsReported) {
  const MustacheMailTemplates templates(kEmailDir, "id");
  Vars vars = booking_vars("booking_confirmed_customer", true);
  vars["recipient_name"] = "";
  vars["date"] = "";
  const auto empty = templates.referenced_empty_variables("booking_confirmed_customer", "en", vars);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, (std::vector<std::string>{"date", "recipient_name"}));
  // An absent value would print "" too.
  vars.erase("date");
  const auto absent =
      templates.referenced_empty_variables("booking_confirmed_customer", "id", vars);
  ASSERT_TRUE(absent.has_value());
  EXPECT_EQ(*absent, (std::vector<std::string>{"date", "recipient_name"}));

  EXPECT_FALSE(templates.referenced_empty_variables("no_such_template", "id", vars).has_value());
  EXPECT_FALSE(templates.used_variables("no_such_template", "id").has_value());
}

TEST_F(TemplateDirTest, BookingTemplatesAreRequiredAtStartUp) {
  fs::remove(dir_ / "en" / "booking_confirmed_customer.html.mustache");
  for (const char* suffix : {".subject.mustache", ".txt.mustache", ".html.mustache"}) {
    fs::remove(dir_ / "id" / (std::string("booking_created_provider") + suffix));
    fs::remove(dir_ / "en" / (std::string("booking_created_provider") + suffix));
  }
  const std::string error = construction_error();
  EXPECT_NE(error.find("en/booking_confirmed_customer.html.mustache"), std::string::npos) << error;
  EXPECT_NE(error.find("id/booking_created_provider.subject.mustache"), std::string::npos) << error;
  EXPECT_NE(error.find("en/booking_created_provider.txt.mustache"), std::string::npos) << error;
}

TEST_F(TemplateDirTest, UnbalancedSectionsAreRejected) {
  write("en/booking_reminder_customer.txt.mustache", "{{#reason}}{{{reason}}}\n");
  EXPECT_NE(construction_error().find("never closed"), std::string::npos);
  write("en/booking_reminder_customer.txt.mustache", "{{#reason}}x{{/reasn}}\n");
  EXPECT_NE(construction_error().find("does not match"), std::string::npos);
  write("en/booking_reminder_customer.txt.mustache", "x{{/reason}}\n");
  EXPECT_NE(construction_error().find("does not match"), std::string::npos);
}

TEST_F(TemplateDirTest, OptionalValueOutsideItsSectionIsReportedWhenEmpty) {
  // A bad template: the address is optional but printed unguarded; the reason is guarded by
  // another section; the notes are shown only when there is no reason.
  write("en/booking_reminder_customer.txt.mustache",
        "Hi {{{recipient_name}}}, see you at {{{provider_address}}}.\n"
        "{{#cancelled_by_admin}}Why: {{{reason}}}{{/cancelled_by_admin}}\n"
        "{{^reason}}Notes: {{customer_notes}}{{/reason}}\n"
        "{{#provider_address}}Address: {{{provider_address}}}{{/provider_address}}\n");
  const MustacheMailTemplates templates(dir_, "id");
  const auto check = [&](const Vars& vars) {
    auto empty = templates.referenced_empty_variables("booking_reminder_customer", "en", vars);
    EXPECT_TRUE(empty.has_value());
    return empty.value_or(std::vector<std::string>{"<error>"});
  };
  Vars vars = booking_vars("booking_reminder_customer", true);
  vars["reason"] = "r";
  vars["customer_notes"] = "";
  vars["cancelled_by_admin"] = "";
  EXPECT_EQ(check(vars), std::vector<std::string>{});

  vars["provider_address"] = "";
  EXPECT_EQ(check(vars), std::vector<std::string>{"provider_address"});

  vars["reason"] = "";  // now the notes are printed, and empty
  EXPECT_EQ(check(vars), (std::vector<std::string>{"customer_notes", "provider_address"}));

  vars["cancelled_by_admin"] = "1";  // and the reason, unguarded by its own section
  EXPECT_EQ(check(vars),
            (std::vector<std::string>{"customer_notes", "provider_address", "reason"}));

  // The Indonesian original guards its address: nothing to report.
  const auto id = templates.referenced_empty_variables("booking_reminder_customer", "id", vars);
  ASSERT_TRUE(id.has_value());
  EXPECT_TRUE(id->empty()) << ::testing::PrintToString(*id);

  // render() still renders such a mail (all names present); the check is the guard.
  const auto mail = templates.render("booking_reminder_customer", "en", vars);
  ASSERT_TRUE(mail.has_value()) << mail.error().message;
  EXPECT_TRUE(contains(mail->text_body, "see you at .")) << mail->text_body;
}

TEST_F(TemplateDirTest, SectionNamesMustBeInTheMap) {
  write("en/booking_reminder_customer.txt.mustache",
        "{{{recipient_name}}}{{#cancelled_by_nobody}}x{{/cancelled_by_nobody}}\n");
  const MustacheMailTemplates templates(dir_, "id");
  const auto mail = templates.render("booking_reminder_customer", "en",
                                     booking_vars("booking_reminder_customer", true));
  ASSERT_FALSE(mail.has_value());
  EXPECT_NE(mail.error().message.find("cancelled_by_nobody"), std::string::npos);
}

}  // namespace
}  // namespace janji::mail
