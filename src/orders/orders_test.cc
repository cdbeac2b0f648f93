#include "orders/orders.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace loyal::orders {
namespace {

const Timestamp kNow = Timestamp(std::chrono::seconds(1'700'000'000));  // 2023-11-14T22:13:20Z

OrderInput SampleInput() {
  OrderInput in;
  in.external_id = "A-1";
  in.customer.external_id = "C-1";
  in.currency = *Currency::Parse("GBP");
  in.lines = {LineInput{"SKU-1", 3, 2'550'000, 0, std::nullopt},
              LineInput{"SKU-2", 1, 8'500, 0, std::nullopt}};
  return in;
}

TEST(OrderStatusTest, ForwardStepsAndEarlyCancelAreAllowed) {
  using S = OrderStatus;
  EXPECT_TRUE(CheckTransition(S::kPlaced, S::kPaid));
  EXPECT_TRUE(CheckTransition(S::kPaid, S::kShipped));
  EXPECT_TRUE(CheckTransition(S::kShipped, S::kDelivered));
  EXPECT_TRUE(CheckTransition(S::kPlaced, S::kCancelled));
  EXPECT_TRUE(CheckTransition(S::kPaid, S::kCancelled));
}

TEST(OrderStatusTest, SkipsBackwardsAndLateCancelAreFailedPrecondition) {
  using S = OrderStatus;
  for (auto [from, to] :
       {std::pair{S::kPlaced, S::kShipped}, std::pair{S::kPaid, S::kPlaced},
        std::pair{S::kShipped, S::kCancelled}, std::pair{S::kDelivered, S::kCancelled},
        std::pair{S::kCancelled, S::kPaid}, std::pair{S::kDelivered, S::kPlaced}}) {
    auto status = CheckTransition(from, to);
    ASSERT_FALSE(status) << StatusName(from) << "->" << StatusName(to);
    EXPECT_EQ(status.error().code, ErrorCode::kFailedPrecondition);
  }
  EXPECT_EQ(CheckTransition(S::kShipped, S::kCancelled).error().message,
            "an order cannot go from shipped to cancelled");
}

TEST(OrderInputTest, BadLinesNameTheirPath) {
  OrderInput in = SampleInput();
  in.lines[1].quantity = -2;
  auto status = NormalizeOrderInput(in);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "lines[1].quantity");

  in = SampleInput();
  in.lines[0].sku = "";
  EXPECT_EQ(NormalizeOrderInput(in).error().field, "lines[0].sku");
  in = SampleInput();
  in.lines[0].unit_price_micros = -1;
  EXPECT_EQ(NormalizeOrderInput(in).error().field, "lines[0].unit_price");
  in = SampleInput();
  in.lines.clear();
  EXPECT_EQ(NormalizeOrderInput(in).error().field, "lines");
  in = SampleInput();
  in.customer.email = "nope";
  EXPECT_EQ(NormalizeOrderInput(in).error().field, "customer.email");
}

TEST(OrderInputTest, HashIgnoresContactDetailsButNotLines) {
  OrderInput a = SampleInput();
  OrderInput b = SampleInput();
  b.customer.email = "ann@example.com";
  EXPECT_EQ(OrderRequestHash(a), OrderRequestHash(b));
  b.lines[0].quantity = 4;
  EXPECT_NE(OrderRequestHash(a), OrderRequestHash(b));
  OrderInput c = SampleInput();
  c.customer.external_id.reset();
  EXPECT_NE(OrderRequestHash(a), OrderRequestHash(c));
  EXPECT_EQ(OrderRequestHash(a).size(), 64u);
}

TEST(BuildOrderTest, TotalsAreExactAndRoundHalfToEven) {
  OrderInput in = SampleInput();
  in.lines.push_back(LineInput{"SKU-3", 1, 5'000, 0, std::nullopt});   // 0.005 -> 0 (half to even)
  in.lines.push_back(LineInput{"SKU-4", 1, 15'000, 0, std::nullopt});  // 0.015 -> 2
  auto order = BuildOrder(in, 7, 9, kNow, nullptr);
  ASSERT_TRUE(order);
  EXPECT_EQ(order->lines[0].amount_minor, 765);  // 3 x 2.55
  EXPECT_EQ(order->lines[1].amount_minor, 1);    // 0.0085 -> 0.01
  EXPECT_EQ(order->lines[2].amount_minor, 0);
  EXPECT_EQ(order->lines[3].amount_minor, 2);
  EXPECT_EQ(order->total_minor, 768);
  EXPECT_EQ(order->placed_at, kNow);
  EXPECT_EQ(order->placed_day, 19675);  // 2023-11-14
}

TEST(BuildOrderTest, PlacedDayFollowsTheShopTimeZone) {
  OrderInput in = SampleInput();
  in.placed_at = Timestamp(std::chrono::seconds(1'700'000'000));  // 22:13 UTC
  auto utc = BuildOrder(in, 1, 1, kNow, nullptr);
  auto tokyo = BuildOrder(in, 1, 1, kNow, date::locate_zone("Asia/Tokyo"));  // 07:13 next day
  EXPECT_EQ(tokyo->placed_day, utc->placed_day + 1);
}

TEST(BuildOrderTest, OverflowingLineIsInvalidArgumentWithPath) {
  OrderInput in = SampleInput();
  in.lines[1].quantity = 4'000'000'000'000;
  in.lines[1].unit_price_micros = 4'000'000'000'000;
  auto order = BuildOrder(in, 1, 1, kNow, nullptr);
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().field, "lines[1].quantity");
}

class AllocateReturnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OrderInput in = SampleInput();
    in.lines = {LineInput{"A", 2, 15'000, 0, std::nullopt},
                LineInput{"B", 1, 1'000'000, 0, std::nullopt},
                LineInput{"A", 1, 15'000, 0, std::nullopt}};
    order_ = *BuildOrder(in, 1, 1, kNow, nullptr);
  }
  static ReturnInput Lines(std::vector<ReturnLineInput> lines) {
    ReturnInput in;
    in.external_id = "R-1";
    in.order_external_id = "A-1";
    in.lines = std::move(lines);
    return in;
  }
  Order order_;
};

TEST_F(AllocateReturnTest, PartialReturnsOfALineSumToItsAmount) {
  ASSERT_EQ(order_.lines[0].amount_minor, 3);  // 2 x 0.015 = 0.03
  auto first = AllocateReturn(order_, Lines({ReturnLineInput{0, std::nullopt, 1}}));
  auto second = AllocateReturn(order_, Lines({ReturnLineInput{0, std::nullopt, 1}}));
  ASSERT_TRUE(first && second);
  EXPECT_EQ((*first)[0].amount_minor, 2);   // 0.015 rounds to 0.02
  EXPECT_EQ((*second)[0].amount_minor, 1);  // the rest of 0.03, not another 0.02
  EXPECT_EQ(order_.lines[0].returned_quantity, 2);
}

TEST_F(AllocateReturnTest, SkuSpreadsOverItsLinesInOrder) {
  auto lines = AllocateReturn(order_, Lines({ReturnLineInput{std::nullopt, "A", 3}}));
  ASSERT_TRUE(lines);
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].order_line_no, 0);
  EXPECT_EQ((*lines)[0].quantity, 2);
  EXPECT_EQ((*lines)[1].order_line_no, 2);
  EXPECT_EQ((*lines)[1].quantity, 1);
  EXPECT_EQ((*lines)[1].line_no, 1);
}

TEST_F(AllocateReturnTest, MoreThanBoughtIsFailedPreconditionWithPath) {
  auto too_many = AllocateReturn(order_, Lines({ReturnLineInput{std::nullopt, "B", 1},
                                                ReturnLineInput{std::nullopt, "A", 4}}));
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(too_many.error().field, "lines[1].quantity");
  auto no_line = AllocateReturn(order_, Lines({ReturnLineInput{9, std::nullopt, 1}}));
  EXPECT_EQ(no_line.error().field, "lines[0].line_no");
  auto no_sku = AllocateReturn(order_, Lines({ReturnLineInput{std::nullopt, "Z", 1}}));
  EXPECT_EQ(no_sku.error().field, "lines[0].sku");
}

TEST(ReturnInputTest, LineNeedsExactlyOneOfLineNoAndSku) {
  ReturnInput in;
  in.external_id = "R-1";
  in.order_external_id = "A-1";
  in.lines = {ReturnLineInput{0, "A", 1}};
  EXPECT_EQ(ValidateReturnInput(in).error().field, "lines[0].line_no");
  in.lines = {ReturnLineInput{0, std::nullopt, 0}};
  EXPECT_EQ(ValidateReturnInput(in).error().field, "lines[0].quantity");
  in.lines = {ReturnLineInput{0, std::nullopt, 1}};
  in.refund_minor = -1;
  EXPECT_EQ(ValidateReturnInput(in).error().field, "refund_minor");
}

}  // namespace
}  // namespace loyal::orders
