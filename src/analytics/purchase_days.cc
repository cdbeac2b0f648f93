#include "analytics/purchase_days.h"

#include <algorithm>
#include <limits>

#include "analytics/two_way_split.h"

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
  // Two parts by customer index, each on its own thread: both read every row but count, file
  // and fold only their own customers', so they never write the same element. Reading the
  // rows twice is cheap next to the scattered writes it splits.
  const uint32_t n = rows.customers;
  const size_t minimum =
      rows.size() < internal::kSplitMinimum ? std::numeric_limits<size_t>::max() : 2;
  std::vector<uint64_t> start(size_t{n} + 1, 0);
  internal::ForEachPart(
      n,
      [&](int, size_t begin, size_t end) {
        for (size_t i = 0; i < rows.size(); ++i) {
          const uint32_t c = rows.customer[i];
          if (c >= begin && c < end && rows.day[i] <= through) ++start[c + 1];
        }
      },
      minimum);
  for (uint32_t c = 0; c < n; ++c) start[c + 1] += start[c];
  std::vector<DayNumber> days(start[n]);
  std::vector<int64_t> amounts(start[n]);
  PurchaseDays out;
  out.offsets_.assign(size_t{n} + 1, 0);
  size_t part_end[2] = {0, 0};
  DayNumber first[2] = {INT32_MAX, INT32_MAX}, last[2] = {INT32_MIN, INT32_MIN};
  internal::ForEachPart(
      n,
      [&](int part, size_t begin, size_t end) {
        std::vector<uint64_t> fill(start.begin() + begin, start.begin() + end);
        for (size_t i = 0; i < rows.size(); ++i) {
          const uint32_t c = rows.customer[i];
          if (c < begin || c >= end || rows.day[i] > through) continue;
          const uint64_t at = fill[c - begin]++;
          days[at] = rows.day[i];
          amounts[at] = rows.amount_minor[i];
        }
        // Sort each customer's rows by day and fold same-day rows together, compacting in
        // place (the write position never passes the read position).
        size_t write = start[begin];
        for (size_t c = begin; c < end; ++c) {
          const size_t customer_begin = write;
          SortByDay(std::span(days).subspan(start[c], start[c + 1] - start[c]),
                    std::span(amounts).subspan(start[c], start[c + 1] - start[c]));
          for (size_t i = start[c]; i < start[c + 1]; ++i) {
            if (write > customer_begin && days[write - 1] == days[i]) {
              amounts[write - 1] += amounts[i];
              continue;
            }
            days[write] = days[i];
            amounts[write] = amounts[i];
            ++write;
          }
          out.offsets_[c + 1] = write;
          if (write > customer_begin) {
            first[part] = std::min(first[part], days[customer_begin]);
            last[part] = std::max(last[part], days[write - 1]);
          }
        }
        part_end[part] = write;
      },
      minimum);
  // Close the gap the first part's folding left before the second part's days.
  const size_t second = internal::SecondPartBegin(n, minimum);
  size_t kept = part_end[0];
  if (second < n) {
    const size_t from = start[second], count = part_end[1] - from;
    std::copy(days.begin() + from, days.begin() + from + count, days.begin() + kept);
    std::copy(amounts.begin() + from, amounts.begin() + from + count, amounts.begin() + kept);
    for (size_t c = second; c < n; ++c) out.offsets_[c + 1] -= from - kept;
    kept += count;
  }
  days.resize(kept);
  amounts.resize(kept);
  out.days_ = std::move(days);
  out.amounts_ = std::move(amounts);
  out.first_day_ = std::min(first[0], first[1]);
  out.last_day_ = std::max(last[0], last[1]);
  return out;
}

}  // namespace loyal::analytics
