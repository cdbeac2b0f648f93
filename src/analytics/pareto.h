// Pareto: how concentrated revenue (and profit) is among the best customers: the share of
// the top k% for every k = 1..100, and the top 20% themselves. Customers are ranked by
// revenue, ties by customer id. Profit per customer is revenue x margin minus a serving
// cost per purchase day, so with a cost the top customers can hold over 100% of profit
// (the "whale curve"). Integer money throughout; shares are doubles.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "analytics/customer_index.h"
#include "analytics/customer_stats.h"
#include "core/error.h"

namespace loyal::analytics {

struct ParetoOptions {
  int64_t margin_bp = 10000;          // gross margin in basis points of revenue (100% default)
  int64_t cost_per_purchase_minor = 0;  // serving cost of each purchase day
};

struct ParetoPoint {
  int percent = 0;          // the top `percent`% of customers...
  int64_t customers = 0;    // ...are this many: ceil(percent x n / 100)
  int64_t revenue_minor = 0;
  double revenue_share = 0;  // of all revenue (0 when it is 0)
  int64_t profit_minor = 0;
  double profit_share = 0;   // of all profit (0 when it is 0)
};

struct ParetoReport {
  int64_t total_revenue_minor = 0;
  int64_t total_profit_minor = 0;
  std::vector<ParetoPoint> curve;   // percent 1..100
  std::vector<uint32_t> top;        // rows of the top 20%, best first
  std::vector<int64_t> profit_minor;  // per row of the stats
};

// Computes the curve over `stats` (revenue = calibration revenue). Errors: invalid_argument
// for a margin outside 0..10000 bp or a negative cost.
[[nodiscard]] Result<ParetoReport> ComputePareto(const CustomerStats& stats,
                                                 const CustomerIndex& ids,
                                                 const ParetoOptions& options = {});

}  // namespace loyal::analytics
