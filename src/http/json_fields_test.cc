#include "http/json_fields.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace loyal::http {
namespace {

boost::json::object Parse(std::string_view text) { return boost::json::parse(text).as_object(); }

void ExpectInvalid(const Error& error, std::string_view field, std::string_view message) {
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.field, field);
  EXPECT_EQ(error.message, message);
}

TEST(JsonFieldsTest, PathsJoinNamesAndIndexes) {
  EXPECT_EQ(JsonPath("", "sku"), "sku");
  EXPECT_EQ(JsonPath("lines[0]", "sku"), "lines[0].sku");
  EXPECT_EQ(JsonIndexPath("lines", 3), "lines[3]");
}

TEST(JsonFieldsTest, RequiredStringReadsAndReportsMissingAndWrongType) {
  auto obj = Parse(R"({"email": "a@b.c", "name": 7, "nick": null})");
  EXPECT_EQ(RequiredString(obj, "email").value(), "a@b.c");
  ExpectInvalid(RequiredString(obj, "country").error(), "country", "country is required");
  ExpectInvalid(RequiredString(obj, "nick").error(), "nick", "nick is required");
  ExpectInvalid(RequiredString(obj, "name", "customer").error(), "customer.name",
                "customer.name must be a string");
}

TEST(JsonFieldsTest, OptionalStringTreatsAbsentAndNullAsNone) {
  auto obj = Parse(R"({"email": "a@b.c", "nick": null, "name": false})");
  EXPECT_EQ(OptionalString(obj, "email").value(), std::optional<std::string>("a@b.c"));
  EXPECT_EQ(OptionalString(obj, "nick").value(), std::nullopt);
  EXPECT_EQ(OptionalString(obj, "country").value(), std::nullopt);
  ExpectInvalid(OptionalString(obj, "name").error(), "name", "name must be a string");
}

TEST(JsonFieldsTest, Int64AcceptsOnlyWholeNumbersInRange) {
  auto obj = Parse(R"({"q": -12, "max": 9223372036854775807, "big": 9223372036854775808,
                      "frac": 1.5, "one": 1.0, "exp": 1e3, "text": "3"})");
  EXPECT_EQ(RequiredInt64(obj, "q").value(), -12);
  EXPECT_EQ(RequiredInt64(obj, "max").value(), INT64_MAX);
  ExpectInvalid(RequiredInt64(obj, "big").error(), "big", "big is out of range");
  for (const char* name : {"frac", "one", "exp", "text"}) {
    ExpectInvalid(RequiredInt64(obj, name).error(), name,
                  std::string(name) + " must be an integer (no fraction or exponent)");
  }
  EXPECT_EQ(OptionalInt64(obj, "absent").value(), std::nullopt);
  EXPECT_EQ(OptionalInt64(obj, "q").value(), std::optional<int64_t>(-12));
}

TEST(JsonFieldsTest, NestedArrayElementErrorsNameTheFullPath) {
  auto obj = Parse(R"({"lines": [{"sku": "A", "quantity": 2}, {"sku": "B", "quantity": "x"}, 5]})");
  const boost::json::array* lines = RequiredArray(obj, "lines").value();
  ASSERT_EQ(lines->size(), 3u);
  const boost::json::object* first = ObjectAt(*lines, 0, "lines").value();
  EXPECT_EQ(RequiredInt64(*first, "quantity", "lines[0]").value(), 2);
  const boost::json::object* second = ObjectAt(*lines, 1, "lines").value();
  ExpectInvalid(RequiredInt64(*second, "quantity", "lines[1]").error(), "lines[1].quantity",
                "lines[1].quantity must be an integer (no fraction or exponent)");
  ExpectInvalid(ObjectAt(*lines, 2, "lines").error(), "lines[2]", "lines[2] must be an object");
  ExpectInvalid(ObjectAt(*lines, 3, "lines").error(), "lines[3]", "lines[3] is required");
}

TEST(JsonFieldsTest, BoolObjectAndArrayCheckTypes) {
  auto obj = Parse(R"({"consent": true, "flag": 1, "meta": {"a": 1}, "tags": ["x"]})");
  EXPECT_TRUE(RequiredBool(obj, "consent").value());
  ExpectInvalid(RequiredBool(obj, "flag").error(), "flag", "flag must be true or false");
  EXPECT_EQ(OptionalBool(obj, "absent").value(), std::nullopt);
  EXPECT_EQ(RequiredObject(obj, "meta").value()->at("a").as_int64(), 1);
  ExpectInvalid(RequiredObject(obj, "tags").error(), "tags", "tags must be an object");
  EXPECT_EQ(OptionalObject(obj, "absent").value(), nullptr);
  EXPECT_EQ(OptionalArray(obj, "tags").value()->size(), 1u);
  ExpectInvalid(OptionalArray(obj, "meta").error(), "meta", "meta must be an array");
  ExpectInvalid(RequiredArray(obj, "absent").error(), "absent", "absent is required");
}

TEST(JsonFieldsTest, DatesMustBeRealIsoDates) {
  auto obj = Parse(R"({"birthday": "1990-02-28", "bad": "1990-02-30", "compact": "19900228",
                      "num": 19900228})");
  EXPECT_EQ(RequiredDate(obj, "birthday").value(), *ParseDate("1990-02-28"));
  ExpectInvalid(RequiredDate(obj, "bad").error(), "bad", "bad must be a date as YYYY-MM-DD");
  ExpectInvalid(RequiredDate(obj, "compact").error(), "compact",
                "compact must be a date as YYYY-MM-DD");
  ExpectInvalid(OptionalDate(obj, "num").error(), "num", "num must be a date string");
  EXPECT_EQ(OptionalDate(obj, "absent").value(), std::nullopt);
}

TEST(JsonFieldsTest, DateTimesApplyOffsets) {
  auto obj = Parse(R"({"at": "2024-03-01T10:00:00+02:00", "local": "2024-03-01 10:00",
                      "bad": "2024-03-01T25:00"})");
  ParsedDateTime at = RequiredDateTime(obj, "at").value();
  EXPECT_TRUE(at.has_offset);
  EXPECT_EQ(at.seconds, 1709251200 + 8 * 3600);  // 2024-03-01T08:00:00Z
  std::optional<ParsedDateTime> local = OptionalDateTime(obj, "local").value();
  ASSERT_TRUE(local.has_value());
  EXPECT_FALSE(local->has_offset);
  ExpectInvalid(RequiredDateTime(obj, "bad").error(), "bad",
                "bad must be an ISO 8601 date or date-time");
}

TEST(JsonFieldsTest, RejectUnknownFieldsNamesTheFirstStranger) {
  auto obj = Parse(R"({"sku": "A", "quantity": 1, "qty": 2})");
  EXPECT_TRUE(RejectUnknownFields(obj, {"sku", "quantity", "qty"}).has_value());
  ExpectInvalid(RejectUnknownFields(obj, {"sku", "quantity"}, "lines[4]").error(), "lines[4].qty",
                "unknown field lines[4].qty");
}

TEST(JsonFieldsTest, SchemaFieldsListsTheObjectSchemasProperties) {
  constexpr char kSchema[] = R"({"type": "object", "properties": {"sku": {}, "lines": {
      "type": "array", "items": {"type": "object", "properties": {"qty": {}, "note": {}}}}}})";
  EXPECT_EQ(SchemaFields(kSchema), (std::vector<std::string>{"sku", "lines"}));
  EXPECT_EQ(SchemaFields(kSchema, "/properties/lines/items"),
            (std::vector<std::string>{"qty", "note"}));
  EXPECT_THROW(SchemaFields(kSchema, "/properties/nope"), std::logic_error);
  EXPECT_THROW(SchemaFields("{not json"), std::logic_error);
  EXPECT_THROW(SchemaFields(R"({"type": "string"})"), std::logic_error);
  auto obj = Parse(R"({"sku": "A", "qty": 2})");
  ExpectInvalid(RejectUnknownFields(obj, SchemaFields(kSchema)).error(), "qty",
                "unknown field qty");
  EXPECT_TRUE(RejectUnknownFields(Parse(R"({"sku": "A"})"), SchemaFields(kSchema)).has_value());
}

TEST(JsonFieldsTest, ExplicitNullIsToldFromAbsent) {
  auto obj = Parse(R"({"name": null, "email": "a@b.c"})");
  EXPECT_TRUE(IsExplicitNull(obj, "name"));
  EXPECT_FALSE(IsExplicitNull(obj, "email"));
  EXPECT_FALSE(IsExplicitNull(obj, "country"));
  EXPECT_TRUE(RejectNulls(obj, {"email", "country"}).has_value());
  ExpectInvalid(RejectNulls(obj, {"email", "name"}, "customer").error(), "customer.name",
                "customer.name cannot be null");
}

}  // namespace
}  // namespace loyal::http
