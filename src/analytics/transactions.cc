#include "analytics/transactions.h"

namespace loyal::analytics {

void TransactionColumns::AppendRemapped(const TransactionColumns& other,
                                        std::span<const uint32_t> remap) {
  Reserve(size() + other.size());
  for (size_t i = 0; i < other.size(); ++i) {
    Add(remap[other.customer_[i]], other.day_[i], other.amount_minor_[i]);
  }
}

std::vector<int64_t> SumByCustomer(const TransactionView& rows, DayNumber through) {
  std::vector<int64_t> sums(rows.customers, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.day[i] <= through) sums[rows.customer[i]] += rows.amount_minor[i];
  }
  return sums;
}

}  // namespace loyal::analytics
