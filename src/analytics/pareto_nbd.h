// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) with the likelihood in the form of
// Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions": the
// 2F1 argument is taken as (alpha - beta) / (alpha + t) or (beta - alpha) / (beta + t), whichever
// lies in [0, 1), and everything is combined in log space.
//
// Pure functions; thread-safe.
#pragma once

#include <span>

#include "analytics/rfm_triples.h"

namespace loyal::analytics {

// lambda ~ gamma(r, alpha) purchase rates; mu ~ gamma(s, beta) drop-out rates.
struct ParetoNbdParams {
  double r = 0, alpha = 0, s = 0, beta = 0;
};

// Total weighted log-likelihood. The model has no cheap analytic gradient (it would need 2F1
// derivatives in its parameters), so the fitter differentiates numerically.
double LogLikelihood(const ParetoNbdParams& p, const PreparedTriples& data);

// P(alive at T | x, t_x, T) (Fader & Hardie 2005 note, eq. 19).
double PAlive(const ParetoNbdParams& p, double x, double tx, double T);

// E[purchases in (T, T + t] | alive at T, x, T]
//   = (r + x)(beta + T) / ((alpha + T)(s - 1)) * [1 - ((beta + T) / (beta + T + t))^(s - 1)],
// with its s = 1 limit taken smoothly.
double ExpectedPurchasesIfAlive(const ParetoNbdParams& p, double x, double T, double t);

}  // namespace loyal::analytics
