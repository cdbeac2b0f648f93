// Cohorts: customers grouped by the calendar month of their first purchase, followed
// month by month: how many of each cohort bought again in month k after acquisition
// (retention = that count / cohort size; month 0 is 100% by definition) and what the
// cohort spent each month. The kernel works on cells (cohort, month offset, customers,
// revenue) so the store can compute the cells by SQL and ship only them.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analytics/purchase_days.h"
#include "core/error.h"
#include "core/time.h"

namespace loyal::analytics {

// A month as year x 12 + (month - 1).
using MonthIndex = int32_t;
MonthIndex MonthOf(DayNumber day);
// "YYYY-MM".
std::string FormatMonth(MonthIndex month);

// Customers of `cohort` who purchased in month cohort + offset, and their revenue then.
struct CohortCell {
  MonthIndex cohort = 0;
  int32_t offset = 0;
  int64_t customers = 0;
  int64_t revenue_minor = 0;
};

// The cells of every purchase on or before `through` (other days are ignored).
std::vector<CohortCell> CohortCells(const PurchaseDays& days, DayNumber through);

struct CohortRow {
  MonthIndex cohort = 0;
  int64_t size = 0;                     // customers acquired that month
  std::vector<int64_t> active;          // [offset] customers who purchased
  std::vector<double> retention;        // [offset] active / size
  std::vector<int64_t> revenue_minor;   // [offset]
  int64_t total_revenue_minor = 0;
};

struct CohortReport {
  std::vector<CohortRow> cohorts;  // by month; offsets run to the last month observed
};

// Assembles the report from cells in any order (cells of one key are added together).
// Errors: invalid_argument for a negative offset or count, or a cell with offset > 0
// whose cohort has no month-0 cell.
[[nodiscard]] Result<CohortReport> BuildCohortReport(std::span<const CohortCell> cells);

}  // namespace loyal::analytics
