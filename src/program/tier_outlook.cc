#include "program/tier_outlook.h"

#include <algorithm>

#include "program/expiry.h"

namespace loyal::program {
namespace {

// The retain threshold less `amounts`, per basis the rules use (0 where reached).
TierAmounts Missing(const TierRules& rules, const TierAmounts& threshold,
                    const TierAmounts& amounts) {
  TierAmounts missing;
  if (rules.Uses(TierBasis::kSpend)) {
    for (const auto& [currency, needed] : threshold.spend_minor) {
      auto have = amounts.spend_minor.find(currency);
      int64_t spent = have == amounts.spend_minor.end() ? 0 : have->second;
      missing.spend_minor[currency] = std::max<int64_t>(0, needed - spent);
    }
  }
  if (rules.Uses(TierBasis::kOrders)) {
    missing.orders = std::max<int64_t>(0, threshold.orders - amounts.orders);
  }
  if (rules.Uses(TierBasis::kPoints)) {
    missing.points = std::max<int64_t>(0, threshold.points - amounts.points);
  }
  return missing;
}

}  // namespace

TierState NextTierState(const TierRules& rules, const TierState& state, const TierAmounts& amounts,
                        DayNumber today) {
  TierDecision decision =
      EvaluateTier(rules, state.level, amounts, today, state.below_retain_since);
  TierState next{decision.level, std::nullopt};
  if (decision.level == state.level) {
    if (decision.downgrade_due) next.below_retain_since = state.below_retain_since.value_or(today);
    return next;
  }
  // Moved: the grace of the old level is over; a new one starts today if the member is
  // already below the new level's retain thresholds.
  if (rules.downgrade != DowngradePolicy::kNone && !Retains(rules, next.level, amounts)) {
    next.below_retain_since = today;
  }
  return next;
}

TierAmounts AmountsInWindow(const TierRules& rules, const std::vector<TierContribution>& dated,
                            DayNumber today, DayNumber member_since) {
  const TierWindowBounds bounds = WindowBounds(rules.window, today, member_since);
  TierAmounts amounts;
  for (const TierContribution& c : dated) {
    if (c.day < bounds.first || c.day > today) continue;
    if (rules.Uses(TierBasis::kSpend) && c.spend_minor != 0) {
      amounts.spend_minor[c.currency] += c.spend_minor;
    }
    if (rules.Uses(TierBasis::kOrders)) amounts.orders += c.orders;
    if (rules.Uses(TierBasis::kPoints)) amounts.points += c.points;
  }
  return amounts;
}

DayNumber WindowEnd(TierWindow window, DayNumber today, DayNumber member_since) {
  switch (window) {
    case TierWindow::kRolling12Months:
      return AddMonthsClamped(today, 12);
    case TierWindow::kLifetime:
      return today;
    case TierWindow::kCalendarYear:
    case TierWindow::kAnniversaryYear:
      return WindowBounds(window, today, member_since).end;
  }
  return today;
}

TierOutlook ProjectTier(const TierRules& rules, const TierState& state,
                        const std::vector<TierContribution>& dated, DayNumber today,
                        DayNumber member_since) {
  TierOutlook outlook;
  outlook.projected_on = WindowEnd(rules.window, today, member_since);
  TierState current = state;
  // Past the window's end only to find a downgrade that a grace begun before it delays.
  const DayNumber last = outlook.projected_on + rules.grace_days;
  for (DayNumber day = today; day <= last && !outlook.downgrade_on; ++day) {
    const TierAmounts amounts = AmountsInWindow(rules, dated, day, member_since);
    if (!outlook.below_retain_on && current.level == state.level &&
        !Retains(rules, state.level, amounts)) {
      if (day > outlook.projected_on) break;  // no grace under way at the window's end
      outlook.below_retain_on = day;
      outlook.retain_missing = Missing(rules, rules.levels[state.level].retain, amounts);
    }
    current = NextTierState(rules, current, amounts, day);
    if (current.level < state.level) outlook.downgrade_on = day;
    if (day <= outlook.projected_on) outlook.projected_level = current.level;
  }
  return outlook;
}

}  // namespace loyal::program
