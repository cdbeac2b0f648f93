// `loyal analyze` end to end: the built binary on the data sets of testdata/, checked against
// the published CDNOW results, and its refusals of bad input.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cctype>
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

// Published-fit results of the CDNOW sample (BG/NBD calibrated to 1997-09-30, Gamma-Gamma
// spend, 52 weeks at 10% a year), as `loyal analyze clv` gives them; amounts in cents.
constexpr int64_t kRepeatCustomers = 946;
constexpr int64_t kHoldoutPurchases = 1882;
constexpr int64_t kTotalClvMinor = 7243984;
constexpr char kTotalClv[] = "72439.84";
// Customer 1: x = 2, t_x = 30.43, T = 38.86 weeks (the paper's example customer).
constexpr char kCustomerOneRow[] =
    "1,2,30.4286,38.8571,22.34,2234,0.726620,1.558686,24.65,2465,36.75,3675,USD";
constexpr char kCalibrationRevenue[] = "173115.55";

// Doubles are written as plain decimals ("0.1"), never with an exponent ("1E-1").
void ExpectNoExponents(const std::string& text) {
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if ((text[i] == 'E' || text[i] == 'e') &&
        std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
        (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '-' ||
         text[i + 1] == '+')) {
      ADD_FAILURE() << "exponent at " << i << ": " << text.substr(i > 20 ? i - 20 : 0, 40);
      return;
    }
  }
}

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
  for (const char* key : {"p", "q", "gamma", "log_likelihood"}) {
    EXPECT_TRUE(spend.at(key).is_double()) << key;
  }
  EXPECT_EQ(spend.at("customers").as_int64(), kRepeatCustomers);  // a count: an integer
  // The CLV of all 2357 customers over 52 weeks, in cents: the sum of the customers' own.
  EXPECT_EQ(out.at("currency").as_string(), "USD");
  EXPECT_EQ(out.at("clv_minor").as_int64(), kTotalClvMinor);
  EXPECT_EQ(out.at("clv").as_string(), kTotalClv);
  const auto& holdout = out.at("holdout").as_object();
  EXPECT_NEAR(Number(holdout.at("weeks")), 39.0, 1e-9);
  EXPECT_EQ(holdout.at("actual").as_int64(), kHoldoutPurchases);
  EXPECT_GT(Number(holdout.at("predicted")), 0);
  EXPECT_EQ(holdout.at("by_frequency").as_array().size(), 8u);
  int64_t bucket_customers = 0;
  for (const auto& bucket : holdout.at("by_frequency").as_array()) {
    bucket_customers += bucket.at("customers").as_int64();
    EXPECT_TRUE(bucket.at("actual").is_int64());
  }
  EXPECT_EQ(bucket_customers, 2357);
  EXPECT_EQ(r.out.find("nan"), std::string::npos);
  ExpectNoExponents(r.out);

  std::ifstream csv(out_csv);
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line,
            "customer_id,frequency,recency,T,monetary_value,monetary_value_minor,p_alive,"
            "expected_purchases,expected_spend,expected_spend_minor,clv,clv_minor,currency");
  int rows = 0;
  std::string customer_one;
  while (std::getline(csv, line)) {
    ++rows;
    if (line.rfind("1,", 0) == 0) customer_one = line;
  }
  EXPECT_EQ(rows, 2357);
  EXPECT_EQ(customer_one, kCustomerOneRow);
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
  EXPECT_NE(r.out.find("Can't Lose"), std::string::npos);  // display names for people
  EXPECT_NE(r.out.find("2357 customers"), std::string::npos);
}

TEST(AnalyzeE2eTest, RfmAndChurnJsonGiveSlugsNamesAndAmountsInBothForms) {
  auto rfm = RunLoyal({"analyze", "rfm", "--transactions", kSample, "--format", "cdnow-sample",
                       "--as-of", "1997-09-30", "--json"});
  ASSERT_EQ(rfm.exit_code, 0) << rfm.err;
  const json::object out = json::parse(rfm.out).as_object();
  bool cant_lose = false;
  int64_t customers = 0, revenue = 0;
  for (const auto& row : out.at("segments").as_array()) {
    const auto& segment = row.as_object();
    if (segment.at("segment").as_string() == "cant_lose") {
      cant_lose = true;
      EXPECT_EQ(segment.at("name").as_string(), "Can't Lose");
    }
    customers += segment.at("customers").as_int64();
    revenue += segment.at("revenue_minor").as_int64();
  }
  EXPECT_TRUE(cant_lose);
  EXPECT_EQ(customers, 2357);
  EXPECT_EQ(revenue, out.at("revenue_minor").as_int64());
  EXPECT_EQ(out.at("revenue").as_string(), kCalibrationRevenue);
  ExpectNoExponents(rfm.out);

  auto churn = RunLoyal({"analyze", "churn", "--transactions", kSample, "--format", "cdnow-sample",
                         "--as-of", "1997-09-30", "--json"});
  ASSERT_EQ(churn.exit_code, 0) << churn.err;
  const json::object bands = json::parse(churn.out).as_object();
  const auto& at_risk = bands.at("bands").at(2).as_object();
  EXPECT_EQ(at_risk.at("churn_band").as_string(), "at_risk");
  EXPECT_EQ(at_risk.at("name").as_string(), "At Risk");
  EXPECT_FALSE(at_risk.contains("segment"));
  EXPECT_TRUE(bands.at("revenue_at_risk").is_string());
  EXPECT_TRUE(bands.at("revenue_at_risk_minor").is_int64());
  ExpectNoExponents(churn.out);
}

TEST(AnalyzeE2eTest, CurrencyChoosesAmongAStoresCurrenciesOnly) {
  auto r = RunLoyal({"analyze", "rfm", "--transactions", kSample, "--format", "cdnow-sample",
                     "--currency", "USD"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--currency"), std::string::npos) << r.err;
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
