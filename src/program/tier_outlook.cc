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

// The first day after `today`, up to `last`, on which `day` no longer counts in the window
// (nullopt: it counts through `last`). A window's first day never moves back, so a binary
// search finds it.
std::optional<DayNumber> LeavesOn(TierWindow window, DayNumber day, DayNumber today, DayNumber last,
                                  DayNumber member_since) {
  auto out_on = [&](DayNumber d) { return WindowBounds(window, d, member_since).first > day; };
  if (last <= today || !out_on(last)) return std::nullopt;
  DayNumber lo = today, hi = last;  // out_on(lo) is false (the day counts today), out_on(hi)
  while (hi - lo > 1) {
    const DayNumber mid = lo + (hi - lo) / 2;
    (out_on(mid) ? hi : lo) = mid;
  }
  return hi;
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

TierState AdvanceTierDaily(const TierRules& rules, const TierState& state,
                           const std::vector<TierContribution>& dated, DayNumber first,
                           DayNumber last, DayNumber member_since, const OnTierDay& on_day) {
  // Evaluating every day, as the daily job does, changes the state only on the days the
  // amounts change (a day leaves the window), a grace falls due, or the day after a change
  // (one_level without grace moves again): those days are evaluated, the others skipped.
  std::vector<DayNumber> changes;
  for (const TierContribution& c : dated) {
    if (auto leaves = LeavesOn(rules.window, c.day, first, last, member_since)) {
      changes.push_back(*leaves);
    }
  }
  std::sort(changes.begin(), changes.end());
  TierState current = state;
  for (DayNumber day = first; day <= last;) {
    const TierAmounts amounts = AmountsInWindow(rules, dated, day, member_since);
    const TierState before = current;
    current = NextTierState(rules, current, amounts, day);
    if (on_day && !on_day(day, amounts, before, current)) break;
    auto next = std::upper_bound(changes.begin(), changes.end(), day);
    DayNumber next_day = next == changes.end() ? last + 1 : *next;
    if (current.below_retain_since) {
      next_day =
          std::min(next_day, std::max(day + 1, *current.below_retain_since + rules.grace_days));
    }
    if (!(current == before)) next_day = day + 1;
    day = next_day;
  }
  return current;
}

TierOutlook ProjectTier(const TierRules& rules, const TierState& state,
                        const std::vector<TierContribution>& dated, DayNumber today,
                        DayNumber member_since) {
  TierOutlook outlook;
  outlook.projected_on = WindowEnd(rules.window, today, member_since);
  // Past the window's end only to find a downgrade that a grace begun before it delays.
  const DayNumber last = outlook.projected_on + rules.grace_days;
  AdvanceTierDaily(rules, state, dated, today, last, member_since,
                   [&](DayNumber day, const TierAmounts& amounts, const TierState& before,
                       const TierState& after) {
                     if (outlook.downgrade_on && day > outlook.projected_on) return false;
                     if (!outlook.below_retain_on && before.level == state.level &&
                         !Retains(rules, state.level, amounts)) {
                       if (day > outlook.projected_on)
                         return false;  // no grace under way at the window's end
                       outlook.below_retain_on = day;
                       outlook.retain_missing =
                           Missing(rules, rules.levels[state.level].retain, amounts);
                     }
                     if (after.level < state.level && !outlook.downgrade_on)
                       outlook.downgrade_on = day;
                     if (day <= outlook.projected_on) outlook.projected_level = after.level;
                     return true;
                   });
  return outlook;
}

}  // namespace loyal::program
