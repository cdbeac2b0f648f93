#include "analytics/customer_stats.h"

#include <gtest/gtest.h>

#include "analytics/test_rows.h"
#include "analytics/two_way_split.h"

namespace loyal::analytics {
namespace {

using testing::Day;
using testing::MakeData;
using testing::Summarize;

TEST(CustomerStatsTest, SameDayPurchasesCountOnceAndTheirAmountsAreSummed) {
  // Rows out of order on purpose: grouping must not depend on the file's order.
  const auto data = MakeData({{"a", "2024-01-15", 500},
                              {"a", "2024-01-01", 1000},
                              {"a", "2024-01-15", 700},
                              {"a", "2024-01-29", 300},
                              {"a", "2024-01-01", 250}});
  const CustomerStats stats = Summarize(data, "2024-02-12");
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats.repeat_days[0], 2);
  EXPECT_EQ(stats.first_day_minor[0], 1250);
  EXPECT_EQ(stats.total_minor[0], 2750);
  EXPECT_DOUBLE_EQ(stats.RecencyWeeks(0), 4.0);     // 28 days
  EXPECT_DOUBLE_EQ(stats.AgeWeeks(0), 6.0);         // 42 days
  EXPECT_DOUBLE_EQ(stats.MonetaryMinor(0), 750.0);  // (1200 + 300) / 2, first day excluded
}

TEST(CustomerStatsTest, OneTimeBuyerHasZeroFrequencyRecencyAndMonetaryValue) {
  const auto data = MakeData({{"b", "2024-01-08", 999}});
  const CustomerStats stats = Summarize(data, "2024-01-22");
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats.repeat_days[0], 0);
  EXPECT_DOUBLE_EQ(stats.RecencyWeeks(0), 0.0);
  EXPECT_DOUBLE_EQ(stats.AgeWeeks(0), 2.0);
  EXPECT_DOUBLE_EQ(stats.MonetaryMinor(0), 0.0);
}

TEST(CustomerStatsTest, SplitsCalibrationAndHoldoutAndDropsLaterCustomers) {
  const auto data = MakeData({{"a", "2024-01-01", 100},
                              {"a", "2024-01-31", 200},     // calibration end: included
                              {"a", "2024-02-01", 400},     // holdout
                              {"a", "2024-02-01", 1},       // same holdout day
                              {"a", "2024-02-29", 800},     // observation end: included
                              {"a", "2024-03-01", 1600},    // after it: ignored
                              {"late", "2024-02-10", 5}});  // acquired in the holdout
  const CustomerStats stats = Summarize(data, "2024-01-31", "2024-02-29");
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(data.ids.Id(stats.customer[0]), "a");
  EXPECT_EQ(stats.repeat_days[0], 1);
  EXPECT_EQ(stats.total_minor[0], 300);
  EXPECT_EQ(stats.holdout_days[0], 2);
  EXPECT_EQ(stats.holdout_minor[0], 1201);
  EXPECT_DOUBLE_EQ(stats.HoldoutWeeks(), 29.0 / 7.0);
}

TEST(CustomerStatsTest, RefundsReduceRevenueButAreNotPurchases) {
  auto data = MakeData({{"a", "2024-01-01", 1000}, {"a", "2024-01-08", 400}});
  TransactionColumns returns;
  returns.Add(0, Day("2024-01-10"), 300);
  returns.Add(0, Day("2024-03-01"), 99);  // after the calibration end
  returns.SetCustomers(1);
  const auto window = *MakeSummaryWindow(Day("2024-01-31"), std::nullopt);
  const auto refunds = SumByCustomer(returns.View(), window.calibration_end);
  const auto stats = *SummarizeCustomers(
      PurchaseDays::Build(data.rows.View(), window.observation_end), refunds, window);
  EXPECT_EQ(stats.repeat_days[0], 1);
  EXPECT_EQ(stats.NetRevenueMinor(0), 1100);
  EXPECT_DOUBLE_EQ(stats.MonetaryMinor(0), 400.0);  // the spend model sees purchases only
}

TEST(CustomerStatsTest, CalibrationEndBeforeEveryPurchaseIsFailedPrecondition) {
  const auto data = MakeData({{"a", "2024-03-01", 100}});
  const auto window = *MakeSummaryWindow(Day("2024-01-31"), std::nullopt);
  const auto stats =
      SummarizeCustomers(PurchaseDays::Build(data.rows.View(), window.observation_end), {}, window);
  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(stats.error().field, "--calibration-end");
}

TEST(CustomerStatsTest, ObservationEndBeforeCalibrationEndIsInvalidArgument) {
  const auto window = MakeSummaryWindow(Day("2024-01-31"), Day("2024-01-30"));
  ASSERT_FALSE(window);
  EXPECT_EQ(window.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(window.error().field, "--observation-end");
}

TEST(CustomerStatsTest, SummaryColumnsAreInWeeksAndMajorUnits) {
  const auto data = MakeData({{"a", "2024-01-01", 1000}, {"a", "2024-01-08", 2550}});
  const auto columns = ToSummaryColumns(Summarize(data, "2024-01-15"), 2);
  ASSERT_EQ(columns.frequency.size(), 1u);
  EXPECT_DOUBLE_EQ(columns.frequency[0], 1.0);
  EXPECT_DOUBLE_EQ(columns.recency[0], 1.0);
  EXPECT_DOUBLE_EQ(columns.age[0], 2.0);
  EXPECT_DOUBLE_EQ(columns.monetary[0], 25.5);
}

TEST(CustomerStatsTest, ManyCustomersAreSummarisedInIndexOrderAcrossBothThreads) {
  // More customers than one thread takes on (see two_way_split.h): customer k buys on days
  // 0..(k % 4) after day 100 + k % 50, each for k cents; every third has no calibration day.
  constexpr uint32_t kCustomers = 3 * internal::kSplitMinimum;
  TransactionColumns rows;
  for (uint32_t k = 0; k < kCustomers; ++k) {
    const DayNumber first = k % 3 == 2 ? 500 : 100 + static_cast<DayNumber>(k % 50);
    for (uint32_t d = 0; d <= k % 4; ++d) rows.Add(k, first + static_cast<DayNumber>(d), k);
  }
  const SummaryWindow window{400, 400};
  const auto stats = SummarizeCustomers(PurchaseDays::Build(rows.View(), 400), {}, window);
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->size(), kCustomers - kCustomers / 3);
  EXPECT_EQ(stats->window.calibration_end, 400);
  size_t i = 0;
  for (uint32_t k = 0; k < kCustomers; ++k) {
    if (k % 3 == 2) continue;
    ASSERT_EQ(stats->customer[i], k);
    ASSERT_EQ(stats->repeat_days[i], static_cast<int32_t>(k % 4));
    ASSERT_EQ(stats->total_minor[i], int64_t{k} * (k % 4 + 1));
    ASSERT_EQ(stats->first_day[i], 100 + static_cast<DayNumber>(k % 50));
    ++i;
  }
  const auto columns = ToSummaryColumns(*stats, 2);
  ASSERT_EQ(columns.frequency.size(), stats->size());
  EXPECT_DOUBLE_EQ(columns.frequency.back(), stats->repeat_days.back());
  EXPECT_DOUBLE_EQ(columns.age.back(), stats->AgeWeeks(stats->size() - 1));
}

}  // namespace
}  // namespace loyal::analytics
