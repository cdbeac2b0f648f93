#include "program/earning.h"

#include <gtest/gtest.h>

namespace loyal::program {
namespace {

EarningRules OnePointPerPound() {
  EarningRules rules;
  rules.rate_millionths["GBP"] = kMillionths;
  return rules;
}

Multiplier BySku(std::string sku, int64_t factor_millionths) {
  Multiplier m;
  m.match.sku = std::move(sku);
  m.factor_millionths = factor_millionths;
  return m;
}

Multiplier ByCategory(std::string category, int64_t factor_millionths) {
  Multiplier m;
  m.match.category = std::move(category);
  m.factor_millionths = factor_millionths;
  return m;
}

OrderFacts Order(std::vector<int64_t> amounts, int64_t order_discount = 0) {
  OrderFacts order;
  order.currency = "GBP";
  for (size_t i = 0; i < amounts.size(); ++i) {
    EarnLine line;
    line.sku = "SKU" + std::to_string(i);
    line.amount_minor = amounts[i];
    order.lines.push_back(std::move(line));
  }
  order.order_discount_minor = order_discount;
  return order;
}

std::vector<int64_t> Points(const EarningRules& rules, const OrderFacts& order) {
  auto earning = EarnForOrder(rules, order);
  EXPECT_TRUE(earning) << earning.error().ToString();
  return earning ? earning->line_points : std::vector<int64_t>{};
}

TEST(EarningTest, EachRoundingModeRoundsEveryLineOnItsOwn) {
  EarningRules rules = OnePointPerPound();
  OrderFacts order = Order({255, 250, 350, 201});
  EXPECT_EQ(Points(rules, order), (std::vector<int64_t>{2, 2, 3, 2}));
  rules.rounding = Rounding::kHalfEven;
  EXPECT_EQ(Points(rules, order), (std::vector<int64_t>{3, 2, 4, 2}));
  rules.rounding = Rounding::kUp;
  EXPECT_EQ(Points(rules, order), (std::vector<int64_t>{3, 3, 4, 3}));
}

TEST(EarningTest, RatesFollowTheCurrencysMinorUnitsAndUnlistedCurrenciesEarnNothing) {
  EarningRules rules = OnePointPerPound();
  rules.rate_millionths["JPY"] = kMillionths / 100;  // a point per 100 yen
  rules.first_order_bonus = 50;
  OrderFacts yen = Order({1234});
  yen.currency = "JPY";
  yen.currency_exponent = 0;
  EXPECT_EQ(Points(rules, yen), (std::vector<int64_t>{12}));
  OrderFacts euros = Order({10000});
  euros.currency = "EUR";
  euros.first_order = true;
  auto earning = EarnForOrder(rules, euros);
  ASSERT_TRUE(earning);
  EXPECT_EQ(earning->Total(), 0);
}

TEST(EarningTest, SkuMultiplierWinsOverItsCategoryAndFactorZeroExcludes) {
  EarningRules rules = OnePointPerPound();
  rules.multipliers = {ByCategory("mugs", 3 * kMillionths), BySku("SKU0", 2 * kMillionths),
                       ByCategory("gift", 0)};
  OrderFacts order = Order({1000, 1000, 1000, 1000});
  order.lines[0].category = "mugs";
  order.lines[1].category = "mugs";
  order.lines[2].category = "gift";
  EXPECT_EQ(Points(rules, order), (std::vector<int64_t>{20, 30, 0, 10}));
}

TEST(EarningTest, DecimalMultipliersAreExact) {
  EarningRules rules = OnePointPerPound();
  rules.multipliers = {BySku("SKU0", 1'500'000)};
  // 3 pounds × 1.5 is exactly 4.5 points: down gives 4, half to even 4, up 5.
  EXPECT_EQ(Points(rules, Order({300})), (std::vector<int64_t>{4}));
  rules.rounding = Rounding::kHalfEven;
  EXPECT_EQ(Points(rules, Order({300})), (std::vector<int64_t>{4}));
  rules.rounding = Rounding::kUp;
  EXPECT_EQ(Points(rules, Order({300})), (std::vector<int64_t>{5}));
}

TEST(EarningTest, OrderDiscountIsSharedByLargestRemainderAndEarnsNothing) {
  auto shares = AllocateDiscount({100, 200, 300}, 100);
  ASSERT_TRUE(shares);
  EXPECT_EQ(*shares, (std::vector<int64_t>{17, 33, 50}));
  EarningRules rules = OnePointPerPound();
  OrderFacts order = Order({1000, 2000}, 600);
  order.lines[1].discount_minor = 500;
  auto earning = EarnForOrder(rules, order);
  ASSERT_TRUE(earning) << earning.error().ToString();
  // After its own 5.00, line 1 is 15.00; the 6.00 order discount splits 10:15 -> 2.40, 3.60.
  EXPECT_EQ(earning->line_net_minor, (std::vector<int64_t>{760, 1140}));
  EXPECT_EQ(earning->net_minor, 1900);
  EXPECT_EQ(earning->line_points, (std::vector<int64_t>{7, 11}));
}

TEST(EarningTest, DiscountsLargerThanWhatTheyApplyToAreRefusedNamingTheField) {
  EarningRules rules = OnePointPerPound();
  auto whole = EarnForOrder(rules, Order({100, 100}, 201));
  ASSERT_FALSE(whole);
  EXPECT_EQ(whole.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(whole.error().field, "discount");
  OrderFacts order = Order({100, 100});
  order.lines[1].discount_minor = 101;
  auto line = EarnForOrder(rules, order);
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(line.error().field, "lines[1].discount");
}

TEST(EarningTest, BonusesNeedTheMinimumAndTheHighestSpendThresholdApplies) {
  EarningRules rules = OnePointPerPound();
  rules.minimum_order_minor["GBP"] = 1000;
  rules.first_order_bonus = 100;
  rules.spend_bonuses = {{"GBP", 5000, 20}, {"GBP", 10000, 50}, {"EUR", 1000, 999}};
  OrderFacts order = Order({12000});
  order.first_order = true;
  auto earning = EarnForOrder(rules, order);
  ASSERT_TRUE(earning);
  EXPECT_EQ(earning->first_order_bonus, 100);
  EXPECT_EQ(earning->spend_bonus, 50);
  EXPECT_EQ(earning->Total(), 120 + 100 + 50);
  // What a partly returned order keeps is re-checked: 60.00 left reaches the lower bonus.
  OrderBonuses kept = BonusesFor(rules, "GBP", 6000, true);
  EXPECT_EQ(kept.spend_bonus, 20);
  EXPECT_EQ(kept.first_order_bonus, 100);
  OrderBonuses below = BonusesFor(rules, "GBP", 999, true);
  EXPECT_EQ(below.spend_bonus + below.first_order_bonus, 0);
  auto small = EarnForOrder(rules, Order({999}));
  ASSERT_TRUE(small);
  EXPECT_EQ(small->Total(), 0);
}

TEST(EarningTest, ReturningEveryUnitInAnyNumberOfReturnsReversesExactlyTheLinesPoints) {
  EXPECT_EQ(PointsForReturnedUnits(10, 3, 0, 1), 3);
  EXPECT_EQ(PointsForReturnedUnits(10, 3, 1, 1), 3);
  EXPECT_EQ(PointsForReturnedUnits(10, 3, 2, 1), 4);
  EXPECT_EQ(PointsForReturnedUnits(10, 3, 0, 3), 10);
  for (int64_t quantity = 1; quantity <= 7; ++quantity) {
    int64_t reversed = 0;
    for (int64_t before = 0; before < quantity; ++before) {
      reversed += PointsForReturnedUnits(101, quantity, before, 1);
    }
    EXPECT_EQ(reversed, 101) << quantity;
  }
}

// The worked example of docs/loyalty.md, figure for figure.
TEST(EarningTest, TheWorkedExampleOfTheDocs) {
  EarningRules rules = OnePointPerPound();
  rules.multipliers = {BySku("MUG", 2 * kMillionths), ByCategory("gift", 0)};
  rules.first_order_bonus = 100;
  rules.spend_bonuses = {{"GBP", 10000, 50}};
  OrderFacts order = Order({2500, 8000, 2000}, 1000);
  order.lines[0].sku = "MUG";
  order.lines[1].category = "books";
  order.lines[1].discount_minor = 500;
  order.lines[2].category = "gift";
  order.first_order = true;
  auto earning = EarnForOrder(rules, order);
  ASSERT_TRUE(earning) << earning.error().ToString();
  EXPECT_EQ(earning->line_net_minor, (std::vector<int64_t>{2292, 6875, 1833}));
  EXPECT_EQ(earning->line_points, (std::vector<int64_t>{45, 68, 0}));
  EXPECT_EQ(earning->spend_bonus, 50);
  EXPECT_EQ(earning->Total(), 263);
  // One of the two mugs comes back: its points, and the spend bonus the rest no longer reaches.
  EXPECT_EQ(PointsForReturnedUnits(45, 2, 0, 1), 22);
  EXPECT_EQ(BonusesFor(rules, "GBP", 11000 - 1146, true).spend_bonus, 0);
}

TEST(EarningTest, PointsBeyondSixtyFourBitsAreAnErrorNotAWrap) {
  EarningRules rules;
  rules.rate_millionths["GBP"] = kMaxRateMillionths;
  rules.multipliers = {BySku("SKU0", kMaxMultiplierMillionths)};
  auto earning = EarnForOrder(rules, Order({INT64_MAX / 2}));
  ASSERT_FALSE(earning);
  EXPECT_EQ(earning.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace loyal::program
