#include "analytics/mle_fit.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <nlopt.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "analytics/two_way_split.h"

namespace loyal::analytics {
namespace {

// Returned to NLopt for parameters where the likelihood is not finite: far below any real
// likelihood, but finite so L-BFGS's line search simply backs off.
constexpr double kRejected = -1e300;
// Central-difference step in log-parameters for models without an analytic gradient.
constexpr double kLogStep = 1e-6;

struct Objective {
  const MleProblem* problem = nullptr;
  int evaluations = 0;
  double best_ll = kRejected;  // the best point NLopt has seen, for when it gives up
  std::vector<double> best_phi;
};

// f at each of `points`, on two threads: the likelihood passes of a finite-difference gradient
// are independent, and a model without an analytic gradient (Pareto/NBD) spends its fit in them.
// `f` must be safe to call from two threads at once (every LogLikelihoodFn here is).
template <typename F>
std::vector<double> EvaluateAll(const std::vector<std::vector<double>>& points, const F& f) {
  std::vector<double> values(points.size());
  internal::ForEachPart(
      points.size(),
      [&](int, std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k) values[k] = f(points[k]);
      },
      /*minimum=*/2);
  return values;
}

// LL and d LL / d log(theta) at log-parameters phi.
double LogSpaceValue(const MleProblem& problem, const std::vector<double>& phi,
                     std::vector<double>* log_gradient) {
  const std::size_t n = phi.size();
  if (log_gradient != nullptr && !problem.has_gradient) {
    // phi itself first: where the likelihood is not finite (line searches probe such points,
    // often where it is also slowest to evaluate) no gradient is needed. Then phi +- kLogStep
    // along each axis, 2n passes shared by two threads.
    const double ll = LogSpaceValue(problem, phi, nullptr);
    if (ll == kRejected) return kRejected;
    std::vector<std::vector<double>> points(2 * n, phi);
    for (std::size_t i = 0; i < n; ++i) {
      points[2 * i][i] += kLogStep;
      points[2 * i + 1][i] -= kLogStep;
    }
    const std::vector<double> values = EvaluateAll(
        points, [&](const std::vector<double>& at) { return LogSpaceValue(problem, at, nullptr); });
    for (std::size_t i = 0; i < n; ++i) {
      (*log_gradient)[i] = (values[2 * i] - values[2 * i + 1]) / (2 * kLogStep);
    }
    return ll;
  }
  std::vector<double> theta(n), grad(log_gradient != nullptr ? n : 0);
  for (std::size_t i = 0; i < n; ++i) theta[i] = std::exp(phi[i]);
  const double ll = problem.log_likelihood(theta, grad);
  if (!std::isfinite(ll)) return kRejected;
  if (log_gradient != nullptr) {
    for (std::size_t i = 0; i < n; ++i) (*log_gradient)[i] = theta[i] * grad[i];
  }
  return ll;
}

double NloptObjective(const std::vector<double>& phi, std::vector<double>& grad, void* data) {
  auto* objective = static_cast<Objective*>(data);
  ++objective->evaluations;
  const double ll = LogSpaceValue(*objective->problem, phi, grad.empty() ? nullptr : &grad);
  if (ll == kRejected) std::fill(grad.begin(), grad.end(), 0.0);
  if (ll > objective->best_ll) {
    objective->best_ll = ll;
    objective->best_phi = phi;
  }
  return ll;
}

// One L-BFGS run from phi (updated in place). NLopt reports hitting the limits of floating-point
// precision as an exception although phi then holds its best point, and gives up with a generic
// failure when the likelihood is flat along a ray (a parameter running off to a bound); both are
// normal endings here: we keep the best point seen, and the caller checks the bounds. Returns
// whether the run converged (met its tolerance) rather than ending in one of those ways or at
// the evaluation limit.
Result<bool> RunLbfgs(const MleProblem& problem, Objective& objective, std::vector<double>& phi) {
  const std::size_t n = phi.size();
  nlopt::opt opt(nlopt::LD_LBFGS, static_cast<unsigned>(n));
  opt.set_lower_bounds(std::vector<double>(n, std::log(problem.lower)));
  opt.set_upper_bounds(std::vector<double>(n, std::log(problem.upper)));
  opt.set_max_objective(NloptObjective, &objective);
  opt.set_ftol_rel(1e-12);
  opt.set_xtol_abs(1e-10);
  opt.set_maxeval(3000);
  double best = 0;
  nlopt::result outcome = nlopt::FAILURE;
  try {
    outcome = opt.optimize(phi, best);
  } catch (const nlopt::roundoff_limited&) {
  } catch (const std::runtime_error&) {
  } catch (const std::exception& e) {
    return Internal(std::string("likelihood optimisation failed: ") + e.what());
  }
  if (objective.best_ll > kRejected) phi = objective.best_phi;
  return outcome == nlopt::FTOL_REACHED || outcome == nlopt::XTOL_REACHED ||
         outcome == nlopt::SUCCESS;
}

// d LL / d theta at theta: analytic, or central differences with a relative step (their 2n
// passes on two threads).
std::vector<double> NaturalGradient(const LogLikelihoodFn& ll, bool has_gradient,
                                    std::span<const double> theta) {
  const std::size_t n = theta.size();
  std::vector<double> grad(n, 0.0);
  if (has_gradient) {
    ll(theta, grad);
    return grad;
  }
  std::vector<std::vector<double>> points(2 * n, std::vector<double>(theta.begin(), theta.end()));
  for (std::size_t i = 0; i < n; ++i) {
    points[2 * i][i] += 1e-5 * theta[i];
    points[2 * i + 1][i] -= 1e-5 * theta[i];
  }
  const std::vector<double> values =
      EvaluateAll(points, [&](const std::vector<double>& at) { return ll(at, {}); });
  for (std::size_t i = 0; i < n; ++i) {
    grad[i] = (values[2 * i] - values[2 * i + 1]) / (2 * 1e-5 * theta[i]);
  }
  return grad;
}

}  // namespace

std::vector<double> StandardErrors(const LogLikelihoodFn& log_likelihood, bool has_gradient,
                                   std::span<const double> params) {
  // Differences of the gradient: forward ones when it is analytic (one gradient per parameter;
  // O(h) = 1e-5 relative error is plenty for a standard error), central ones when it is itself
  // numerical (its noise would otherwise dominate).
  const std::size_t n = params.size();
  const std::vector<double> at = NaturalGradient(log_likelihood, has_gradient, params);
  Eigen::MatrixXd neg_hessian(n, n);
  for (std::size_t j = 0; j < n; ++j) {
    const double h = (has_gradient ? 1e-5 : 1e-4) * params[j];
    std::vector<double> up(params.begin(), params.end()), down = up;
    up[j] += h;
    down[j] -= h;
    const std::vector<double> g_up = NaturalGradient(log_likelihood, has_gradient, up);
    const std::vector<double> g_down =
        has_gradient ? at : NaturalGradient(log_likelihood, has_gradient, down);
    const double step = has_gradient ? h : 2 * h;
    for (std::size_t i = 0; i < n; ++i) neg_hessian(i, j) = -(g_up[i] - g_down[i]) / step;
  }
  const Eigen::MatrixXd symmetric = 0.5 * (neg_hessian + neg_hessian.transpose());
  if (!symmetric.allFinite()) return {};
  const Eigen::LLT<Eigen::MatrixXd> llt(symmetric);
  if (llt.info() != Eigen::Success) return {};
  const Eigen::MatrixXd covariance = llt.solve(Eigen::MatrixXd::Identity(n, n));
  std::vector<double> se(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!(covariance(i, i) > 0) || !std::isfinite(covariance(i, i))) return {};
    se[i] = std::sqrt(covariance(i, i));
  }
  return se;
}

Result<MleResult> MaximizeLikelihood(const MleProblem& problem) {
  const std::size_t n = problem.start.size();
  if (n == 0 || problem.names.size() != n || !problem.log_likelihood ||
      !(problem.lower > 0 && problem.lower < problem.upper)) {
    return InvalidArgument("inconsistent likelihood problem");
  }
  std::vector<double> phi(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!(problem.start[i] >= problem.lower && problem.start[i] <= problem.upper)) {
      return InvalidArgument("start value outside the parameter bounds", problem.names[i]);
    }
    phi[i] = std::log(problem.start[i]);
  }
  Objective objective;
  objective.problem = &problem;
  if (LogSpaceValue(problem, phi, nullptr) == kRejected) {
    return FailedPrecondition("the likelihood is not finite at the start values");
  }
  // When the first run stops short of its tolerance, a second one restarts L-BFGS's curvature
  // memory at its best point, which polishes it; after a converged run it would only cost
  // likelihood passes (a few parts in 1e12 of log-likelihood on a million customers).
  LOY_ASSIGN_OR_RETURN(const bool converged, RunLbfgs(problem, objective, phi));
  if (!converged) LOY_RETURN_IF_ERROR(RunLbfgs(problem, objective, phi));

  MleResult result;
  result.evaluations = objective.evaluations;
  // phi is the best point the runs evaluated (RunLbfgs), so its likelihood is already known.
  result.log_likelihood = objective.best_ll;
  if (result.log_likelihood == kRejected) {
    return FailedPrecondition("the likelihood is not finite at the optimum");
  }
  for (std::size_t i = 0; i < n; ++i) {
    result.params.push_back(std::exp(phi[i]));
    result.at_lower.push_back(phi[i] - std::log(problem.lower) < 1e-3);
    result.at_upper.push_back(std::log(problem.upper) - phi[i] < 1e-3);
  }
  if (problem.standard_errors) {
    result.std_errors = StandardErrors(problem.log_likelihood, problem.has_gradient, result.params);
  }
  return result;
}

}  // namespace loyal::analytics
