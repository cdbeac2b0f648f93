#include "analytics/hyp2f1.h"

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>

namespace loyal::analytics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxTerms = 20000;
// Up to this z the direct series converges in at most ~150 terms.
constexpr double kConnectAbove = 0.75;
// Above it the 1 - z connection formula is used while its two terms cancel by less than this
// factor (so it loses at most ~1e-12 relative).
constexpr double kMaxCancellation = 1e4;
// Distance from an integer c - a - b below which the connection formula's gamma poles cancel
// badly; there the series is used, and if even that fails we interpolate between
// c - a - b = m +- kPoleStep (the function is analytic in c, so the error is O(kPoleStep^2)).
constexpr double kPoleStep = 1e-5;

// Sum of the series, or NaN if it has not converged within max_terms; stops once terms shrink
// (ratio < 1) and no longer move the sum, but never before every parameter + n is positive: while
// c + n < 0 the terms can grow again as c + n passes close to zero. If `abs_sum` is given it
// receives the sum of the terms' magnitudes: abs_sum / |sum| is how much cancellation has cost.
double Series(double a, double b, double c, double z, int max_terms = kMaxTerms,
              double* abs_sum = nullptr) {
  double term = 1, sum = 1, magnitude = 1;
  const double settled = std::max({0.0, -a, -b, -c});
  for (int n = 0; n < max_terms; ++n) {
    const double ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    term *= ratio;
    sum += term;
    magnitude += std::abs(term);
    const bool small = std::abs(ratio) < 1 && std::abs(term) <= 1e-17 * std::abs(sum);
    if (term == 0 || (small && n >= settled)) {
      if (abs_sum != nullptr) *abs_sum = magnitude;
      return sum;
    }
    if (!std::isfinite(sum)) return kNaN;
  }
  return kNaN;
}

// How badly a series with numerator parameters p, q behaves: terms alternate in sign (and cancel)
// while a parameter below -1 has not yet been passed, and grow first when p q / c is large.
double Badness(double p, double q) {
  const double alternating = (p < -1 ? -p : 0) + (q < -1 ? -q : 0);
  return alternating * 1e6 + std::abs(p * q);
}

// log|Gamma(x)| and its sign; sign 0 at the poles (x = 0, -1, ...), where 1/Gamma(x) = 0.
struct LogGamma {
  double log_abs = 0;
  int sign = 0;
};
LogGamma LgammaSigned(double x) {
  if (x <= 0 && x == std::floor(x)) return {0, 0};
  int sign = 1;
  const double v = boost::math::lgamma(x, &sign);
  return {v, sign};
}

// Gamma(n1) Gamma(n2) / (Gamma(d1) Gamma(d2)) as sign * exp(log); 0 when a denominator has a pole.
double GammaRatio(double n1, double n2, double d1, double d2) {
  const LogGamma a = LgammaSigned(n1), b = LgammaSigned(n2);
  const LogGamma c = LgammaSigned(d1), d = LgammaSigned(d2);
  if (c.sign == 0 || d.sign == 0) return 0;
  if (a.sign == 0 || b.sign == 0) return kNaN;
  return a.sign * b.sign * c.sign * d.sign *
         std::exp(a.log_abs + b.log_abs - c.log_abs - d.log_abs);
}

// Euler's transformation F(a,b;c;z) = (1-z)^(c-a-b) F(c-a,c-b;c;z) when it gives the better
// behaved series: for customers with hundreds of purchases a, b ~ 500 while c - a, c - b stay
// small, and the transformed series converges from its first term even for z near 1.
double SeriesWithEuler(double a, double b, double c, double z, int max_terms = kMaxTerms,
                       double* abs_sum = nullptr) {
  if (Badness(c - a, c - b) < Badness(a, b)) {
    const double factor = std::pow(1 - z, c - a - b);
    const double v = factor * Series(c - a, c - b, c, z, max_terms, abs_sum);
    if (abs_sum != nullptr) *abs_sum *= factor;
    return v;
  }
  return Series(a, b, c, z, max_terms, abs_sum);
}

// Abramowitz & Stegun 15.3.6, for z near 1 and c - a - b not an integer. `condition` is the ratio
// of the magnitudes of everything summed to the result: how much precision cancellation (between
// the two terms, or inside their series when a parameter is large) has cost.
struct Connected {
  double value = kNaN;
  double condition = 0;
};
Connected Connection(double a, double b, double c, double z) {
  const double w = 1 - z;
  const double s = c - a - b;
  const double t1 = GammaRatio(c, s, c - a, c - b);
  const double t2 = GammaRatio(c, -s, a, b);
  double abs1 = 0, abs2 = 0;
  const double first = t1 == 0 ? 0 : t1 * SeriesWithEuler(a, b, 1 - s, w, kMaxTerms, &abs1);
  const double second_factor = t2 * std::pow(w, s);
  const double second =
      t2 == 0 ? 0 : second_factor * SeriesWithEuler(c - a, c - b, 1 + s, w, kMaxTerms, &abs2);
  const double sum = first + second;
  return {sum, (std::abs(t1) * abs1 + std::abs(second_factor) * abs2) / std::abs(sum)};
}

// Interpolates across an integer c - a - b = m from m +- kPoleStep.
double AcrossPole(double a, double b, double c, double z) {
  const double m = std::round(c - a - b);
  const double lo = Connection(a, b, a + b + m - kPoleStep, z).value;
  const double hi = Connection(a, b, a + b + m + kPoleStep, z).value;
  return lo + (hi - lo) * (c - a - b - (m - kPoleStep)) / (2 * kPoleStep);
}

}  // namespace

double Hyp2F1(double a, double b, double c, double z) {
  if (!(z < 1) || (c <= 0 && c == std::floor(c))) return kNaN;
  if (z == 0 || a == 0 || b == 0) return 1;
  if (z < 0) {
    // Pfaff: F(a,b;c;z) = (1-z)^(-a) F(a, c-b; c; z/(z-1)), argument now in [0, 1). Apply it to
    // whichever of a, b leaves the smaller parameters.
    const double w = z / (z - 1);
    if (Badness(a, c - b) <= Badness(c - a, b)) {
      return std::pow(1 - z, -a) * Hyp2F1(a, c - b, c, w);
    }
    return std::pow(1 - z, -b) * Hyp2F1(c - a, b, c, w);
  }
  if (z <= kConnectAbove) return SeriesWithEuler(a, b, c, z);
  // Near z = 1 the connection formula's series run in 1 - z and converge fast; use it unless its
  // two terms cancel (large parameters) or c - a - b is all but an integer (its poles), and then
  // the slow but exact series.
  const double s = c - a - b;
  const bool near_pole = std::abs(s - std::round(s)) < kPoleStep;
  if (!near_pole) {
    const Connected connected = Connection(a, b, c, z);
    if (std::isfinite(connected.value) && connected.condition < kMaxCancellation) {
      return connected.value;
    }
  }
  const double v = SeriesWithEuler(a, b, c, z);
  if (std::isfinite(v)) return v;
  const double fallback = near_pole ? AcrossPole(a, b, c, z) : Connection(a, b, c, z).value;
  return std::isfinite(fallback) ? fallback : kNaN;
}

}  // namespace loyal::analytics
