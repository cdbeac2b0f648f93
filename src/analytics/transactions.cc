#include "analytics/transactions.h"

namespace loyal::analytics {

void TransactionColumns::AppendRemapped(const TransactionColumns& other,
                                        std::span<const uint32_t> remap) {
  Reserve(size() + other.size());
  for (size_t i = 0; i < other.size(); ++i) {
    Add(remap[other.customer_[i]], other.day_[i], other.amount_minor_[i]);
  }
}

}  // namespace loyal::analytics
