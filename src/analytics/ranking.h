// Deterministic orderings for the quantile reports (RFM, Pareto): rows ordered by a key,
// ties broken by the customer's id, so a report from a file and one from the store (which
// may hand customers over in any order) rank every customer identically.
// Pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include "analytics/customer_index.h"

namespace loyal::analytics {

// For each row i, the position of ids.Id(customers[i]) among all rows' ids in byte order.
std::vector<uint32_t> IdRanks(std::span<const uint32_t> customers, const CustomerIndex& ids);

// Row indices ordered by key (ascending, or descending when `descending`), ties by id rank
// ascending.
template <class Key>
std::vector<uint32_t> OrderRows(std::span<const Key> key, std::span<const uint32_t> id_rank,
                                bool descending) {
  std::vector<uint32_t> order(key.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (key[a] != key[b]) return descending ? key[a] > key[b] : key[a] < key[b];
    return id_rank[a] < id_rank[b];
  });
  return order;
}

}  // namespace loyal::analytics
