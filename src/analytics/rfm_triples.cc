#include "analytics/rfm_triples.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>

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

// Open addressing over the bit patterns of (x, t_x, T): compressing a million customers this way
// takes a few milliseconds, where sorting or std::unordered_map take tens.
class TripleTable {
 public:
  explicit TripleTable(std::size_t n) : slots_(std::bit_ceil(2 * n + 2), kEmpty) {}

  // Returns the index of the triple, adding it to `out` when new.
  std::uint32_t Insert(double x, double tx, double T, RfmTriples& out) {
    // + 0.0 folds -0.0 into 0.0 so both land on the same triple.
    const std::uint64_t kx = std::bit_cast<std::uint64_t>(x + 0.0);
    const std::uint64_t kt = std::bit_cast<std::uint64_t>(tx + 0.0);
    const std::uint64_t kT = std::bit_cast<std::uint64_t>(T + 0.0);
    std::uint64_t h = kx * 0x9E3779B97F4A7C15ull;
    h = (h ^ (kt + (h >> 29))) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (kT + (h >> 31))) * 0x94D049BB133111EBull;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = (h ^ (h >> 32)) & mask;; s = (s + 1) & mask) {
      const std::uint32_t idx = slots_[s];
      if (idx == kEmpty) {
        slots_[s] = static_cast<std::uint32_t>(out.size());
        out.x.push_back(x + 0.0);
        out.tx.push_back(tx + 0.0);
        out.T.push_back(T + 0.0);
        out.weight.push_back(0);
        return slots_[s];
      }
      if (out.x[idx] == x && out.tx[idx] == tx && out.T[idx] == T) return idx;
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> slots_;
};

}  // namespace

Result<CompressedTriples> CompressTriples(std::span<const double> x, std::span<const double> tx,
                                          std::span<const double> T) {
  if (x.size() != tx.size() || x.size() != T.size()) {
    return InvalidArgument("x, tx and T must have the same length");
  }
  if (x.size() >= std::numeric_limits<std::uint32_t>::max() / 4) {
    return InvalidArgument("too many customers for one call");
  }
  CompressedTriples out;
  out.customer_to_triple.resize(x.size());
  TripleTable table(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    LOY_RETURN_IF_ERROR(ValidateCustomer(x[i], tx[i], T[i], i));
    const std::uint32_t k = table.Insert(x[i], tx[i], T[i], out.triples);
    out.triples.weight[k] += 1;
    out.customer_to_triple[i] = k;
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
  p.times.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    LOY_RETURN_IF_ERROR(ValidateCustomer(t.x[i], t.tx[i], t.T[i], i));
    if (!std::isfinite(t.weight[i]) || t.weight[i] <= 0) {
      return InvalidArgument("weight must be > 0", Field("weight", i));
    }
    p.times.push_back(t.tx[i] + 0.0);
    p.times.push_back(t.T[i] + 0.0);
    p.max_x = std::max(p.max_x, static_cast<std::int32_t>(t.x[i]));
  }
  std::sort(p.times.begin(), p.times.end());
  p.times.erase(std::unique(p.times.begin(), p.times.end()), p.times.end());
  auto index_of = [&p](double v) {
    return static_cast<std::uint32_t>(std::lower_bound(p.times.begin(), p.times.end(), v + 0.0) -
                                      p.times.begin());
  };
  p.weight_by_x.assign(p.max_x + 1, 0.0);
  p.x.resize(n);
  p.tx_index.resize(n);
  p.T_index.resize(n);
  p.weight = t.weight;
  for (std::size_t i = 0; i < n; ++i) {
    p.x[i] = static_cast<std::int32_t>(t.x[i]);
    p.tx_index[i] = index_of(t.tx[i]);
    p.T_index[i] = index_of(t.T[i]);
    p.weight_by_x[p.x[i]] += t.weight[i];
    p.total_weight += t.weight[i];
  }
  return p;
}

}  // namespace loyal::analytics
