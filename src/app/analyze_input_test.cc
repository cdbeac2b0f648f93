#include "app/analyze_input.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "core/csv.h"

namespace loyal::app {
namespace {

const std::string kData = LOYAL_SHARED_DATA;

struct PublishedRow {
  int frequency = 0;
  double recency = 0, T = 0;
};

// The paper's calibration summary: ID,frequency,recency,T.
std::map<std::string, PublishedRow> ReadPublishedSummary() {
  std::ifstream in(kData + "/cdnow_customers_summary.csv");
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

}  // namespace
}  // namespace loyal::app
