// The maximum-likelihood driver shared by every CLV model: NLopt's L-BFGS on log-parameters
// (positivity for free, and the scales of r ~ 0.2 and alpha ~ 10 even out), a numerical Hessian of
// the log-likelihood in the natural parameters for standard errors, and a report of which
// parameters ended pinned at the bounds (the first sign of a boundary fit).
//
// Pure functions over the callable they are given; thread-safe if the callable is.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace loyal::analytics {

// Total log-likelihood at natural (positive) parameters. When `gradient` is non-empty it has one
// slot per parameter and receives d LL / d param. Must return a finite value or -infinity for
// parameters the model rejects; never NaN.
using LogLikelihoodFn =
    std::function<double(std::span<const double> params, std::span<double> gradient)>;

struct MleProblem {
  std::vector<std::string> names;
  std::vector<double> start;  // natural parameters, inside [lower, upper]
  LogLikelihoodFn log_likelihood;
  bool has_gradient = false;  // else central differences in log-parameters are used
  double lower = 1e-6;        // bounds on every natural parameter
  double upper = 1e6;
  bool standard_errors = true;  // false skips the Hessian (e.g. for a fit that may be discarded)
};

struct MleResult {
  std::vector<double> params;  // natural parameters at the optimum
  double log_likelihood = 0;
  std::vector<double> std_errors;  // sqrt(diag(inverse Hessian)); empty if not positive definite
  // params[i] within 0.1% (in log space) of the lower or the upper bound.
  std::vector<bool> at_lower, at_upper;
  int evaluations = 0;
};

// Maximises problem.log_likelihood from problem.start (restarting once from the best point when
// L-BFGS stops short of its tolerance, which polishes its result), then computes standard errors
// if asked to. Errors: InvalidArgument for an inconsistent problem (sizes, start outside the
// bounds); FailedPrecondition when the likelihood is not finite at the start or at the optimum
// (the data cannot be fitted).
[[nodiscard]] Result<MleResult> MaximizeLikelihood(const MleProblem& problem);

// sqrt(diag(H^-1)) with H the Hessian of -LL at `params` (central differences of the gradient,
// itself analytic or numerical). Empty when H is not positive definite or not finite.
std::vector<double> StandardErrors(const LogLikelihoodFn& log_likelihood, bool has_gradient,
                                   std::span<const double> params);

}  // namespace loyal::analytics
