// The common interface over the CLV purchase models, so a CLI or service picks one by name:
// fit on weighted unique (x, t_x, T) triples, then P(alive) and expected purchases per customer.
//
// Boundary fits: when a shop's data show no drop-out, the likelihood of BG/NBD, MBG/NBD and
// Pareto/NBD keeps rising towards the edge of the parameter space (b -> infinity, or s and
// beta -> infinity) where the model becomes the NBD. FitModel detects it (a drop-out parameter
// pinned at its bound, or the full model beating the NBD by less than a likelihood-ratio test at
// 5% asks for: LL gain < 5.991 / 2) and returns the NBD fit with `boundary` = true and a message
// saying so, instead of failing the way lifetimes does. A non-drop-out parameter pinned at a bound
// keeps the full fit, with `boundary` = true and the parameter named in the message.
//
// Values only; every function is pure and thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analytics/bgnbd.h"
#include "analytics/nbd.h"
#include "analytics/pareto_nbd.h"
#include "analytics/rfm_triples.h"
#include "core/error.h"

namespace loyal::analytics {

enum class ModelKind { kBgNbd, kParetoNbd, kMbgNbd };

// "bgnbd", "pnbd", "mbgnbd" (the CLI's --model values).
std::string_view ModelKindName(ModelKind kind);
// Inverse of ModelKindName; InvalidArgument for anything else.
[[nodiscard]] Result<ModelKind> ParseModelKind(std::string_view name);

// The model predictions are made with: the fitted model, or its NBD limit after a boundary fit.
using CountModelParams = std::variant<BgNbdParams, MbgNbdParams, ParetoNbdParams, NbdParams>;

double PAlive(const CountModelParams& model, double x, double tx, double T);
// E[purchases in (T, T + t] | x, t_x, T] = PAlive * ExpectedPurchasesIfAlive.
double ExpectedPurchases(const CountModelParams& model, double x, double tx, double T, double t);
double ExpectedPurchasesIfAlive(const CountModelParams& model, double x, double T, double t);

struct NamedValue {
  std::string name;
  double value = 0;
};

struct FittedModel {
  ModelKind kind = ModelKind::kBgNbd;  // the model asked for
  CountModelParams model;              // what predictions use (NbdParams when boundary)
  // Named parameters of `model`: r, alpha, a, b (BG/NBD, MBG/NBD); r, alpha, s, beta
  // (Pareto/NBD); r, alpha (the NBD limit after a boundary fit).
  std::vector<NamedValue> params;
  std::vector<NamedValue> std_errors;  // same names; empty if the Hessian is not positive definite
  double log_likelihood = 0;
  double customers = 0;  // total weight of the triples fitted
  bool boundary = false;
  std::string message;  // why the fit is at a boundary, or why standard errors are missing

  double PAlive(double x, double tx, double T) const;
  double ExpectedPurchases(double x, double tx, double T, double t) const;
};

// Fits `kind` by maximum likelihood on weighted unique triples. Errors: InvalidArgument for bad
// triples (see PrepareTriples); FailedPrecondition when the data cannot identify the model:
// fewer than 3 unique triples, fewer than 3 customers, or nobody with a repeat purchase.
[[nodiscard]] Result<FittedModel> FitModel(ModelKind kind, const RfmTriples& triples);

// Builds model parameters from positional values in the order of FittedModel::params for `kind`
// (for `loyal analyze predict --params`). InvalidArgument unless exactly 4 finite values > 0.
[[nodiscard]] Result<CountModelParams> MakeModelParams(ModelKind kind,
                                                       std::span<const double> values);

struct Prediction {
  double expected_purchases = 0;
  double p_alive = 0;
};

// Prediction for one customer from given parameters. InvalidArgument for bad parameters (see
// MakeModelParams), a bad (x, t_x, T) (see CompressTriples) or a horizon that is negative or
// not finite.
[[nodiscard]] Result<Prediction> Predict(ModelKind kind, std::span<const double> params, double x,
                                         double tx, double T, double horizon);

}  // namespace loyal::analytics
