#include "adapters/mail/mustache_mail_templates.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

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

}  // namespace
}  // namespace janji::mail
