#include "analytics/purchase_days.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <utility>
#include <vector>

#include "analytics/two_way_split.h"

namespace loyal::analytics {
namespace {

// Enough rows, in random order with many same-day repeats, that Build splits the customers
// over two threads; every customer's days must equal a plain std::map grouping of its rows.
TEST(PurchaseDaysTest, TwoThreadBuildGroupsEveryCustomerLikeAMap) {
  constexpr uint32_t kCustomers = 5'000;
  constexpr size_t kRows = 4 * internal::kSplitMinimum;
  constexpr DayNumber kThrough = 20'200;
  std::mt19937 rng(7);
  std::uniform_int_distribution<uint32_t> customer(0, kCustomers - 1);
  std::uniform_int_distribution<DayNumber> day(20'000, 20'300);
  std::uniform_int_distribution<int64_t> amount(-500, 5'000);
  std::vector<uint32_t> customers(kRows);
  std::vector<DayNumber> days(kRows);
  std::vector<int64_t> amounts(kRows);
  std::vector<std::map<DayNumber, int64_t>> expected(kCustomers);
  for (size_t i = 0; i < kRows; ++i) {
    customers[i] = customer(rng);
    days[i] = day(rng);
    amounts[i] = amount(rng);
    if (days[i] <= kThrough) expected[customers[i]][days[i]] += amounts[i];
  }
  const TransactionView view{customers, days, amounts, kCustomers + 2};  // two without rows
  const PurchaseDays grouped = PurchaseDays::Build(view, kThrough);
  ASSERT_EQ(grouped.customers(), kCustomers + 2);
  DayNumber first = INT32_MAX, last = INT32_MIN;
  for (uint32_t c = 0; c < kCustomers + 2; ++c) {
    std::vector<std::pair<DayNumber, int64_t>> got;
    for (size_t k = 0; k < grouped.Days(c).size(); ++k) {
      got.emplace_back(grouped.Days(c)[k], grouped.Amounts(c)[k]);
    }
    const std::map<DayNumber, int64_t> none;
    const auto& want = c < kCustomers ? expected[c] : none;
    const std::vector<std::pair<DayNumber, int64_t>> wanted(want.begin(), want.end());
    ASSERT_EQ(got, wanted) << "customer " << c;
    if (!want.empty()) {
      first = std::min(first, want.begin()->first);
      last = std::max(last, want.rbegin()->first);
    }
  }
  EXPECT_EQ(grouped.first_day(), first);
  EXPECT_EQ(grouped.last_day(), last);
}

}  // namespace
}  // namespace loyal::analytics
