// `loyal analyze` end to end: the built binary on the data sets of testdata/, checked against
// the published CDNOW results, and its refusals of bad input.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "loyal_process.h"

namespace loyal::e2e {
namespace {

namespace json = boost::json;

const std::string kData = LOYAL_TEST_DATA;
const std::string kSample = kData + "/CDNOW_sample.txt";

double Number(const json::value& v) { return v.to_number<double>(); }

void ExpectWithin(double actual, double expected, double relative, const char* what) {
  EXPECT_LE(std::fabs(actual - expected), relative * std::fabs(expected))
      << what << " = " << actual << ", expected " << expected;
}

TEST(AnalyzeE2eTest, ClvOnTheCdnowSampleGivesThePublishedBgNbdFitAndHoldout) {
  TempDir dir;
  const std::string out_csv = dir.path() + "/customers.csv";
  auto r = RunLoyal({"analyze", "clv", "--transactions", kSample, "--format", "cdnow-sample",
                     "--calibration-end", "1997-09-30", "--observation-end", "1998-06-30",
                     "--json", "--customers-out", out_csv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json::object out = json::parse(r.out).as_object();
  EXPECT_EQ(out.at("model").as_string(), "bgnbd");
  EXPECT_EQ(out.at("customers").as_int64(), 2357);
  // Fader, Hardie & Lee (2005), "Counting your customers the easy way", p. 280.
  const auto& params = out.at("params").as_object();
  ExpectWithin(Number(params.at("r")), 0.2426, 1e-3, "r");
  ExpectWithin(Number(params.at("alpha")), 4.4136, 1e-3, "alpha");
  ExpectWithin(Number(params.at("a")), 0.7929, 1e-3, "a");
  ExpectWithin(Number(params.at("b")), 2.4259, 1e-3, "b");
  EXPECT_NEAR(Number(out.at("log_likelihood")), -9582.43, 0.01);
  EXPECT_EQ(out.at("std_errors").as_object().size(), 4u);
  const auto& spend = out.at("spend").as_object();
  for (const char* key : {"p", "q", "gamma", "log_likelihood", "customers"}) {
    EXPECT_TRUE(spend.contains(key)) << key;
  }
  const auto& holdout = out.at("holdout").as_object();
  EXPECT_NEAR(Number(holdout.at("weeks")), 39.0, 1e-9);
  EXPECT_GT(Number(holdout.at("actual")), 0);
  EXPECT_GT(Number(holdout.at("predicted")), 0);
  EXPECT_EQ(holdout.at("by_frequency").as_array().size(), 8u);
  EXPECT_EQ(r.out.find("nan"), std::string::npos);

  std::ifstream csv(out_csv);
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line,
            "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,"
            "expected_spend,clv");
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  EXPECT_EQ(rows, 2357);
}

TEST(AnalyzeE2eTest, PredictGivesThePaperExampleCustomer) {
  auto r = RunLoyal({"analyze", "predict", "--model", "bgnbd", "--params",
                     "0.2426,4.4136,0.7929,2.4259", "--x", "2", "--tx", "30.43", "--T", "38.86",
                     "--horizon", "39", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json::object out = json::parse(r.out).as_object();
  EXPECT_NEAR(Number(out.at("expected_purchases")), 1.226, 0.0005);
  EXPECT_GT(Number(out.at("p_alive")), 0.0);
  EXPECT_LE(Number(out.at("p_alive")), 1.0);
}

TEST(AnalyzeE2eTest, RfmTablesNameTheSegments) {
  auto r = RunLoyal({"analyze", "rfm", "--transactions", kSample, "--format", "cdnow-sample",
                     "--as-of", "1997-09-30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Champions"), std::string::npos);
  EXPECT_NE(r.out.find("Can't Lose"), std::string::npos);
  EXPECT_NE(r.out.find("2357 customers"), std::string::npos);
}

TEST(AnalyzeE2eTest, ParetoJsonHasTheWholeCurveAndTheTopFifth) {
  auto r = RunLoyal({"analyze", "pareto", "--transactions", kSample, "--format", "cdnow-sample",
                     "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json::object out = json::parse(r.out).as_object();
  EXPECT_EQ(out.at("curve").as_array().size(), 100u);
  EXPECT_EQ(out.at("top_20_percent").as_array().size(), 472u);  // ceil(0.2 x 2357)
}

TEST(AnalyzeE2eTest, BadInputIsRefusedWithAClearMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"analyze", "rfm", "--transactions", kSample, "--format", "csv"}, "format"},
      {{"analyze", "clv", "--transactions", kSample, "--format", "cdnow-sample",
        "--calibration-end", "1997-09-30", "--observation-end", "1997-06-30"},
       "before the calibration end"},
      {{"analyze", "clv", "--transactions", kSample, "--format", "cdnow-sample",
        "--calibration-end", "1996-12-31"},
       "no customer made a purchase"},
      {{"analyze", "clv", "--transactions", kSample, "--format", "cdnow-sample",
        "--calibration-end", "1997-13-01"},
       "not a valid date"},
      {{"analyze", "clv", "--transactions", kSample, "--format", "orders-csv",
        "--calibration-end", "1997-09-30"},
       "not a"},
  };
  for (const auto& c : cases) {
    auto r = RunLoyal(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[4] << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("nan"), std::string::npos);
  }
}

TEST(AnalyzeE2eTest, DataSetTooSmallToFitIsRefused) {
  TempDir dir;
  const std::string path = dir.path() + "/tiny.txt";
  std::ofstream(path) << " 00001 0001 19970101 1 10.00\n 00002 0002 19970102 1 20.00\n";
  auto r = RunLoyal({"analyze", "clv", "--transactions", path, "--format", "cdnow-sample",
                     "--calibration-end", "1997-03-01", "--json"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("purchase model"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace loyal::e2e
