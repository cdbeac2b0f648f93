#include "intake/batch_intake.h"

#include <gtest/gtest.h>

#include <vector>

#include "customers/customer_service.h"
#include "db/testing/backend_test.h"
#include "orders/order_service.h"
#include "settings/settings_service.h"

namespace loyal::intake {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));
// 2024-03-02 02:00 UTC: 2 March in UTC, still 1 March (21:00) in New York.
const Timestamp kSmallHours = Timestamp(std::chrono::seconds(1'709'344'800));

orders::OrderInput Imported(std::string id) {
  orders::OrderInput in;
  in.external_id = std::move(id);
  in.customer.external_id = "C-1";
  in.placed_at = kSmallHours;
  in.currency = *Currency::Parse("GBP");
  in.status = orders::OrderStatus::kDelivered;
  in.lines = {orders::LineInput{"MUG", 2, 2'550'000, 0, std::nullopt}};
  return in;
}

orders::HistoricReturn Returned(std::string id, std::string sku) {
  orders::HistoricReturn ret;
  ret.external_id = std::move(id);
  ret.sku = std::move(sku);
  ret.quantity = 1;
  ret.refund_minor = 255;
  ret.currency = *Currency::Parse("GBP");
  ret.returned_at = kSmallHours + std::chrono::hours(24);
  return ret;
}

class BatchIntakeTest : public db::testing::BackendTest {
 protected:
  // The one buyer of these tests, created on first use; counts the calls.
  orders::BuyerIdFn Buyer(db::Transaction& tx) {
    return [this, &tx](size_t) -> Result<int64_t> {
      ++buyer_calls_;
      return customers::EnsureBuyer(tx, "C-1", {}, kT0);
    };
  }

  Result<OrderBatchCounts> Orders(const std::vector<orders::OrderInput>& batch) {
    OrderBatchCounts counts;
    LOY_RETURN_IF_ERROR(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(counts, RecordOrderBatch(tx, batch, Buyer(tx), kT0));
      return {};
    }));
    return counts;
  }

  Result<ReturnBatchCounts> Returns(const std::vector<orders::HistoricReturn>& batch) {
    ReturnBatchCounts counts;
    LOY_RETURN_IF_ERROR(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(counts, RecordReturnBatch(tx, batch, Buyer(tx), kT0));
      return {};
    }));
    return counts;
  }

  Result<orders::Order> Get(const std::string& id) {
    orders::Order order;
    LOY_RETURN_IF_ERROR(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(order, orders::GetOrder(tx, id));
      return {};
    }));
    return order;
  }

  int buyer_calls_ = 0;
};

TEST_P(BatchIntakeTest, OrdersNotStoredYetAreCreatedWithTheShopsDayAndRerunsCreateNothing) {
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) {
    return settings::Set(tx, "time_zone", "America/New_York");
  }));
  auto first = Orders({Imported("A-1"), Imported("A-2"), Imported("A-1")});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->created, 2);
  EXPECT_EQ(first->lines, 2);
  EXPECT_EQ(first->guests, 0);
  EXPECT_EQ(first->already_present, 1);  // the batch's own repeat
  EXPECT_EQ(buyer_calls_, 2);
  EXPECT_EQ(FormatDate(Get("A-1")->placed_day), "2024-03-01");  // New York's day

  buyer_calls_ = 0;
  auto again = Orders({Imported("A-1"), Imported("A-2")});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->already_present, 2);
  EXPECT_EQ(buyer_calls_, 0);  // no buyer asked for, so a guest's re-import adds no guest
}

TEST_P(BatchIntakeTest, ReturnsTakeFromTheLatestPurchaseOrStayUnmatchedAndRerunsSkipThem) {
  ASSERT_TRUE(Orders({Imported("A-1")}));
  auto first = Returns({Returned("R-1", "MUG"), Returned("R-2", "TEA")});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->created, 2);
  EXPECT_EQ(first->unmatched, 1);  // nobody bought TEA
  auto order = Get("A-1");
  ASSERT_TRUE(order) << order.error().ToString();
  EXPECT_EQ(order->lines[0].returned_quantity, 1);
  EXPECT_EQ(order->refunded_minor, 255);

  buyer_calls_ = 0;
  auto again = Returns({Returned("R-1", "MUG"), Returned("R-2", "TEA")});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->already_present, 2);
  EXPECT_EQ(buyer_calls_, 0);
  EXPECT_EQ(Get("A-1")->refunded_minor, 255);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(BatchIntakeTest);

}  // namespace
}  // namespace loyal::intake
