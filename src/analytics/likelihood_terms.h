// Building blocks shared by the CLV likelihood kernels: sums of log rising factorials over the
// per-x weights, and numerically safe log-sum-exp pieces. Internal to analytics/.
//
// Pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>

namespace loyal::analytics::internal {

// sum_x W[x] * log((v)_(x + shift)) = sum_x W[x] * sum_{j < x + shift} log(v + j), and its
// derivative in v. Exact for integer x, so log-gamma ratios never lose precision for large v,
// and O(max x) per call.
struct LogRisingSum {
  double value = 0, derivative = 0;
};
LogRisingSum SumLogRising(double v, std::span<const double> weight_by_x, int shift);

// log(1 + e^u) and e^u / (1 + e^u) from one exponential, without overflow. log(1 + e) rather
// than log1p(e): the likelihoods sum these, so only the absolute error (<= 1e-16) matters, and log
// is several times faster on the hot path.
struct SoftplusSigmoid {
  double softplus = 0, sigmoid = 0;
};
inline SoftplusSigmoid SoftplusAndSigmoid(double u) {
  const double e = std::exp(-std::abs(u));
  const double inv = 1 / (1 + e);
  return {std::max(u, 0.0) + std::log(1 + e), u > 0 ? inv : e * inv};
}
inline double Sigmoid(double u) { return SoftplusAndSigmoid(u).sigmoid; }

// log(e^a + e^b), either may be -infinity.
inline double LogAddExp(double a, double b) {
  if (a < b) std::swap(a, b);
  if (b == -INFINITY) return a;
  return a + std::log1p(std::exp(b - a));
}

}  // namespace loyal::analytics::internal
