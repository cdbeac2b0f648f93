// CustomerStats: the compact per-customer statistics every report is computed from, with
// the conventions of Fader, Hardie & Lee (2005): purchases on one day count once, x is
// the number of repeat purchase days, t_x and T are measured from the first purchase.
// Built from PurchaseDays (a transaction file) or read from the store, where SQL computes
// the same columns with GROUP BY, so the two sources give identical reports.
// Values; safe to read from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "analytics/purchase_days.h"
#include "core/error.h"
#include "core/time.h"

namespace loyal::analytics {

// The calibration window is every day up to and including calibration_end; the holdout
// window is (calibration_end, observation_end].
struct SummaryWindow {
  DayNumber calibration_end = 0;
  DayNumber observation_end = 0;  // == calibration_end when there is no holdout
};

// Returns the window, or invalid_argument when observation_end is before calibration_end.
[[nodiscard]] Result<SummaryWindow> MakeSummaryWindow(DayNumber calibration_end,
                                                      std::optional<DayNumber> observation_end);

// One entry per customer who bought in the calibration window (struct of arrays).
struct CustomerStats {
  SummaryWindow window;
  std::vector<uint32_t> customer;        // dense customer index (into the caller's ids)
  std::vector<DayNumber> first_day;      // first purchase day
  std::vector<DayNumber> last_day;       // last purchase day in the calibration window
  std::vector<int32_t> repeat_days;      // x: purchase days after the first, calibration
  std::vector<int64_t> first_day_minor;  // amount of the first purchase day
  std::vector<int64_t> total_minor;      // calibration sales, first day included
  std::vector<int64_t> returned_minor;   // calibration refunds (not purchases: no day)
  std::vector<int32_t> holdout_days;     // purchase days in the holdout window
  std::vector<int64_t> holdout_minor;    // holdout revenue

  size_t size() const { return customer.size(); }
  void Reserve(size_t n);
  void Add(uint32_t c, DayNumber first, DayNumber last, int32_t x, int64_t first_minor,
           int64_t total, int64_t returned, int32_t holdout_x, int64_t holdout_total);
  // Appends `other`'s entries (of later customers) after this one's.
  void Append(const CustomerStats& other);

  // Sales less refunds in the calibration window: the revenue RFM, Pareto and churn use.
  int64_t NetRevenueMinor(size_t i) const { return total_minor[i] - returned_minor[i]; }
  std::vector<int64_t> NetRevenuesMinor() const;

  // Weeks (days / 7) from the first purchase to the last calibration purchase (t_x) and
  // to the calibration end (T).
  double RecencyWeeks(size_t i) const { return (last_day[i] - first_day[i]) / 7.0; }
  double AgeWeeks(size_t i) const { return (window.calibration_end - first_day[i]) / 7.0; }
  // Mean amount of the repeat purchase days in minor units; 0 when x = 0.
  double MonetaryMinor(size_t i) const {
    return repeat_days[i] == 0
               ? 0.0
               : static_cast<double>(total_minor[i] - first_day_minor[i]) / repeat_days[i];
  }
  double HoldoutWeeks() const { return (window.observation_end - window.calibration_end) / 7.0; }
};

// Summarises `days` (which must include every purchase up to window.observation_end);
// `returned_minor` is each customer's refunds in the calibration window (see
// SumByCustomer), or empty when there are none. Errors: failed_precondition when nobody
// bought on or before the calibration end.
[[nodiscard]] Result<CustomerStats> SummarizeCustomers(const PurchaseDays& days,
                                                       std::span<const int64_t> returned_minor,
                                                       const SummaryWindow& window);

// Column arrays of (x, t_x, T) in weeks and the monetary value in major units (minor /
// 10^exponent), the form the CLV models take.
struct SummaryColumns {
  std::vector<double> frequency, recency, age, monetary, holdout;
};
SummaryColumns ToSummaryColumns(const CustomerStats& stats, int currency_exponent);

}  // namespace loyal::analytics
