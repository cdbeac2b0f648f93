#include "orders/order_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "customers/customer_service.h"
#include "db/testing/backend_test.h"

namespace loyal::orders {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

OrderInput Sample(std::string id = "A-1", std::optional<std::string> customer = "C-1") {
  OrderInput in;
  in.external_id = std::move(id);
  in.customer.external_id = std::move(customer);
  in.currency = *Currency::Parse("EUR");
  in.lines = {LineInput{"SKU-1", 2, 2'550'000, 0, std::nullopt},
              LineInput{"SKU-2", 1, 10'000'000, 0, std::nullopt}};
  return in;
}

ReturnInput ReturnOf(std::string id, std::vector<ReturnLineInput> lines,
                     std::optional<int64_t> refund = std::nullopt) {
  ReturnInput in;
  in.external_id = std::move(id);
  in.order_external_id = "A-1";
  in.lines = std::move(lines);
  in.refund_minor = refund;
  return in;
}

class OrderServiceTest : public db::testing::BackendTest {
 protected:
  // Runs `work` in one committed transaction, returning its result or error.
  template <class T>
  Result<T> InTx(const std::function<Result<T>(db::Transaction&)>& work) {
    Result<T> out = tl::unexpected(Error{});
    auto status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      out = work(tx);
      if (!out) return tl::unexpected(out.error());
      return {};
    });
    if (!status) return tl::unexpected(status.error());
    return out;
  }

  Result<CreateOrderResult> Create(const OrderInput& in) {
    return InTx<CreateOrderResult>([&](db::Transaction& tx) {
      return CreateOrder(tx, in, OrderContext{kT0, nullptr});
    });
  }
  Result<Order> Get(std::string id = "A-1") {
    return InTx<Order>([&](db::Transaction& tx) { return GetOrder(tx, id); });
  }
  Result<SetStatusResult> SetStatus(OrderStatus to, Timestamp now = kT0) {
    return InTx<SetStatusResult>(
        [&](db::Transaction& tx) { return SetOrderStatus(tx, "A-1", to, now); });
  }
  Result<CreateReturnResult> AddReturn(const ReturnInput& in) {
    return InTx<CreateReturnResult>([&](db::Transaction& tx) {
      return CreateReturn(tx, in, OrderContext{kT0, nullptr});
    });
  }
  Result<customers::CustomerPage> Customers() {
    return InTx<customers::CustomerPage>(
        [&](db::Transaction& tx) { return customers::ListCustomers(tx, {}); });
  }
};

TEST_P(OrderServiceTest, CreateStoresOrderAndItsNewCustomer) {
  auto created = Create(Sample());
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->order.total_minor, 1510);
  auto stored = Get();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->customer_external_id, "C-1");
  EXPECT_EQ(stored->status, OrderStatus::kPlaced);
  EXPECT_EQ(stored->placed_day, 19675);
  ASSERT_EQ(stored->lines.size(), 2u);
  EXPECT_EQ(stored->lines[0].amount_minor, 510);
  EXPECT_EQ(stored->lines[1].sku, "SKU-2");
  auto page = Customers();
  ASSERT_EQ(page->customers.size(), 1u);
  EXPECT_EQ(page->customers[0].kind, customers::CustomerKind::kCustomer);
}

TEST_P(OrderServiceTest, SameBodyReplaysAndDifferentBodyIsAlreadyExists) {
  ASSERT_TRUE(Create(Sample()));
  auto replay = Create(Sample());
  ASSERT_TRUE(replay);
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(replay->order.total_minor, 1510);

  OrderInput changed = Sample();
  changed.lines[0].quantity = 3;
  auto conflict = Create(changed);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(conflict.error().field, "external_id");
  auto stored1 = Get();
  ASSERT_TRUE(stored1) << stored1.error().ToString();
  EXPECT_EQ(stored1->lines[0].quantity, 2);
}

TEST_P(OrderServiceTest, GuestOrdersGetTheirOwnGuestCustomer) {
  OrderInput guest = Sample("G-1", std::nullopt);
  guest.customer.email = "Walk@In.example";
  ASSERT_TRUE(Create(guest));
  ASSERT_TRUE(Create(Sample("G-2", std::nullopt)));
  ASSERT_TRUE(Create(Sample("G-1", std::nullopt)));  // a replay adds no guest
  auto page = Customers();
  ASSERT_TRUE(page) << page.error().ToString();
  ASSERT_EQ(page->customers.size(), 2u);
  EXPECT_EQ(page->customers[0].kind, customers::CustomerKind::kGuest);
  EXPECT_FALSE(page->customers[0].external_id.has_value());
  EXPECT_EQ(page->customers[0].guest_id, customers::GuestIdForOrder("G-1"));
  EXPECT_EQ(page->customers[0].email, "walk@in.example");
  auto order = Get("G-1");
  ASSERT_TRUE(order) << order.error().ToString();
  EXPECT_EQ(order->customer_external_id, customers::GuestIdForOrder("G-1"));
}

TEST_P(OrderServiceTest, ConcurrentCreatesOfOneOrderStoreItOnce) {
  constexpr int kThreads = 8;
  std::atomic<int> created{0};
  std::atomic<int> replayed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto result = Create(Sample("RACE", std::nullopt));
      if (result && result->created) ++created;
      if (result && !result->created) ++replayed;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(replayed.load(), kThreads - 1);
  auto page = Customers();
  EXPECT_EQ(page->customers.size(), 1u);  // losers left no guest behind
}

TEST_P(OrderServiceTest, StatusFollowsTheFlowAndRefusesIllegalMoves) {
  ASSERT_TRUE(Create(Sample()));
  auto paid = SetStatus(OrderStatus::kPaid);
  EXPECT_EQ(paid->order.status, OrderStatus::kPaid);
  EXPECT_TRUE(paid->changed);
  auto retry = SetStatus(OrderStatus::kPaid, kT0 + std::chrono::hours(1));  // a no-op
  EXPECT_EQ(retry->order.status, OrderStatus::kPaid);
  EXPECT_FALSE(retry->changed);
  EXPECT_EQ(retry->order.updated_at, kT0);
  EXPECT_TRUE(SetStatus(OrderStatus::kShipped));
  auto late_cancel = SetStatus(OrderStatus::kCancelled);
  ASSERT_FALSE(late_cancel);
  EXPECT_EQ(late_cancel.error().code, ErrorCode::kFailedPrecondition);
  auto stored2 = Get();
  ASSERT_TRUE(stored2) << stored2.error().ToString();
  EXPECT_EQ(stored2->status, OrderStatus::kShipped);
  EXPECT_TRUE(SetStatus(OrderStatus::kDelivered));
  auto missing = InTx<SetStatusResult>(
      [&](db::Transaction& tx) { return SetOrderStatus(tx, "nope", OrderStatus::kPaid, kT0); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(OrderServiceTest, PartialReturnsUpToWhatWasBought) {
  ASSERT_TRUE(Create(Sample()));
  auto first = AddReturn(ReturnOf("R-1", {ReturnLineInput{0, std::nullopt, 1}}));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->ret.refund_minor, 255);
  auto second = AddReturn(ReturnOf("R-2", {ReturnLineInput{std::nullopt, "SKU-1", 1}}));
  ASSERT_TRUE(second);
  auto third = AddReturn(ReturnOf("R-3", {ReturnLineInput{0, std::nullopt, 1}}));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(third.error().field, "lines[0].quantity");
  auto order = Get();
  EXPECT_EQ(order->lines[0].returned_quantity, 2);
  EXPECT_EQ(order->refunded_minor, 510);
  auto returns =
      InTx<std::vector<Return>>([&](db::Transaction& tx) { return ListOrderReturns(tx, "A-1"); });
  ASSERT_TRUE(returns);
  ASSERT_EQ(returns->size(), 2u);
  EXPECT_EQ((*returns)[0].external_id, "R-1");
  EXPECT_EQ((*returns)[1].external_id, "R-2");
  EXPECT_EQ((*returns)[1].lines[0].sku, "SKU-1");
}

TEST_P(OrderServiceTest, ReturnReplaysAndRefusesAChangedBody) {
  ASSERT_TRUE(Create(Sample()));
  const ReturnInput ret = ReturnOf("R-1", {ReturnLineInput{1, std::nullopt, 1}}, 500);
  ASSERT_TRUE(AddReturn(ret));
  auto replay = AddReturn(ret);
  ASSERT_TRUE(replay);
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(replay->ret.refund_minor, 500);
  EXPECT_EQ(replay->ret.lines.size(), 1u);
  auto changed = AddReturn(ReturnOf("R-1", {ReturnLineInput{1, std::nullopt, 1}}, 600));
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::kAlreadyExists);
  auto stored3 = Get();
  ASSERT_TRUE(stored3) << stored3.error().ToString();
  EXPECT_EQ(stored3->refunded_minor, 500);
}

TEST_P(OrderServiceTest, RefundsNeverExceedTheOrderTotal) {
  ASSERT_TRUE(Create(Sample()));
  ASSERT_TRUE(AddReturn(ReturnOf("R-1", {ReturnLineInput{1, std::nullopt, 1}}, 1500)));
  auto over = AddReturn(ReturnOf("R-2", {ReturnLineInput{0, std::nullopt, 1}}));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(over.error().field, "refund_minor");
  auto zero = AddReturn(ReturnOf("R-3", {ReturnLineInput{0, std::nullopt, 1}}, 0));
  ASSERT_TRUE(zero);
  auto stored4 = Get();
  ASSERT_TRUE(stored4) << stored4.error().ToString();
  EXPECT_EQ(stored4->refunded_minor, 1500);
}

TEST_P(OrderServiceTest, CancelledOrdersTakeNoReturns) {
  ASSERT_TRUE(Create(Sample()));
  ASSERT_TRUE(SetStatus(OrderStatus::kCancelled));
  auto ret = AddReturn(ReturnOf("R-1", {ReturnLineInput{0, std::nullopt, 1}}));
  ASSERT_FALSE(ret);
  EXPECT_EQ(ret.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(OrderServiceTest, ConcurrentReturnsNeverOverReturn) {
  OrderInput in = Sample();
  in.lines = {LineInput{"SKU-1", 3, 1'000'000, 0, std::nullopt}};
  ASSERT_TRUE(Create(in));
  constexpr int kThreads = 6;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto r = AddReturn(ReturnOf("R-" + std::to_string(t), {ReturnLineInput{0, std::nullopt, 1}}));
      if (r) ++accepted;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 3);
  auto order = Get();
  EXPECT_EQ(order->lines[0].returned_quantity, 3);
  EXPECT_EQ(order->refunded_minor, 300);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(OrderServiceTest);

}  // namespace
}  // namespace loyal::orders
