#include "analytics/clv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "analytics/cdnow_test_data.h"

namespace loyal::analytics {
namespace {

const CountModelParams kFhlBgNbd = BgNbdParams{0.2426, 4.4136, 0.7929, 2.4259};
const GammaGammaParams kFhlSpend{6.25, 3.74, 15.44};

CompressedTriples Compress(const std::vector<double>& x, const std::vector<double>& tx,
                           const std::vector<double>& T) {
  auto c = CompressTriples(x, tx, T);
  EXPECT_TRUE(c.has_value());
  return *c;
}

// CLV as lifetimes' customer_lifetime_value computes it, but by week: the incremental expected
// purchases of each week times the expected spend, discounted per week.
double LifetimesStyleClv(const CountModelParams& model, double x, double tx, double T, double m,
                         int weeks, double rate) {
  double clv = 0;
  for (int i = 1; i <= weeks; ++i) {
    const double increment =
        ExpectedPurchases(model, x, tx, T, i) - ExpectedPurchases(model, x, tx, T, i - 1);
    clv += increment * ExpectedSpend(kFhlSpend, x, m) / std::pow(1 + rate, i);
  }
  return clv;
}

TEST(ClvTest, ScoresMatchThePerCustomerDefinitions) {
  const std::vector<double> x = {2, 0, 2, 7, 500}, tx = {30.43, 0, 30.43, 12.5, 400},
                            T = {38.86, 38.86, 38.86, 38.86, 520}, m = {20.5, 0, 35, 12, 18};
  const CompressedTriples customers = Compress(x, tx, T);
  EXPECT_EQ(customers.triples.size(), 4u);  // customers 0 and 2 share a triple
  auto scores = ScoreCustomers(kFhlBgNbd, kFhlSpend, customers, m, {52, 0.01});
  ASSERT_TRUE(scores.has_value()) << scores.error().ToString();
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_DOUBLE_EQ(scores->p_alive[i], PAlive(kFhlBgNbd, x[i], tx[i], T[i]));
    EXPECT_NEAR(scores->expected_purchases[i], ExpectedPurchases(kFhlBgNbd, x[i], tx[i], T[i], 52),
                1e-12);
    EXPECT_DOUBLE_EQ(scores->expected_spend[i], ExpectedSpend(kFhlSpend, x[i], m[i]));
    const double clv = LifetimesStyleClv(kFhlBgNbd, x[i], tx[i], T[i], m[i], 52, 0.01);
    EXPECT_NEAR(scores->clv[i], clv, 1e-9 * clv + 1e-12) << i;
    EXPECT_TRUE(std::isfinite(scores->clv[i]));
  }
  // Same history, different spend: same purchases, different value.
  EXPECT_EQ(scores->expected_purchases[0], scores->expected_purchases[2]);
  EXPECT_LT(scores->clv[0], scores->clv[2]);
}

// Without discounting the weekly sum telescopes to expected purchases times expected spend.
TEST(ClvTest, UndiscountedClvIsPurchasesTimesSpend) {
  const std::vector<double> x = {3}, tx = {20}, T = {38}, m = {25};
  auto scores = ScoreCustomers(kFhlBgNbd, kFhlSpend, Compress(x, tx, T), m, {104, 0.0});
  ASSERT_TRUE(scores.has_value());
  EXPECT_NEAR(scores->clv[0], scores->expected_purchases[0] * scores->expected_spend[0],
              1e-12 * scores->clv[0]);
}

TEST(ClvTest, RejectsBadOptionsAndInputs) {
  const std::vector<double> x = {3}, tx = {20}, T = {38}, m = {25};
  const CompressedTriples c = Compress(x, tx, T);
  EXPECT_EQ(ScoreCustomers(kFhlBgNbd, {6.25, 0.9, 15.44}, c, m, {}).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(ScoreCustomers(kFhlBgNbd, kFhlSpend, c, m, {52, -0.1}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ScoreCustomers(kFhlBgNbd, kFhlSpend, c, m, {-1, 0}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ScoreCustomers(kFhlBgNbd, kFhlSpend, c, std::vector<double>{}, {}).error().code,
            ErrorCode::kInvalidArgument);
  auto negative = ScoreCustomers(kFhlBgNbd, kFhlSpend, c, std::vector<double>{-5}, {});
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(negative.error().field, "monetary_value[0]");
}

// 100,000 customers are scored in two halves on two threads: every customer gets the scores of
// its triple, and a bad monetary value is reported for the first customer that has one.
TEST(ClvTest, TwoThreadScoringMatchesEachTripleAndNamesTheFirstBadValue) {
  constexpr std::size_t kCustomers = 100'000;
  std::vector<double> x(kCustomers), tx(kCustomers), T(kCustomers), m(kCustomers);
  for (std::size_t i = 0; i < kCustomers; ++i) {
    x[i] = static_cast<double>(i % 5);
    T[i] = static_cast<double>(10 + i % 61);
    tx[i] = x[i] == 0 ? 0 : T[i] - static_cast<double>(i % 7);
    m[i] = x[i] == 0 ? 0 : 20 + static_cast<double>(i % 13);
  }
  const CompressedTriples c = Compress(x, tx, T);
  auto scores = ScoreCustomers(kFhlBgNbd, kFhlSpend, c, m, {52, 0.002});
  ASSERT_TRUE(scores.has_value());
  auto one = [&](std::size_t i) {
    return *ScoreCustomers(kFhlBgNbd, kFhlSpend, Compress({x[i]}, {tx[i]}, {T[i]}),
                           std::vector<double>{m[i]}, {52, 0.002});
  };
  for (std::size_t i : {0ul, 17ul, 49'999ul, 50'000ul, 99'998ul}) {
    const CustomerScores expected = one(i);
    EXPECT_DOUBLE_EQ(scores->p_alive[i], expected.p_alive[0]) << i;
    EXPECT_DOUBLE_EQ(scores->clv[i], expected.clv[0]) << i;
    EXPECT_DOUBLE_EQ(scores->expected_spend[i], expected.expected_spend[0]) << i;
  }
  m[80'000] = NAN;
  EXPECT_EQ(ScoreCustomers(kFhlBgNbd, kFhlSpend, c, m, {}).error().field, "monetary_value[80000]");
  m[30'000] = -1;
  EXPECT_EQ(ScoreCustomers(kFhlBgNbd, kFhlSpend, c, m, {}).error().field, "monetary_value[30000]");
}

// Holdout validation on CDNOW, weeks 40-78, with the FHL (2005) BG/NBD estimates. BTYDplus's
// demos/cdnow.r prints the mean holdout purchases by calibration frequency x = 0..5, actual
// 0.24 0.70 1.39 1.56 2.53 2.95, and BG/NBD's conditional expectations 0.23 0.52 1.04 1.52 2.16
// 2.65 (rounded to 2 decimals).
TEST(ClvTest, HoldoutReportReproducesBtydplusOnCdnow) {
  const testing::CdnowSummary s = testing::LoadCdnowSummary();
  const testing::CdnowSpend spend = testing::LoadCdnowSpend();
  ASSERT_EQ(s.x, spend.x);  // the reader and the published summary agree on every customer
  auto report = ValidateHoldout(kFhlBgNbd, s.x, s.tx, s.T, spend.holdout, 39);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  const double actual[] = {0.24, 0.70, 1.39, 1.56, 2.53, 2.95};
  const double predicted[] = {0.23, 0.52, 1.04, 1.52, 2.16, 2.65};
  double customers = 0;
  for (int f = 0; f < 6; ++f) {
    const FrequencyBucket& b = report->by_frequency[f];
    EXPECT_EQ(b.frequency, f);
    EXPECT_NEAR(b.actual / b.customers, actual[f], 0.005) << "x = " << f;
    EXPECT_NEAR(b.predicted / b.customers, predicted[f], 0.005) << "x = " << f;
  }
  for (const FrequencyBucket& b : report->by_frequency) customers += b.customers;
  EXPECT_EQ(customers, 2357);
  EXPECT_EQ(report->by_frequency.size(), 8u);
  EXPECT_EQ(report->by_frequency[7].frequency, 7);
  double total = 0;
  for (double v : report->predicted_per_customer) total += v;
  EXPECT_NEAR(report->predicted, total, 1e-6);
  EXPECT_NEAR(report->predicted_per_customer[0], 1.226, 0.0005);  // FHL's example customer is ID 1
  EXPECT_LT(report->predicted, report->actual);  // BTYDplus: BG/NBD under-forecasts by ~12%
}

TEST(ClvTest, HoldoutRejectsBadCounts) {
  const std::vector<double> x = {1}, tx = {2}, T = {3};
  EXPECT_EQ(ValidateHoldout(kFhlBgNbd, x, tx, T, std::vector<double>{-1}, 39).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateHoldout(kFhlBgNbd, x, tx, T, std::vector<double>{}, 39).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateHoldout(kFhlBgNbd, x, tx, T, std::vector<double>{1}, NAN).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace loyal::analytics
