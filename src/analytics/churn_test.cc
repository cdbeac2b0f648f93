#include "analytics/churn.h"

#include <gtest/gtest.h>

#include "analytics/test_rows.h"

namespace loyal::analytics {
namespace {

using testing::MakeData;
using testing::Summarize;

TEST(ChurnTest, WorstOfProbabilityAndRecencyDecidesTheBand) {
  const ChurnRules rules;
  EXPECT_EQ(ChurnBandFor(0.95, 10, rules), ChurnBand::kActive);
  EXPECT_EQ(ChurnBandFor(0.95, 91, rules), ChurnBand::kCooling);
  EXPECT_EQ(ChurnBandFor(0.79, 10, rules), ChurnBand::kCooling);
  EXPECT_EQ(ChurnBandFor(0.49, 10, rules), ChurnBand::kAtRisk);
  EXPECT_EQ(ChurnBandFor(0.95, 181, rules), ChurnBand::kAtRisk);
  EXPECT_EQ(ChurnBandFor(0.19, 10, rules), ChurnBand::kLost);
  EXPECT_EQ(ChurnBandFor(1.0, 366, rules), ChurnBand::kLost);
  EXPECT_EQ(ChurnBandFor(0.8, 90, rules), ChurnBand::kActive);  // thresholds are strict
}

TEST(ChurnTest, ReportCountsCustomersAndRevenueAtRisk) {
  const auto data = MakeData({{"a", "2024-06-20", 1000},    // recent
                              {"b", "2024-05-01", 2000},    // 61 days
                              {"c", "2024-02-01", 4000},    // 150 days
                              {"d", "2023-01-01", 8000}});  // over a year
  const auto stats = Summarize(data, "2024-07-01");
  const std::vector<double> p_alive = {0.9, 0.7, 0.9, 0.9};
  const auto report = *ComputeChurn(stats, p_alive);
  EXPECT_EQ(report.band[0], ChurnBand::kActive);
  EXPECT_EQ(report.band[1], ChurnBand::kCooling);  // by P(alive)
  EXPECT_EQ(report.band[2], ChurnBand::kCooling);  // by recency
  EXPECT_EQ(report.band[3], ChurnBand::kLost);
  EXPECT_EQ(report.bands[1].customers, 2);
  EXPECT_EQ(report.bands[1].revenue_minor, 6000);
  EXPECT_DOUBLE_EQ(report.bands[1].mean_p_alive, 0.8);
  EXPECT_EQ(report.revenue_at_risk_minor, 6000);
}

TEST(ChurnTest, BandsHaveSlugsForTheApiAndDisplayNamesForPeople) {
  EXPECT_EQ(ChurnBandSlug(ChurnBand::kAtRisk), "at_risk");
  EXPECT_EQ(ChurnBandName(ChurnBand::kAtRisk), "At Risk");
  EXPECT_EQ(ChurnBandLabels()[3].slug, "lost");
  EXPECT_EQ(ChurnBandLabels()[3].name, "Lost");
}

TEST(ChurnTest, ProbabilityOutsideZeroToOneIsInvalidArgument) {
  const auto data = MakeData({{"a", "2024-06-20", 1000}});
  const std::vector<double> p_alive = {1.5};
  const auto report = ComputeChurn(Summarize(data, "2024-07-01"), p_alive);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace loyal::analytics
