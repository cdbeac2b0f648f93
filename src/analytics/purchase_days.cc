#include "analytics/purchase_days.h"

#include <algorithm>

namespace loyal::analytics {
namespace {

// Sorts one customer's (day, amount) pairs by day. Rows usually arrive in time order, so
// an insertion sort is linear in practice and needs no scratch space.
void SortByDay(std::span<DayNumber> days, std::span<int64_t> amounts) {
  for (size_t i = 1; i < days.size(); ++i) {
    if (days[i - 1] <= days[i]) continue;
    const DayNumber d = days[i];
    const int64_t a = amounts[i];
    size_t j = i;
    for (; j > 0 && days[j - 1] > d; --j) {
      days[j] = days[j - 1];
      amounts[j] = amounts[j - 1];
    }
    days[j] = d;
    amounts[j] = a;
  }
}

}  // namespace

PurchaseDays PurchaseDays::Build(const TransactionView& rows, DayNumber through) {
  PurchaseDays out;
  const uint32_t n = rows.customers;
  std::vector<uint64_t> start(size_t{n} + 1, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.day[i] <= through) ++start[rows.customer[i] + 1];
  }
  for (uint32_t c = 0; c < n; ++c) start[c + 1] += start[c];
  const size_t kept = start[n];
  std::vector<DayNumber> days(kept);
  std::vector<int64_t> amounts(kept);
  std::vector<uint64_t> fill(start.begin(), start.end() - 1);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.day[i] > through) continue;
    const uint64_t at = fill[rows.customer[i]]++;
    days[at] = rows.day[i];
    amounts[at] = rows.amount_minor[i];
  }
  fill = {};
  // Sort each customer's rows by day and fold same-day rows together, compacting in place
  // (the write position never passes the read position).
  out.offsets_.assign(size_t{n} + 1, 0);
  size_t write = 0;
  for (uint32_t c = 0; c < n; ++c) {
    const size_t begin = start[c], end = start[c + 1];
    SortByDay(std::span(days).subspan(begin, end - begin),
              std::span(amounts).subspan(begin, end - begin));
    for (size_t i = begin; i < end; ++i) {
      if (write > out.offsets_[c] && days[write - 1] == days[i]) {
        amounts[write - 1] += amounts[i];
        continue;
      }
      days[write] = days[i];
      amounts[write] = amounts[i];
      ++write;
    }
    out.offsets_[c + 1] = write;
    if (write > out.offsets_[c]) {
      out.first_day_ = std::min(out.first_day_, days[out.offsets_[c]]);
      out.last_day_ = std::max(out.last_day_, days[write - 1]);
    }
  }
  days.resize(write);
  amounts.resize(write);
  out.days_ = std::move(days);
  out.amounts_ = std::move(amounts);
  return out;
}

}  // namespace loyal::analytics
