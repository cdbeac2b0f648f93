#include "analytics/likelihood_terms.h"

namespace loyal::analytics::internal {

LogRisingSum SumLogRising(double v, std::span<const double> weight_by_x, int shift) {
  // Swap the order of summation: log(v + j) is weighted by every x with x + shift > j.
  const int max_j = static_cast<int>(weight_by_x.size()) - 1 + shift;  // exclusive bound on j
  double tail = 0;  // total weight of x > j - shift, accumulated from the top
  LogRisingSum sum;
  for (int j = max_j - 1; j >= 0; --j) {
    const int x = j - shift + 1;  // smallest x whose range includes j
    if (x >= 0 && x < static_cast<int>(weight_by_x.size())) tail += weight_by_x[x];
    if (tail == 0) continue;
    sum.value += tail * std::log(v + j);
    sum.derivative += tail / (v + j);
  }
  return sum;
}

}  // namespace loyal::analytics::internal
