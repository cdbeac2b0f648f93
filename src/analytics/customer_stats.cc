#include "analytics/customer_stats.h"

#include <algorithm>
#include <cmath>

#include "analytics/two_way_split.h"

namespace loyal::analytics {

Result<SummaryWindow> MakeSummaryWindow(DayNumber calibration_end,
                                        std::optional<DayNumber> observation_end) {
  const DayNumber end = observation_end.value_or(calibration_end);
  if (end < calibration_end) {
    return InvalidArgument("the observation end " + FormatDate(end) +
                               " is before the calibration end " + FormatDate(calibration_end),
                           "--observation-end");
  }
  return SummaryWindow{calibration_end, end};
}

void CustomerStats::Reserve(size_t n) {
  customer.reserve(n);
  first_day.reserve(n);
  last_day.reserve(n);
  repeat_days.reserve(n);
  first_day_minor.reserve(n);
  total_minor.reserve(n);
  returned_minor.reserve(n);
  holdout_days.reserve(n);
  holdout_minor.reserve(n);
}

void CustomerStats::Add(uint32_t c, DayNumber first, DayNumber last, int32_t x, int64_t first_minor,
                        int64_t total, int64_t returned, int32_t holdout_x, int64_t holdout_total) {
  customer.push_back(c);
  first_day.push_back(first);
  last_day.push_back(last);
  repeat_days.push_back(x);
  first_day_minor.push_back(first_minor);
  total_minor.push_back(total);
  returned_minor.push_back(returned);
  holdout_days.push_back(holdout_x);
  holdout_minor.push_back(holdout_total);
}

std::vector<int64_t> CustomerStats::NetRevenuesMinor() const {
  std::vector<int64_t> net(size());
  for (size_t i = 0; i < size(); ++i) net[i] = NetRevenueMinor(i);
  return net;
}

void CustomerStats::Append(const CustomerStats& other) {
  const auto append = [](auto& to, const auto& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  append(customer, other.customer);
  append(first_day, other.first_day);
  append(last_day, other.last_day);
  append(repeat_days, other.repeat_days);
  append(first_day_minor, other.first_day_minor);
  append(total_minor, other.total_minor);
  append(returned_minor, other.returned_minor);
  append(holdout_days, other.holdout_days);
  append(holdout_minor, other.holdout_minor);
}

namespace {

// Adds the customers [begin, end) of `days` who bought in the calibration window to `stats`.
void SummarizeRange(const PurchaseDays& days, std::span<const int64_t> returned_minor,
                    const SummaryWindow& window, uint32_t begin, uint32_t end,
                    CustomerStats& stats) {
  for (uint32_t c = begin; c < end; ++c) {
    const auto d = days.Days(c);
    const auto a = days.Amounts(c);
    if (d.empty() || d[0] > window.calibration_end) continue;
    // Days are sorted, so the calibration days are a prefix.
    const size_t calibration =
        std::upper_bound(d.begin(), d.end(), window.calibration_end) - d.begin();
    int64_t total = 0, holdout_total = 0;
    int32_t holdout_x = 0;
    for (size_t i = 0; i < calibration; ++i) total += a[i];
    for (size_t i = calibration; i < d.size() && d[i] <= window.observation_end; ++i) {
      holdout_total += a[i];
      ++holdout_x;
    }
    stats.Add(c, d[0], d[calibration - 1], static_cast<int32_t>(calibration - 1), a[0], total,
              returned_minor.empty() ? 0 : returned_minor[c], holdout_x, holdout_total);
  }
}

}  // namespace

Result<CustomerStats> SummarizeCustomers(const PurchaseDays& days,
                                         std::span<const int64_t> returned_minor,
                                         const SummaryWindow& window) {
  // The customers in two halves on two threads, the second half's entries then appended. The
  // first half's columns are reserved for everyone (address space until written), so the
  // append neither reallocates nor copies them.
  CustomerStats parts[2];
  internal::ForEachPart(days.customers(), [&](int part, size_t begin, size_t end) {
    parts[part].Reserve(part == 0 ? days.customers() : end - begin);
    SummarizeRange(days, returned_minor, window, static_cast<uint32_t>(begin),
                   static_cast<uint32_t>(end), parts[part]);
  });
  CustomerStats stats = std::move(parts[0]);
  stats.window = window;
  stats.Append(parts[1]);
  if (stats.size() == 0) {
    return FailedPrecondition("no customer made a purchase on or before the calibration end " +
                                  FormatDate(window.calibration_end),
                              "--calibration-end");
  }
  return stats;
}

SummaryColumns ToSummaryColumns(const CustomerStats& stats, int currency_exponent) {
  const double scale = std::pow(10.0, currency_exponent);
  SummaryColumns out;
  const size_t n = stats.size();
  out.frequency.resize(n);
  out.recency.resize(n);
  out.age.resize(n);
  out.monetary.resize(n);
  out.holdout.resize(n);
  internal::ForEachPart(n, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      out.frequency[i] = stats.repeat_days[i];
      out.recency[i] = stats.RecencyWeeks(i);
      out.age[i] = stats.AgeWeeks(i);
      out.monetary[i] = stats.MonetaryMinor(i) / scale;
      out.holdout[i] = stats.holdout_days[i];
    }
  });
  return out;
}

}  // namespace loyal::analytics
