#include "analytics/gamma_gamma.h"

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>

#include "analytics/mle_fit.h"
#include "analytics/triple_table.h"
#include "analytics/two_way_split.h"

namespace loyal::analytics {
namespace {

// The repeat customers, compressed to unique (x, m) with weights, and everything that does not
// depend on (p, q, gamma) summed once.
struct SpendData {
  std::vector<double> x, m, w;        // unique (x, m) of the repeat customers
  std::vector<double> xs, weight_of;  // distinct x and their total weight
  double total = 0;
  double sum_log_m = 0, sum_x_log_m = 0, sum_x_log_x = 0;  // weighted
};

// Adds customers [begin, end) with a repeat purchase to `table` and `unique` as (x, m, 0) rows;
// stops at the first invalid customer.
Status CollectSpend(std::span<const double> x, std::span<const double> m,
                    std::span<const double> weight, std::size_t begin, std::size_t end,
                    internal::TripleTable& table, RfmTriples& unique) {
  for (std::size_t i = begin; i < end; ++i) {
    const double w = weight.empty() ? 1.0 : weight[i];
    auto at = [i](const char* column) { return column + ("[" + std::to_string(i) + "]"); };
    if (!std::isfinite(x[i]) || x[i] < 0 || x[i] != std::floor(x[i])) {
      return InvalidArgument("frequency must be a whole number >= 0", at("x"));
    }
    if (!std::isfinite(w) || w <= 0) return InvalidArgument("weight must be > 0", at("weight"));
    if (x[i] == 0) continue;
    if (!std::isfinite(m[i]) || m[i] <= 0) {
      return InvalidArgument("monetary value of a repeat customer must be > 0", at("m"));
    }
    unique.weight[table.Insert(x[i], m[i], 0.0, unique)] += w;
  }
  return {};
}

Result<SpendData> PrepareSpend(std::span<const double> x, std::span<const double> m,
                               std::span<const double> weight) {
  if (x.size() != m.size() || (!weight.empty() && weight.size() != x.size())) {
    return InvalidArgument("x, monetary value and weight must have the same length");
  }
  // Each half of the customers on its own thread, the second half's rows then merged into the
  // first's: the same rows in the same order as one pass (see CompressTriples), with each row's
  // weight summed per half.
  RfmTriples unique, second;  // columns (x, m, unused) and weights
  internal::TripleTable table, second_table;
  Status status[2];
  internal::ForEachPart(x.size(), [&](int part, std::size_t begin, std::size_t end) {
    status[part] = CollectSpend(x, m, weight, begin, end, part == 0 ? table : second_table,
                                part == 0 ? unique : second);
  });
  for (const Status& s : status) LOY_RETURN_IF_ERROR(s);
  table.Merge(second, unique);
  SpendData d;
  std::map<double, double> by_x;
  for (std::size_t k = 0; k < unique.size(); ++k) {
    const double xk = unique.x[k], mk = unique.tx[k], w = unique.weight[k];
    by_x[xk] += w;
    d.total += w;
    d.sum_log_m += w * std::log(mk);
    d.sum_x_log_m += w * xk * std::log(mk);
    d.sum_x_log_x += w * xk * std::log(xk);
  }
  for (const auto& [value, w] : by_x) {
    d.xs.push_back(value);
    d.weight_of.push_back(w);
  }
  d.x = std::move(unique.x);
  d.m = std::move(unique.tx);
  d.w = std::move(unique.weight);
  return d;
}

Status CheckFittable(const SpendData& d) {
  const bool one_value =
      d.m.empty() || std::all_of(d.m.begin(), d.m.end(), [&](double v) { return v == d.m[0]; });
  if (d.total < 3 || one_value) {
    return FailedPrecondition(
        "too few repeat customers to fit the spend model: need at least 3 "
        "with different mean purchase values");
  }
  return {};
}

double SpendLogLikelihood(const GammaGammaParams& g, const SpendData& d,
                          std::span<double> gradient) {
  using boost::math::digamma;
  const double p = g.p, q = g.q, gamma = g.gamma;
  double ll = -d.total * std::lgamma(q) + d.total * q * std::log(gamma) + p * d.sum_x_log_m -
              d.sum_log_m + p * d.sum_x_log_x;
  double d_p = d.sum_x_log_m + d.sum_x_log_x,
         d_q = -d.total * digamma(q) + d.total * std::log(gamma);
  double d_gamma = d.total * q / gamma;
  for (std::size_t k = 0; k < d.xs.size(); ++k) {
    const double px = p * d.xs[k];
    ll += d.weight_of[k] * (std::lgamma(px + q) - std::lgamma(px));
    if (gradient.empty()) continue;
    const double psi = digamma(px + q);
    d_p += d.weight_of[k] * d.xs[k] * (psi - digamma(px));
    d_q += d.weight_of[k] * psi;
  }
  // sum_i w_i (p x_i + q) log(gamma + m_i x_i) and its derivatives, per half of the (x, m).
  struct Sums {
    double ll = 0, d_p = 0, d_q = 0, d_gamma = 0;
  };
  Sums parts[2];
  internal::ForEachPart(d.x.size(), [&](int part, std::size_t begin, std::size_t end) {
    Sums sum;
    for (std::size_t i = begin; i < end; ++i) {
      const double denominator = gamma + d.m[i] * d.x[i];
      const double log_denominator = std::log(denominator);
      const double shape = p * d.x[i] + q;
      sum.ll -= d.w[i] * shape * log_denominator;
      sum.d_p -= d.w[i] * d.x[i] * log_denominator;
      sum.d_q -= d.w[i] * log_denominator;
      sum.d_gamma -= d.w[i] * shape / denominator;
    }
    parts[part] = sum;
  });
  ll += parts[0].ll + parts[1].ll;
  d_p += parts[0].d_p + parts[1].d_p;
  d_q += parts[0].d_q + parts[1].d_q;
  d_gamma += parts[0].d_gamma + parts[1].d_gamma;
  if (!gradient.empty()) {
    gradient[0] = d_p;
    gradient[1] = d_q;
    gradient[2] = d_gamma;
  }
  return ll;
}

}  // namespace

double GammaGammaLogLikelihood(const GammaGammaParams& params, std::span<const double> x,
                               std::span<const double> m, std::span<const double> weight,
                               std::span<double> gradient) {
  auto data = PrepareSpend(x, m, weight);
  if (!data) return -std::numeric_limits<double>::infinity();
  return SpendLogLikelihood(params, *data, gradient);
}

Result<GammaGammaFit> FitGammaGamma(std::span<const double> x, std::span<const double> m,
                                    std::span<const double> weight) {
  LOY_ASSIGN_OR_RETURN(const SpendData data, PrepareSpend(x, m, weight));
  LOY_RETURN_IF_ERROR(CheckFittable(data));
  double mean_m = 0;
  for (std::size_t i = 0; i < data.m.size(); ++i) mean_m += data.w[i] * data.m[i] / data.total;
  MleProblem problem;
  problem.names = {"p", "q", "gamma"};
  // E[m] = p gamma / (q - 1): start at p = 1, q = 2, gamma = mean m.
  problem.start = {1.0, 2.0, std::clamp(mean_m, 1e-3, 1e5)};
  problem.has_gradient = true;
  problem.upper = 1e8;  // gamma is in money units, which can be large (e.g. minor units)
  problem.log_likelihood = [&data](std::span<const double> v, std::span<double> g) {
    return SpendLogLikelihood(GammaGammaParams{v[0], v[1], v[2]}, data, g);
  };
  LOY_ASSIGN_OR_RETURN(const MleResult fit, MaximizeLikelihood(problem));
  GammaGammaFit out;
  out.params = {fit.params[0], fit.params[1], fit.params[2]};
  out.std_errors = fit.std_errors;
  out.log_likelihood = fit.log_likelihood;
  out.customers = data.total;
  for (std::size_t i = 0; i < fit.params.size(); ++i) {
    if (fit.at_lower[i] || fit.at_upper[i]) {
      out.message +=
          "parameter " + problem.names[i] + " ended at its bound; the estimate is a limit. ";
    }
  }
  return out;
}

double ExpectedSpend(const GammaGammaParams& params, double x, double m) {
  return (params.gamma + m * x) * params.p / (params.p * x + params.q - 1);
}

}  // namespace loyal::analytics
