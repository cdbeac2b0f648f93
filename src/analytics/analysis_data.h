// AnalysisData: what every report is computed from, whichever source it came from (a
// transaction file or the store): customer ids, per-customer statistics over one window,
// optionally the cohort cells, and the currency. A value; not synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/cohorts.h"
#include "analytics/customer_index.h"
#include "analytics/customer_stats.h"
#include "analytics/report_json.h"

namespace loyal::analytics {

struct AnalysisData {
  CustomerIndex ids;
  CustomerStats stats;
  std::vector<CohortCell> cohort_cells;  // filled only when the cohorts report asks
  std::string currency;
  int currency_exponent = 2;
  DayNumber last_purchase_day = 0;  // over the whole source
  std::vector<int64_t> store_ids;   // the store's customer_id per dense index (store only)

  ReportContext Context() const { return {&stats, &ids, currency, currency_exponent}; }
};

}  // namespace loyal::analytics
