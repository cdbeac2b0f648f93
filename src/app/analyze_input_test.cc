#include "app/analyze_input.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "core/csv.h"

namespace loyal::app {
namespace {

const std::string kData = LOYAL_TEST_DATA;

struct PublishedRow {
  int frequency = 0;
  double recency = 0, T = 0;
};

// The paper's calibration summary: ID,frequency,recency,T.
std::map<std::string, PublishedRow> ReadPublishedSummary() {
  std::ifstream in(kData + "/cdnow_customers_summary.csv");
  EXPECT_TRUE(in) << "cannot open " << kData << "/cdnow_customers_summary.csv";
  std::stringstream text;
  text << in.rdbuf();
  std::map<std::string, PublishedRow> rows;
  CsvParser parser;
  auto on_record = [&](const CsvRecord& record) -> Status {
    if (record.line == 1) return {};
    rows[std::string(record.fields[0])] = {std::stoi(std::string(record.fields[1])),
                                           std::stod(std::string(record.fields[2])),
                                           std::stod(std::string(record.fields[3]))};
    return {};
  };
  EXPECT_TRUE(parser.Feed(text.str(), on_record));
  EXPECT_TRUE(parser.Finish(on_record));
  return rows;
}

long Cents(double value) { return std::lround(value * 100); }

TEST(AnalyzeInputTest, CdnowSampleReproducesThePublishedCalibrationSummary) {
  analytics::ReportRequest request;
  request.as_of = *ParseDate("1997-09-30");
  const auto data = LoadFileAnalysis(kData + "/CDNOW_sample.txt",
                                     importer::TransactionFormat::kCdnowSample, request);
  ASSERT_TRUE(data) << data.error().ToString();
  const auto published = ReadPublishedSummary();
  ASSERT_EQ(published.size(), 2357u);
  ASSERT_EQ(data->stats.size(), 2357u);
  int checked = 0;
  for (size_t i = 0; i < data->stats.size(); ++i) {
    const std::string id(data->ids.Id(data->stats.customer[i]));
    const auto it = published.find(id);
    ASSERT_NE(it, published.end()) << id;
    EXPECT_EQ(data->stats.repeat_days[i], it->second.frequency) << id;
    EXPECT_EQ(Cents(data->stats.RecencyWeeks(i)), Cents(it->second.recency)) << id;
    EXPECT_EQ(Cents(data->stats.AgeWeeks(i)), Cents(it->second.T)) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 2357);
  EXPECT_EQ(data->currency, "USD");
}

TEST(AnalyzeInputTest, WrongFormatIsInvalidArgument) {
  analytics::ReportRequest request;
  const auto data = LoadFileAnalysis(kData + "/CDNOW_sample.txt",
                                     importer::TransactionFormat::kOrdersCsv, request);
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, ErrorCode::kInvalidArgument);
}

TEST(AnalyzeInputTest, CalibrationEndBeforeEveryPurchaseIsFailedPrecondition) {
  analytics::ReportRequest request;
  request.as_of = *ParseDate("1996-12-31");
  const auto data = LoadFileAnalysis(kData + "/CDNOW_sample.txt",
                                     importer::TransactionFormat::kCdnowSample, request);
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, ErrorCode::kFailedPrecondition);
}

TEST(AnalyzeInputTest, MissingFileIsNotFound) {
  analytics::ReportRequest request;
  const auto data = LoadFileAnalysis(kData + "/no-such-file.csv",
                                     importer::TransactionFormat::kOrdersCsv, request);
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, ErrorCode::kNotFound);
}

// An orders-csv file of `lines` lines (header included), large enough to be
// read in two parts; `row(line)` gives the customer id (empty for a guest), the currency and
// whether to break the line.
struct LineSpec {
  std::string customer = "C0001";
  std::string currency = "USD";
  bool broken = false;
};
template <typename RowFn>
std::string WriteOrdersFile(const std::string& name, int lines, const RowFn& row) {
  const std::string path = ::testing::TempDir() + name + "_" + std::to_string(getpid()) + ".csv";
  std::ofstream out(path);
  out << "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency\n";
  char buf[128];
  for (int line = 2; line <= lines; ++line) {
    const LineSpec spec = row(line);
    std::snprintf(buf, sizeof buf, "O%07d,%s,,2024-01-%02d,SKU-1,%s,1.00,%s\n", line,
                  spec.customer.c_str(), 1 + line % 28, spec.broken ? "x" : "1",
                  spec.currency.c_str());
    out << buf;
  }
  return path;
}

constexpr int kTwoPartLines = 60000;  // ~3 MB: read in two parts

TEST(AnalyzeInputTest, BadRowsOfEitherPartAreReportedWithTheFilesLineNumbers) {
  const std::string path = WriteOrdersFile("two_part_bad_rows", kTwoPartLines, [](int line) {
    return LineSpec{"C0001", "USD", line == 10 || line == kTwoPartLines - 10};
  });
  ASSERT_GT(importer::SplitForParallelRead(path, 2)->size(), 1u);
  ::testing::internal::CaptureStderr();
  const auto loaded = LoadTransactionFile(path, importer::TransactionFormat::kOrdersCsv);
  const std::string printed = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->bad_rows, 2);
  EXPECT_EQ(loaded->sales.size(), static_cast<size_t>(kTwoPartLines - 3));
  EXPECT_NE(printed.find(path + ":10: "), std::string::npos) << printed;
  EXPECT_NE(printed.find(path + ":" + std::to_string(kTwoPartLines - 10) + ": "), std::string::npos)
      << printed;
}

TEST(AnalyzeInputTest, ACurrencyChangeInTheSecondPartNamesItsLineInTheFile) {
  const int change = kTwoPartLines - 5;
  const std::string path = WriteOrdersFile("two_part_currency", kTwoPartLines, [&](int line) {
    return LineSpec{"C0001", line == change ? "EUR" : "USD"};
  });
  const auto loaded = LoadTransactionFile(path, importer::TransactionFormat::kOrdersCsv);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(loaded.error().message.find(path + ":" + std::to_string(change) +
                                        ": currency EUR differs from USD"),
            std::string::npos)
      << loaded.error().message;
}

TEST(AnalyzeInputTest, PartsInDifferentCurrenciesNameTheSecondPartsFirstSale) {
  // The first half sells in USD, the second in EUR, with guest rows (which carry no
  // currency check) around the middle, so that each part on its own has one currency.
  const int half = kTwoPartLines / 2, first_eur = half + 200;
  const std::string path = WriteOrdersFile("two_part_currencies", kTwoPartLines, [&](int line) {
    if (line < half - 200) return LineSpec{"C0001", "USD"};
    if (line < first_eur) return LineSpec{"", "EUR"};
    return LineSpec{"C0002", "EUR"};
  });
  const auto loaded = LoadTransactionFile(path, importer::TransactionFormat::kOrdersCsv);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find(path + ":" + std::to_string(first_eur) +
                                        ": currency EUR differs from USD"),
            std::string::npos)
      << loaded.error().message;
}

}  // namespace
}  // namespace loyal::app
