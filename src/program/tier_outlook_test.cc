#include "program/tier_outlook.h"

#include <gtest/gtest.h>

#include "program/tiers_testing.h"

namespace loyal::program {
namespace {

using testing::Day;
using testing::Spend;
using testing::SpendOrOrders;

TierContribution Bought(std::string_view day, int64_t eur_minor) {
  return TierContribution{Day(day), "EUR", eur_minor, 1, 0};
}

TEST(TierOutlookTest, TheWindowSumsOnlyTheDaysInsideIt) {
  TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  const std::vector<TierContribution> dated = {
      Bought("2025-03-01", 10000), Bought("2025-03-02", 20000), Bought("2026-03-02", 40000)};
  // Rolling: 2026-03-02's window starts 2025-03-03.
  TierAmounts rolling = AmountsInWindow(rules, dated, Day("2026-03-02"), Day("2025-01-01"));
  EXPECT_EQ(rolling.spend_minor["EUR"], 40000);
  EXPECT_EQ(rolling.orders, 1);
  rolling = AmountsInWindow(rules, dated, Day("2026-03-01"), Day("2025-01-01"));
  EXPECT_EQ(rolling.spend_minor["EUR"], 20000) << "2025-03-02 is still inside, 2026-03-02 is ahead";
  rules.window = TierWindow::kCalendarYear;
  EXPECT_EQ(AmountsInWindow(rules, dated, Day("2025-12-31"), Day("2025-01-01")).orders, 2);
  rules.window = TierWindow::kLifetime;
  EXPECT_EQ(AmountsInWindow(rules, dated, Day("2026-03-02"), Day("2025-01-01")).orders, 3);
}

TEST(TierOutlookTest, GraceStartsOnTheFirstDayBelowAndAMoveStartsANewOne) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kOneLevel, 10);
  TierState gold{2, std::nullopt};
  TierState s = NextTierState(rules, gold, Spend(100000), Day("2026-01-01"));
  EXPECT_EQ(s, (TierState{2, Day("2026-01-01")})) << "below gold's 1200.00, in grace";
  s = NextTierState(rules, s, Spend(100000), Day("2026-01-05"));
  EXPECT_EQ(s, (TierState{2, Day("2026-01-01")})) << "the grace keeps its first day";
  s = NextTierState(rules, s, Spend(0), Day("2026-01-11"));
  EXPECT_EQ(s, (TierState{1, Day("2026-01-11")})) << "one level down, and below silver too";
  EXPECT_EQ(NextTierState(rules, s, Spend(40000), Day("2026-01-12")), (TierState{1, std::nullopt}))
      << "back above silver's retain threshold: the grace ends";
  EXPECT_EQ(NextTierState(rules, s, Spend(150000), Day("2026-01-12")),
            (TierState{2, std::nullopt}));
}

TEST(TierOutlookTest, ARollingMemberFallsBelowWhenTheOrdersAgeOut) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 30);
  const std::vector<TierContribution> dated = {Bought("2025-06-10", 30000),
                                               Bought("2025-09-01", 30000)};
  const TierOutlook outlook =
      ProjectTier(rules, {1, std::nullopt}, dated, Day("2026-01-15"), Day("2025-06-10"));
  // 600.00 until 2026-06-10, when the first order leaves: 300.00 < silver's 400.00.
  EXPECT_EQ(outlook.below_retain_on, Day("2026-06-10"));
  EXPECT_EQ(outlook.retain_missing.spend_minor.at("EUR"), 10000);
  EXPECT_EQ(outlook.retain_missing.orders, 3);
  EXPECT_EQ(outlook.downgrade_on, Day("2026-07-10")) << "after the 30 days of grace";
  EXPECT_EQ(outlook.projected_on, Day("2027-01-15"));
  EXPECT_EQ(outlook.projected_level, 0u);
}

TEST(TierOutlookTest, ACalendarYearMemberKeepsTheTierThroughTheGraceIntoTheNextYear) {
  TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 90);
  rules.window = TierWindow::kCalendarYear;
  const std::vector<TierContribution> dated = {Bought("2026-02-01", 160000)};
  TierOutlook outlook =
      ProjectTier(rules, {2, std::nullopt}, dated, Day("2026-05-01"), Day("2024-01-01"));
  EXPECT_EQ(outlook.below_retain_on, Day("2027-01-01"));
  EXPECT_EQ(outlook.retain_missing.spend_minor.at("EUR"), 120000);
  EXPECT_EQ(outlook.downgrade_on, Day("2027-04-01")) << "the grace runs past the window's end";
  EXPECT_EQ(outlook.projected_on, Day("2027-01-01"));
  EXPECT_EQ(outlook.projected_level, 2u);
  rules.downgrade = DowngradePolicy::kNone;
  outlook = ProjectTier(rules, {2, std::nullopt}, {}, Day("2026-05-01"), Day("2024-01-01"));
  EXPECT_EQ(outlook.below_retain_on, Day("2026-05-01")) << "below already";
  EXPECT_EQ(outlook.downgrade_on, std::nullopt) << "policy none never downgrades";
  EXPECT_EQ(outlook.projected_level, 2u);
}

TEST(TierOutlookTest, TheBaseLevelHasNothingToLose) {
  const TierRules rules = SpendOrOrders(DowngradePolicy::kRecompute, 0);
  const TierOutlook outlook = ProjectTier(rules, {}, {}, Day("2026-05-01"), Day("2026-01-01"));
  EXPECT_EQ(outlook.below_retain_on, std::nullopt);
  EXPECT_EQ(outlook.downgrade_on, std::nullopt);
  EXPECT_EQ(outlook.projected_level, 0u);
}

}  // namespace
}  // namespace loyal::program
