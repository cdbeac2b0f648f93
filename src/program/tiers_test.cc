#include "program/tiers.h"

#include <gtest/gtest.h>

#include "program/tiers_testing.h"

namespace loyal::program {
namespace {

using testing::Amounts;
using testing::Day;
using testing::Level;
using testing::Orders;
using testing::Spend;
using testing::SpendOrOrders;

TEST(TiersTest, EntryIsReachedAtTheThresholdAndNotOneBelow) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  EXPECT_EQ(QualifiedLevel(rules, Spend(0)), 0u);
  EXPECT_EQ(QualifiedLevel(rules, Spend(49999)), 0u);
  EXPECT_EQ(QualifiedLevel(rules, Spend(50000)), 1u);
  EXPECT_EQ(QualifiedLevel(rules, Spend(149999)), 1u);
  EXPECT_EQ(QualifiedLevel(rules, Spend(150000)), 2u);
  EXPECT_EQ(QualifiedLevel(rules, Orders(4)), 0u);
  EXPECT_EQ(QualifiedLevel(rules, Orders(5)), 1u);
  EXPECT_EQ(QualifiedLevel(rules, Orders(12)), 2u);
  // Either basis is enough; spend in a currency without a threshold counts for nothing.
  EXPECT_EQ(QualifiedLevel(rules, Amounts(50000, 12)), 2u);
  TierAmounts pounds;
  pounds.spend_minor["GBP"] = 999999;
  EXPECT_EQ(QualifiedLevel(rules, pounds), 0u);
}

TEST(TiersTest, ABasisTheProgramDoesNotUseNeverCounts) {
  TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  rules.basis = {TierBasis::kSpend};
  EXPECT_EQ(QualifiedLevel(rules, Orders(100)), 0u);
  TierAmounts points;
  points.points = 1'000'000;
  EXPECT_EQ(QualifiedLevel(rules, points), 0u);
}

TEST(TiersTest, RetainThresholdsAreLowerThanEntry) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  EXPECT_TRUE(Retains(rules, 1, Spend(40000)));
  EXPECT_FALSE(Retains(rules, 1, Spend(39999)));
  EXPECT_TRUE(Retains(rules, 2, Orders(10)));
  EXPECT_FALSE(Retains(rules, 2, Orders(9)));
  EXPECT_TRUE(Retains(rules, 0, Spend(0)));
}

TEST(TiersTest, ProgressSaysWhatTheNextLevelStillNeeds) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  auto progress = ProgressToNext(rules, 1, Amounts(60000, 13));
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->next_level, 2u);
  EXPECT_EQ(progress->missing.spend_minor, (std::map<std::string, int64_t>{{"EUR", 90000}}));
  EXPECT_EQ(progress->missing.orders, 0);
  EXPECT_EQ(progress->missing.points, 0);
  auto from_base = ProgressToNext(rules, 0, Orders(2));
  ASSERT_TRUE(from_base);
  EXPECT_EQ(from_base->missing.spend_minor.at("EUR"), 50000);
  EXPECT_EQ(from_base->missing.orders, 3);
  EXPECT_FALSE(ProgressToNext(rules, 2, Spend(0)).has_value());
}

TEST(TiersTest, AnUpgradeIsImmediateUnderEveryPolicy) {
  for (auto policy :
       {DowngradePolicy::kNone, DowngradePolicy::kOneLevel, DowngradePolicy::kRecompute}) {
    const TierRules rules = SpendOrOrders(policy, 30);
    TierDecision d = EvaluateTier(rules, 0, Spend(150000), Day("2026-05-01"), std::nullopt);
    EXPECT_EQ(d.level, 2u);
    EXPECT_EQ(d.downgrade_due, std::nullopt);
  }
}

TEST(TiersTest, AMemberWhoRetainsStaysWithoutADueDate) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  TierDecision d = EvaluateTier(rules, 2, Spend(120000), Day("2026-05-01"), std::nullopt);
  EXPECT_EQ(d.level, 2u);
  EXPECT_EQ(d.downgrade_due, std::nullopt);
}

TEST(TiersTest, NoneNeverGoesDown) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kNone, 0);
  TierDecision d = EvaluateTier(rules, 2, Spend(0), Day("2026-05-01"), Day("2020-01-01"));
  EXPECT_EQ(d.level, 2u);
  EXPECT_EQ(d.downgrade_due, std::nullopt);
}

TEST(TiersTest, OneLevelGoesDownOneLevelAtATime) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kOneLevel, 0);
  TierDecision d = EvaluateTier(rules, 2, Spend(0), Day("2026-05-01"), std::nullopt);
  EXPECT_EQ(d.level, 1u);
  EXPECT_EQ(d.downgrade_due, std::nullopt);
  EXPECT_EQ(EvaluateTier(rules, 1, Spend(0), Day("2026-05-01"), std::nullopt).level, 0u);
}

TEST(TiersTest, RecomputeGoesToTheHighestLevelRetained) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  EXPECT_EQ(EvaluateTier(rules, 2, Spend(0), Day("2026-05-01"), std::nullopt).level, 0u);
  // Below silver's entry but at its retain threshold: the gold member keeps silver.
  EXPECT_EQ(EvaluateTier(rules, 2, Spend(40000), Day("2026-05-01"), std::nullopt).level, 1u);
  EXPECT_EQ(EvaluateTier(rules, 2, Spend(39999), Day("2026-05-01"), std::nullopt).level, 0u);
}

TEST(TiersTest, GraceKeepsTheLevelUntilTheDueDay) {
  for (auto policy : {DowngradePolicy::kOneLevel, DowngradePolicy::kRecompute}) {
    const TierRules rules = SpendOrOrders(policy, 30);
    const DayNumber fell = Day("2026-05-01");
    TierDecision first = EvaluateTier(rules, 2, Spend(0), fell, std::nullopt);
    EXPECT_EQ(first.level, 2u);
    EXPECT_EQ(first.downgrade_due, Day("2026-05-31"));
    TierDecision last_day = EvaluateTier(rules, 2, Spend(0), Day("2026-05-30"), fell);
    EXPECT_EQ(last_day.level, 2u);
    EXPECT_EQ(last_day.downgrade_due, Day("2026-05-31"));
    TierDecision due = EvaluateTier(rules, 2, Spend(0), Day("2026-05-31"), fell);
    EXPECT_EQ(due.level, policy == DowngradePolicy::kOneLevel ? 1u : 0u);
    EXPECT_EQ(due.downgrade_due, std::nullopt);
  }
}

// docs/loyalty.md's worked example, as written there.
TEST(TiersTest, TheDocumentedExampleHolds) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kOneLevel, 30);
  const DayNumber today = Day("2026-12-01");
  EXPECT_EQ(EvaluateTier(rules, 1, Amounts(42000, 3), today, std::nullopt).level, 1u);
  auto progress = ProgressToNext(rules, 1, Amounts(42000, 3));
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->missing.spend_minor.at("EUR"), 108000);
  EXPECT_EQ(progress->missing.orders, 9);
  TierDecision fell = EvaluateTier(rules, 1, Amounts(38000, 3), today, std::nullopt);
  EXPECT_EQ(fell.level, 1u);
  EXPECT_EQ(fell.downgrade_due, Day("2026-12-31"));
  EXPECT_EQ(EvaluateTier(rules, 1, Amounts(38000, 3), Day("2026-12-31"), today).level, 0u);
  EXPECT_EQ(EvaluateTier(rules, 1, Amounts(40000, 3), Day("2026-12-31"), today).level, 1u);
  const TierRules recompute = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  EXPECT_EQ(EvaluateTier(recompute, 2, Amounts(38000, 3), today, std::nullopt).level, 0u);
  EXPECT_EQ(EvaluateTier(recompute, 2, Amounts(40000, 3), today, std::nullopt).level, 1u);
}

// The window on `today` for a member since `since`, as "first..end" (end exclusive).
std::string Window(TierWindow window, std::string_view today, std::string_view since) {
  TierWindowBounds w = WindowBounds(window, Day(today), Day(since));
  return FormatDate(w.first) + ".." + FormatDate(w.end);
}

TEST(TiersTest, RollingWindowIsTheTwelveMonthsEndingToday) {
  const TierWindow w = TierWindow::kRolling12Months;
  EXPECT_EQ(Window(w, "2026-12-01", "2020-03-10"), "2025-12-02..2026-12-02");
  EXPECT_EQ(Window(w, "2028-02-29", "2020-03-10"), "2027-03-01..2028-03-01");
  EXPECT_EQ(Window(w, "2026-12-31", "2020-03-10"), "2026-01-01..2027-01-01");
}

TEST(TiersTest, CalendarYearRunsFromTheFirstOfJanuary) {
  const TierWindow w = TierWindow::kCalendarYear;
  EXPECT_EQ(Window(w, "2026-12-31", "2020-03-10"), "2026-01-01..2027-01-01");
  EXPECT_EQ(Window(w, "2027-01-01", "2020-03-10"), "2027-01-01..2028-01-01");
}

TEST(TiersTest, AnniversaryYearRunsFromTheLastAnniversary) {
  const TierWindow w = TierWindow::kAnniversaryYear;
  EXPECT_EQ(Window(w, "2026-03-09", "2020-03-10"), "2025-03-10..2026-03-10");
  EXPECT_EQ(Window(w, "2026-03-10", "2020-03-10"), "2026-03-10..2027-03-10");
  EXPECT_EQ(Window(w, "2020-03-10", "2020-03-10"), "2020-03-10..2021-03-10");
  EXPECT_EQ(Window(w, "2026-12-31", "2020-01-01"), "2026-01-01..2027-01-01");
}

TEST(TiersTest, ALeapDayJoinerHasTheTwentyEighthInOtherYears) {
  const TierWindow w = TierWindow::kAnniversaryYear;
  EXPECT_EQ(Window(w, "2025-02-27", "2024-02-29"), "2024-02-29..2025-02-28");
  EXPECT_EQ(Window(w, "2025-02-28", "2024-02-29"), "2025-02-28..2026-02-28");
  EXPECT_EQ(Window(w, "2028-02-28", "2024-02-29"), "2027-02-28..2028-02-29");
  EXPECT_EQ(Window(w, "2028-03-01", "2024-02-29"), "2028-02-29..2029-02-28");
}

TEST(TiersTest, LifetimeRunsFromMembershipToToday) {
  EXPECT_EQ(Window(TierWindow::kLifetime, "2026-12-31", "2019-06-15"), "2019-06-15..2027-01-01");
}

}  // namespace
}  // namespace loyal::program
