#include "analytics/pareto_nbd.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "analytics/hyp2f1.h"
#include "analytics/likelihood_terms.h"

namespace loyal::analytics {
namespace {

// Per-triple pieces of the Fader-Hardie (2005 note, eq. 22) likelihood, in logs:
//   L = Gamma(r+x) alpha^r beta^s / Gamma(r) * [alive + s / (r+s+x) * A0],
//   alive = (alpha+T)^-(r+x) (beta+T)^-s,
//   A0 = F(z(t_x)) / (m+t_x)^(r+s+x) - F(z(T)) / (m+T)^(r+s+x),  m = max(alpha, beta),
// with F(z) = 2F1(r+s+x, s+1; r+s+x+1; z), z(t) = (alpha-beta)/(alpha+t) when alpha >= beta, and
// F(z) = 2F1(r+s+x, r+x; r+s+x+1; z), z(t) = (beta-alpha)/(beta+t) otherwise; z always in [0, 1).
struct Bracket {
  double log_alive = 0;    // log(alive)
  double log_bracket = 0;  // log(alive + s / (r+s+x) * A0)
};

// log(F(z(t)) / (m+t)^(r+s+x)): one of A0's two terms.
double LogA0Term(const ParetoNbdParams& p, double x, double t) {
  const double big = p.r + p.s + x;
  const bool alpha_wins = p.alpha >= p.beta;
  const double m = alpha_wins ? p.alpha : p.beta;
  const double second = alpha_wins ? p.s + 1 : p.r + x;
  const double z = std::abs(p.alpha - p.beta) / (m + t);
  return std::log(Hyp2F1(big, second, big + 1, z)) - big * std::log(m + t);
}

// `a0_term(t)` gives LogA0Term(p, x, t); the likelihood passes a memoised one.
template <class A0Term>
Bracket LogBracket(const ParetoNbdParams& p, double x, double tx, double T, A0Term a0_term) {
  Bracket out;
  out.log_alive = -(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T);
  if (tx >= T) {
    out.log_bracket = out.log_alive;  // A0 = 0: no time after the last purchase to die in
    return out;
  }
  const double log_f_tx = a0_term(tx), log_f_T = a0_term(T);
  // A0 > 0 (it is an integral of a positive function over (t_x, T)), so log_f_T < log_f_tx.
  const double log_a0 = log_f_tx + std::log(-std::expm1(std::min(log_f_T - log_f_tx, 0.0)));
  out.log_bracket = internal::LogAddExp(out.log_alive, std::log(p.s / (p.r + p.s + x)) + log_a0);
  return out;
}

// A0's terms depend on (x, t) only, and many triples share an (x, t_x) or (x, T): up to this many
// (x, distinct time) cells they are computed once per likelihood evaluation.
constexpr std::size_t kMaxMemoCells = 1 << 22;

}  // namespace

double LogLikelihood(const ParetoNbdParams& p, const PreparedTriples& data) {
  const internal::LogRisingSum rising = internal::SumLogRising(p.r, data.weight_by_x, 0);
  double ll = rising.value + data.total_weight * (p.r * std::log(p.alpha) + p.s * std::log(p.beta));
  const std::size_t nt = data.times.size();
  const std::size_t cells = (static_cast<std::size_t>(data.max_x) + 1) * nt;
  std::vector<double> memo(cells <= kMaxMemoCells ? cells : 0, NAN);
  for (std::size_t i = 0; i < data.size(); ++i) {
    const int x = data.x[i];
    auto a0_term = [&](double t) {
      if (memo.empty()) return LogA0Term(p, x, t);
      const std::uint32_t k =
          t == data.times[data.tx_index[i]] ? data.tx_index[i] : data.T_index[i];
      double& cell = memo[static_cast<std::size_t>(x) * nt + k];
      if (std::isnan(cell)) cell = LogA0Term(p, x, t);
      return cell;
    };
    ll += data.weight[i] *
          LogBracket(p, x, data.times[data.tx_index[i]], data.times[data.T_index[i]], a0_term)
              .log_bracket;
  }
  return ll;
}

double PAlive(const ParetoNbdParams& p, double x, double tx, double T) {
  const Bracket b = LogBracket(p, x, tx, T, [&](double t) { return LogA0Term(p, x, t); });
  return std::exp(b.log_alive - b.log_bracket);
}

double ExpectedPurchasesIfAlive(const ParetoNbdParams& p, double x, double T, double t) {
  if (t <= 0) return 0;
  // [1 - ((beta+T)/(beta+T+t))^(s-1)] / (s-1) = -expm1(-(s-1) L) / (s-1), L = log1p(t/(beta+T)),
  // which tends to L as s -> 1.
  const double log_ratio = std::log1p(t / (p.beta + T));
  const double e = p.s - 1;
  const double integral =
      std::abs(e * log_ratio) < 1e-8 ? log_ratio : -std::expm1(-e * log_ratio) / e;
  return (p.r + x) * (p.beta + T) / (p.alpha + T) * integral;
}

}  // namespace loyal::analytics
