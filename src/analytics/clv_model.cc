#include "analytics/clv_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "analytics/mle_fit.h"
#include "core/text_rules.h"

namespace loyal::analytics {
namespace {

// The NBD is the drop-out models' limit with two parameters fewer. When the full model's gain in
// log-likelihood is below half the 95% point of chi-square with 2 degrees of freedom, the data
// show no significant drop-out (likelihood-ratio test) and the fit sits at, or drifts towards,
// the edge of the parameter space: we report the NBD.
constexpr double kNoDropOutGain = 5.991 / 2;

struct ModelSpec {
  std::vector<std::string> names;
  LogLikelihoodFn log_likelihood;
  bool has_gradient = false;
  // Indices of the parameters whose limits (lower bound, upper bound) mean "no drop-out":
  // BG/NBD and MBG/NBD a -> 0 or b -> inf (p -> 0); Pareto/NBD s -> 0 or beta -> inf (mu -> 0).
  std::size_t to_zero = 2, to_infinity = 3;
  std::string drop_out_limit;
};

ModelSpec SpecFor(ModelKind kind, const PreparedTriples& data) {
  switch (kind) {
    case ModelKind::kBgNbd:
      return {{"r", "alpha", "a", "b"},
              [&data](std::span<const double> v, std::span<double> g) {
                return LogLikelihood(BgNbdParams{v[0], v[1], v[2], v[3]}, data, g);
              },
              true,
              2,
              3,
              "b -> infinity with a/b -> 0"};
    case ModelKind::kMbgNbd:
      return {{"r", "alpha", "a", "b"},
              [&data](std::span<const double> v, std::span<double> g) {
                return LogLikelihood(MbgNbdParams{v[0], v[1], v[2], v[3]}, data, g);
              },
              true,
              2,
              3,
              "b -> infinity with a/b -> 0"};
    case ModelKind::kParetoNbd:
      return {{"r", "alpha", "s", "beta"},
              [&data](std::span<const double> v, std::span<double>) {
                return LogLikelihood(ParetoNbdParams{v[0], v[1], v[2], v[3]}, data);
              },
              false,
              2,
              3,
              "beta -> infinity with s/beta -> 0"};
  }
  return {};
}

CountModelParams ToParams(ModelKind kind, std::span<const double> v) {
  switch (kind) {
    case ModelKind::kBgNbd:
      return BgNbdParams{v[0], v[1], v[2], v[3]};
    case ModelKind::kMbgNbd:
      return MbgNbdParams{v[0], v[1], v[2], v[3]};
    case ModelKind::kParetoNbd:
      return ParetoNbdParams{v[0], v[1], v[2], v[3]};
  }
  return NbdParams{v[0], v[1]};
}

Status CheckIdentifiable(const PreparedTriples& data) {
  if (data.size() < 3 || data.total_weight < 3) {
    return FailedPrecondition(
        "too few customers to fit a model: need at least 3 distinct "
        "(frequency, recency, T) histories");
  }
  if (data.weight_by_x.size() < 2) {
    return FailedPrecondition("nobody made a repeat purchase: purchase rates cannot be estimated");
  }
  if (data.times.back() <= 0) {
    return FailedPrecondition("every customer has T = 0: no observation time to fit on");
  }
  return {};
}

// The NBD is both the limit every drop-out model runs to without drop-out and a good start.
Result<MleResult> FitNbd(const PreparedTriples& data) {
  double mean_x = 0, mean_T = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    mean_x += data.weight[i] * data.x[i] / data.total_weight;
    mean_T += data.weight[i] * data.times[data.T_index[i]] / data.total_weight;
  }
  MleProblem problem;
  problem.names = {"r", "alpha"};
  problem.start = {1.0, std::clamp(mean_T / mean_x, 1e-3, 1e5)};  // E[x] = r T / alpha
  problem.has_gradient = true;
  problem.log_likelihood = [&data](std::span<const double> v, std::span<double> g) {
    return LogLikelihood(NbdParams{v[0], v[1]}, data, g);
  };
  return MaximizeLikelihood(problem);
}

std::vector<NamedValue> Named(const std::vector<std::string>& names, std::span<const double> v) {
  std::vector<NamedValue> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back({names[i], v[i]});
  return out;
}

void SetFit(FittedModel& model, CountModelParams params, const std::vector<std::string>& names,
            const MleResult& fit) {
  model.model = std::move(params);
  model.params = Named(names, fit.params);
  model.std_errors = Named(names, fit.std_errors);
  model.log_likelihood = fit.log_likelihood;
  if (fit.std_errors.empty()) {
    model.message += "standard errors unavailable: the Hessian is not positive definite. ";
  }
}

}  // namespace

std::string_view ModelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::kBgNbd:
      return "bgnbd";
    case ModelKind::kParetoNbd:
      return "pnbd";
    case ModelKind::kMbgNbd:
      return "mbgnbd";
  }
  return "unknown";
}

Result<ModelKind> ParseModelKind(std::string_view name) {
  for (ModelKind kind : {ModelKind::kBgNbd, ModelKind::kParetoNbd, ModelKind::kMbgNbd}) {
    if (name == ModelKindName(kind)) return kind;
  }
  return InvalidArgument("unknown model '" + EscapeForMessage(name) + "' (bgnbd, pnbd or mbgnbd)",
                         "model");
}

double PAlive(const CountModelParams& model, double x, double tx, double T) {
  return std::visit([&](const auto& p) { return PAlive(p, x, tx, T); }, model);
}

double ExpectedPurchasesIfAlive(const CountModelParams& model, double x, double T, double t) {
  return std::visit([&](const auto& p) { return ExpectedPurchasesIfAlive(p, x, T, t); }, model);
}

double ExpectedPurchases(const CountModelParams& model, double x, double tx, double T, double t) {
  return PAlive(model, x, tx, T) * ExpectedPurchasesIfAlive(model, x, T, t);
}

double FittedModel::PAlive(double x, double tx, double T) const {
  return analytics::PAlive(model, x, tx, T);
}

double FittedModel::ExpectedPurchases(double x, double tx, double T, double t) const {
  return analytics::ExpectedPurchases(model, x, tx, T, t);
}

Result<FittedModel> FitModel(ModelKind kind, const RfmTriples& triples) {
  LOY_ASSIGN_OR_RETURN(const PreparedTriples data, PrepareTriples(triples));
  LOY_RETURN_IF_ERROR(CheckIdentifiable(data));
  LOY_ASSIGN_OR_RETURN(const MleResult nbd, FitNbd(data));

  const ModelSpec spec = SpecFor(kind, data);
  MleProblem problem;
  problem.names = spec.names;
  const double alpha0 = std::clamp(nbd.params[1], 1e-3, 1e5);
  problem.start = {std::clamp(nbd.params[0], 1e-3, 1e3), alpha0, 1.0,
                   kind == ModelKind::kParetoNbd ? alpha0 : 3.0};
  problem.log_likelihood = spec.log_likelihood;
  problem.has_gradient = spec.has_gradient;
  problem.standard_errors = false;  // only once we know this fit is the one reported
  LOY_ASSIGN_OR_RETURN(MleResult full, MaximizeLikelihood(problem));

  FittedModel out;
  out.kind = kind;
  out.customers = data.total_weight;
  const bool pinned = full.at_lower[spec.to_zero] || full.at_upper[spec.to_infinity];
  if (pinned || full.log_likelihood - nbd.log_likelihood < kNoDropOutGain) {
    out.boundary = true;
    out.message = std::string(pinned ? "no drop-out in the data: the "
                                     : "no significant drop-out in the data (likelihood-ratio "
                                       "test against the NBD, 5%): the ") +
                  std::string(ModelKindName(kind)) +
                  " likelihood is maximised at or towards the edge of the parameter space (" +
                  spec.drop_out_limit + "); reporting its limit, the NBD model (P(alive) = 1). ";
    SetFit(out, NbdParams{nbd.params[0], nbd.params[1]}, {"r", "alpha"}, nbd);
    return out;
  }
  full.std_errors = StandardErrors(spec.log_likelihood, spec.has_gradient, full.params);
  SetFit(out, ToParams(kind, full.params), spec.names, full);
  for (std::size_t i = 0; i < full.params.size(); ++i) {
    if (!full.at_lower[i] && !full.at_upper[i]) continue;
    out.boundary = true;
    out.message += "parameter " + spec.names[i] + " ended at its bound; the estimate is a limit. ";
  }
  return out;
}

Result<CountModelParams> MakeModelParams(ModelKind kind, std::span<const double> values) {
  if (values.size() != 4) return InvalidArgument("expected 4 model parameters", "params");
  for (double v : values) {
    if (!std::isfinite(v) || v <= 0) {
      return InvalidArgument("model parameters must be finite and > 0", "params");
    }
  }
  return ToParams(kind, values);
}

Result<Prediction> Predict(ModelKind kind, std::span<const double> params, double x, double tx,
                           double T, double horizon) {
  LOY_ASSIGN_OR_RETURN(const CountModelParams model, MakeModelParams(kind, params));
  const double one_x[] = {x}, one_tx[] = {tx}, one_T[] = {T};
  LOY_RETURN_IF_ERROR(CompressTriples(one_x, one_tx, one_T));
  if (!std::isfinite(horizon) || horizon < 0) {
    return InvalidArgument("horizon must be a finite number of weeks >= 0", "horizon");
  }
  Prediction out;
  out.p_alive = PAlive(model, x, tx, T);
  out.expected_purchases = out.p_alive * ExpectedPurchasesIfAlive(model, x, T, horizon);
  return out;
}

}  // namespace loyal::analytics
