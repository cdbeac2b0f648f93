#include "importer/record_scanner.h"

#include <gtest/gtest.h>

#include "importer/test_files.h"

namespace loyal::importer {
namespace {

struct Scanned {
  std::vector<std::vector<std::string>> records;
  std::vector<int64_t> lines;
  std::vector<std::string> malformed;  // "line: reason"
};

Result<Scanned> Scan(std::string_view content, Splitting splitting, bool gzip = false,
                     size_t max_record_bytes = RecordScanner::kDefaultMaxRecordBytes) {
  std::string path = gzip ? testing::WriteTempGzip("scan.gz", content)
                          : testing::WriteTempFile("scan.txt", content);
  LOY_ASSIGN_OR_RETURN(auto source, ByteSource::Open(path));
  RecordScanner scanner(*source, splitting, 1, max_record_bytes);
  Scanned out;
  LOY_RETURN_IF_ERROR(scanner.Run(
      [&](const RawRecord& r) -> Status {
        out.records.emplace_back(r.fields.begin(), r.fields.end());
        out.lines.push_back(r.line);
        return {};
      },
      [&](int64_t line, std::string_view reason) -> Status {
        out.malformed.push_back(std::to_string(line) + ": " + std::string(reason));
        return {};
      }));
  return out;
}

using Fields = std::vector<std::string>;

TEST(RecordScannerTest, SplitsQuotedCrlfAndMultiLineRecords) {
  const std::string text =
      "\xEF\xBB\xBFid,desc,qty\r\n"
      "1,\"AIRLINE LOUNGE,METAL SIGN\",2\r\n"
      "\r\n"
      "2,\"RECORD FRAME 7\"\" SINGLE\",48\n"
      "3,\"two\nlines\",\n"
      "4,a\"b,5";
  for (bool gzip : {false, true}) {
    auto s = Scan(text, Splitting::kComma, gzip);
    ASSERT_TRUE(s) << s.error().ToString();
    ASSERT_EQ(s->records.size(), 5u);
    EXPECT_EQ(s->records[0], (Fields{"id", "desc", "qty"}));
    EXPECT_EQ(s->records[1], (Fields{"1", "AIRLINE LOUNGE,METAL SIGN", "2"}));
    EXPECT_EQ(s->records[2], (Fields{"2", "RECORD FRAME 7\" SINGLE", "48"}));
    EXPECT_EQ(s->records[3], (Fields{"3", "two\nlines", ""}));
    EXPECT_EQ(s->records[4], (Fields{"4", "a\"b", "5"}));
    EXPECT_EQ(s->lines, (std::vector<int64_t>{1, 2, 4, 5, 7}));
    EXPECT_TRUE(s->malformed.empty());
  }
}

TEST(RecordScannerTest, ReportsTextAfterClosingQuoteWithItsLineAndGoesOn) {
  auto s = Scan("a,b\n\"x\"y,1\nc,d\n\"open,2\n", Splitting::kComma);
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_EQ(s->records.size(), 2u);
  EXPECT_EQ(s->records[1], (Fields{"c", "d"}));
  EXPECT_EQ(s->lines[1], 3);
  ASSERT_EQ(s->malformed.size(), 2u);
  EXPECT_EQ(s->malformed[0], "2: unexpected character after a closing quote");
  EXPECT_EQ(s->malformed[1], "4: quoted field not closed at end of input");
}

TEST(RecordScannerTest, SplitsWhitespaceColumnsAndCountsAllFields) {
  auto s =
      Scan(" 00001 19970101  1   11.77\r\n\n\t00002\t19970112 1 12.00", Splitting::kWhitespace);
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_EQ(s->records.size(), 2u);
  EXPECT_EQ(s->records[0], (Fields{"00001", "19970101", "1", "11.77"}));
  EXPECT_EQ(s->records[1], (Fields{"00002", "19970112", "1", "12.00"}));
  EXPECT_EQ(s->lines, (std::vector<int64_t>{1, 3}));
}

TEST(RecordScannerTest, KeepsFieldCountBeyondTheStoredFields) {
  std::string line(30, ',');
  std::string path = testing::WriteTempFile("wide.csv", line + "\n");
  auto source = ByteSource::Open(path);
  ASSERT_TRUE(source);
  RecordScanner scanner(**source, Splitting::kComma);
  size_t count = 0, stored = 0;
  auto st = scanner.Run(
      [&](const RawRecord& r) -> Status {
        count = r.field_count, stored = r.fields.size();
        return {};
      },
      [](int64_t, std::string_view) -> Status { return {}; });
  ASSERT_TRUE(st);
  EXPECT_EQ(count, 31u);
  EXPECT_EQ(stored, RecordScanner::kMaxFields);
}

TEST(RecordScannerTest, RecordsSpanningBlocksArriveWholeAndOverlongOnesAreSkippedUnheld) {
  // Records across the 4 MiB buffer's end arrive whole. A 3 MiB quoted field with newlines
  // inside, and a 3 MiB unquoted line, are past the 1 MiB limit: each is reported at the line
  // it starts on and skipped, and the lines after them keep their numbers.
  std::string text;
  for (int i = 0; i < 200000; ++i)
    text += std::to_string(i) + ",\"q,\"\"" + std::to_string(i) + "\"\n";
  text += "big,\"" + std::string(3 << 20, 'x') + "\nstill inside\n\",1\n";  // 200001-200003
  text += "after,1\n";
  text += "long," + std::string(3 << 20, 'y') + "\n";
  text += "end,2";
  for (bool gzip : {false, true}) {
    auto s = Scan(text, Splitting::kComma, gzip);
    ASSERT_TRUE(s) << s.error().ToString();
    ASSERT_EQ(s->records.size(), 200002u);
    EXPECT_EQ(s->records[123456], (Fields{"123456", "q,\"123456"}));
    EXPECT_EQ(s->records[200000], (Fields{"after", "1"}));
    EXPECT_EQ(s->lines[200000], 200004);
    EXPECT_EQ(s->records[200001], (Fields{"end", "2"}));
    EXPECT_EQ(s->lines[200001], 200006);
    const std::string reason =
        ": record longer than 1048576 bytes (the longest the importer reads; is a quote not "
        "closed?)";
    EXPECT_EQ(s->malformed, (std::vector<std::string>{"200001" + reason, "200005" + reason}));
  }
}

TEST(RecordScannerTest, TheRecordLimitCanBeLoweredAndHoldsForWhitespaceLines) {
  const std::string text =
      "1 19970101 1 1.00\n" + std::string(5000, '7') + " 2 3 4\n2 19970102 1 2.00\n";
  auto s = Scan(text, Splitting::kWhitespace, false, 4096);
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_EQ(s->records.size(), 2u);
  EXPECT_EQ(s->lines, (std::vector<int64_t>{1, 3}));
  ASSERT_EQ(s->malformed.size(), 1u);
  EXPECT_TRUE(s->malformed[0].starts_with("2: record longer than 4096 bytes")) << s->malformed[0];
  // A quoted field open to the end of the file is one overlong record too.
  auto open = Scan("a,1\nb,\"" + std::string(10000, 'z'), Splitting::kComma, false, 4096);
  ASSERT_TRUE(open) << open.error().ToString();
  EXPECT_EQ(open->records.size(), 1u);
  ASSERT_EQ(open->malformed.size(), 1u);
  EXPECT_TRUE(open->malformed[0].starts_with("2: record longer than 4096 bytes"));
}

TEST(RecordScannerTest, CallbackErrorStopsTheScan) {
  std::string path = testing::WriteTempFile("stop.csv", "a\nb\nc\n");
  auto source = ByteSource::Open(path);
  ASSERT_TRUE(source);
  RecordScanner scanner(**source, Splitting::kComma);
  int seen = 0;
  auto st = scanner.Run(
      [&](const RawRecord& r) -> Status {
        ++seen;
        if (r.line == 2) return Conflict("stop here");
        return {};
      },
      [](int64_t, std::string_view) -> Status { return {}; });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace loyal::importer
