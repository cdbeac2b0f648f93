#include "analytics/nbd.h"

#include <cmath>

#include "analytics/likelihood_terms.h"

namespace loyal::analytics {

double LogLikelihood(const NbdParams& p, const PreparedTriples& data, std::span<double> gradient) {
  const internal::LogRisingSum rising = internal::SumLogRising(p.r, data.weight_by_x, 0);
  const double log_alpha = std::log(p.alpha);
  std::vector<double> log_at(data.times.size()), inv_at(data.times.size());
  for (std::size_t k = 0; k < data.times.size(); ++k) {
    log_at[k] = std::log(p.alpha + data.times[k]);
    inv_at[k] = 1 / (p.alpha + data.times[k]);
  }
  double ll = rising.value + data.total_weight * p.r * log_alpha;
  double d_r = rising.derivative + data.total_weight * log_alpha;
  double d_alpha = data.total_weight * p.r / p.alpha;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const double w = data.weight[i];
    const double rx = p.r + data.x[i];
    const std::uint32_t t = data.T_index[i];
    ll -= w * rx * log_at[t];
    d_r -= w * log_at[t];
    d_alpha -= w * rx * inv_at[t];
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
