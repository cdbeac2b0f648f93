// When points expire under a program's expiry rules, in calendar days of the shop's time
// zone: the caller turns the day into the instant it begins there. Pure functions;
// thread-safe.
#pragma once

#include <optional>

#include "core/time.h"
#include "program/program.h"

namespace loyal::program {

// `day` moved by `months` (negative: back), clamped to the last day of a shorter month
// (31 Jan + 1 month: 28 Feb). Tier windows (tiers.h) count months the same way.
DayNumber AddMonthsClamped(DayNumber day, int months);

// The first day on which points earned on `earned_day` are gone under the after_earning
// policy: `months` later on the same day of the month, clamped to the last day of a shorter
// month (earned 31 Jan, one month: gone on 28 Feb); rounded to month end, the first day of
// the month after the last valid day. nullopt under any other policy.
std::optional<DayNumber> ExpiryDayAfterEarning(const ExpiryRules& rules, DayNumber earned_day);

// The first day on which a customer whose last activity (order, event, redemption) was on
// `last_activity_day` loses their points under the after_inactivity policy; nullopt under
// any other policy.
std::optional<DayNumber> ExpiryDayAfterInactivity(const ExpiryRules& rules,
                                                  DayNumber last_activity_day);

// The day a "points will expire" warning is due for points gone on `expiry_day`.
inline DayNumber WarningDay(const ExpiryRules& rules, DayNumber expiry_day) {
  return expiry_day - rules.warning_days;
}

}  // namespace loyal::program
