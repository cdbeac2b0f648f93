#include "program/tiers.h"

#include <date/date.h>

#include <algorithm>

#include "program/expiry.h"

namespace loyal::program {
namespace {

int64_t SpendIn(const TierAmounts& amounts, const std::string& currency) {
  auto it = amounts.spend_minor.find(currency);
  return it == amounts.spend_minor.end() ? 0 : it->second;
}

date::year_month_day Ymd(DayNumber day) {
  return date::year_month_day{date::sys_days{date::days{day}}};
}

DayNumber DayOfYmd(date::year_month_day ymd) {
  return static_cast<DayNumber>(date::sys_days{ymd}.time_since_epoch().count());
}

// The anniversary of `since` in `year`: whole years of months from it, so 29 February
// becomes 28 February in other years (AddMonthsClamped, the expiry rules' arithmetic).
DayNumber Anniversary(DayNumber since, date::year year) {
  return AddMonthsClamped(since, 12 * static_cast<int>((year - Ymd(since).year()).count()));
}

}  // namespace

bool TierRules::Uses(TierBasis b) const {
  return std::find(basis.begin(), basis.end(), b) != basis.end();
}

std::optional<size_t> TierRules::FindLevel(const std::string& code) const {
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].code == code) return i;
  }
  return std::nullopt;
}

bool Reaches(const TierRules& rules, const TierAmounts& threshold, const TierAmounts& amounts) {
  if (rules.Uses(TierBasis::kOrders) && amounts.orders >= threshold.orders) return true;
  if (rules.Uses(TierBasis::kPoints) && amounts.points >= threshold.points) return true;
  if (rules.Uses(TierBasis::kSpend)) {
    for (const auto& [currency, needed] : threshold.spend_minor) {
      if (SpendIn(amounts, currency) >= needed) return true;
    }
  }
  return false;
}

size_t QualifiedLevel(const TierRules& rules, const TierAmounts& amounts) {
  size_t level = 0;
  for (size_t i = 1; i < rules.levels.size(); ++i) {
    if (Reaches(rules, rules.levels[i].entry, amounts)) level = i;
  }
  return level;
}

bool Retains(const TierRules& rules, size_t level, const TierAmounts& amounts) {
  return level == 0 || Reaches(rules, rules.levels[level].retain, amounts);
}

std::optional<TierProgress> ProgressToNext(const TierRules& rules, size_t current,
                                           const TierAmounts& amounts) {
  if (current + 1 >= rules.levels.size()) return std::nullopt;
  TierProgress progress;
  progress.next_level = current + 1;
  const TierAmounts& entry = rules.levels[current + 1].entry;
  if (rules.Uses(TierBasis::kSpend)) {
    for (const auto& [currency, needed] : entry.spend_minor) {
      progress.missing.spend_minor[currency] =
          std::max<int64_t>(0, needed - SpendIn(amounts, currency));
    }
  }
  if (rules.Uses(TierBasis::kOrders)) {
    progress.missing.orders = std::max<int64_t>(0, entry.orders - amounts.orders);
  }
  if (rules.Uses(TierBasis::kPoints)) {
    progress.missing.points = std::max<int64_t>(0, entry.points - amounts.points);
  }
  return progress;
}

TierDecision EvaluateTier(const TierRules& rules, size_t current, const TierAmounts& amounts,
                          DayNumber today, std::optional<DayNumber> below_retain_since) {
  const size_t qualified = QualifiedLevel(rules, amounts);
  if (qualified >= current) return {qualified, std::nullopt};
  if (Retains(rules, current, amounts) || rules.downgrade == DowngradePolicy::kNone) {
    return {current, std::nullopt};
  }
  const DayNumber due = below_retain_since.value_or(today) + rules.grace_days;
  if (today < due) return {current, due};
  if (rules.downgrade == DowngradePolicy::kOneLevel) return {current - 1, std::nullopt};
  size_t level = current - 1;
  while (level > qualified && !Retains(rules, level, amounts)) --level;
  return {level, std::nullopt};
}

TierWindowBounds WindowBounds(TierWindow window, DayNumber today, DayNumber member_since) {
  switch (window) {
    case TierWindow::kRolling12Months:
      return {AddMonthsClamped(today, -12) + 1, today + 1};
    case TierWindow::kCalendarYear: {
      const date::year year = Ymd(today).year();
      return {DayOfYmd(year / 1 / 1), DayOfYmd((year + date::years{1}) / 1 / 1)};
    }
    case TierWindow::kAnniversaryYear: {
      date::year year = Ymd(today).year();
      if (Anniversary(member_since, year) > today) year -= date::years{1};
      year = std::max(year, Ymd(member_since).year());
      return {Anniversary(member_since, year), Anniversary(member_since, year + date::years{1})};
    }
    case TierWindow::kLifetime:
      return {member_since, today + 1};
  }
  return {today, today + 1};
}

}  // namespace loyal::program
