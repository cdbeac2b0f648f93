#include "analytics/pareto.h"

#include "analytics/ranking.h"

namespace loyal::analytics {
namespace {

double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// revenue x margin in minor units, rounded half away from zero. Splitting off whole
// multiples of 10000 keeps the product in range for any realistic revenue.
int64_t ApplyMargin(int64_t revenue, int64_t margin_bp) {
  const int64_t whole = revenue / 10000, rest = revenue % 10000;
  const int64_t part = rest * margin_bp;
  return whole * margin_bp + (part >= 0 ? part + 5000 : part - 5000) / 10000;
}

}  // namespace

Result<ParetoReport> ComputePareto(const CustomerStats& stats, const CustomerIndex& ids,
                                   const ParetoOptions& options) {
  if (options.margin_bp < 0 || options.margin_bp > 10000) {
    return InvalidArgument("the margin must be between 0% and 100%", "--margin");
  }
  if (options.cost_per_purchase_minor < 0) {
    return InvalidArgument("the cost per purchase must not be negative", "--cost-per-purchase-minor");
  }
  const size_t n = stats.size();
  ParetoReport report;
  report.profit_minor.resize(n);
  for (size_t i = 0; i < n; ++i) {
    report.profit_minor[i] = ApplyMargin(stats.NetRevenueMinor(i), options.margin_bp) -
                             options.cost_per_purchase_minor * (stats.repeat_days[i] + 1);
    report.total_revenue_minor += stats.NetRevenueMinor(i);
    report.total_profit_minor += report.profit_minor[i];
  }
  const auto order =
      OrderRows<int64_t>(stats.NetRevenuesMinor(), IdRanks(stats.customer, ids), true);
  int64_t revenue = 0, profit = 0;
  size_t taken = 0;
  for (int percent = 1; percent <= 100; ++percent) {
    const size_t count = (static_cast<size_t>(percent) * n + 99) / 100;
    for (; taken < count; ++taken) {
      revenue += stats.NetRevenueMinor(order[taken]);
      profit += report.profit_minor[order[taken]];
    }
    report.curve.push_back({percent, static_cast<int64_t>(count), revenue,
                            Share(revenue, report.total_revenue_minor), profit,
                            Share(profit, report.total_profit_minor)});
  }
  report.top.assign(order.begin(), order.begin() + report.curve[19].customers);
  return report;
}

}  // namespace loyal::analytics
