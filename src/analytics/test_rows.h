// Test helper: builds CustomerStats from hand-written rows. Not thread-safe (test only).
#pragma once

#include <string>
#include <vector>

#include "analytics/customer_index.h"
#include "analytics/customer_stats.h"
#include "analytics/purchase_days.h"
#include "analytics/transactions.h"
#include "core/time.h"

namespace loyal::analytics::testing {

struct TestRow {
  std::string customer;
  std::string date;  // YYYY-MM-DD
  int64_t amount_minor = 0;
};

struct TestData {
  CustomerIndex ids;
  TransactionColumns rows;
};

inline DayNumber Day(const std::string& date) { return *ParseDate(date); }

inline TestData MakeData(const std::vector<TestRow>& rows) {
  TestData data;
  for (const auto& row : rows) {
    data.rows.Add(data.ids.Intern(row.customer), Day(row.date), row.amount_minor);
  }
  return data;
}

inline CustomerStats Summarize(const TestData& data, const std::string& calibration_end,
                               const std::string& observation_end = "") {
  const auto window = *MakeSummaryWindow(
      Day(calibration_end),
      observation_end.empty() ? std::nullopt : std::optional(Day(observation_end)));
  return *SummarizeCustomers(PurchaseDays::Build(data.rows.View(), window.observation_end), {},
                             window);
}

}  // namespace loyal::analytics::testing
