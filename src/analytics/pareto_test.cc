#include "analytics/pareto.h"

#include <gtest/gtest.h>

#include "analytics/test_rows.h"

namespace loyal::analytics {
namespace {

using testing::MakeData;
using testing::Summarize;

// Ten customers, 200.00 in all; "f" and "e" tie at 5.00.
testing::TestData TenCustomers() {
  return MakeData({{"j", "2024-01-01", 100},  {"a", "2024-01-01", 10000},
                   {"b", "2024-01-02", 5000}, {"c", "2024-01-03", 2000},
                   {"d", "2024-01-04", 1000}, {"f", "2024-01-05", 500},
                   {"e", "2024-01-05", 500},  {"g", "2024-01-06", 400},
                   {"h", "2024-01-07", 300},  {"i", "2024-01-08", 200}});
}

TEST(ParetoTest, CurveGivesTheRevenueShareOfTheTopCustomers) {
  const auto data = TenCustomers();
  const auto stats = Summarize(data, "2024-01-31");
  const auto report = *ComputePareto(stats, data.ids);
  ASSERT_EQ(report.curve.size(), 100u);
  EXPECT_EQ(report.total_revenue_minor, 20000);
  EXPECT_EQ(report.curve[9].customers, 1);  // top 10%
  EXPECT_DOUBLE_EQ(report.curve[9].revenue_share, 0.5);
  EXPECT_EQ(report.curve[14].customers, 2);  // top 15% rounds up to 2 customers
  EXPECT_DOUBLE_EQ(report.curve[14].revenue_share, 0.75);
  EXPECT_DOUBLE_EQ(report.curve[19].revenue_share, 0.75);
  EXPECT_EQ(report.curve[49].revenue_minor, 18500);  // a, b, c, d and one of e, f
  EXPECT_DOUBLE_EQ(report.curve[99].revenue_share, 1.0);
  ASSERT_EQ(report.top.size(), 2u);
  EXPECT_EQ(data.ids.Id(stats.customer[report.top[0]]), "a");
  EXPECT_EQ(data.ids.Id(stats.customer[report.top[1]]), "b");
}

TEST(ParetoTest, ServingCostsPushTheTopCustomersPastAllOfTheProfit) {
  const auto data = TenCustomers();
  const auto report =
      *ComputePareto(Summarize(data, "2024-01-31"), data.ids, {.margin_bp = 4000,
                                                               .cost_per_purchase_minor = 150});
  // Profits: 3850 1850 650 250 50 50 10 -30 -70 -110.
  EXPECT_EQ(report.total_profit_minor, 6500);
  EXPECT_EQ(report.curve[9].profit_minor, 3850);
  EXPECT_EQ(report.curve[69].profit_minor, 6710);
  EXPECT_GT(report.curve[69].profit_share, 1.0);
  EXPECT_DOUBLE_EQ(report.curve[99].profit_share, 1.0);
}

TEST(ParetoTest, MarginAboveOneHundredPercentIsInvalidArgument) {
  const auto data = TenCustomers();
  const auto report = ComputePareto(Summarize(data, "2024-01-31"), data.ids, {.margin_bp = 10001});
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(report.error().field, "--margin");
}

}  // namespace
}  // namespace loyal::analytics
