// Building blocks shared by the CLV likelihood kernels: sums of log rising factorials over the
// per-x weights, and numerically safe log-sum-exp pieces. Internal to analytics/.
//
// Pure functions; thread-safe.
#pragma once

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

// log(1 + e^u) and e^u / (1 + e^u) without overflow.
inline double Softplus(double u) {
  return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
}
inline double Sigmoid(double u) {
  if (u > 0) return 1 / (1 + std::exp(-u));
  const double e = std::exp(u);
  return e / (1 + e);
}

// log(e^a + e^b), either may be -infinity.
inline double LogAddExp(double a, double b) {
  if (a < b) std::swap(a, b);
  if (b == -INFINITY) return a;
  return a + std::log1p(std::exp(b - a));
}

}  // namespace loyal::analytics::internal
