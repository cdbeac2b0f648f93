#include "intake/calendar_jobs.h"

#include <date/date.h>

#include <algorithm>

#include "customers/customer_service.h"
#include "intake/birthday_gifts.h"
#include "intake/job_paging.h"
#include "intake/shop_context.h"
#include "intake/tier_effects.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "orders/orders.h"
#include "program/expiry.h"

namespace loyal::intake {
namespace {

constexpr int kFirstBirthYear = 1900;

date::year_month_day Civil(DayNumber day) {
  return date::year_month_day{date::sys_days{date::days{day}}};
}

DayNumber DayOfCivil(date::year_month_day ymd) {
  return static_cast<DayNumber>(date::sys_days{ymd}.time_since_epoch().count());
}

// Whether the customer is already past the inactivity limit on `today`.
Result<bool> PastInactivityLimit(db::Transaction& tx, const program::ExpiryRules& rules,
                                 const settings::ShopSettings& shop, int64_t customer_id,
                                 DayNumber today) {
  if (rules.policy != program::ExpiryPolicy::kAfterInactivity) return false;
  LOY_ASSIGN_OR_RETURN(auto last, ledger::LastActivity(tx, customer_id));
  if (!last) return false;
  auto gone = program::ExpiryDayAfterInactivity(rules, orders::LocalDay(*last, shop.time_zone));
  return gone && *gone <= today;
}

Result<int64_t> PayBirthdays(db::Database& db, const settings::ShopSettings& shop,
                             const program::ProgramVersion& current, Timestamp now) {
  const int64_t points = current.program.earning.birthday_bonus;
  if (points <= 0) return 0;
  const DayNumber today = orders::LocalDay(now, shop.time_zone);
  const int year = static_cast<int>(Civil(today).year());
  const std::vector<DayNumber> born = BirthDatesCelebratedOn(today);
  auto list = [&](db::Transaction& tx, int64_t after) {
    return customers::CustomersBornOn(tx, born, after, kJobBatch);
  };
  auto pay_one = [&](db::Transaction& tx, int64_t customer_id) -> Result<bool> {
    LOY_ASSIGN_OR_RETURN(bool dormant,
                         PastInactivityLimit(tx, current.program.expiry, shop, customer_id, today));
    LOY_ASSIGN_OR_RETURN(bool claimed,
                         store::ClaimBirthday(tx, customer_id, year, dormant ? 0 : points, now));
    if (!claimed || dormant) return false;
    ledger::EarnRequest earn;
    earn.points = points;
    if (auto day = program::ExpiryDayAfterEarning(current.program.expiry, today)) {
      earn.expires_at = StartOfDay(*day, shop.time_zone);
    }
    earn.memo = ledger::Memo{"birthday bonus " + std::to_string(year), "birthday",
                             std::to_string(year), current.version, std::nullopt};
    LOY_RETURN_IF_ERROR(ledger::EarnAvailable(tx, customer_id, earn, now));
    return true;
  };
  auto pay = [&](db::Transaction& tx, const std::vector<int64_t>& ids) -> Result<int64_t> {
    // Most of a page was paid by an earlier run today: one query finds those.
    LOY_ASSIGN_OR_RETURN(auto paid, store::BirthdaysPaid(tx, ids, year));
    int64_t credited = 0;
    for (int64_t id : ids) {
      if (std::find(paid.begin(), paid.end(), id) != paid.end()) continue;
      LOY_ASSIGN_OR_RETURN(bool did, pay_one(tx, id));
      credited += did ? 1 : 0;
    }
    return credited;
  };
  return ForEachPage(db, list, pay);
}

// Warnings for lots whose expiry day is at most warning_days after today.
Result<int64_t> WarnOfLotExpiry(db::Database& db, const settings::ShopSettings& shop,
                                const program::ExpiryRules& rules, Timestamp now) {
  const DayNumber today = orders::LocalDay(now, shop.time_zone);
  const Timestamp until =
      StartOfDay(today + rules.warning_days + 1, shop.time_zone) - std::chrono::seconds(1);
  Timestamp after_expiry{};
  auto list = [&](db::Transaction& tx, int64_t after) {
    return ledger::ExpiringBetween(tx, now, until, after, after_expiry, kJobBatch);
  };
  auto warn = [&](db::Transaction& tx,
                  const std::vector<ledger::CustomerExpiring>& rows) -> Result<int64_t> {
    int64_t written = 0;
    for (const ledger::CustomerExpiring& row : rows) {
      LOY_ASSIGN_OR_RETURN(
          bool did, store::InsertWarning(tx, row.customer_id, {row.expires_at, row.points, now}));
      written += did ? 1 : 0;
    }
    if (!rows.empty()) after_expiry = rows.back().expires_at;
    return written;
  };
  return ForEachPage(db, list, warn);
}

// Under after_inactivity: warnings for customers whose inactivity expiry is at most
// warning_days away, then the expiry of those whose day has come.
Result<std::pair<int64_t, int64_t>> HandleInactivity(db::Database& db,
                                                     const settings::ShopSettings& shop,
                                                     const program::ExpiryRules& rules,
                                                     Timestamp now) {
  const DayNumber today = orders::LocalDay(now, shop.time_zone);
  auto inactive_before = [&](DayNumber last_day) {
    const Timestamp before = StartOfDay(last_day + 1, shop.time_zone);
    return [before](db::Transaction& tx, int64_t after) {
      return ledger::InactiveBefore(tx, before, after, kJobBatch);
    };
  };
  int64_t warned = 0;
  if (rules.warning_days > 0) {
    auto warn = [&](db::Transaction& tx,
                    const std::vector<ledger::InactiveCustomer>& page) -> Result<int64_t> {
      int64_t written = 0;
      for (const ledger::InactiveCustomer& c : page) {
        const DayNumber last = orders::LocalDay(c.last_activity_at, shop.time_zone);
        const Timestamp gone =
            StartOfDay(*program::ExpiryDayAfterInactivity(rules, last), shop.time_zone);
        if (gone <= now) continue;  // expired below, not warned of
        LOY_ASSIGN_OR_RETURN(bool did,
                             store::InsertWarning(tx, c.customer_id, {gone, c.available, now}));
        written += did ? 1 : 0;
      }
      return written;
    };
    LOY_ASSIGN_OR_RETURN(
        warned,
        ForEachPage(db, inactive_before(LastInactiveDay(rules, today, rules.warning_days)), warn));
  }
  const DayNumber last_day = LastInactiveDay(rules, today, 0);
  const Timestamp active_since = StartOfDay(last_day + 1, shop.time_zone);
  auto expire = [&](db::Transaction& tx,
                    const std::vector<ledger::InactiveCustomer>& page) -> Result<int64_t> {
    int64_t expired = 0;
    for (const ledger::InactiveCustomer& c : page) {
      LOY_ASSIGN_OR_RETURN(ledger::Posted p,
                           ledger::ExpireInactive(tx, c.customer_id, active_since, now));
      expired += p.txn_id ? 1 : 0;
    }
    return expired;
  };
  LOY_ASSIGN_OR_RETURN(int64_t expired, ForEachPage(db, inactive_before(last_day), expire));
  return std::pair{warned, expired};
}

}  // namespace

Result<CalendarJobCounts> RunCalendarJobs(db::Database& db, const settings::ShopSettings& shop,
                                          const std::optional<program::ProgramVersion>& current,
                                          Timestamp now) {
  CalendarJobCounts counts;
  if (!current) return counts;
  const program::ExpiryRules& rules = current->program.expiry;
  if (rules.policy == program::ExpiryPolicy::kAfterInactivity && rules.months > 0) {
    LOY_ASSIGN_OR_RETURN(auto inactivity, HandleInactivity(db, shop, rules, now));
    counts.warnings_written += inactivity.first;
    counts.customers_inactive = inactivity.second;
  }
  // Lots may carry an expiry from an earlier program version under any policy.
  if (rules.warning_days > 0) {
    LOY_ASSIGN_OR_RETURN(int64_t written, WarnOfLotExpiry(db, shop, rules, now));
    counts.warnings_written += written;
  }
  LOY_ASSIGN_OR_RETURN(counts.birthday_bonuses, PayBirthdays(db, shop, *current, now));
  LOY_ASSIGN_OR_RETURN(counts.tier_moves, RunTierJob(db, shop, *current, now));
  // After the tier job, so a member's gift is that of the level they hold today.
  LOY_ASSIGN_OR_RETURN(counts.birthday_gifts, GiveBirthdayGifts(db, shop, *current, now));
  return counts;
}

std::vector<DayNumber> BirthDatesCelebratedOn(DayNumber today) {
  const date::year_month_day ymd = Civil(today);
  const bool feb28_common =
      ymd.month() == date::February && ymd.day() == date::day{28} && !ymd.year().is_leap();
  std::vector<DayNumber> days;
  for (int y = kFirstBirthYear; y <= static_cast<int>(ymd.year()); ++y) {
    const date::year_month_day same{date::year{y}, ymd.month(), ymd.day()};
    if (same.ok()) days.push_back(DayOfCivil(same));
    const date::year_month_day leap_day{date::year{y}, date::February, date::day{29}};
    if (feb28_common && leap_day.ok()) days.push_back(DayOfCivil(leap_day));
  }
  return days;
}

DayNumber LastInactiveDay(const program::ExpiryRules& rules, DayNumber today, int lead) {
  // A month is at most 31 days, so from here the expiry is on or before today + lead.
  DayNumber day = today + lead - 31 * rules.months - 1;
  auto due = [&](DayNumber d) {
    auto gone = program::ExpiryDayAfterInactivity(rules, d);
    return gone && *gone - lead <= today;
  };
  while (due(day + 1)) ++day;
  return day;
}

Result<std::vector<store::ExpiryWarning>> ListExpiryWarnings(db::Transaction& tx,
                                                             int64_t customer_id) {
  return store::ReadWarnings(tx, customer_id);
}

}  // namespace loyal::intake
