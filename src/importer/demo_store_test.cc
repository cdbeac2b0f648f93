#include "importer/demo_store.h"

#include <gtest/gtest.h>

#include <numeric>

#include "db/testing/backend_test.h"

namespace loyal::importer {
namespace {

class CountingSink final : public DemoSink {
 public:
  Status OnCatalog(const std::vector<DemoProduct>&) override { return {}; }
  Status OnCustomer(const DemoCustomer&, const std::vector<DemoOrder>&,
                    const std::vector<DemoReturn>& returns) override {
    returned_units +=
        std::accumulate(returns.begin(), returns.end(), int64_t{0},
                        [](int64_t s, const DemoReturn& r) { return s + r.quantity; });
    return {};
  }
  int64_t returned_units = 0;
};

class DemoStoreTest : public db::testing::BackendTest {
 protected:
  ManualClock clock_{Timestamp(std::chrono::seconds(1'750'000'000))};
};

TEST_P(DemoStoreTest, WritesTheGeneratedShopAndARerunChangesNothing) {
  DemoOptions options;
  options.customers = 400;
  options.seed = 11;
  CountingSink counting;
  auto expected = DemoGenerator::Create(options)->Run(counting);
  ASSERT_TRUE(expected);

  auto summary = WriteDemoToStore(db(), options, clock_);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->customers, expected->customers - expected->guests);
  EXPECT_EQ(summary->guest_customers, expected->guests);
  EXPECT_EQ(summary->orders, expected->orders);
  EXPECT_EQ(summary->lines, expected->lines);
  EXPECT_EQ(summary->returns, expected->returns);
  EXPECT_EQ(summary->unmatched_returns, 0);
  EXPECT_EQ(summary->products, 400);
  EXPECT_EQ(Scalar("SELECT SUM(returned_quantity) FROM order_lines"), counting.returned_units);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM customers WHERE name IS NULL OR email IS NULL"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM products WHERE category IS NULL OR price_micros IS NULL"),
            0);

  int64_t orders = Scalar("SELECT COUNT(*) FROM orders");
  int64_t customers = Scalar("SELECT COUNT(*) FROM customers");
  auto again = WriteDemoToStore(db(), options, clock_);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->orders, 0);
  EXPECT_EQ(again->returns, 0);
  EXPECT_EQ(again->orders_already_present, expected->orders);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM orders"), orders);
  // Guest customers are made per guest order, and no guest order is new the second time.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM customers"), customers);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(DemoStoreTest);

}  // namespace
}  // namespace loyal::importer
