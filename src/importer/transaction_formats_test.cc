#include "importer/transaction_formats.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <set>

#include "core/csv.h"
#include "importer/test_files.h"

namespace loyal::importer {
namespace {

// A row copied out of the callback.
struct Row {
  int64_t line;
  RowKind kind;
  std::string skip_reason, order_id, customer_id, email, sku, description;
  int64_t placed_at, quantity, unit_price_micros, amount_minor;
  DayNumber day;
  bool has_offset;
  std::string currency;
};

struct ReadResult {
  std::vector<Row> rows;
  std::vector<std::string> bad;
  std::vector<std::string> bad_orders;  // each bad row's order_id
  ReadCounts counts;
};

Result<ReadResult> ReadText(std::string_view text, TransactionFormat format) {
  std::string path = testing::WriteTempFile("formats.txt", text);
  ReadResult out;
  ReadOptions options;
  options.display_name = "orders.csv";
  LOY_ASSIGN_OR_RETURN(
      out.counts, ReadTransactions(
                      path, format, options,
                      [&](const TransactionRow& r) -> Status {
                        out.rows.push_back(Row{r.line, r.kind, std::string(r.skip_reason),
                                               std::string(r.order_id), std::string(r.customer_id),
                                               std::string(r.email), std::string(r.sku),
                                               std::string(r.description), r.placed_at, r.quantity,
                                               r.unit_price_micros, r.amount_minor, r.day,
                                               r.has_offset, std::string(r.currency.code())});
                        return {};
                      },
                      [&](const BadRow& b) -> Status {
                        out.bad.push_back(b.ToString());
                        out.bad_orders.emplace_back(b.order_id);
                        return {};
                      }));
  return out;
}

constexpr std::string_view kRetailHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n";

TEST(TransactionFormatsTest, OnlineRetailRowsAreClassifiedAndPricedExactly) {
  std::string text =
      std::string(kRetailHeader) +
      "536365,85123A,\"LANTERN, \"\"WHITE\"\"\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom\r\n"
      "536366,22633,HAND WARMER,3,2010-12-01 08:28:00,0.001,,United Kingdom\r\n"
      "C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527,United Kingdom\r\n"
      "536380,22139,damaged,-12,2010-12-01 09:45:00,0,,United Kingdom\r\n"
      "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom\r\n"
      "536381,22140,free,2,2010-12-01 10:00:00,0,17850,United Kingdom\r\n";
  auto r = ReadText(text, TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->rows.size(), 6u);
  EXPECT_TRUE(r->bad.empty());
  const Row& a = r->rows[0];
  EXPECT_EQ(a.line, 2);
  EXPECT_EQ(a.kind, RowKind::kSale);
  EXPECT_EQ(a.description, "LANTERN, \"WHITE\"");
  EXPECT_EQ(a.unit_price_micros, 2'550'000);
  EXPECT_EQ(a.amount_minor, 1530);
  EXPECT_EQ(a.currency, "GBP");
  EXPECT_EQ(a.placed_at, 1291191960);  // 2010-12-01 08:26:00 as written
  EXPECT_FALSE(a.has_offset);
  EXPECT_EQ(r->rows[1].unit_price_micros, 1000);
  EXPECT_EQ(r->rows[1].amount_minor, 0);  // 0.3p rounds half-even to 0
  EXPECT_EQ(r->rows[1].customer_id, "");
  EXPECT_EQ(r->rows[2].kind, RowKind::kReturn);
  EXPECT_EQ(r->rows[2].amount_minor, -2750);
  EXPECT_EQ(r->rows[3].skip_reason, kSkipNegativeSale);
  EXPECT_EQ(r->rows[4].skip_reason, kSkipAdjustment);
  EXPECT_EQ(r->rows[5].kind, RowKind::kSale);
  EXPECT_EQ(r->rows[5].amount_minor, 0);
}

TEST(TransactionFormatsTest, MalformedRowsAreReportedWithFileAndLineAndSkipped) {
  std::string text = std::string(kRetailHeader) +
                     "536365,85123A,LANTERN,six,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                     "536365,85123A,LANTERN,6,2010-13-01 08:26:00,2.55,17850,United Kingdom\n"
                     "536365,85123A,LANTERN,6,2010-12-01 08:26:00,2.5x,17850,United Kingdom\n"
                     "536365,85123A,LANTERN,6,2010-12-01 08:26:00,2.55,17850\n"
                     "536365,85123A,\"LAN\"TERN,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
                     "536366,22633,HAND WARMER,3,2010-12-01 08:28:00,1.85,,United Kingdom\n";
  auto r = ReadText(text, TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->counts.rows, 1);
  EXPECT_EQ(r->counts.bad_rows, 5);
  ASSERT_EQ(r->bad.size(), 5u);
  EXPECT_EQ(r->bad[0], "orders.csv:2: Quantity 'six' is not a whole number");
  EXPECT_EQ(
      r->bad[1],
      "orders.csv:3: InvoiceDate: '2010-13-01 08:26:00' is not an ISO 8601 date or date-time");
  EXPECT_EQ(r->bad[2], "orders.csv:4: UnitPrice: '2.5x' is not a decimal number");
  EXPECT_EQ(r->bad[3], "orders.csv:5: expected 8 fields, found 7");
  EXPECT_EQ(r->bad[4], "orders.csv:6: unexpected character after a closing quote");
  EXPECT_EQ(r->rows[0].line, 7);
}

TEST(TransactionFormatsTest, WrongHeaderIsAWrongFormatNotABadRow) {
  auto r = ReadText("customer_id date number_of_cds dollar_value\n", TransactionFormat::kOrdersCsv);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message,
            "orders.csv:1: not an orders-csv file: the header must be "
            "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency");
}

// An Online Retail line of six lanterns with these text fields.
std::string LanternRow(std::string_view invoice, std::string_view sku, std::string_view title,
                       std::string_view customer = "17850") {
  return std::string(invoice) + "," + std::string(sku) + "," + std::string(title) +
         ",6,2010-12-01 08:26:00,2.55," + std::string(customer) + ",United Kingdom\n";
}

TEST(TransactionFormatsTest, TextBreakingTheInputRulesIsABadRowNamingItsOrder) {
  const std::string text = std::string(kRetailHeader) + LanternRow("536365", "85123A", "LANTERN") +
                           LanternRow("536365", "851\x01", "LANTERN") +
                           LanternRow("536366", "85123A", "LAN\xffTERN") +
                           LanternRow("536367", "85123A", std::string(501, 'L')) +
                           LanternRow("53 6368", "85123A", "LANTERN") +
                           LanternRow("536369", "85123A", "LANTERN", "17\xff");
  auto r = ReadText(text, TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->counts.rows, 1);
  EXPECT_EQ(r->bad, (std::vector<std::string>{
                        "orders.csv:3: StockCode: must not contain control characters",
                        "orders.csv:4: Description: must be valid UTF-8",
                        "orders.csv:5: Description: must be at most 500 bytes",
                        "orders.csv:6: InvoiceNo: must be printable ASCII without spaces",
                        "orders.csv:7: CustomerID: must be valid UTF-8"}));
  // A bad invoice number names no order; the others name theirs, which the importer skips.
  EXPECT_EQ(r->bad_orders, (std::vector<std::string>{"536365", "536366", "536367", "", "536369"}));
}

TEST(TransactionFormatsTest, CdnowOrderIdsCountSameDayRowsPerCustomer) {
  auto r = ReadText(
      " customer_id  date number_of_cds  dollar_value\r\n"
      " 00001 19970101  1   11.77\r\n"
      " 00001 19970101  2   20.00\r\n"
      " 00001 19970105  1    0.00\r\n"
      " 00002 19970101  1   12.00\r\n"
      " 00003 1997013x  1   12.00\r\n",
      TransactionFormat::kCdnow);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->rows.size(), 4u);
  EXPECT_EQ(r->rows[0].order_id, "cdnow-1-19970101-1");
  EXPECT_EQ(r->rows[1].order_id, "cdnow-1-19970101-2");
  EXPECT_EQ(r->rows[2].order_id, "cdnow-1-19970105-1");
  EXPECT_EQ(r->rows[3].order_id, "cdnow-2-19970101-1");
  EXPECT_EQ(r->rows[1].amount_minor, 2000);
  EXPECT_EQ(r->rows[1].quantity, 2);
  EXPECT_EQ(r->rows[1].currency, "USD");
  EXPECT_EQ(r->rows[0].day, 9862);  // 1997-01-01
  ASSERT_EQ(r->bad.size(), 1u);
  EXPECT_EQ(r->bad[0], "orders.csv:6: date: '1997013x' is not a date (YYYY-MM-DD)");
}

TEST(TransactionFormatsTest, CdnowSampleCustomerIsTheSecondColumn) {
  auto r = ReadText(" 00004 0001 19970101  2   29.33\n 00018 0002 19970101  2   29.73\n",
                    TransactionFormat::kCdnowSample);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows[0].customer_id, "1");
  EXPECT_EQ(r->rows[1].customer_id, "2");
  EXPECT_EQ(r->rows[1].amount_minor, 2973);
  auto wrong = ReadText(" 00001 19970101  1   11.77\n", TransactionFormat::kCdnowSample);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
}

TEST(TransactionFormatsTest, OrdersCsvParsesDatesOffsetsAndCurrencies) {
  auto r = ReadText(
      "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency\n"
      "o1,c1,a@example.com,2024-03-01,SKU-1,2,9.995,EUR\n"
      "o1,c1,a@example.com,2024-03-01,SKU-2,1,1000,JPY\n"
      "o2,,,2024-03-01T23:30:00-02:00,SKU-1,1,5,USD\n"
      "o3,c2,,2024-03-02,SKU-1,0,5,USD\n"
      "o4,c2,,2024-03-02,SKU-1,1,5,usd\n"
      "o5,c2,,2024-03-02,SKU-1,1,5,XYZ\n",
      TransactionFormat::kOrdersCsv);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(r->rows[0].amount_minor, 1999);  // 19.99 exactly
  EXPECT_EQ(r->rows[0].email, "a@example.com");
  EXPECT_EQ(r->rows[1].amount_minor, 1000);  // yen have no minor unit
  EXPECT_TRUE(r->rows[2].has_offset);
  EXPECT_EQ(r->rows[2].day, DayOf(r->rows[0].placed_at) + 1);  // 01:30 UTC the next day
  EXPECT_EQ(r->rows[2].customer_id, "");
  ASSERT_EQ(r->bad.size(), 3u);
  EXPECT_EQ(r->bad[0], "orders.csv:5: quantity must be positive");
  EXPECT_EQ(r->bad[1], "orders.csv:6: currency: must be an ISO 4217 currency code such as \"EUR\"");
  EXPECT_EQ(r->bad[2],
            "orders.csv:7: currency: must be an ISO 4217 currency code such as \"EUR\"; 'XYZ' is "
            "not one");
}

TEST(TransactionFormatsTest, BadRowCallbackErrorAbortsTheRead) {
  std::string path = testing::WriteTempFile(
      "strict.csv",
      std::string(kRetailHeader) +
          "1,A,x,oops,2010-12-01 08:26:00,1,1,UK\n2,A,x,1,2010-12-01 08:26:00,1,1,UK\n");
  int rows = 0;
  auto r = ReadTransactions(
      path, TransactionFormat::kOnlineRetail, {},
      [&](const TransactionRow&) -> Status { return ++rows, Status{}; },
      [](const BadRow& b) -> Status { return InvalidArgument(b.ToString()); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, path + ":2: Quantity 'oops' is not a whole number");
  EXPECT_EQ(rows, 0);
}

TEST(TransactionFormatsTest, UnknownFormatNameIsInvalidArgument) {
  EXPECT_EQ(*ParseTransactionFormat("cdnow-sample"), TransactionFormat::kCdnowSample);
  auto bad = ParseTransactionFormat("excel");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "format");
}

TEST(TransactionFormatsTest, ParallelRangesReadTheSameRowsWithTheSameLineNumbers) {
  std::string text = "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency\n";
  for (int i = 0; i < 60000; ++i) {
    text += "o" + std::to_string(i) + ",c" + std::to_string(i % 977) + ",,2024-03-01 10:00,SKU-" +
            std::to_string(i % 50) + ",1,2.50,EUR\n";
  }
  text += "bad,c1,,2024-03-01,SKU-1,x,2.50,EUR\n";
  std::string path = testing::WriteTempFile("parallel.csv", text);
  auto ranges = SplitForParallelRead(path, 3);
  ASSERT_TRUE(ranges) << ranges.error().ToString();
  ASSERT_EQ(ranges->size(), 3u);
  EXPECT_EQ(ranges->front().begin, 0);
  EXPECT_EQ(ranges->back().end, static_cast<int64_t>(text.size()));
  std::vector<int64_t> lines, next_lines;
  std::vector<std::string> bad;
  for (size_t k = 0; k < ranges->size(); ++k) {
    if (k > 0) {
      EXPECT_EQ((*ranges)[k].begin, (*ranges)[k - 1].end);
      EXPECT_EQ(text[static_cast<size_t>((*ranges)[k].begin) - 1], '\n');
    }
    ReadOptions options;
    options.range = (*ranges)[k];
    auto counts = ReadTransactions(
        path, TransactionFormat::kOrdersCsv, options,
        [&](const TransactionRow& r) -> Status {
          EXPECT_EQ(r.order_id, "o" + std::to_string(r.line - 2));
          lines.push_back(r.line);
          return {};
        },
        [&](const BadRow& b) -> Status { return bad.push_back(b.ToString()), Status{}; });
    ASSERT_TRUE(counts) << counts.error().ToString();
    // Where the next range starts, in the file's numbering.
    next_lines.push_back(counts->next_line);
  }
  ASSERT_EQ(lines.size(), 60000u);
  for (size_t i = 0; i < lines.size(); ++i) ASSERT_EQ(lines[i], static_cast<int64_t>(i) + 2);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0], path + ":60002: quantity 'x' is not a whole number");
  EXPECT_EQ(next_lines.back(), 60003);

  // Numbered from 1 instead (ReadOptions::first_line), a range's lines are its own, and the
  // previous range's next_line tells the offset to the file's.
  ReadOptions own;
  own.range = (*ranges)[1];
  own.first_line = 1;
  int64_t first_own_line = 0;
  auto counts = ReadTransactions(
      path, TransactionFormat::kOrdersCsv, own,
      [&](const TransactionRow& r) -> Status {
        if (first_own_line == 0) {
          first_own_line = r.line;
          EXPECT_EQ(r.order_id, "o" + std::to_string(next_lines[0] - 2));
        }
        return {};
      },
      [](const BadRow&) -> Status { return {}; });
  ASSERT_TRUE(counts);
  EXPECT_EQ(first_own_line, 1);
  EXPECT_EQ(counts->next_line - 1, next_lines[1] - next_lines[0]);
}

TEST(TransactionFormatsTest, GzipFilesAreNotSplit) {
  std::string path = testing::WriteTempGzip("whole.csv.gz", std::string(5 << 20, '\n'));
  auto ranges = SplitForParallelRead(path, 4);
  ASSERT_TRUE(ranges);
  ASSERT_EQ(ranges->size(), 1u);
  EXPECT_EQ(ranges->front().begin, 0);
}

}  // namespace
}  // namespace loyal::importer
