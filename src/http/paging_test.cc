#include "http/paging.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/hashing.h"

namespace loyal::http {
namespace {

Request WithQuery(std::map<std::string, std::string> query) {
  Request request;
  request.query = std::move(query);
  return request;
}

void ExpectBadCursor(const Result<std::string>& decoded, const std::string& cursor) {
  ASSERT_FALSE(decoded) << cursor;
  EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument) << cursor;
  EXPECT_EQ(decoded.error().field, "after") << cursor;
}

TEST(PagingTest, CursorsRoundTripAndShowNoBarePosition) {
  for (const std::string& position :
       {std::string("1"), std::string("4711"), std::string("MUG-01"), std::string("a\0b", 3)}) {
    const std::string cursor = EncodeCursor("customers", position);
    EXPECT_NE(cursor, position);
    EXPECT_NE(cursor.find_first_not_of("0123456789"), std::string::npos) << cursor;
    if (position.size() > 3) {
      EXPECT_EQ(cursor.find(position), std::string::npos) << cursor;
    }
    auto decoded = DecodeCursor("customers", cursor);
    ASSERT_TRUE(decoded) << decoded.error().ToString();
    EXPECT_EQ(*decoded, position);
  }
}

TEST(PagingTest, TamperedForeignAndBareCursorsAreInvalidAfter) {
  const std::string cursor = EncodeCursor("customers", "42");
  ExpectBadCursor(DecodeCursor("products", cursor), cursor);
  ExpectBadCursor(DecodeCursor("customers", "42"), "42");
  ExpectBadCursor(DecodeCursor("customers", ""), "");
  ExpectBadCursor(DecodeCursor("customers", cursor + "="), cursor + "=");
  ExpectBadCursor(DecodeCursor("customers", cursor.substr(1)), cursor.substr(1));
  // The same bytes with the position edited (43 for 42) keep their check value: refused.
  std::string raw = *Base64UrlDecode(cursor);
  raw[2] = '3';
  ExpectBadCursor(DecodeCursor("customers", Base64UrlEncode(raw)), Base64UrlEncode(raw));
  for (size_t i = 0; i < cursor.size(); ++i) {
    std::string edited = cursor;
    edited[i] = edited[i] == 'A' ? 'B' : 'A';
    ExpectBadCursor(DecodeCursor("customers", edited), edited);
  }
}

TEST(PagingTest, ReadPageRequestReadsLimitAndDecodesAfter) {
  auto first = ReadPageRequest(WithQuery({}), "products");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->limit, kDefaultPageSize);
  EXPECT_EQ(first->after, "");
  auto next = ReadPageRequest(
      WithQuery({{"limit", "500"}, {"after", EncodeCursor("products", "B")}}), "products");
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_EQ(next->limit, 500);
  EXPECT_EQ(next->after, "B");
  for (const char* limit : {"0", "501", "-1", "1.5", "ten", ""}) {
    auto bad = ReadPageRequest(WithQuery({{"limit", limit}}), "products");
    ASSERT_FALSE(bad) << limit;
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument) << limit;
    EXPECT_EQ(bad.error().field, "limit") << limit;
  }
  auto bare = ReadPageRequest(WithQuery({{"after", "B"}}), "products");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bare.error().field, "after");
}

TEST(PagingTest, WriteNextAfterIsNullOnTheLastPage) {
  boost::json::object out;
  WriteNextAfter(out, "products", "");
  EXPECT_TRUE(out.at("next_after").is_null());
  WriteNextAfter(out, "products", "B");
  ASSERT_TRUE(out.at("next_after").is_string());
  EXPECT_EQ(*DecodeCursor("products", out.at("next_after").as_string()), "B");
}

TEST(PagingTest, PageSchemaIsAnObjectNamingItsItems) {
  auto schema = boost::json::parse(PageSchema("products", R"({"type": "object"})"));
  ASSERT_TRUE(schema.is_object());
  EXPECT_TRUE(schema.at("properties").as_object().contains("products"));
  EXPECT_TRUE(schema.at("properties").as_object().contains("next_after"));
}

}  // namespace
}  // namespace loyal::http
