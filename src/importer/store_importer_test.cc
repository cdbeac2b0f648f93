#include "importer/store_importer.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <map>

#include "db/testing/backend_test.h"
#include "importer/test_files.h"
#include "settings/settings_service.h"

namespace loyal::importer {
namespace {

const Timestamp kNow = Timestamp(std::chrono::seconds(1'700'000'000));

class StoreImporterTest : public db::testing::BackendTest {
 protected:
  Result<ImportSummary> Import(const std::string& path, TransactionFormat format,
                               bool strict = false, const date::time_zone* zone = nullptr) {
    ImportOptions options;
    options.format = format;
    options.strict = strict;
    options.time_zone = zone;
    options.on_bad_row = [this](const BadRow& b) { bad_rows_.push_back(b.ToString()); };
    return ImportFile(db(), path, options, clock_);
  }

  // Row counts of every table the importer writes.
  std::map<std::string, int64_t> TableCounts() {
    std::map<std::string, int64_t> counts;
    for (const char* t : {"customers", "customer_lookup", "products", "orders", "order_lookup",
                          "order_lines", "returns", "return_lookup", "return_lines"}) {
      counts[t] = Scalar(std::string("SELECT COUNT(*) FROM ") + t);
    }
    return counts;
  }

  ManualClock clock_{kNow};
  std::vector<std::string> bad_rows_;
};

// Every data row is counted once (FormatImportSummary's rule).
void ExpectRowsAddUp(const ImportSummary& s) {
  int64_t skipped = 0;
  for (const auto& [reason, rows] : s.skipped) skipped += rows;
  EXPECT_EQ(s.rows, s.ok_rows + s.bad_rows + s.rows_of_skipped_orders + skipped)
      << FormatImportSummary(s);
}

constexpr std::string_view kHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

std::string RetailSnippet() {
  return std::string(kHeader) +
         "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
         "536365,22633,HAND WARMER,3,2010-12-01 08:26:00,0.001,17850,United Kingdom\n"
         "536366,85123A,WHITE HANGING HEART,1,2010-12-01 09:00:00,2.55,,France\n"
         "536367,22139,damaged,-12,2010-12-01 09:45:00,0,,United Kingdom\n"
         "C536368,85123A,WHITE HANGING HEART,-2,2010-12-02 10:00:00,2.55,17850,United Kingdom\n"
         "C536368,99999,NOT BOUGHT,-1,2010-12-02 10:00:00,1.00,17850,United Kingdom\n"
         "C536369,85123A,WHITE HANGING HEART,-5,2010-12-03 10:00:00,2.55,17850,United Kingdom\n"
         "C536370,85123A,WHITE HANGING HEART,-1,2010-12-03 11:00:00,2.55,,United Kingdom\n"
         "536371,22633,HAND WARMER,two,2010-12-04 08:26:00,1.85,17851,Germany\n"
         "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom\n";
}

TEST_P(StoreImporterTest, OnlineRetailSnippetBecomesOrdersReturnsAndSkips) {
  auto summary = Import(testing::WriteTempFile("retail.csv", RetailSnippet()),
                        TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->rows, 10);
  EXPECT_EQ(summary->ok_rows, 7);
  ExpectRowsAddUp(*summary);
  EXPECT_EQ(summary->orders, 2);
  EXPECT_EQ(summary->lines, 3);
  EXPECT_EQ(summary->guest_orders, 1);
  EXPECT_EQ(summary->customers, 1);
  EXPECT_EQ(summary->guest_customers, 2);  // the guest order's and the guest return's
  EXPECT_EQ(summary->guest_return_customers, 1);
  EXPECT_EQ(summary->products, 2);
  EXPECT_EQ(summary->returns, 4);
  EXPECT_EQ(summary->unmatched_returns, 3);  // not bought; more than left; a guest's
  EXPECT_EQ(summary->bad_rows, 1);
  EXPECT_EQ(summary->skipped,
            (std::map<std::string, int64_t>{{std::string(kSkipAdjustment), 1},
                                            {std::string(kSkipNegativeSale), 1}}));
  ASSERT_EQ(bad_rows_.size(), 1u);
  EXPECT_NE(bad_rows_[0].find("retail.csv:10: Quantity 'two' is not a whole number"),
            std::string::npos)
      << bad_rows_[0];
  // The matched return took 2 of the 6 hearts, valued at the order's price.
  EXPECT_EQ(
      Scalar("SELECT returned_quantity FROM order_lines WHERE sku = '85123A' AND quantity = 6"), 2);
  EXPECT_EQ(Scalar("SELECT refunded_minor FROM orders WHERE external_id = '536365'"), 510);
  EXPECT_EQ(Scalar("SELECT total_minor FROM orders WHERE external_id = '536365'"), 1530);
  EXPECT_EQ(Scalar("SELECT unit_price_micros FROM order_lines WHERE sku = '22633'"), 1000);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM returns WHERE order_id IS NULL"), 3);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM return_lookup WHERE external_id = 'C536368-2'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM customers WHERE kind = 'guest'"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM customers WHERE country = 'GB'"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM customers WHERE country = 'FR'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM products WHERE title = 'WHITE HANGING HEART'"), 1);
}

TEST_P(StoreImporterTest, ImportingTheSameFileTwiceChangesNothing) {
  std::string path = testing::WriteTempFile("twice.csv", RetailSnippet());
  ASSERT_TRUE(Import(path, TransactionFormat::kOnlineRetail));
  auto before = TableCounts();
  clock_.Advance(std::chrono::hours(1));
  auto again = Import(path, TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(TableCounts(), before);
  EXPECT_EQ(again->orders, 0);
  EXPECT_EQ(again->returns, 0);
  EXPECT_EQ(again->customers + again->guest_customers + again->products, 0);
  EXPECT_EQ(again->orders_already_present, 2);
  EXPECT_EQ(again->returns_already_present, 4);
  EXPECT_EQ(
      Scalar("SELECT returned_quantity FROM order_lines WHERE sku = '85123A' AND quantity = 6"), 2);
}

TEST_P(StoreImporterTest, StrictStopsAtTheFirstBadRowAndKeepsNothing) {
  auto summary = Import(testing::WriteTempFile("strict.csv", RetailSnippet()),
                        TransactionFormat::kOnlineRetail, /*strict=*/true);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(summary.error().message.find("strict.csv:10: Quantity 'two' is not a whole number"),
            std::string::npos)
      << summary.error().message;
  for (const auto& [table, count] : TableCounts()) EXPECT_EQ(count, 0) << table;
}

TEST_P(StoreImporterTest, InterleavedInvoiceLinesFormOneOrder) {
  std::string text = std::string(kHeader) +
                     "1,A,a,1,2010-12-01 08:00:00,1.00,10,UK\n"
                     "2,B,b,1,2010-12-01 08:00:00,1.00,11,UK\n"
                     "1,C,c,2,2010-12-01 08:01:00,1.00,10,UK\n";
  auto summary =
      Import(testing::WriteTempFile("interleaved.csv", text), TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->orders, 2);
  EXPECT_EQ(Scalar("SELECT line_count FROM orders WHERE external_id = '1'"), 2);
  EXPECT_EQ(Scalar("SELECT total_minor FROM orders WHERE external_id = '1'"), 300);
}

// The input rules hold in a file as on the API: a bad sku, e-mail or currency is reported at
// its own line (not its order's first) and its whole order is skipped; the rest goes in.
TEST_P(StoreImporterTest, ABadRowIsReportedAtItsLineAndSkipsItsWholeOrder) {
  const std::string text =
      "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency\n"
      "o1,c1,Ann@Example.COM,2024-03-01T10:00:00Z,MUG,2,9.95,EUR\n"
      "o2,c2,,2024-03-01,MUG,1,9.95,EUR\n"
      "o2,c2,,2024-03-01,TEA\x01,1,4.50,EUR\n"
      "o2,c2,,2024-03-01,JAM,1,4.50,EUR\n"
      "o3,c3,b\xff@x.io,2024-03-01,MUG,1,1.00,EUR\n"
      "o4,c4,,2024-03-01," +
      std::string(129, 'S') +
      ",1,1.00,EUR\n"
      "o5,c5,,2024-03-01,MUG,1,1.00,XYZ\n"
      "o6,c6,,2024-03-01,MUG\xff,1,1.00,EUR\n"
      "o7,c6,,2024-03-01,MUG,1,1.00,EUR\n";
  const std::string path = testing::WriteTempFile("orders.csv", text);
  const std::string file = path;
  // --strict names the first bad line, and keeps nothing.
  auto strict = Import(path, TransactionFormat::kOrdersCsv, /*strict=*/true);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(strict.error().message,
            file + ":4: sku: must not contain control characters (order o2 skipped)");
  for (const auto& [table, count] : TableCounts()) EXPECT_EQ(count, 0) << table;

  bad_rows_.clear();
  auto summary = Import(path, TransactionFormat::kOrdersCsv);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->orders, 2);
  EXPECT_EQ(summary->rows, 9);
  EXPECT_EQ(summary->bad_rows, 5);
  EXPECT_EQ(summary->rows_of_skipped_orders, 2);  // o2's other lines
  ExpectRowsAddUp(*summary);
  EXPECT_EQ(bad_rows_,
            (std::vector<std::string>{
                file + ":4: sku: must not contain control characters (order o2 skipped)",
                file + ":6: email: must be valid UTF-8 (order o3 skipped)",
                file + ":7: sku: must be at most 128 bytes (order o4 skipped)",
                file + ":8: currency: must be an ISO 4217 currency code such as \"EUR\"; 'XYZ' "
                       "is not one (order o5 skipped)",
                file + ":9: sku: must be valid UTF-8 (order o6 skipped)"}));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM order_lookup WHERE external_id IN "
                   "('o2', 'o3', 'o4', 'o5', 'o6')"),
            0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM products WHERE sku IN ('TEA', 'JAM')"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM customers WHERE email = 'ann@example.com'"), 1);
  EXPECT_EQ(Scalar("SELECT placed_at FROM orders WHERE external_id = 'o1'"), 1709287200);
}

TEST_P(StoreImporterTest, OnlineRetailBadTitleSkipsTheInvoiceAndKeepsCancellationLines) {
  std::string text = std::string(kHeader) +
                     "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,UK\n"
                     "536365,22633,HAND\x1b[2JWARMER,3,2010-12-01 08:26:00,1.85,17850,UK\n"
                     "536366,22633,HAND WARMER,3,2010-12-01 08:27:00,1.85,17850,UK\n"
                     "C536367,85123A,WHITE HANGING HEART,-1,2010-12-02 08:00:00,2.55,17850,UK\n"
                     "C536367,85123A,\xc3,-1,2010-12-02 08:00:00,2.55,17850,UK\n"
                     "C536367,22633,HAND WARMER,-1,2010-12-02 08:00:00,1.85,17850,UK\n";
  auto summary =
      Import(testing::WriteTempFile("retail.csv", text), TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->orders, 1);
  EXPECT_EQ(summary->returns, 2);
  EXPECT_EQ(summary->bad_rows, 2);
  EXPECT_EQ(summary->rows_of_skipped_orders, 1);
  ExpectRowsAddUp(*summary);
  ASSERT_EQ(bad_rows_.size(), 2u);
  EXPECT_NE(bad_rows_[0].find("retail.csv:3: Description: must not contain control characters "
                              "(order 536365 skipped)"),
            std::string::npos)
      << bad_rows_[0];
  EXPECT_EQ(bad_rows_[0].find('\x1b'), std::string::npos);
  EXPECT_NE(bad_rows_[1].find("retail.csv:6: Description: must be valid UTF-8"), std::string::npos)
      << bad_rows_[1];
  EXPECT_EQ(bad_rows_[1].find("skipped"), std::string::npos) << bad_rows_[1];
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM order_lookup WHERE external_id = '536365'"), 0);
  // The cancellation's lines are returns of their own; the third keeps its id.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM return_lookup WHERE external_id = 'C536367-3'"), 1);
}

TEST_P(StoreImporterTest, AFileInAnotherFormatIsAClearError) {
  auto summary = Import(testing::WriteTempFile("wrong.csv", "order_id,customer_id\n"),
                        TransactionFormat::kOnlineRetail);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(summary.error().message.find(":1: not an online-retail file: the header must be"),
            std::string::npos)
      << summary.error().message;
}

// Without --time-zone a file's times without an offset are the shop's wall clock; with it,
// that zone's. Either way an order's calendar day is the shop's.
TEST_P(StoreImporterTest, FileTimesAreTheShopsZoneUnlessGivenAndDaysAlwaysTheShops) {
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) {
    return settings::Set(tx, "time_zone", "America/New_York");
  }));
  const std::string header =
      "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency\n";
  auto shop = Import(
      testing::WriteTempFile("shop.csv", header + "o1,c1,,2024-03-01T22:30:00,MUG,1,9.95,EUR\n"),
      TransactionFormat::kOrdersCsv);
  ASSERT_TRUE(shop) << shop.error().ToString();
  EXPECT_EQ(Scalar("SELECT placed_at FROM orders WHERE external_id = 'o1'"),
            1709350200);  // 2024-03-02T03:30:00Z: 22:30 in New York
  EXPECT_EQ(Scalar("SELECT placed_day FROM orders WHERE external_id = 'o1'"), 19783);  // 1 March

  auto london = Import(
      testing::WriteTempFile("london.csv", header + "o2,c1,,2024-03-02T01:30:00,MUG,1,9.95,EUR\n"),
      TransactionFormat::kOrdersCsv, false, date::locate_zone("Europe/London"));
  ASSERT_TRUE(london) << london.error().ToString();
  EXPECT_EQ(Scalar("SELECT placed_at FROM orders WHERE external_id = 'o2'"),
            1709343000);  // 2024-03-02T01:30:00Z: London is on UTC in March
  EXPECT_EQ(Scalar("SELECT placed_day FROM orders WHERE external_id = 'o2'"),
            19783);  // still 1 March in New York
}

TEST_P(StoreImporterTest, CdnowSampleImportsEveryRowAsAnExactOrder) {
  auto summary = Import(testing::TestDataFile("CDNOW_sample.txt"), TransactionFormat::kCdnowSample);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->orders, 6919);
  EXPECT_EQ(summary->customers, 2357);
  EXPECT_EQ(summary->bad_rows, 0);
  EXPECT_EQ(Scalar("SELECT SUM(total_minor) FROM orders"), 24409194);
  EXPECT_EQ(Scalar("SELECT SUM(quantity) FROM order_lines"),
            Scalar("SELECT SUM(quantity) FROM order_lines WHERE sku = 'CD'"));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM order_lookup WHERE external_id = 'cdnow-1-19970101-1'"),
            1);
}

TEST_P(StoreImporterTest, OnlineRetailFileCountsAndReturnsNeverExceedPurchases) {
  auto summary = Import(testing::TestDataFile("online_retail_2010-12_2011-09.csv.gz"), TransactionFormat::kOnlineRetail);
  ASSERT_TRUE(summary) << summary.error().ToString();
  // Expected figures from an independent Python replay of the same rules (invoices
  // grouped by number, returns matched in file order to the latest earlier purchase of
  // the sku with enough left).
  EXPECT_EQ(summary->rows, 370931);
  ExpectRowsAddUp(*summary);
  EXPECT_EQ(summary->orders, 14873);
  EXPECT_EQ(summary->lines, 363253);
  EXPECT_EQ(summary->guest_orders, 1702);
  // One guest customer per guest order and one per guest cancellation line.
  EXPECT_EQ(summary->guest_customers, 1997);
  EXPECT_EQ(summary->guest_return_customers, 295);
  EXPECT_EQ(summary->customers, 3658);
  EXPECT_EQ(summary->returns, 6652);
  EXPECT_EQ(summary->unmatched_returns, 1505);
  EXPECT_EQ(summary->orders_already_present, 0);
  EXPECT_EQ(summary->skipped,
            (std::map<std::string, int64_t>{{std::string(kSkipAdjustment), 3},
                                            {std::string(kSkipNegativeSale), 1023}}));
  EXPECT_EQ(Scalar("SELECT SUM(returned_quantity) FROM order_lines"), 132070);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM order_lines WHERE returned_quantity > quantity"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM (SELECT r.customer_id, r.order_id, l.order_line_no "
                   "FROM returns r JOIN return_lines l ON l.customer_id = r.customer_id AND "
                   "l.return_id = r.return_id JOIN order_lines o ON o.customer_id = "
                   "r.customer_id AND o.order_id = r.order_id AND o.line_no = l.order_line_no "
                   "GROUP BY r.customer_id, r.order_id, l.order_line_no, o.quantity "
                   "HAVING SUM(l.quantity) > o.quantity) over_returned"),
            0);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(StoreImporterTest);

}  // namespace
TEST(FormatImportSummaryTest, GeneratedHistoryLeavesOutTheLinesAboutAFile) {
  ImportSummary summary;
  summary.rows = 5;
  summary.orders = 3;
  summary.bad_rows = 1;
  const std::string from_file = FormatImportSummary(summary);
  EXPECT_NE(from_file.find("rows read: 5\n"), std::string::npos) << from_file;
  EXPECT_NE(from_file.find("bad rows skipped: 1\n"), std::string::npos) << from_file;
  EXPECT_NE(from_file.find("rows imported: 0\n"), std::string::npos) << from_file;
  const std::string generated = FormatImportSummary(summary, HistorySource::kGenerated);
  EXPECT_EQ(generated.find("rows read"), std::string::npos) << generated;
  EXPECT_EQ(generated.find("bad rows"), std::string::npos) << generated;
  EXPECT_NE(generated.find("orders created: 3\n"), std::string::npos) << generated;
}

}  // namespace loyal::importer
