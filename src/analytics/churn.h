// Churn: each customer's risk band from P(alive) (a purchase model fitted with the
// calibration end at the as-of date) and recency (days since the last purchase), with
// counts and revenue per band. The band rules are in ChurnRules and docs/analytics.md:
// a customer gets the worst band that either measure puts them in.
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analytics/customer_stats.h"
#include "analytics/labels.h"
#include "core/error.h"

namespace loyal::analytics {

enum class ChurnBand : uint8_t { kActive, kCooling, kAtRisk, kLost };
inline constexpr int kChurnBandCount = 4;

// Every band's slug and display name, in ChurnBand order: {"active", "Active"},
// {"cooling", "Cooling"}, {"at_risk", "At Risk"}, {"lost", "Lost"}.
std::span<const Label, kChurnBandCount> ChurnBandLabels();
// The API's name of a band: "active", "cooling", "at_risk", "lost".
std::string_view ChurnBandSlug(ChurnBand band);
// The display name for people: "Active", "Cooling", "At Risk", "Lost".
std::string_view ChurnBandName(ChurnBand band);

// A customer is in the worst band whose P(alive) or recency threshold they cross:
// lost when P(alive) < lost_p_alive or recency > lost_days; else at risk when
// P(alive) < at_risk_p_alive or recency > at_risk_days; else cooling likewise; else active.
struct ChurnRules {
  double cooling_p_alive = 0.8, at_risk_p_alive = 0.5, lost_p_alive = 0.2;
  int32_t cooling_days = 90, at_risk_days = 180, lost_days = 365;
};

ChurnBand ChurnBandFor(double p_alive, int32_t recency_days, const ChurnRules& rules);

struct ChurnBandTotals {
  ChurnBand band = ChurnBand::kActive;
  int64_t customers = 0;
  int64_t revenue_minor = 0;  // the band's customers' revenue up to the as-of date
  double mean_p_alive = 0;
};

struct ChurnReport {
  std::vector<ChurnBand> band;  // per row of the stats
  std::array<ChurnBandTotals, kChurnBandCount> bands;
  // Revenue of the customers who can still be won back: the cooling and at-risk bands.
  int64_t revenue_at_risk_minor = 0;
};

// Bands every customer of `stats` (recency measured to stats.window.calibration_end) given
// p_alive per row. Errors: invalid_argument when p_alive has the wrong length or a value
// outside [0, 1], or the rules' thresholds are not increasing in severity.
[[nodiscard]] Result<ChurnReport> ComputeChurn(const CustomerStats& stats,
                                               std::span<const double> p_alive,
                                               const ChurnRules& rules = {});

}  // namespace loyal::analytics
