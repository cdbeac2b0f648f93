#include "intake/points_jobs.h"

#include <chrono>

#include "ledger/hold_service.h"
#include "ledger/ledger_service.h"
#include "program/program_service.h"
#include "settings/settings_service.h"

namespace loyal::intake {
namespace {

// Customers per transaction: short transactions, so the jobs never hold up order intake.
constexpr int kBatch = 200;

// Runs `step` (one transaction each) until it reports that it did nothing; returns the sum.
template <class Step>
Result<int64_t> UntilDone(db::Database& db, Step step) {
  int64_t total = 0;
  for (;;) {
    LOY_ASSIGN_OR_RETURN(int64_t done, db::WithTransaction(db, step));
    if (done == 0) return total;
    total += done;
  }
}

}  // namespace

Result<PointsJobCounts> RunPointsJobs(db::Database& db, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, db::WithReadTransaction(db, settings::Load));
  PointsJobCounts counts;
  LOY_ASSIGN_OR_RETURN(counts.customers_released,
                       UntilDone(db, [&](db::Transaction& tx) -> Result<int64_t> {
                         return ledger::ReleaseAllDue(tx, now, kBatch);
                       }));
  LOY_ASSIGN_OR_RETURN(counts.customers_expired,
                       UntilDone(db, [&](db::Transaction& tx) -> Result<int64_t> {
                         return ledger::ExpireAllDue(tx, now, kBatch);
                       }));
  const Timestamp stale = now - std::chrono::minutes(shop.hold_timeout_minutes);
  LOY_ASSIGN_OR_RETURN(
      counts.holds_timed_out, UntilDone(db, [&](db::Transaction& tx) -> Result<int64_t> {
        LOY_ASSIGN_OR_RETURN(auto holds, ledger::TimeOutHolds(tx, stale, now, kBatch));
        return static_cast<int64_t>(holds.size());
      }));
  LOY_ASSIGN_OR_RETURN(auto current, db::WithReadTransaction(db, program::CurrentProgram));
  LOY_ASSIGN_OR_RETURN(counts.calendar, RunCalendarJobs(db, shop, current, now));
  return counts;
}

}  // namespace loyal::intake
