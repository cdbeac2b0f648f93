#include "analytics/transactions.h"

#include <algorithm>

namespace loyal::analytics {

void TransactionColumns::AppendRemapped(const TransactionColumns& other,
                                        std::span<const uint32_t> remap) {
  const size_t from = size();
  customer_.resize(from + other.size());
  day_.insert(day_.end(), other.day_.begin(), other.day_.end());
  amount_minor_.insert(amount_minor_.end(), other.amount_minor_.begin(), other.amount_minor_.end());
  for (size_t i = 0; i < other.size(); ++i) {
    customer_[from + i] = remap[other.customer_[i]];
    customers_ = std::max(customers_, customer_[from + i] + 1);
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
