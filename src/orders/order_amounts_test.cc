// Order discounts, shipping, tax, categories and named holds in the pure order rules:
// validation, the lines' nets, the request hash and what returns of a discounted line are
// worth.
#include <gtest/gtest.h>

#include <set>

#include "orders/orders.h"

namespace loyal::orders {
namespace {

const Timestamp kNow = Timestamp(std::chrono::seconds(1'700'000'000));

OrderInput SampleInput() {
  OrderInput in;
  in.external_id = "A-1";
  in.customer.external_id = "C-1";
  in.currency = *Currency::Parse("GBP");
  in.lines = {LineInput{"SKU-1", 3, 2'550'000, 0, std::nullopt},
              LineInput{"SKU-2", 1, 8'500, 0, std::nullopt}};
  return in;
}

// Mugs at 60.00 less 10.00 of their own, a book at 50.00, 10.00 off the order.
OrderInput DiscountedInput() {
  OrderInput in = SampleInput();
  in.lines = {LineInput{"MUG", 2, 30'000'000, 1000, std::nullopt},
              LineInput{"BOOK", 1, 50'000'000, 0, "books"}};
  in.discount_minor = 1000;
  in.shipping_minor = 495;
  in.tax_minor = 1800;
  return in;
}

TEST(OrderAmountsTest, LineNetsCarryTheirDiscountAndAShareOfTheOrders) {
  auto order = BuildOrder(DiscountedInput(), 1, 1, kNow, nullptr);
  ASSERT_TRUE(order) << order.error().ToString();
  EXPECT_EQ(order->total_minor, 11000);
  EXPECT_EQ(order->lines[0].net_minor, 4500);
  EXPECT_EQ(order->lines[1].net_minor, 4500);
  EXPECT_EQ(order->lines[1].category, "books");
  EXPECT_EQ(order->net_minor, 9000);
  EXPECT_EQ(order->GrandTotalMinor(), 9000 + 495 + 1800);

  // Uneven shares still sum to the discount: 545.45 and 454.54, the unit to the larger
  // remainder.
  OrderInput uneven = DiscountedInput();
  uneven.lines[0].discount_minor = 0;
  order = BuildOrder(uneven, 1, 1, kNow, nullptr);
  ASSERT_TRUE(order);
  EXPECT_EQ(order->lines[0].net_minor, 5455);
  EXPECT_EQ(order->lines[1].net_minor, 4545);
  EXPECT_EQ(order->net_minor, 10000);
}

TEST(OrderAmountsTest, NegativeAmountsAreInvalidArgumentWithTheirField) {
  const std::vector<std::pair<void (*)(OrderInput&), const char*>> cases = {
      {[](OrderInput& in) { in.shipping_minor = -1; }, "shipping_minor"},
      {[](OrderInput& in) { in.tax_minor = -1; }, "tax_minor"},
      {[](OrderInput& in) { in.discount_minor = -1; }, "discount_minor"},
      {[](OrderInput& in) { in.lines[1].discount_minor = -1; }, "lines[1].discount_minor"},
      {[](OrderInput& in) { in.lines[0].category = std::string(201, 'x'); }, "lines[0].category"},
  };
  for (const auto& [change, field] : cases) {
    OrderInput in = DiscountedInput();
    change(in);
    auto status = NormalizeOrderInput(in);
    ASSERT_FALSE(status) << field;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(status.error().field, field);
  }
}

TEST(OrderAmountsTest, DiscountsBeyondWhatTheyApplyToAreFailedPrecondition) {
  OrderInput in = DiscountedInput();
  in.lines[0].discount_minor = 6001;
  auto order = BuildOrder(in, 1, 1, kNow, nullptr);
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(order.error().field, "lines[0].discount_minor");

  in = DiscountedInput();
  in.discount_minor = 10001;  // the lines come to 100.00 after their own discounts
  order = BuildOrder(in, 1, 1, kNow, nullptr);
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(order.error().field, "discount_minor");
  in.discount_minor = 10000;  // everything off is allowed
  EXPECT_TRUE(BuildOrder(in, 1, 1, kNow, nullptr));
}

TEST(OrderAmountsTest, NamedHoldsMustBeDistinctHoldIds) {
  OrderInput in = SampleInput();
  in.points_holds = {"hold_a", "hold_a"};
  EXPECT_EQ(NormalizeOrderInput(in).error().field, "points_holds[1]");
  in.points_holds = {"ord_a"};
  EXPECT_EQ(NormalizeOrderInput(in).error().field, "points_holds[0]");
  in.points_holds.assign(kMaxPointsHolds + 1, "hold_a");
  EXPECT_EQ(NormalizeOrderInput(in).error().field, "points_holds");
  in.points_holds = {"hold_a", "hold_b"};
  EXPECT_TRUE(NormalizeOrderInput(in));
}

TEST(OrderAmountsTest, AnOrderWithoutTheNewFieldsHashesAsBefore) {
  // The digest main computed before discounts existed: stored orders replay as ever.
  EXPECT_EQ(OrderRequestHash(SampleInput()),
            "eb1df0d438a353548d1e6e91bc58a88a84c630e8f28f73954926bd388303e2e1");
  const std::string base = OrderRequestHash(SampleInput());
  const std::vector<void (*)(OrderInput&)> changes = {
      [](OrderInput& in) { in.shipping_minor = 1; },
      [](OrderInput& in) { in.tax_minor = 1; },
      [](OrderInput& in) { in.discount_minor = 1; },
      [](OrderInput& in) { in.lines[0].discount_minor = 1; },
      [](OrderInput& in) { in.lines[0].category = ""; },
      [](OrderInput& in) { in.points_holds = {"hold_a"}; },
  };
  std::set<std::string> seen = {base};
  for (auto change : changes) {
    OrderInput in = SampleInput();
    change(in);
    EXPECT_TRUE(seen.insert(OrderRequestHash(in)).second) << "a change left the hash alone";
  }
}

TEST(OrderAmountsTest, ReturnsOfADiscountedLineSumToItsNet) {
  OrderInput in = SampleInput();
  in.lines = {LineInput{"A", 3, 3'333'333, 1, std::nullopt}};  // 10.00 less 0.01
  auto order = BuildOrder(in, 1, 1, kNow, nullptr);
  ASSERT_TRUE(order);
  ASSERT_EQ(order->lines[0].net_minor, 999);
  ReturnInput back;
  back.external_id = "R-1";
  back.order_external_id = "A-1";
  back.lines = {ReturnLineInput{0, std::nullopt, 1}};
  int64_t sum = 0;
  for (int64_t expected : {333, 333, 333}) {
    auto lines = AllocateReturn(*order, back);
    ASSERT_TRUE(lines);
    EXPECT_EQ((*lines)[0].amount_minor, expected);
    sum += (*lines)[0].amount_minor;
  }
  EXPECT_EQ(sum, 999);
}

}  // namespace
}  // namespace loyal::orders
