#include "analytics/cohorts.h"

#include <gtest/gtest.h>

#include "analytics/test_rows.h"

namespace loyal::analytics {
namespace {

using testing::Day;
using testing::MakeData;

TEST(CohortsTest, RetentionCountsEachCustomerOncePerMonth) {
  // January cohort: a, b, c, d. February cohort: e, f.
  const auto data = MakeData({{"a", "2024-01-03", 100}, {"a", "2024-02-01", 50},
                              {"a", "2024-02-20", 50},  {"a", "2024-03-05", 10},
                              {"b", "2024-01-31", 200}, {"b", "2024-03-31", 20},
                              {"c", "2024-01-15", 300}, {"d", "2024-01-20", 400},
                              {"e", "2024-02-02", 500}, {"e", "2024-03-01", 60},
                              {"f", "2024-02-28", 600}, {"f", "2024-04-01", 7}});
  const DayNumber through = Day("2024-03-31");
  const auto cells = CohortCells(PurchaseDays::Build(data.rows.View(), through), through);
  const auto report = *BuildCohortReport(cells);
  ASSERT_EQ(report.cohorts.size(), 2u);
  const CohortRow& jan = report.cohorts[0];
  EXPECT_EQ(FormatMonth(jan.cohort), "2024-01");
  EXPECT_EQ(jan.size, 4);
  EXPECT_EQ(jan.active, (std::vector<int64_t>{4, 1, 2}));
  EXPECT_EQ(jan.revenue_minor, (std::vector<int64_t>{1000, 100, 30}));
  EXPECT_DOUBLE_EQ(jan.retention[0], 1.0);
  EXPECT_DOUBLE_EQ(jan.retention[1], 0.25);
  EXPECT_DOUBLE_EQ(jan.retention[2], 0.5);
  const CohortRow& feb = report.cohorts[1];
  EXPECT_EQ(FormatMonth(feb.cohort), "2024-02");
  EXPECT_EQ(feb.active, (std::vector<int64_t>{2, 1}));  // April is after `through`
  EXPECT_DOUBLE_EQ(feb.retention[1], 0.5);
  EXPECT_EQ(feb.total_revenue_minor, 1160);
}

TEST(CohortsTest, MonthIndexCrossesYearsAndFormats) {
  EXPECT_EQ(MonthOf(Day("2023-12-31")) + 1, MonthOf(Day("2024-01-01")));
  EXPECT_EQ(FormatMonth(MonthOf(Day("1997-03-15"))), "1997-03");
}

TEST(CohortsTest, CellWithoutItsCohortsFirstMonthIsInvalidArgument) {
  const std::vector<CohortCell> cells = {{MonthOf(Day("2024-01-01")), 2, 3, 100}};
  const auto report = BuildCohortReport(cells);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace loyal::analytics
