// Per-customer scores from a fitted purchase model and spend model (P(alive), expected purchases,
// expected spend, CLV) and the holdout validation report (actual vs predicted purchases in total
// and by calibration frequency 0, 1, ..., 7+).
//
// CLV follows lifetimes' customer_lifetime_value, discretised by week: for weeks i = 1..H,
//   CLV = sum_i (E[X(T, T + i)] - E[X(T, T + i - 1)]) * expected spend / (1 + d)^i,
// with d the discount rate per week. The expected purchases of an alive customer depend on (x, T)
// only, so the weekly sum is computed once per distinct (x, T) and scaled by each triple's
// P(alive).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analytics/clv_model.h"
#include "analytics/gamma_gamma.h"
#include "analytics/rfm_triples.h"
#include "core/error.h"

namespace loyal::analytics {

struct ScoreOptions {
  int horizon_weeks = 52;             // expected purchases and CLV over (T, T + horizon]
  double weekly_discount_rate = 0.0;  // d in the CLV sum; >= 0
};

// One entry per customer, in the order of CompressedTriples::customer_to_triple.
struct CustomerScores {
  std::vector<double> p_alive, expected_purchases, expected_spend, clv;
};

// Scores every customer of `customers` with `model`; `monetary_value` is each customer's mean
// repeat-purchase value (ignored for x = 0). Errors: InvalidArgument when monetary_value's length
// differs from the customer count, a value is negative or not finite, horizon_weeks < 0 or
// > 5200, or the discount rate is negative or not finite; FailedPrecondition when spend.q <= 1
// (the Gamma-Gamma mean spend is infinite).
[[nodiscard]] Result<CustomerScores> ScoreCustomers(const CountModelParams& model,
                                                    const GammaGammaParams& spend,
                                                    const CompressedTriples& customers,
                                                    std::span<const double> monetary_value,
                                                    const ScoreOptions& options);

struct FrequencyBucket {
  int frequency = 0;  // calibration x; the last bucket (7) holds 7 and more
  double customers = 0;
  double actual = 0;     // holdout purchases, summed over the bucket's customers
  double predicted = 0;  // expected holdout purchases, summed
};

struct HoldoutReport {
  double weeks = 0;
  double actual = 0;
  double predicted = 0;
  std::vector<FrequencyBucket> by_frequency;  // frequencies 0..7+, always 8 entries
  std::vector<double> predicted_per_customer;
};

// Expected purchases in the holdout (T, T + holdout_weeks] for each customer, compared with the
// actual counts. Errors: InvalidArgument for mismatched lengths, bad triples (see
// CompressTriples), negative or non-finite actual counts or holdout_weeks.
[[nodiscard]] Result<HoldoutReport> ValidateHoldout(
    const CountModelParams& model, std::span<const double> x, std::span<const double> tx,
    std::span<const double> T, std::span<const double> holdout_actual, double holdout_weeks);

}  // namespace loyal::analytics
