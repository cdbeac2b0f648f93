// The readers on the real data sets shipped in testdata/.
// Expected figures were computed with Python's csv/gzip/decimal modules; the row and
// invoice totals are also recomputed here through zlib and core's CsvParser, a path that
// shares no code with the readers' scanner.
#include <gtest/gtest.h>
#include <zlib.h>

#include <set>
#include <string>

#include "core/csv.h"
#include "importer/test_files.h"
#include "importer/transaction_formats.h"

namespace loyal::importer {
namespace {

struct Independent {
  int64_t rows = 0;
  std::set<std::string> invoices;
};

Independent CountWithGzreadAndCsvParser(const std::string& path) {
  Independent out;
  gzFile gz = gzopen(path.c_str(), "rb");
  EXPECT_NE(gz, nullptr);
  CsvParser parser;
  auto on = [&](const CsvRecord& r) -> Status {
    if (r.line > 1) ++out.rows, out.invoices.insert(std::string(r.fields[0]));
    return {};
  };
  std::string buf(1 << 16, '\0');
  int n;
  while ((n = gzread(gz, buf.data(), static_cast<unsigned>(buf.size()))) > 0) {
    EXPECT_TRUE(parser.Feed(std::string_view(buf.data(), static_cast<size_t>(n)), on));
  }
  EXPECT_TRUE(parser.Finish(on));
  gzclose(gz);
  return out;
}

TEST(TransactionFilesTest, OnlineRetailCountsMatchTheFile) {
  const std::string path = testing::TestDataFile("online_retail_2010-12_2011-09.csv.gz");
  std::map<std::string_view, int64_t> skipped;
  std::set<std::string> invoices, sale_invoices, return_invoices, guest_invoices, customers;
  int64_t sales = 0, returns = 0, sale_minor = 0;
  auto counts = ReadTransactions(
      path, TransactionFormat::kOnlineRetail, {},
      [&](const TransactionRow& r) -> Status {
        invoices.emplace(r.order_id);
        if (r.kind == RowKind::kSkipped) return ++skipped[r.skip_reason], Status{};
        if (r.kind == RowKind::kReturn) {
          ++returns;
          return_invoices.emplace(r.order_id);
          return {};
        }
        ++sales;
        sale_minor += r.amount_minor;
        sale_invoices.emplace(r.order_id);
        if (r.customer_id.empty())
          guest_invoices.emplace(r.order_id);
        else
          customers.emplace(r.customer_id);
        return {};
      },
      [](const BadRow& b) -> Status { return Internal(b.ToString()); });
  ASSERT_TRUE(counts) << counts.error().ToString();
  Independent independent = CountWithGzreadAndCsvParser(path);
  EXPECT_EQ(counts->rows, independent.rows);
  EXPECT_EQ(invoices.size(), independent.invoices.size());
  EXPECT_EQ(counts->rows, 370931);
  EXPECT_EQ(counts->bad_rows, 0);
  EXPECT_EQ(sales, 363253);
  EXPECT_EQ(returns, 6652);
  EXPECT_EQ(sale_invoices.size(), 14873u);
  EXPECT_EQ(return_invoices.size(), 2887u);
  EXPECT_EQ(guest_invoices.size(), 1702u);
  EXPECT_EQ(customers.size(), 3616u);
  EXPECT_EQ(sale_minor, 735235417);  // per-line half-even pence, summed
  EXPECT_EQ(skipped,
            (std::map<std::string_view, int64_t>{{kSkipAdjustment, 3}, {kSkipNegativeSale, 1023}}));
}

struct CdnowTotals {
  ReadCounts counts;
  std::set<std::string> customers, orders;
  int64_t minor = 0;
};

CdnowTotals ReadCdnow(const std::string& path, TransactionFormat format) {
  CdnowTotals t;
  auto counts = ReadTransactions(
      path, format, {},
      [&](const TransactionRow& r) -> Status {
        t.customers.emplace(r.customer_id);
        t.orders.emplace(r.order_id);
        t.minor += r.amount_minor;
        return {};
      },
      [](const BadRow& b) -> Status { return Internal(b.ToString()); });
  EXPECT_TRUE(counts) << counts.error().ToString();
  if (counts) t.counts = *counts;
  return t;
}

TEST(TransactionFilesTest, CdnowMasterCountsMatchThePublishedData) {
  const std::string path = testing::TestDataFile("CDNOW_master.txt");
  CdnowTotals t = ReadCdnow(path, TransactionFormat::kCdnow);
  EXPECT_EQ(t.counts.rows, 69659);
  EXPECT_EQ(t.customers.size(), 23570u);
  EXPECT_EQ(t.orders.size(), 69659u);  // every row its own order id
  EXPECT_EQ(t.minor, 250031563);
}

TEST(TransactionFilesTest, CdnowSampleCountsMatchThePublishedData) {
  const std::string path = testing::TestDataFile("CDNOW_sample.txt");
  CdnowTotals t = ReadCdnow(path, TransactionFormat::kCdnowSample);
  EXPECT_EQ(t.counts.rows, 6919);
  EXPECT_EQ(t.customers.size(), 2357u);
  EXPECT_EQ(t.orders.size(), 6919u);
  EXPECT_EQ(t.minor, 24409194);
  EXPECT_EQ(t.customers.count("1"), 1u);  // the ID of cdnow_customers_summary.csv
}

TEST(TransactionFilesTest, PurchasesViewDeliversOnlyKnownCustomersSalesAndReturns) {
  const std::string path = testing::TestDataFile("online_retail_2010-12_2011-09.csv.gz");
  int64_t purchases = 0, returns = 0;
  auto counts = ReadPurchases(
      path, TransactionFormat::kOnlineRetail, {},
      [&](const Purchase& p) -> Status {
        EXPECT_FALSE(p.customer_id.empty());
        ++(p.is_return ? returns : purchases);
        return {};
      },
      [](const BadRow& b) -> Status { return Internal(b.ToString()); });
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->rows, 370931);
  EXPECT_EQ(returns, 6357);
  EXPECT_EQ(purchases, 266518);
}

}  // namespace
}  // namespace loyal::importer
