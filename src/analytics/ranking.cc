#include "analytics/ranking.h"

namespace loyal::analytics {

std::vector<uint32_t> IdRanks(std::span<const uint32_t> customers, const CustomerIndex& ids) {
  std::vector<uint32_t> order(customers.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return ids.Id(customers[a]) < ids.Id(customers[b]);
  });
  std::vector<uint32_t> rank(customers.size());
  for (uint32_t pos = 0; pos < order.size(); ++pos) rank[order[pos]] = pos;
  return rank;
}

}  // namespace loyal::analytics
