// The points jobs that follow the calendar rather than an order, run by RunPointsJobs
// (points_jobs.h) after the release, expiry and hold jobs, each in short transactions of
// up to 200 customers:
//   - birthday bonus: on the customer's birthday in the shop's time zone (a 29 February
//     birthday on 28 February in other years), the program's birthday_bonus as available
//     points; once per customer and year, claimed by a row keyed by both in the bonus's
//     own transaction, so several job processes at once pay it once. Under the
//     after_inactivity policy a customer already past the inactivity limit is skipped (the
//     points would expire at once); the year is still marked done.
//   - expiry warnings: a "points will expire" record per customer and expiry time, written
//     once, warning_days before the day the points expire: for lots with an expiry, and
//     under after_inactivity for the day the customer's inactivity expiry falls on.
//   - inactivity expiry: under after_inactivity, all available points of customers whose
//     last order, event or redemption is `months` months before today; fresh activity,
//     re-read under the customer's lock, wins.
//   - tiers: the members above the base level or in grace are evaluated (tier_effects.h
//     RunTierJob), since their window moves on whether they buy or not.
//   - tier birthday gifts, after the tier job: a coupon of the member's level's
//     birthday_gift_reward on their birthday, once a year (birthday_gifts.h).
// Missed days are not caught up: a birthday passes with the day if no job ran on it.
//
// Thread-safety: stateless; `db` is shared as database.h says.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "intake/event_store.h"
#include "program/program_service.h"
#include "settings/settings.h"

namespace loyal::intake {

struct CalendarJobCounts {
  int64_t birthday_bonuses = 0;    // customers credited their birthday bonus
  int64_t warnings_written = 0;    // expiry warnings written
  int64_t customers_inactive = 0;  // customers whose points expired for inactivity
  int64_t tier_moves = 0;          // members the tier job moved (tier_effects.h)
  int64_t birthday_gifts = 0;      // tier birthday gift coupons issued (birthday_gifts.h)
};

// Runs the jobs as of `now` under `current` (nothing to do without a program).
// Errors: the store's.
[[nodiscard]] Result<CalendarJobCounts> RunCalendarJobs(
    db::Database& db, const settings::ShopSettings& shop,
    const std::optional<program::ProgramVersion>& current, Timestamp now);

// The birth dates whose birthday is `today`: its month and day in every year from 1900
// to today's, and on 28 February of a year that is not a leap year, every 29 February.
std::vector<DayNumber> BirthDatesCelebratedOn(DayNumber today);

// The last day d of a customer's last activity such that their points are gone (lead 0),
// or due a warning (lead warning_days), by `today` under the after_inactivity rules.
DayNumber LastInactiveDay(const program::ExpiryRules& rules, DayNumber today, int lead);

// The customer's expiry warnings, by expiry time, for the notifications a later issue
// sends. Errors: the transaction's.
[[nodiscard]] Result<std::vector<store::ExpiryWarning>> ListExpiryWarnings(db::Transaction& tx,
                                                                           int64_t customer_id);

}  // namespace loyal::intake
