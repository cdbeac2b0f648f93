#include "analytics/cohorts.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <date/date.h>

namespace loyal::analytics {

MonthIndex MonthOf(DayNumber day) {
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  return static_cast<int>(ymd.year()) * 12 + static_cast<int>(unsigned(ymd.month())) - 1;
}

std::string FormatMonth(MonthIndex month) {
  const int year = month >= 0 ? month / 12 : (month - 11) / 12;
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month - year * 12 + 1);
  return text;
}

std::vector<CohortCell> CohortCells(const PurchaseDays& days, DayNumber through) {
  std::map<std::pair<MonthIndex, int32_t>, CohortCell> cells;
  for (uint32_t c = 0; c < days.customers(); ++c) {
    const auto d = days.Days(c);
    const auto a = days.Amounts(c);
    if (d.empty() || d[0] > through) continue;
    const MonthIndex cohort = MonthOf(d[0]);
    int32_t previous = -1;
    CohortCell* cell = nullptr;
    // Days are sorted, so each month's days are consecutive: count the customer once.
    for (size_t i = 0; i < d.size() && d[i] <= through; ++i) {
      const int32_t offset = MonthOf(d[i]) - cohort;
      if (offset != previous) {
        cell = &cells[{cohort, offset}];
        cell->cohort = cohort;
        cell->offset = offset;
        ++cell->customers;
        previous = offset;
      }
      cell->revenue_minor += a[i];
    }
  }
  std::vector<CohortCell> out;
  out.reserve(cells.size());
  for (const auto& [key, cell] : cells) out.push_back(cell);
  return out;
}

Result<CohortReport> BuildCohortReport(std::span<const CohortCell> cells) {
  std::map<MonthIndex, CohortRow> rows;
  MonthIndex last = INT32_MIN;
  for (const CohortCell& cell : cells) {
    if (cell.offset < 0 || cell.customers < 0) {
      return InvalidArgument("cohort cell with a negative month offset or customer count");
    }
    rows[cell.cohort].cohort = cell.cohort;
    last = std::max(last, cell.cohort + cell.offset);
  }
  for (auto& [month, row] : rows) {
    row.active.assign(last - month + 1, 0);
    row.revenue_minor.assign(last - month + 1, 0);
  }
  for (const CohortCell& cell : cells) {
    CohortRow& row = rows[cell.cohort];
    row.active[cell.offset] += cell.customers;
    row.revenue_minor[cell.offset] += cell.revenue_minor;
    row.total_revenue_minor += cell.revenue_minor;
  }
  CohortReport report;
  for (auto& [month, row] : rows) {
    row.size = row.active[0];
    if (row.size == 0) {
      return InvalidArgument("cohort " + FormatMonth(month) + " has no customers in its first month");
    }
    row.retention.resize(row.active.size());
    for (size_t k = 0; k < row.active.size(); ++k) {
      row.retention[k] = static_cast<double>(row.active[k]) / row.size;
    }
    report.cohorts.push_back(std::move(row));
  }
  return report;
}

}  // namespace loyal::analytics
