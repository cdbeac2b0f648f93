#include "analytics/gamma_gamma.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analytics/cdnow_test_data.h"

namespace loyal::analytics {
namespace {

// Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis",
// Journal of Marketing Research 42(4), and Fader & Hardie's note 025 ("The Gamma-Gamma Model of
// Monetary Value"): on the CDNOW sample's 946 repeat customers p = 6.25, q = 3.74, gamma = 15.44;
// lifetimes (TestGammaGammaFitter) gets p = 6.2490, q = 3.7448, gamma = 15.4431.
TEST(GammaGammaTest, ReproducesFaderHardieLee2005OnCdnow) {
  const testing::CdnowSpend spend = testing::LoadCdnowSpend();
  ASSERT_EQ(spend.x.size(), 2357u);
  auto fit = FitGammaGamma(spend.x, spend.m);
  ASSERT_TRUE(fit.has_value()) << fit.error().ToString();
  EXPECT_EQ(fit->customers, 946);
  EXPECT_NEAR(fit->params.p, 6.2490, 6.2490 * 1e-3);
  EXPECT_NEAR(fit->params.q, 3.7448, 3.7448 * 1e-3);
  EXPECT_NEAR(fit->params.gamma, 15.4431, 15.4431 * 1e-3);
  ASSERT_EQ(fit->std_errors.size(), 3u);
  for (double se : fit->std_errors) EXPECT_GT(se, 0);
}

// Expected average spend of the first ten CDNOW customers with p = 6.25, q = 3.74, gamma = 15.44,
// from Hardie's spreadsheet for note 025 as quoted by lifetimes'
// test_conditional_expected_average_profit (to 0.1): customers with x = 0 get the population mean.
TEST(GammaGammaTest, ExpectedSpendMatchesHardieSpreadsheet) {
  const testing::CdnowSpend spend = testing::LoadCdnowSpend();
  const GammaGammaParams params{6.25, 3.74, 15.44};
  const double expected[] = {24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17};
  for (int i = 0; i < 10; ++i) {
    EXPECT_NEAR(ExpectedSpend(params, spend.x[i], spend.m[i]), expected[i], 0.1)
        << "customer " << i;
  }
  EXPECT_NEAR(ExpectedSpend(params, 0, 0), 6.25 * 15.44 / 2.74, 1e-12);
}

TEST(GammaGammaTest, AnalyticGradientMatchesFiniteDifferences) {
  const testing::CdnowSpend spend = testing::LoadCdnowSpend();
  const double v[] = {5.0, 3.0, 14.0};
  double grad[3];
  GammaGammaLogLikelihood({v[0], v[1], v[2]}, spend.x, spend.m, {}, grad);
  for (int i = 0; i < 3; ++i) {
    double up[3] = {v[0], v[1], v[2]}, down[3] = {v[0], v[1], v[2]};
    const double h = 1e-6 * v[i];
    up[i] += h;
    down[i] -= h;
    const double numeric =
        (GammaGammaLogLikelihood({up[0], up[1], up[2]}, spend.x, spend.m, {}, {}) -
         GammaGammaLogLikelihood({down[0], down[1], down[2]}, spend.x, spend.m, {}, {})) /
        (2 * h);
    EXPECT_NEAR(grad[i], numeric, 1e-5 * std::abs(numeric) + 1e-4) << "parameter " << i;
  }
}

TEST(GammaGammaTest, WeightsCountCustomers) {
  const testing::CdnowSpend spend = testing::LoadCdnowSpend();
  std::vector<double> x = spend.x, m = spend.m;
  x.insert(x.end(), spend.x.begin(), spend.x.begin() + 500);  // the first 500 customers twice
  m.insert(m.end(), spend.m.begin(), spend.m.begin() + 500);
  std::vector<double> weight(spend.x.size(), 1.0);
  std::fill(weight.begin(), weight.begin() + 500, 2.0);
  auto weighted = FitGammaGamma(spend.x, spend.m, weight);
  auto expanded = FitGammaGamma(x, m);
  ASSERT_TRUE(weighted.has_value() && expanded.has_value());
  EXPECT_EQ(weighted->customers, expanded->customers);
  EXPECT_NEAR(weighted->log_likelihood, expanded->log_likelihood, 1e-6);
  EXPECT_NEAR(weighted->params.q, expanded->params.q, 1e-5 * expanded->params.q);
}

// CDNOW's customers 40 times over (more rows than kSplitMinimum) are prepared in two halves on
// two threads: the likelihood must be 40 times CDNOW's, and errors name the first bad customer.
TEST(GammaGammaTest, TwoThreadPreparationCountsEveryCustomerAndNamesTheFirstError) {
  const testing::CdnowSpend spend = testing::LoadCdnowSpend();
  std::vector<double> x, m;
  for (int copy = 0; copy < 40; ++copy) {
    x.insert(x.end(), spend.x.begin(), spend.x.end());
    m.insert(m.end(), spend.m.begin(), spend.m.end());
  }
  const GammaGammaParams params{6.25, 3.74, 15.44};
  const double once = GammaGammaLogLikelihood(params, spend.x, spend.m, {}, {});
  EXPECT_NEAR(GammaGammaLogLikelihood(params, x, m, {}, {}), 40 * once, 1e-9 * std::abs(once));
  const std::size_t late = x.size() - 10, early = 100;
  x[late] = 1.5;
  EXPECT_EQ(FitGammaGamma(x, m).error().field, "x[" + std::to_string(late) + "]");
  x[early] = -1;
  EXPECT_EQ(FitGammaGamma(x, m).error().field, "x[100]");
}

TEST(GammaGammaTest, RejectsDataItCannotFit) {
  const std::vector<double> x = {0, 0, 1, 1}, m = {0, 0, 10, 12};
  EXPECT_EQ(FitGammaGamma(x, m).error().code, ErrorCode::kFailedPrecondition);  // 2 repeaters
  const std::vector<double> x3 = {1, 2, 3}, same = {10, 10, 10};
  EXPECT_EQ(FitGammaGamma(x3, same).error().code, ErrorCode::kFailedPrecondition);
  const std::vector<double> bad_m = {10, -1, 10};
  auto bad = FitGammaGamma(x3, bad_m);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "m[1]");
  const std::vector<double> fractional = {1, 2.5, 3}, m3 = {10, 11, 12};
  EXPECT_EQ(FitGammaGamma(fractional, m3).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FitGammaGamma(x3, std::vector<double>{1, 2}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace loyal::analytics
