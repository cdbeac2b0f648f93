// PurchaseDays: each customer's distinct purchase days in order, with the day's total
// amount, in compressed-row form. Purchases on the same day count once (Fader, Hardie &
// Lee 2005) and their amounts are summed. Built in O(rows) by a counting sort on customer,
// so no global sort is needed. Immutable after Build; safe to read from many threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analytics/transactions.h"
#include "core/time.h"

namespace loyal::analytics {

class PurchaseDays {
 public:
  // Groups the rows of `rows` on or before `through` (inclusive) by customer and day.
  // Customers without such rows get no days.
  static PurchaseDays Build(const TransactionView& rows, DayNumber through);

  uint32_t customers() const { return static_cast<uint32_t>(offsets_.size() - 1); }
  // The customer's days in increasing order, and each day's summed amount in minor units.
  std::span<const DayNumber> Days(uint32_t customer) const {
    return std::span<const DayNumber>(days_).subspan(offsets_[customer], Count(customer));
  }
  std::span<const int64_t> Amounts(uint32_t customer) const {
    return std::span<const int64_t>(amounts_).subspan(offsets_[customer], Count(customer));
  }
  // The earliest and latest purchase day (INT32_MAX / INT32_MIN when there are none).
  DayNumber first_day() const { return first_day_; }
  DayNumber last_day() const { return last_day_; }
  bool empty() const { return days_.empty(); }

 private:
  size_t Count(uint32_t customer) const { return offsets_[customer + 1] - offsets_[customer]; }

  std::vector<uint64_t> offsets_{0};
  std::vector<DayNumber> days_;
  std::vector<int64_t> amounts_;
  DayNumber first_day_ = INT32_MAX;
  DayNumber last_day_ = INT32_MIN;
};

}  // namespace loyal::analytics
