#include "analytics/churn.h"

#include <cmath>

namespace loyal::analytics {
namespace {

constexpr std::array<Label, kChurnBandCount> kLabels = {{
    {"active", "Active"},
    {"cooling", "Cooling"},
    {"at_risk", "At Risk"},
    {"lost", "Lost"},
}};

bool RulesOrdered(const ChurnRules& r) {
  return r.lost_p_alive <= r.at_risk_p_alive && r.at_risk_p_alive <= r.cooling_p_alive &&
         r.cooling_days <= r.at_risk_days && r.at_risk_days <= r.lost_days;
}

}  // namespace

std::span<const Label, kChurnBandCount> ChurnBandLabels() { return kLabels; }

std::string_view ChurnBandSlug(ChurnBand band) { return kLabels[static_cast<size_t>(band)].slug; }

std::string_view ChurnBandName(ChurnBand band) { return kLabels[static_cast<size_t>(band)].name; }

ChurnBand ChurnBandFor(double p_alive, int32_t recency_days, const ChurnRules& rules) {
  if (p_alive < rules.lost_p_alive || recency_days > rules.lost_days) return ChurnBand::kLost;
  if (p_alive < rules.at_risk_p_alive || recency_days > rules.at_risk_days) {
    return ChurnBand::kAtRisk;
  }
  if (p_alive < rules.cooling_p_alive || recency_days > rules.cooling_days) {
    return ChurnBand::kCooling;
  }
  return ChurnBand::kActive;
}

Result<ChurnReport> ComputeChurn(const CustomerStats& stats, std::span<const double> p_alive,
                                 const ChurnRules& rules) {
  if (p_alive.size() != stats.size()) {
    return InvalidArgument("p_alive has " + std::to_string(p_alive.size()) + " values for " +
                           std::to_string(stats.size()) + " customers");
  }
  if (!RulesOrdered(rules)) return InvalidArgument("churn thresholds must grow with the band");
  ChurnReport report;
  report.band.resize(stats.size());
  std::array<double, kChurnBandCount> p_sum{};
  for (size_t i = 0; i < stats.size(); ++i) {
    if (!(p_alive[i] >= 0.0 && p_alive[i] <= 1.0)) {
      return InvalidArgument("p_alive of customer row " + std::to_string(i) + " is not in [0, 1]");
    }
    const ChurnBand band =
        ChurnBandFor(p_alive[i], stats.window.calibration_end - stats.last_day[i], rules);
    report.band[i] = band;
    auto& totals = report.bands[static_cast<size_t>(band)];
    ++totals.customers;
    totals.revenue_minor += stats.NetRevenueMinor(i);
    p_sum[static_cast<size_t>(band)] += p_alive[i];
  }
  for (size_t b = 0; b < kChurnBandCount; ++b) {
    auto& totals = report.bands[b];
    totals.band = static_cast<ChurnBand>(b);
    totals.mean_p_alive = totals.customers == 0 ? 0.0 : p_sum[b] / totals.customers;
  }
  report.revenue_at_risk_minor =
      report.bands[static_cast<size_t>(ChurnBand::kCooling)].revenue_minor +
      report.bands[static_cast<size_t>(ChurnBand::kAtRisk)].revenue_minor;
  return report;
}

}  // namespace loyal::analytics
