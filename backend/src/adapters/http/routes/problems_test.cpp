#include "adapters/http/routes/problems.hpp"

#include <gtest/gtest.h>

#include "adapters/http/routes/json_fields.hpp"

namespace janji::http {
namespace {

using Details = std::map<std::string, std::string>;

TEST(Problems, NothingRecordedIsNoError) {
  Problems p;
  EXPECT_TRUE(p.empty());
  EXPECT_FALSE(p.error());
}

TEST(Problems, OnlyMissingFieldsAreValidation002) {
  Problems p;
  p.missing("date", FieldSource::kQuery);
  p.missing("service_id");
  const auto e = p.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, common::ErrorKind::kInvalidArgument);
  EXPECT_EQ(e->code, "VALIDATION_002");
  EXPECT_EQ(e->message, "Missing required fields");
  EXPECT_EQ(e->details, (Details{{"date", "is required"}, {"service_id", "is required"}}));
}

TEST(Problems, AnyInvalidFieldIsValidation001WithTheMissingOnesToo) {
  Problems p;
  p.missing("name");
  p.invalid("duration", "must be an integer");
  const auto e = p.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "VALIDATION_001");
  EXPECT_EQ(e->message, "Invalid input");
  EXPECT_EQ(e->details, (Details{{"name", "is required"}, {"duration", "must be an integer"}}));
}

TEST(Problems, QueryOnlyProblemsSaySo) {
  Problems query;
  query.invalid("page", "must be an integer from 1 to 5", FieldSource::kQuery);
  EXPECT_EQ(query.error()->message, "Invalid query parameters");
  Problems mixed;
  mixed.invalid("page", "must be an integer from 1 to 5", FieldSource::kQuery);
  mixed.missing("reason");
  EXPECT_EQ(mixed.error()->message, "Invalid input");
  Problems header;
  header.invalid("Idempotency-Key", "must be 1 to 255 characters", FieldSource::kHeader);
  EXPECT_EQ(header.error()->message, "Invalid input");
}

TEST(Problems, TheFirstProblemOfAFieldIsKept) {
  Problems p;
  p.invalid("start_time", "must be a string");
  p.invalid("start_time", "must be a time HH:MM");
  p.missing("start_time");
  EXPECT_EQ(p.details().at("start_time"), "must be a string");
  EXPECT_EQ(p.error()->code, "VALIDATION_001");
}

TEST(JsonFields, RequiredFieldsAbsentNullOrEmptyTextAreMissing) {
  const Json body = {{"date", nullptr}, {"id", ""}, {"name", ""}};
  Problems p;
  JsonFields f(body, p);
  EXPECT_FALSE(f.date("date", Presence::kRequired));
  EXPECT_FALSE(f.uuid("id", Presence::kRequired));
  EXPECT_FALSE(f.time_of_day("start_time", TimeBound::kStart, Presence::kRequired));
  EXPECT_FALSE(f.integer("day_of_week", Presence::kRequired));
  // A plain string may be empty: whether "" is allowed is the core's rule.
  EXPECT_EQ(f.string("name", Presence::kRequired), "");
  EXPECT_FALSE(f.date("optional_date"));
  const auto e = p.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "VALIDATION_002");
  EXPECT_EQ(e->details, (Details{{"date", "is required"},
                                 {"id", "is required"},
                                 {"start_time", "is required"},
                                 {"day_of_week", "is required"}}));
}

TEST(JsonFields, TypedReadersParseAtTheEdge) {
  const Json body = {{"date", "2027-03-14"},
                     {"start", "09:30"},
                     {"end", "24:00"},
                     {"at", "2027-03-14T01:30:00-05:00"},
                     {"id", "0b1e4c3a-8f5e-4d7a-9c2b-1a2b3c4d5e6f"},
                     {"kind", "salon"},
                     {"day", 6},
                     {"cleared", nullptr}};
  Problems p;
  JsonFields f(body, p);
  EXPECT_EQ(f.date("date"), common::parse_date("2027-03-14"));
  EXPECT_EQ(f.time_of_day("start", TimeBound::kStart), 9 * 60 + 30);
  EXPECT_EQ(f.time_of_day("end", TimeBound::kEnd), 24 * 60);
  EXPECT_EQ(f.instant("at"), common::parse_instant("2027-03-14T06:30:00Z"));
  EXPECT_EQ(f.uuid("id"), "0b1e4c3a-8f5e-4d7a-9c2b-1a2b3c4d5e6f");
  EXPECT_EQ(f.one_of("kind", {"doctor", "salon"}), "salon");
  EXPECT_EQ(f.integer_in("day", 0, 6), 6);
  const auto cleared = f.nullable_time_of_day("cleared", TimeBound::kEnd);
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(*cleared);
  EXPECT_FALSE(f.nullable_time_of_day("absent", TimeBound::kEnd));
  EXPECT_TRUE(p.empty()) << p.details().begin()->first;
}

TEST(JsonFields, UnusableValuesAreNamedWithTheirProblem) {
  const Json body = {{"date", "2027-02-29"},
                     {"start", "24:00"},
                     {"end", "24:30"},
                     {"at", "2027-03-14T06:30:00"},
                     {"id", "not-a-uuid"},
                     {"kind", "bakery"},
                     {"day", 7},
                     {"day_text", "1"},
                     {"day_float", 1.0},
                     {"huge", 18446744073709551615ULL},
                     {"number_date", 20270314},
                     {"opt_date", ""}};
  Problems p;
  JsonFields f(body, p);
  EXPECT_FALSE(f.date("date", Presence::kRequired));
  EXPECT_FALSE(f.time_of_day("start", TimeBound::kStart));  // 24:00 is only an end
  EXPECT_FALSE(f.nullable_time_of_day("end", TimeBound::kEnd));
  EXPECT_FALSE(f.instant("at"));
  EXPECT_FALSE(f.uuid("id"));
  EXPECT_FALSE(f.one_of("kind", {"doctor", "salon"}));
  EXPECT_FALSE(f.integer_in("day", 0, 6, Presence::kRequired, "must be 0 (Sunday) to 6"));
  EXPECT_FALSE(f.integer_in("day_text", 0, 6));
  EXPECT_FALSE(f.integer_in("day_float", 0, 6));
  EXPECT_FALSE(f.integer_in("huge", 0, 6));
  EXPECT_FALSE(f.date("number_date"));
  EXPECT_FALSE(f.date("opt_date"));  // optional: "" is not a date
  const auto e = p.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "VALIDATION_001");
  EXPECT_EQ(e->message, "Invalid input");
  const Details want = {
      {"date", "must be a date YYYY-MM-DD"},
      {"start", "must be a time HH:MM between 00:00 and 23:59"},
      {"end", "must be a time HH:MM between 00:00 and 24:00"},
      {"at", "must be an RFC 3339 date-time with Z or an offset, e.g. 2027-03-14T09:30:00+07:00"},
      {"id", "must be a UUID"},
      {"kind", "must be one of doctor, salon"},
      {"day", "must be 0 (Sunday) to 6"},
      {"day_text", "must be an integer from 0 to 6"},
      {"day_float", "must be an integer from 0 to 6"},
      {"huge", "must be an integer from 0 to 6"},
      {"number_date", "must be a string"},
      {"opt_date", "must be a date YYYY-MM-DD"},
  };
  EXPECT_EQ(e->details, want);
}

TEST(JsonFields, OtherFieldsAreRefused) {
  const Json body = {{"name", "x"}, {"id", "y"}, {"owner", "z"}};
  Problems p;
  JsonFields f(body, p);
  f.reject_other_fields({"name"}, {"id"});
  EXPECT_EQ(p.details(), (Details{{"id", "cannot be changed"}, {"owner", "unknown field"}}));
}

TEST(QueryFields, EmptyParametersCountAsAbsent) {
  const std::map<std::string, std::string> query = {{"from", ""}, {"service_id", ""}};
  Problems p;
  QueryFields q(query, p);
  EXPECT_FALSE(q.date("from"));
  EXPECT_FALSE(q.uuid("service_id", Presence::kRequired));
  EXPECT_FALSE(q.date("date", Presence::kRequired));
  const auto e = p.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "VALIDATION_002");
  EXPECT_EQ(e->details, (Details{{"date", "is required"}, {"service_id", "is required"}}));
}

TEST(QueryFields, TypedReadersRecordQueryProblems) {
  const std::map<std::string, std::string> query = {
      {"from", "2027-03-14"}, {"to", "2027-3-1"}, {"at", "2027-03-14T06:30:00Z"},
      {"status", "pending"},  {"as", "admin"},    {"page", "0"},
      {"limit", "20"},        {"flag", "maybe"},  {"search", std::string(6, 'x')},
      {"start", "10:00"},     {"id", "abc"}};
  Problems p;
  QueryFields q(query, p);
  EXPECT_EQ(q.date("from"), common::parse_date("2027-03-14"));
  EXPECT_FALSE(q.date("to"));
  EXPECT_EQ(q.instant("at"), common::parse_instant("2027-03-14T06:30:00Z"));
  EXPECT_EQ(q.one_of("status", {"pending", "confirmed"}), "pending");
  EXPECT_FALSE(q.one_of("as", {"customer", "provider"}));
  EXPECT_EQ(q.positive("page", 1, 100), 1);
  EXPECT_EQ(q.positive("limit", 10, 100), 20);
  EXPECT_FALSE(q.flag("flag"));
  EXPECT_EQ(q.bounded_text("search", 5), "");
  EXPECT_EQ(q.time_of_day("start", TimeBound::kStart), 600);
  EXPECT_FALSE(q.uuid("id"));
  const auto e = p.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "VALIDATION_001");
  EXPECT_EQ(e->message, "Invalid query parameters");
  EXPECT_EQ(e->details, (Details{{"to", "must be a date YYYY-MM-DD"},
                                 {"as", "must be one of customer, provider"},
                                 {"page", "must be an integer from 1 to 100"},
                                 {"flag", "must be true or false"},
                                 {"search", "must be at most 5 characters"},
                                 {"id", "must be a UUID"}}));
}

TEST(Problems, BodyAndQueryOfOneRequestCombine) {
  const Json body = {{"new_date", "soon"}};
  const std::map<std::string, std::string> query = {{"page", "x"}};
  Problems p;
  JsonFields f(body, p);
  QueryFields q(query, p);
  f.date("new_date", Presence::kRequired);
  f.time_of_day("new_start_time", TimeBound::kStart, Presence::kRequired);
  q.positive("page", 1, 10);
  const auto e = p.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "VALIDATION_001");
  EXPECT_EQ(e->message, "Invalid input");
  EXPECT_EQ(e->details, (Details{{"new_date", "must be a date YYYY-MM-DD"},
                                 {"new_start_time", "is required"},
                                 {"page", "must be an integer from 1 to 10"}}));
}

}  // namespace
}  // namespace janji::http
