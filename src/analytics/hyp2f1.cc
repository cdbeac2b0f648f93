#include "analytics/hyp2f1.h"

#include <cmath>
#include <limits>

#include <boost/math/special_functions/gamma.hpp>

namespace loyal::analytics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxTerms = 20000;
// Up to this z the direct series converges in at most ~150 terms.
constexpr double kConnectAbove = 0.75;
// Above it the series is still preferred while it converges in this many terms (z up to ~0.995):
// the 1 - z connection formula is quick but cancels badly for large parameters (x in the
// hundreds), losing up to 1e-9 relative where the series loses nothing.
constexpr int kNearOneSeriesTerms = 8000;
// Distance from an integer c - a - b below which the connection formula's gamma poles cancel
// badly; there we interpolate between c - a - b = m +- kPoleStep instead (the function is
// analytic in c, so the error is O(kPoleStep^2)).
constexpr double kPoleStep = 1e-5;

// Sum of the series, or NaN if it has not converged within max_terms; stops once terms shrink
// (ratio < 1) and no longer move the sum.
double Series(double a, double b, double c, double z, int max_terms = kMaxTerms) {
  double term = 1, sum = 1;
  for (int n = 0; n < max_terms; ++n) {
    const double ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    term *= ratio;
    sum += term;
    if (term == 0 || (std::abs(ratio) < 1 && std::abs(term) <= 1e-17 * std::abs(sum))) return sum;
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
// behaved series: for customers with hundreds of purchases a, b ~ 500 while c - a, c - b stay small,
// and the transformed series converges from its first term even for z near 1.
double SeriesWithEuler(double a, double b, double c, double z, int max_terms = kMaxTerms) {
  if (Badness(c - a, c - b) < Badness(a, b)) {
    return std::pow(1 - z, c - a - b) * Series(c - a, c - b, c, z, max_terms);
  }
  return Series(a, b, c, z, max_terms);
}

// Abramowitz & Stegun 15.3.6, for z near 1 and c - a - b not an integer.
double Connection(double a, double b, double c, double z) {
  const double w = 1 - z;
  const double s = c - a - b;
  const double t1 = GammaRatio(c, s, c - a, c - b);
  const double t2 = GammaRatio(c, -s, a, b);
  double sum = 0;
  if (t1 != 0) sum += t1 * SeriesWithEuler(a, b, 1 - s, w);
  if (t2 != 0) sum += t2 * std::pow(w, s) * SeriesWithEuler(c - a, c - b, 1 + s, w);
  return sum;
}

double NearOne(double a, double b, double c, double z) {
  const double s = c - a - b;
  const double m = std::round(s);
  if (std::abs(s - m) >= kPoleStep) return Connection(a, b, c, z);
  const double lo = Connection(a, b, a + b + m - kPoleStep, z);
  const double hi = Connection(a, b, a + b + m + kPoleStep, z);
  return lo + (hi - lo) * (s - (m - kPoleStep)) / (2 * kPoleStep);
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
  // Near z = 1 the series still wins when c is large against the numerator parameters; else the
  // connection formula, whose series run in 1 - z.
  const double v = SeriesWithEuler(a, b, c, z, kNearOneSeriesTerms);
  if (std::isfinite(v)) return v;
  const double connected = NearOne(a, b, c, z);
  return std::isfinite(connected) ? connected : kNaN;
}

}  // namespace loyal::analytics
