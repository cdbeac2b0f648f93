// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way") and its
// modification MBG/NBD (Batislam, Denizel & Filiztekin 2007; BTYDplus `mbgnbd`, i.e. MBG/CNBD-k
// with k = 1), in which a customer may also drop out right after the first purchase. Both share
// one kernel: MBG/NBD is BG/NBD with the drop-out coin tossed x + 1 instead of x times.
//
// Likelihoods are in log space, exact for integer x (log-gamma ratios are summed as rising
// factorials), so b -> infinity and x in the hundreds stay finite. Pure functions; thread-safe.
#pragma once

#include <span>

#include "analytics/rfm_triples.h"

namespace loyal::analytics {

// lambda ~ gamma(r, alpha) purchase rates; p ~ beta(a, b) drop-out probabilities.
struct BgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};
struct MbgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};

// Total weighted log-likelihood. If `gradient` is non-empty (size 4) it receives
// d LL / d(r, alpha, a, b).
double LogLikelihood(const BgNbdParams& p, const PreparedTriples& data, std::span<double> gradient);
double LogLikelihood(const MbgNbdParams& p, const PreparedTriples& data,
                     std::span<double> gradient);

// P(customer still alive at T | x, t_x, T). BG/NBD: 1 for x = 0 (nobody drops out before the
// first repeat purchase); MBG/NBD: below 1 for x = 0.
double PAlive(const BgNbdParams& p, double x, double tx, double T);
double PAlive(const MbgNbdParams& p, double x, double tx, double T);

// E[purchases in (T, T + t] | alive at T, x, T]; multiply by PAlive for FHL (2005) eq. (10).
// Finite for all a > 0 (a = 1 is a removable singularity of the published formula).
double ExpectedPurchasesIfAlive(const BgNbdParams& p, double x, double T, double t);
double ExpectedPurchasesIfAlive(const MbgNbdParams& p, double x, double T, double t);

// ExpectedPurchasesIfAlive at t = 1, 2, ..., out.size() weeks, into out[t - 1]: the CLV sum's
// inputs. All weeks share one 2F1 series (only z differs), so they are summed together, several
// times faster than week by week.
void WeeklyExpectedPurchasesIfAlive(const BgNbdParams& p, double x, double T,
                                    std::span<double> out);
void WeeklyExpectedPurchasesIfAlive(const MbgNbdParams& p, double x, double T,
                                    std::span<double> out);

}  // namespace loyal::analytics
