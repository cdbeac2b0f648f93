#include "analytics/clv_pipeline.h"

#include <cmath>

namespace loyal::analytics {
namespace {

// The Gamma-Gamma model is fitted on customers with repeat purchases of positive value
// (a repeat day made only of free items carries no spend information).
Result<GammaGammaFit> FitSpend(const SummaryColumns& columns) {
  std::vector<double> x, m;
  for (size_t i = 0; i < columns.frequency.size(); ++i) {
    if (columns.frequency[i] > 0 && columns.monetary[i] > 0) {
      x.push_back(columns.frequency[i]);
      m.push_back(columns.monetary[i]);
    }
  }
  auto fit = FitGammaGamma(x, m);
  if (!fit) {
    return MakeError(fit.error().code, "spend model: " + fit.error().message, fit.error().field);
  }
  return fit;
}

}  // namespace

double WeeklyDiscountRate(double annual) { return std::pow(1.0 + annual, 7.0 / 365.25) - 1.0; }

Result<PurchaseFit> FitPurchaseModel(const CustomerStats& stats, ModelKind kind,
                                     int currency_exponent) {
  PurchaseFit fit;
  fit.columns = ToSummaryColumns(stats, currency_exponent);
  LOY_ASSIGN_OR_RETURN(fit.triples, CompressTriples(fit.columns.frequency, fit.columns.recency,
                                                    fit.columns.age));
  auto model = FitModel(kind, fit.triples.triples);
  if (!model) {
    return MakeError(model.error().code, "purchase model: " + model.error().message,
                     model.error().field);
  }
  fit.model = std::move(*model);
  return fit;
}

std::vector<double> PAliveByCustomer(const PurchaseFit& fit) {
  const RfmTriples& t = fit.triples.triples;
  std::vector<double> per_triple(t.size());
  for (size_t k = 0; k < t.size(); ++k) per_triple[k] = fit.model.PAlive(t.x[k], t.tx[k], t.T[k]);
  std::vector<double> out(fit.triples.customer_to_triple.size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = per_triple[fit.triples.customer_to_triple[i]];
  return out;
}

Result<ClvResult> RunClv(const CustomerStats& stats, const ClvOptions& options) {
  if (options.horizon_weeks < 0 || options.horizon_weeks > 5200) {
    return InvalidArgument("the horizon must be between 0 and 5200 weeks", "--horizon");
  }
  if (!std::isfinite(options.annual_discount_rate) || options.annual_discount_rate < 0) {
    return InvalidArgument("the discount rate must be a number >= 0", "--discount-rate");
  }
  ClvResult result;
  LOY_ASSIGN_OR_RETURN(result.purchases,
                       FitPurchaseModel(stats, options.model, options.currency_exponent));
  LOY_ASSIGN_OR_RETURN(result.spend, FitSpend(result.purchases.columns));
  const ScoreOptions score{options.horizon_weeks,
                           WeeklyDiscountRate(options.annual_discount_rate)};
  LOY_ASSIGN_OR_RETURN(result.scores,
                       ScoreCustomers(result.purchases.model.model, result.spend.params,
                                      result.purchases.triples, result.purchases.columns.monetary,
                                      score));
  if (stats.window.observation_end > stats.window.calibration_end) {
    const SummaryColumns& c = result.purchases.columns;
    LOY_ASSIGN_OR_RETURN(result.holdout,
                         ValidateHoldout(result.purchases.model.model, c.frequency, c.recency,
                                         c.age, c.holdout, stats.HoldoutWeeks()));
  }
  return result;
}

}  // namespace loyal::analytics
