#include "program/tier_outlook.h"

#include <gtest/gtest.h>

#include <random>

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

// The daily job's view: every day from today evaluated, none skipped.
TierOutlook ProjectDayByDay(const TierRules& rules, const TierState& state,
                            const std::vector<TierContribution>& dated, DayNumber today,
                            DayNumber member_since) {
  TierOutlook o;
  o.projected_on = WindowEnd(rules.window, today, member_since);
  TierState current = state;
  for (DayNumber day = today; day <= o.projected_on + rules.grace_days; ++day) {
    const TierAmounts amounts = AmountsInWindow(rules, dated, day, member_since);
    if (!o.below_retain_on && current.level == state.level &&
        !Retains(rules, state.level, amounts)) {
      if (day > o.projected_on) break;
      o.below_retain_on = day;
    }
    current = NextTierState(rules, current, amounts, day);
    if (current.level < state.level && !o.downgrade_on) o.downgrade_on = day;
    if (day <= o.projected_on) o.projected_level = current.level;
  }
  return o;
}

TEST(TierOutlookTest, SkippingTheDaysWhenNothingChangesGivesWhatEveryDayGives) {
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int round = 0; round < 3000; ++round) {
    TierRules rules = SpendOrOrders(static_cast<DowngradePolicy>(pick(0, 2)), pick(0, 2) * 20);
    rules.window = static_cast<TierWindow>(pick(0, 3));
    const DayNumber today = Day("2026-02-27") + pick(0, 400);
    const DayNumber since = today - pick(0, 900);
    std::vector<TierContribution> dated;
    for (int i = pick(0, 8); i > 0; --i) {
      dated.push_back(
          {std::max(since, today - pick(0, 500)), "EUR", pick(0, 60) * 1000, pick(0, 1), 0});
    }
    const TierState state{
        static_cast<size_t>(pick(0, 2)),
        pick(0, 1) ? std::optional<DayNumber>(today - pick(0, 30)) : std::nullopt};
    const TierOutlook fast = ProjectTier(rules, state, dated, today, since);
    const TierOutlook slow = ProjectDayByDay(rules, state, dated, today, since);
    ASSERT_EQ(fast.below_retain_on, slow.below_retain_on) << "round " << round;
    ASSERT_EQ(fast.downgrade_on, slow.downgrade_on) << "round " << round;
    ASSERT_EQ(fast.projected_on, slow.projected_on) << "round " << round;
    ASSERT_EQ(fast.projected_level, slow.projected_level) << "round " << round;
  }
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
