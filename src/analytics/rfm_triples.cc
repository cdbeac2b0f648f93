#include "analytics/rfm_triples.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "analytics/triple_table.h"
#include "analytics/two_way_split.h"

namespace loyal::analytics {
namespace {

std::string Field(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

// x a whole number >= 0, 0 <= t_x <= T, all finite; x = 0 means no repeat purchase, so t_x = 0.
Status ValidateCustomer(double x, double tx, double T, std::size_t i) {
  if (!std::isfinite(x) || x < 0 || x != std::floor(x) || x > 1e6) {
    return InvalidArgument("frequency must be a whole number in [0, 1e6]", Field("x", i));
  }
  if (!std::isfinite(T) || T < 0) return InvalidArgument("T must be >= 0", Field("T", i));
  if (!std::isfinite(tx) || tx < 0 || tx > T) {
    return InvalidArgument("recency must lie in [0, T]", Field("tx", i));
  }
  if (x == 0 && tx != 0) {
    return InvalidArgument("recency must be 0 without repeat purchases", Field("tx", i));
  }
  return {};
}

// Compresses customers [begin, end) into `table` and `triples`, writing their (local) triple
// indices into customer_to_triple; stops at the first invalid customer.
Status CompressRange(std::span<const double> x, std::span<const double> tx,
                     std::span<const double> T, std::size_t begin, std::size_t end,
                     internal::TripleTable& table, RfmTriples& triples,
                     std::vector<std::uint32_t>& customer_to_triple) {
  for (std::size_t i = begin; i < end; ++i) {
    LOY_RETURN_IF_ERROR(ValidateCustomer(x[i], tx[i], T[i], i));
    const std::uint32_t k = table.Insert(x[i], tx[i], T[i], triples);
    triples.weight[k] += 1;
    customer_to_triple[i] = k;
  }
  return {};
}

}  // namespace

Result<CompressedTriples> CompressTriples(std::span<const double> x, std::span<const double> tx,
                                          std::span<const double> T) {
  if (x.size() != tx.size() || x.size() != T.size()) {
    return InvalidArgument("x, tx and T must have the same length");
  }
  if (x.size() >= std::numeric_limits<std::uint32_t>::max() / 4) {
    return InvalidArgument("too many customers for one call");
  }
  // Each half of the customers is compressed on its own thread, then the second half's unique
  // triples are merged into the first's table in their order of first appearance: the same
  // triples, order and weights as one sequential pass, and the first invalid customer is still
  // the one reported.
  CompressedTriples out;
  out.customer_to_triple.resize(x.size());
  RfmTriples second;
  internal::TripleTable table, second_table;
  Status status[2];
  internal::ForEachPart(x.size(), [&](int part, std::size_t begin, std::size_t end) {
    status[part] = CompressRange(x, tx, T, begin, end, part == 0 ? table : second_table,
                                 part == 0 ? out.triples : second, out.customer_to_triple);
  });
  for (const Status& s : status) LOY_RETURN_IF_ERROR(s);
  const std::vector<std::uint32_t> merged = table.Merge(second, out.triples);
  for (std::size_t i = internal::SecondPartBegin(x.size()); i < x.size(); ++i) {
    out.customer_to_triple[i] = merged[out.customer_to_triple[i]];
  }
  return out;
}

Result<PreparedTriples> PrepareTriples(const RfmTriples& t) {
  const std::size_t n = t.x.size();
  if (t.tx.size() != n || t.T.size() != n || t.weight.size() != n) {
    return InvalidArgument("triple columns must have the same length");
  }
  if (n == 0) return FailedPrecondition("no customers to fit");
  PreparedTriples p;
  // Distinct times through a TripleTable (there are few, one per day of history, so its slots
  // stay in cache), numbered by first appearance and renumbered in ascending order after.
  internal::TripleTable time_table;
  RfmTriples distinct;  // the distinct times, in column x
  p.tx_index.resize(n);
  p.T_index.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    LOY_RETURN_IF_ERROR(ValidateCustomer(t.x[i], t.tx[i], t.T[i], i));
    if (!std::isfinite(t.weight[i]) || t.weight[i] <= 0) {
      return InvalidArgument("weight must be > 0", Field("weight", i));
    }
    p.tx_index[i] = time_table.Insert(t.tx[i], 0.0, 0.0, distinct);
    p.T_index[i] = time_table.Insert(t.T[i], 0.0, 0.0, distinct);
    p.max_x = std::max(p.max_x, static_cast<std::int32_t>(t.x[i]));
  }
  std::vector<std::uint32_t> order(distinct.size()), rank(distinct.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&distinct](std::uint32_t a, std::uint32_t b) {
    return distinct.x[a] < distinct.x[b];
  });
  for (std::uint32_t k = 0; k < order.size(); ++k) {
    p.times.push_back(distinct.x[order[k]]);
    rank[order[k]] = k;
  }
  p.weight_by_x.assign(p.max_x + 1, 0.0);
  p.weight_by_T.assign(p.times.size(), 0.0);
  p.x_weight_by_T.assign(p.times.size(), 0.0);
  p.x.resize(n);
  p.weight = t.weight;
  for (std::size_t i = 0; i < n; ++i) {
    p.x[i] = static_cast<std::int32_t>(t.x[i]);
    p.tx_index[i] = rank[p.tx_index[i]];
    p.T_index[i] = rank[p.T_index[i]];
    p.weight_by_x[p.x[i]] += t.weight[i];
    p.weight_by_T[p.T_index[i]] += t.weight[i];
    p.x_weight_by_T[p.T_index[i]] += t.weight[i] * p.x[i];
    p.total_weight += t.weight[i];
  }
  return p;
}

}  // namespace loyal::analytics
