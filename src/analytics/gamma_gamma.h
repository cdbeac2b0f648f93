// The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for
// customer base analysis"; as in the lifetimes package): a customer's transaction values are
// gamma(p, nu) with nu ~ gamma(q, gamma) across customers, independent of purchase timing. Fitted
// on repeat customers (x > 0) from x and their mean repeat-purchase value m.
//
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace loyal::analytics {

struct GammaGammaParams {
  double p = 0, q = 0, gamma = 0;
};

struct GammaGammaFit {
  GammaGammaParams params;
  std::vector<double> std_errors;  // (p, q, gamma); empty if the Hessian is not positive definite
  double log_likelihood = 0;
  double customers = 0;  // total weight of the repeat customers used
  std::string message;   // set when a parameter ended at its bound (e.g. near-identical spends)
};

// Maximum-likelihood fit on the customers with x > 0 (others are skipped). `weight` may be empty
// (every customer counts once). Errors: InvalidArgument for mismatched lengths, non-finite or
// negative values, m <= 0 with x > 0, or fractional x; FailedPrecondition when fewer than 3
// repeat customers or fewer than 2 distinct mean values remain (nothing to fit).
[[nodiscard]] Result<GammaGammaFit> FitGammaGamma(std::span<const double> x,
                                                  std::span<const double> m,
                                                  std::span<const double> weight = {});

// Total weighted log-likelihood of the x > 0 customers; `gradient` (size 3, or empty) receives
// d LL / d(p, q, gamma). Inputs are assumed valid (FitGammaGamma validates).
double GammaGammaLogLikelihood(const GammaGammaParams& params, std::span<const double> x,
                               std::span<const double> m, std::span<const double> weight,
                               std::span<double> gradient);

// E[mean transaction value | x, m] = (gamma + m x) p / (p x + q - 1): the posterior mean, which for
// x = 0 is the population mean p gamma / (q - 1). Requires q > 1 (else the mean is infinite); the
// caller checks (ScoreCustomers returns FailedPrecondition).
double ExpectedSpend(const GammaGammaParams& params, double x, double m);

}  // namespace loyal::analytics
