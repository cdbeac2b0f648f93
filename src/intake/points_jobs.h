// The points jobs `loyal jobs run` and the timer inside `loyal serve` run: release the
// pending lots whose return window has passed, expire lots past their expiry, release
// holds left open past the shop's hold_timeout_minutes, then the calendar jobs
// (calendar_jobs.h: birthday bonuses, expiry warnings, inactivity expiry). Each batch of customers
// is its own transaction, and every step re-reads what it changes under the customer's lock, so the
// jobs are idempotent and safe to run from several processes at once.
//
// Thread-safety: stateless; `db` is shared as database.h says.
#pragma once

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "intake/calendar_jobs.h"

namespace loyal::intake {

struct PointsJobCounts {
  int64_t customers_released = 0;  // customers who had pending points released
  int64_t customers_expired = 0;   // customers who had points expire
  int64_t holds_timed_out = 0;
  CalendarJobCounts calendar;
};

// Runs every job once, to completion, as of `now`. Errors: failed_precondition when the
// stored settings no longer load; the store's.
[[nodiscard]] Result<PointsJobCounts> RunPointsJobs(db::Database& db, Timestamp now);

}  // namespace loyal::intake
