#include "program/expiry.h"

#include <date/date.h>

namespace loyal::program {
namespace {

DayNumber FirstOfNextMonth(DayNumber day) {
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  date::year_month next = ymd.year() / ymd.month() + date::months{1};
  return static_cast<DayNumber>(date::sys_days{next / 1}.time_since_epoch().count());
}

}  // namespace

DayNumber AddMonthsClamped(DayNumber day, int months) {
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  date::year_month_day moved = ymd + date::months{months};
  if (!moved.ok()) moved = moved.year() / moved.month() / date::last;
  return static_cast<DayNumber>(date::sys_days{moved}.time_since_epoch().count());
}

std::optional<DayNumber> ExpiryDayAfterEarning(const ExpiryRules& rules, DayNumber earned_day) {
  if (rules.policy != ExpiryPolicy::kAfterEarning) return std::nullopt;
  DayNumber last_valid = AddMonthsClamped(earned_day, rules.months) - 1;
  return rules.round_to_month_end ? FirstOfNextMonth(last_valid) : last_valid + 1;
}

std::optional<DayNumber> ExpiryDayAfterInactivity(const ExpiryRules& rules,
                                                  DayNumber last_activity_day) {
  if (rules.policy != ExpiryPolicy::kAfterInactivity) return std::nullopt;
  return AddMonthsClamped(last_activity_day, rules.months);
}

}  // namespace loyal::program
