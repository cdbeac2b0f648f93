#include "core/csv.h"

#include <gtest/gtest.h>

namespace loyal {
namespace {

struct Parsed {
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
};

// Parses `text` fed in chunks of `chunk` bytes, so every split point is exercised.
Result<Parsed> ParseAll(std::string_view text, size_t chunk) {
  Parsed out;
  CsvParser parser;
  auto collect = [&](const CsvRecord& r) -> Status {
    out.rows.emplace_back(r.fields.begin(), r.fields.end());
    out.lines.push_back(r.line);
    return {};
  };
  for (size_t i = 0; i < text.size(); i += chunk) {
    LOY_RETURN_IF_ERROR(parser.Feed(text.substr(i, chunk), collect));
  }
  LOY_RETURN_IF_ERROR(parser.Finish(collect));
  return out;
}

TEST(CsvTest, ParsesQuotedFieldsInEveryChunking) {
  const std::string text =
      "id,desc,qty\r\n"
      "1,\"AIRLINE LOUNGE,METAL SIGN\",2\r\n"
      "2,\"RECORD FRAME 7\"\" SINGLE\",48\n"
      "3,\"two\nlines\",\n"
      "4,caf\xC3\xA9,5";
  for (size_t chunk = 1; chunk <= text.size(); ++chunk) {
    auto parsed = ParseAll(text, chunk);
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    ASSERT_EQ(parsed->rows.size(), 5u) << "chunk " << chunk;
    EXPECT_EQ(parsed->rows[1][1], "AIRLINE LOUNGE,METAL SIGN");
    EXPECT_EQ(parsed->rows[2][1], "RECORD FRAME 7\" SINGLE");
    EXPECT_EQ(parsed->rows[3][1], "two\nlines");
    EXPECT_EQ(parsed->rows[3][2], "");
    EXPECT_EQ(parsed->rows[4][1], "caf\xC3\xA9");
    EXPECT_EQ(parsed->lines, (std::vector<int64_t>{1, 2, 3, 4, 6}));
  }
}

TEST(CsvTest, EmptyFieldsAndTrailingDelimiter) {
  auto parsed = ParseAll(",a,,\n\"\",b", 3);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->rows[0], (std::vector<std::string>{"", "a", "", ""}));
  EXPECT_EQ(parsed->rows[1], (std::vector<std::string>{"", "b"}));
}

TEST(CsvTest, JunkAfterClosingQuoteIsAnError) {
  auto parsed = ParseAll("a,b\n\"x\"y,z\n", 4);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.error().message.find("line 2"), std::string::npos);
}

TEST(CsvTest, UnclosedQuoteAtEndIsAnError) {
  auto parsed = ParseAll("a\n\"open,\n", 64);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("not closed"), std::string::npos);
}

TEST(CsvTest, CallbackErrorStopsParsing) {
  CsvParser parser;
  int seen = 0;
  auto status = parser.Feed("a\nb\nc\n", [&](const CsvRecord&) -> Status {
    if (++seen == 2) return InvalidArgument("stop");
    return {};
  });
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(status.error().message, "stop");
}

}  // namespace
}  // namespace loyal
