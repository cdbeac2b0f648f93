#include "analytics/nbd.h"

#include <cmath>

#include "analytics/likelihood_terms.h"

namespace loyal::analytics {

double LogLikelihood(const NbdParams& p, const PreparedTriples& data, std::span<double> gradient) {
  const internal::LogRisingSum rising = internal::SumLogRising(p.r, data.weight_by_x, 0);
  const double log_alpha = std::log(p.alpha);
  double ll = rising.value + data.total_weight * p.r * log_alpha;
  double d_r = rising.derivative + data.total_weight * log_alpha;
  double d_alpha = data.total_weight * p.r / p.alpha;
  // -(r + x) log(alpha + T), summed per distinct T.
  for (std::size_t k = 0; k < data.times.size(); ++k) {
    if (data.weight_by_T[k] == 0) continue;
    const double rx_weight = p.r * data.weight_by_T[k] + data.x_weight_by_T[k];
    const double log_at = std::log(p.alpha + data.times[k]);
    ll -= rx_weight * log_at;
    d_r -= data.weight_by_T[k] * log_at;
    d_alpha -= rx_weight / (p.alpha + data.times[k]);
  }
  if (!gradient.empty()) {
    gradient[0] = d_r;
    gradient[1] = d_alpha;
  }
  return ll;
}

double PAlive(const NbdParams&, double, double, double) { return 1.0; }

double ExpectedPurchasesIfAlive(const NbdParams& p, double x, double T, double t) {
  return (p.r + x) / (p.alpha + T) * t;
}

}  // namespace loyal::analytics
