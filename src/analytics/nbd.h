// The NBD purchase model (Ehrenberg 1959): Poisson purchasing with gamma(r, alpha) heterogeneity
// and no drop-out. It is the limit the BG/NBD, MBG/NBD and Pareto/NBD fits run to when a shop's
// data show no drop-out, so FitModel reports it in their place (see clv_model.h).
//
// Pure functions; thread-safe.
#pragma once

#include <span>

#include "analytics/rfm_triples.h"

namespace loyal::analytics {

struct NbdParams {
  double r = 0, alpha = 0;
};

// Total weighted log-likelihood of the timing data (x purchases in (0, T], the purchase times
// themselves; t_x does not matter without drop-out). If `gradient` is non-empty (size 2) it
// receives d LL / d(r, alpha).
double LogLikelihood(const NbdParams& p, const PreparedTriples& data, std::span<double> gradient);

// Without drop-out every customer is alive.
double PAlive(const NbdParams& p, double x, double tx, double T);

// E[purchases in (T, T + t] | x, T] = (r + x) / (alpha + T) * t.
double ExpectedPurchasesIfAlive(const NbdParams& p, double x, double T, double t);

}  // namespace loyal::analytics
