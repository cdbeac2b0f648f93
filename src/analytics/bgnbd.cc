#include "analytics/bgnbd.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "analytics/hyp2f1.h"
#include "analytics/likelihood_terms.h"
#include "analytics/nbd.h"
#include "analytics/two_way_split.h"

namespace loyal::analytics {
namespace {

using internal::Sigmoid;

// MBG/NBD tosses the drop-out coin once more (right after the first purchase): k = 1. The
// parameter struct types keep the two models apart at every call site; here they share one kernel.
struct Family {
  double r, alpha, a, b;
  int k;  // 0: BG/NBD, 1: MBG/NBD
};

// sum_x W[x] log(B(a, b + x + k) / B(a, b)) = sum_x W[x] sum_{j < x + k} log((b + j) / (a + b +
// j)), summed as -log1p(a / (b + j)) so it stays exact as b -> infinity; plus d/da and d/db.
struct BetaTerms {
  double value = 0, d_a = 0, d_b = 0;
};
BetaTerms SumBetaTerms(double a, double b, std::span<const double> weight_by_x, int k) {
  BetaTerms sum;
  double tail = 0;
  const int size = static_cast<int>(weight_by_x.size());
  for (int j = size - 2 + k; j >= 0; --j) {
    tail += weight_by_x[j - k + 1];
    if (tail == 0) continue;
    const double inv_ab = 1 / (a + b + j);
    sum.value -= tail * std::log1p(a / (b + j));
    sum.d_a -= tail * inv_ab;
    sum.d_b += tail * a * inv_ab / (b + j);
  }
  return sum;
}

// u = log of the drop-out term over the alive term in the likelihood of one triple:
// log(a / (b + x - 1 + k)) + (r + x) log((alpha + T) / (alpha + t_x)); P(alive) = 1 / (1 + e^u).
bool HasDropOutTerm(const Family& f, int x) { return x > 0 || f.k == 1; }

// The likelihood is the NBD's times the beta terms, plus per triple with a drop-out term
// log(1 + e^u); only that last part needs a pass over the triples.
double FamilyLogLikelihood(const Family& f, const PreparedTriples& data,
                           std::span<double> gradient) {
  double nbd_gradient[2] = {0, 0};
  double ll =
      LogLikelihood(NbdParams{f.r, f.alpha}, data,
                    gradient.empty() ? std::span<double>() : std::span<double>(nbd_gradient));
  const std::size_t nt = data.times.size();
  std::vector<double> log_at(nt), inv_at(nt);
  for (std::size_t i = 0; i < nt; ++i) {
    log_at[i] = std::log(f.alpha + data.times[i]);
    inv_at[i] = 1 / (f.alpha + data.times[i]);
  }
  // log and inverse of b + x - 1 + k per x (index x); unused at x = 0 for BG/NBD.
  std::vector<double> log_bx(data.max_x + 1), inv_bx(data.max_x + 1);
  for (int x = 0; x <= data.max_x; ++x) {
    const double bx = f.b + x - 1 + f.k;
    log_bx[x] = bx > 0 ? std::log(bx) : 0;
    inv_bx[x] = bx > 0 ? 1 / bx : 0;
  }
  const double log_a = std::log(f.a);
  // Sums over the triples of w * sigmoid(u) times what d u / d(param) needs, per half of the
  // triples (see two_way_split.h), added in a fixed order.
  struct Sums {
    double ll = 0, s = 0, s_dlog = 0, s_dinv = 0, s_inv_bx = 0;
  };
  Sums parts[2];
  internal::ForEachPart(data.size(), [&](int part, std::size_t begin, std::size_t end) {
    Sums sum;
    for (std::size_t i = begin; i < end; ++i) {
      const int x = data.x[i];
      if (!HasDropOutTerm(f, x)) continue;
      const double w = data.weight[i];
      const double rx = f.r + x;
      const std::uint32_t T = data.T_index[i], tx = data.tx_index[i];
      const double dlog = log_at[T] - log_at[tx];
      const internal::SoftplusSigmoid sp =
          internal::SoftplusAndSigmoid(log_a - log_bx[x] + rx * dlog);
      sum.ll += w * sp.softplus;
      const double sigma = w * sp.sigmoid;
      sum.s += sigma;
      sum.s_dlog += sigma * dlog;
      sum.s_dinv += sigma * rx * (inv_at[T] - inv_at[tx]);
      sum.s_inv_bx += sigma * inv_bx[x];
    }
    parts[part] = sum;
  });
  const double s = parts[0].s + parts[1].s, s_dlog = parts[0].s_dlog + parts[1].s_dlog;
  const double s_dinv = parts[0].s_dinv + parts[1].s_dinv;
  const double s_inv_bx = parts[0].s_inv_bx + parts[1].s_inv_bx;
  ll += parts[0].ll + parts[1].ll;
  const BetaTerms beta = SumBetaTerms(f.a, f.b, data.weight_by_x, f.k);
  ll += beta.value;
  if (!gradient.empty()) {
    gradient[0] = nbd_gradient[0] + s_dlog;
    gradient[1] = nbd_gradient[1] + s_dinv;
    gradient[2] = beta.d_a + s / f.a;
    gradient[3] = beta.d_b - s_inv_bx;
  }
  return ll;
}

double FamilyPAlive(const Family& f, double x, double tx, double T) {
  if (!HasDropOutTerm(f, static_cast<int>(x))) return 1.0;
  const double u = std::log(f.a / (f.b + x - 1 + f.k)) +
                   (f.r + x) * (std::log(f.alpha + T) - std::log(f.alpha + tx));
  return Sigmoid(-u);
}

// FHL (2005) eq. (10) without its P(alive) denominator, with the posterior p ~ beta(a, b + x + k):
//   c / (a - 1) * [1 - (1 - z)^(r + x) 2F1(r + x, b + x + k; c; z)],  c = a + b + x + k - 1,
// z = t / (alpha + T + t), rewritten by Euler's transformation as
//   c / (a - 1) * [1 - (1 - z)^(a - 1) 2F1(c - r - x, a - 1; c; z)],
// whose 2F1 has small numerator parameters however large x is.
double AliveExpectation(double r, double alpha, double a, double b, int k, double x, double T,
                        double t) {
  const double c = a + b + x + k - 1;
  const double z = t / (alpha + T + t);
  const double one_minus_z = (alpha + T) / (alpha + T + t);
  return c / (a - 1) * (1 - std::pow(one_minus_z, a - 1) * Hyp2F1(c - r - x, a - 1, c, z));
}

double FamilyExpectationIfAlive(const Family& f, double x, double T, double t) {
  if (t <= 0) return 0;
  // a = 1 (and c = 0 for BG/NBD at x = 0) are removable singularities of the formula: there the
  // expectation is interpolated from a -+ kStep, where it is accurate (error O(kStep^2)).
  constexpr double kStep = 1e-4;
  const double c = f.a + f.b + x + f.k - 1;
  if (std::abs(f.a - 1) < kStep || std::abs(c) < kStep) {
    const double lo = AliveExpectation(f.r, f.alpha, f.a - kStep, f.b, f.k, x, T, t);
    const double hi = AliveExpectation(f.r, f.alpha, f.a + kStep, f.b, f.k, x, T, t);
    return 0.5 * (lo + hi);
  }
  return AliveExpectation(f.r, f.alpha, f.a, f.b, f.k, x, T, t);
}

// The weeks of FamilyExpectationIfAlive summed in one pass: the series of
// 2F1(c - r - x, a - 1; c; z) has the same coefficients for every week, so each coefficient is
// applied to all weeks' powers of z at once (a loop the compiler vectorises). Falls back to week
// by week where that series is slow (z > 0.75) or the formula is near its removable singularities.
void FamilyWeekly(const Family& f, double x, double T, std::span<double> out) {
  constexpr double kStep = 1e-4, kMaxZ = 0.75;
  const std::size_t weeks = out.size();
  const double c = f.a + f.b + x + f.k - 1;
  const double z_max = weeks / (f.alpha + T + weeks);
  if (weeks == 0 || z_max > kMaxZ || std::abs(f.a - 1) < kStep || std::abs(c) < kStep) {
    for (std::size_t w = 0; w < weeks; ++w) out[w] = FamilyExpectationIfAlive(f, x, T, w + 1.0);
    return;
  }
  std::vector<double> z(weeks), power(weeks, 1.0), sum(weeks, 1.0);
  for (std::size_t w = 0; w < weeks; ++w) z[w] = (w + 1.0) / (f.alpha + T + w + 1.0);
  const double A = c - f.r - x, B = f.a - 1;
  const double settled = std::max({0.0, -A, -B, -c});
  double coefficient = 1, z_power = 1;
  for (int n = 0; n < 2000; ++n) {
    coefficient *= (A + n) * (B + n) / ((c + n) * (n + 1.0));
    z_power *= z_max;
    for (std::size_t w = 0; w < weeks; ++w) {
      power[w] *= z[w];
      sum[w] += coefficient * power[w];
    }
    if (n >= settled && std::abs(coefficient) * z_power <= 1e-17 * std::abs(sum[weeks - 1])) break;
  }
  for (std::size_t w = 0; w < weeks; ++w) {
    const double one_minus_z = (f.alpha + T) / (f.alpha + T + w + 1.0);
    out[w] = c / (f.a - 1) * (1 - std::pow(one_minus_z, f.a - 1) * sum[w]);
  }
}

Family Bg(const BgNbdParams& p) { return {p.r, p.alpha, p.a, p.b, 0}; }
Family Mbg(const MbgNbdParams& p) { return {p.r, p.alpha, p.a, p.b, 1}; }

}  // namespace

double LogLikelihood(const BgNbdParams& p, const PreparedTriples& data,
                     std::span<double> gradient) {
  return FamilyLogLikelihood(Bg(p), data, gradient);
}
double LogLikelihood(const MbgNbdParams& p, const PreparedTriples& data,
                     std::span<double> gradient) {
  return FamilyLogLikelihood(Mbg(p), data, gradient);
}

double PAlive(const BgNbdParams& p, double x, double tx, double T) {
  return FamilyPAlive(Bg(p), x, tx, T);
}
double PAlive(const MbgNbdParams& p, double x, double tx, double T) {
  return FamilyPAlive(Mbg(p), x, tx, T);
}

double ExpectedPurchasesIfAlive(const BgNbdParams& p, double x, double T, double t) {
  return FamilyExpectationIfAlive(Bg(p), x, T, t);
}
double ExpectedPurchasesIfAlive(const MbgNbdParams& p, double x, double T, double t) {
  return FamilyExpectationIfAlive(Mbg(p), x, T, t);
}

void WeeklyExpectedPurchasesIfAlive(const BgNbdParams& p, double x, double T,
                                    std::span<double> out) {
  FamilyWeekly(Bg(p), x, T, out);
}
void WeeklyExpectedPurchasesIfAlive(const MbgNbdParams& p, double x, double T,
                                    std::span<double> out) {
  FamilyWeekly(Mbg(p), x, T, out);
}

}  // namespace loyal::analytics
