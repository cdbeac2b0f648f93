// The CLV pipeline over per-customer statistics, shared by the file and store paths of
// `loyal analyze clv` and `churn`: (x, t_x, T) compressed to unique triples, the purchase
// model fitted on them, the Gamma-Gamma spend model on repeat customers, every customer
// scored, and, when the window has a holdout, actual against predicted holdout purchases.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "analytics/clv.h"
#include "analytics/clv_model.h"
#include "analytics/customer_stats.h"
#include "analytics/gamma_gamma.h"
#include "analytics/rfm_triples.h"
#include "core/error.h"

namespace loyal::analytics {

struct ClvOptions {
  ModelKind model = ModelKind::kBgNbd;
  int horizon_weeks = 52;
  double annual_discount_rate = 0.10;  // converted to the weekly rate the CLV sum uses
  int currency_exponent = 2;           // monetary values and CLV in major units
};

// The weekly rate equivalent to `annual`: (1 + annual)^(7 / 365.25) - 1.
double WeeklyDiscountRate(double annual);

// The purchase model fitted on `stats`, with the summary and unique triples it used.
struct PurchaseFit {
  SummaryColumns columns;  // per row of the stats
  CompressedTriples triples;
  FittedModel model;
};

// Fits `kind` on stats. Errors: FitModel's (failed_precondition when the data set is too
// small or has no repeat purchases to fit).
[[nodiscard]] Result<PurchaseFit> FitPurchaseModel(const CustomerStats& stats, ModelKind kind,
                                                   int currency_exponent);

// P(alive) of every customer, computed once per unique triple.
std::vector<double> PAliveByCustomer(const PurchaseFit& fit);

struct ClvResult {
  PurchaseFit purchases;
  GammaGammaFit spend;
  CustomerScores scores;                 // per row of the stats
  std::optional<HoldoutReport> holdout;  // when stats.window has a holdout
};

// Runs the whole pipeline. Errors: invalid_argument for a horizon outside 0..5200 weeks or
// a discount rate that is negative or not finite; failed_precondition when either model
// cannot be fitted (too few customers, no repeat purchases, spend model with infinite mean).
[[nodiscard]] Result<ClvResult> RunClv(const CustomerStats& stats, const ClvOptions& options);

}  // namespace loyal::analytics
