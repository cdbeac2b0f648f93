// RFM triples: the (x, t_x, T) summaries the CLV models are fitted on, compressed to unique
// triples with integer weights so that fitting and scoring a million customers touches each
// distinct history once. Times are in weeks (days / 7), so many customers share a triple.
//
// Values only; every function is pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"

namespace loyal::analytics {

// Column arrays of unique (x, t_x, T) triples and how many customers share each one.
// x = number of repeat purchases (a whole number), t_x = time of the last repeat purchase and
// T = age, both measured from the customer's first purchase in weeks, 0 <= t_x <= T.
struct RfmTriples {
  std::vector<double> x, tx, T, weight;

  std::size_t size() const { return x.size(); }
};

// Unique triples plus, for every input customer, the index of its triple in `triples`.
struct CompressedTriples {
  RfmTriples triples;
  std::vector<std::uint32_t> customer_to_triple;
};

// Compresses per-customer arrays into unique triples (first-appearance order) with weights
// counting the customers. Returns InvalidArgument when the arrays differ in length, or when a
// value is not finite, x is negative or fractional, t_x < 0, t_x > T, or x = 0 with t_x != 0
// (field names the first offending customer, e.g. "tx[12]").
[[nodiscard]] Result<CompressedTriples> CompressTriples(std::span<const double> x,
                                                        std::span<const double> tx,
                                                        std::span<const double> T);

// The layout the likelihood kernels want: x as integers, t_x and T as indices into one table of
// distinct times (so log(alpha + t) is computed once per distinct time, not once per triple), and
// the total weight per value of x (so terms depending only on x are computed once per x).
struct PreparedTriples {
  std::vector<double> times;  // distinct values of t_x and T, ascending
  std::vector<std::uint32_t> tx_index, T_index;
  std::vector<std::int32_t> x;
  std::vector<double> weight;
  std::vector<double> weight_by_x;  // size max(x) + 1
  // Per distinct time: total weight, and total weight * x, of the triples with that T (terms like
  // (r + x) log(alpha + T) then cost one pass over the times, not over the triples).
  std::vector<double> weight_by_T, x_weight_by_T;
  double total_weight = 0;
  std::int32_t max_x = 0;

  std::size_t size() const { return x.size(); }
};

// Validates `triples` as CompressTriples does (plus weights: finite and > 0) and builds the layout.
// InvalidArgument on bad values or mismatched column lengths; FailedPrecondition when empty.
[[nodiscard]] Result<PreparedTriples> PrepareTriples(const RfmTriples& triples);

}  // namespace loyal::analytics
