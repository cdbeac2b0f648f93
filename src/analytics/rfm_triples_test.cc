#include "analytics/rfm_triples.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace loyal::analytics {
namespace {

TEST(RfmTriplesTest, CompressesSharedHistoriesAndMapsEveryCustomer) {
  const std::vector<double> x = {2, 0, 2, 1, 0, 2}, tx = {3, 0, 3, 1, -0.0, 3},
                            T = {5, 5, 5, 5, 5, 6};
  auto c = CompressTriples(x, tx, T);
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->triples.size(), 4u);  // -0.0 and 0.0 are the same recency
  EXPECT_EQ(c->customer_to_triple, (std::vector<std::uint32_t>{0, 1, 0, 2, 1, 3}));
  EXPECT_EQ(c->triples.weight, (std::vector<double>{2, 2, 1, 1}));
  EXPECT_EQ(c->triples.x, (std::vector<double>{2, 0, 1, 2}));
  EXPECT_EQ(c->triples.T, (std::vector<double>{5, 5, 5, 6}));
}

TEST(RfmTriplesTest, RejectsImpossibleHistoriesNamingTheCustomer) {
  auto expect_invalid = [](std::vector<double> x, std::vector<double> tx, std::vector<double> T,
                           const char* field) {
    auto c = CompressTriples(x, tx, T);
    ASSERT_FALSE(c.has_value());
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(c.error().field, field);
  };
  expect_invalid({1, 2}, {1, 3}, {2, 2}, "tx[1]");   // last purchase after T
  expect_invalid({1, 1.5}, {1, 1}, {2, 2}, "x[1]");  // fractional frequency
  expect_invalid({1, -1}, {1, 0}, {2, 2}, "x[1]");   // negative frequency
  expect_invalid({0, 1}, {1, 1}, {2, 2}, "tx[0]");   // recency without repeat purchases
  expect_invalid({1, 1}, {1, 1}, {2, NAN}, "T[1]");  // not finite
  EXPECT_EQ(CompressTriples(std::vector<double>{1}, std::vector<double>{}, std::vector<double>{1})
                .error()
                .code,
            ErrorCode::kInvalidArgument);
}

// 100,000 customers are compressed in two halves on two threads: the merge must give the order
// of first appearance over all customers, exact weights, and the first invalid customer.
TEST(RfmTriplesTest, TwoThreadCompressionKeepsFirstAppearanceOrderAndFirstError) {
  constexpr std::size_t kCustomers = 100'000;
  std::vector<double> x(kCustomers), tx(kCustomers), T(kCustomers);
  for (std::size_t i = 0; i < kCustomers; ++i) {
    // Triples 0..999 cycle through the first half; the second half repeats them and, from
    // customer 60,000, adds triples 1000..1999.
    const std::size_t k = i < 60'000 ? i % 1000 : 1000 + i % 1000;
    x[i] = static_cast<double>(k % 7);
    T[i] = static_cast<double>(k / 7 + 1);
    tx[i] = x[i] == 0 ? 0 : T[i] / 2;
  }
  auto c = CompressTriples(x, tx, T);
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->triples.size(), 2000u);
  for (std::size_t i : {0ul, 999ul, 50'000ul, 59'999ul, 60'000ul, 99'999ul}) {
    EXPECT_EQ(c->customer_to_triple[i], i < 60'000 ? i % 1000 : 1000 + i % 1000) << i;
  }
  EXPECT_EQ(c->triples.weight[0], 60.0);
  EXPECT_EQ(c->triples.weight[1000], 40.0);
  EXPECT_EQ(c->triples.T[1999], 1999 / 7 + 1);  // triple 1999: T = k / 7 + 1

  tx[70'000] = T[70'000] + 1;
  EXPECT_EQ(CompressTriples(x, tx, T).error().field, "tx[70000]");
  x[20'000] = 0.5;
  EXPECT_EQ(CompressTriples(x, tx, T).error().field, "x[20000]");
}

TEST(RfmTriplesTest, PreparedTriplesIndexDistinctTimesAndWeightsByX) {
  RfmTriples t{{2, 0, 1}, {3, 0, 5}, {5, 5, 7}, {2, 3, 1}};
  auto p = PrepareTriples(t);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->times, (std::vector<double>{0, 3, 5, 7}));
  EXPECT_EQ(p->tx_index, (std::vector<std::uint32_t>{1, 0, 2}));
  EXPECT_EQ(p->T_index, (std::vector<std::uint32_t>{2, 2, 3}));
  EXPECT_EQ(p->weight_by_x, (std::vector<double>{3, 1, 2}));
  EXPECT_EQ(p->total_weight, 6);
  EXPECT_EQ(p->max_x, 2);
  EXPECT_EQ(PrepareTriples(RfmTriples{}).error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace loyal::analytics
