#include "intake/order_intake.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "db/testing/backend_test.h"
#include "orders/order_json.h"
#include "settings/settings_service.h"

namespace loyal::intake {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

orders::OrderRequest Order(std::string id, std::optional<ParsedDateTime> placed_at = {}) {
  orders::OrderRequest request;
  request.input.external_id = std::move(id);
  request.input.customer.external_id = "C-1";
  request.input.currency = *Currency::Parse("EUR");
  request.input.lines = {orders::LineInput{"MUG", 2, 2'550'000, 0, std::nullopt}};
  request.placed_at = placed_at;
  return request;
}

orders::ReturnRequest ReturnOf(std::string id, std::optional<ParsedDateTime> returned_at = {}) {
  orders::ReturnRequest request;
  request.input.external_id = std::move(id);
  request.input.order_external_id = "A-1";
  request.input.lines = {orders::ReturnLineInput{0, std::nullopt, 1}};
  request.returned_at = returned_at;
  return request;
}

// 2024-03-01 08:00 as written without an offset.
constexpr ParsedDateTime kLocalMorning{1'709'280'000, false};

class OrderIntakeTest : public db::testing::BackendTest {
 protected:
  // Runs `work` in one committed transaction and hands back what it produced.
  template <class T>
  Result<T> Committed(const std::function<Result<T>(db::Transaction&)>& work) {
    std::optional<T> out;
    LOY_RETURN_IF_ERROR(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(out, work(tx));
      return {};
    }));
    return std::move(*out);
  }

  int64_t Count(const std::string& table) {
    auto n = Committed<int64_t>([&](db::Transaction& tx) -> Result<int64_t> {
      LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM " + table));
      return rows[0].Int(0);
    });
    return n ? *n : -1;
  }

  program::ProgramCache programs_;
};

TEST_P(OrderIntakeTest, OrderTimesAndDaysAreReadInTheZoneSetInTheSameTransaction) {
  auto recorded = Committed<orders::CreateOrderResult>(
      [this](db::Transaction& tx) -> Result<orders::CreateOrderResult> {
        LOY_RETURN_IF_ERROR(settings::Set(tx, "time_zone", "Asia/Tokyo"));
        return RecordOrder(tx, programs_, Order("A-1", kLocalMorning), kT0);
      });
  ASSERT_TRUE(recorded) << recorded.error().ToString();
  EXPECT_TRUE(recorded->created);
  EXPECT_EQ(FormatTimestamp(recorded->order.placed_at), "2024-02-29T23:00:00Z");  // UTC+9
  EXPECT_EQ(FormatDate(recorded->order.placed_day), "2024-03-01");
}

// The input rules on the intake path (the routes and importer paths refuse the same values:
// order_intake_routes_test, store_importer_test): invalid_argument naming the field, and
// nothing stored.
TEST_P(OrderIntakeTest, BadTextIsRefusedByTheInputRulesAndNothingIsStored) {
  orders::OrderRequest bad_sku = Order("A-1");
  bad_sku.input.lines[0].sku = "MUG\xff";
  orders::OrderRequest long_name = Order("A-2");
  long_name.input.customer.name = std::string(201, 'n');
  orders::OrderRequest bad_email = Order("A-3");
  bad_email.input.customer.email = "a\xff@x.io";
  const std::vector<std::pair<orders::OrderRequest, std::string>> cases = {
      {bad_sku, "lines[0].sku"}, {long_name, "customer.name"}, {bad_email, "customer.email"}};
  for (const auto& [request, field] : cases) {
    auto recorded = Committed<orders::CreateOrderResult>(
        [&](db::Transaction& tx) { return RecordOrder(tx, programs_, request, kT0); });
    ASSERT_FALSE(recorded) << field;
    EXPECT_EQ(recorded.error().code, ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(recorded.error().field, field);
  }
  EXPECT_EQ(Count("orders"), 0);
  EXPECT_EQ(Count("customers"), 0);
}

TEST_P(OrderIntakeTest, ReplayCreatesNothingAndRebuildsTheSameOrder) {
  auto first = Committed<orders::CreateOrderResult>(
      [this](db::Transaction& tx) { return RecordOrder(tx, programs_, Order("A-1"), kT0); });
  ASSERT_TRUE(first) << first.error().ToString();
  auto replay = Committed<orders::CreateOrderResult>([this](db::Transaction& tx) {
    return RecordOrder(tx, programs_, Order("A-1"), kT0 + std::chrono::hours(1));
  });
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(boost::json::serialize(orders::OrderJson(replay->order)),
            boost::json::serialize(orders::OrderJson(first->order)));
  EXPECT_EQ(Count("orders"), 1);
  EXPECT_EQ(Count("customers"), 1);

  orders::OrderRequest changed = Order("A-1");
  changed.input.lines[0].quantity = 3;
  auto conflict = Committed<orders::CreateOrderResult>(
      [&](db::Transaction& tx) { return RecordOrder(tx, programs_, changed, kT0); });
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(OrderIntakeTest, StatusAlreadyHeldChangesNothingAndAnswersTheStoredOrder) {
  ASSERT_TRUE(Committed<orders::CreateOrderResult>(
      [this](db::Transaction& tx) { return RecordOrder(tx, programs_, Order("A-1"), kT0); }));
  const Timestamp paid_at = kT0 + std::chrono::minutes(5);
  auto paid = Committed<orders::SetStatusResult>([&](db::Transaction& tx) {
    return ChangeOrderStatus(tx, programs_, "A-1", orders::OrderStatus::kPaid, paid_at);
  });
  ASSERT_TRUE(paid) << paid.error().ToString();
  EXPECT_TRUE(paid->changed);
  auto again = Committed<orders::SetStatusResult>([&](db::Transaction& tx) {
    return ChangeOrderStatus(tx, programs_, "A-1", orders::OrderStatus::kPaid,
                             paid_at + std::chrono::hours(1));
  });
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->order.updated_at, paid_at);
  EXPECT_EQ(boost::json::serialize(orders::OrderJson(again->order)),
            boost::json::serialize(orders::OrderJson(paid->order)));

  auto back = Committed<orders::SetStatusResult>([this](db::Transaction& tx) {
    return ChangeOrderStatus(tx, programs_, "A-1", orders::OrderStatus::kPlaced, kT0);
  });
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, ErrorCode::kFailedPrecondition);
  auto missing = Committed<orders::SetStatusResult>([this](db::Transaction& tx) {
    return ChangeOrderStatus(tx, programs_, "nope", orders::OrderStatus::kPaid, kT0);
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(OrderIntakeTest, ReturnIsReadInTheShopZoneAndItsReplayChangesNothing) {
  ASSERT_TRUE(Committed<orders::CreateOrderResult>(
      [this](db::Transaction& tx) { return RecordOrder(tx, programs_, Order("A-1"), kT0); }));
  auto first = Committed<orders::CreateReturnResult>(
      [this](db::Transaction& tx) -> Result<orders::CreateReturnResult> {
        LOY_RETURN_IF_ERROR(settings::Set(tx, "time_zone", "America/New_York"));
        return RecordReturn(tx, programs_, ReturnOf("R-1", kLocalMorning), kT0);
      });
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(FormatTimestamp(first->ret.returned_at), "2024-03-01T13:00:00Z");  // UTC-5
  auto replay = Committed<orders::CreateReturnResult>([this](db::Transaction& tx) {
    return RecordReturn(tx, programs_, ReturnOf("R-1", kLocalMorning), kT0);
  });
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(boost::json::serialize(orders::ReturnJson(replay->ret)),
            boost::json::serialize(orders::ReturnJson(first->ret)));
  EXPECT_EQ(Count("returns"), 1);

  auto too_many = Committed<orders::CreateReturnResult>([this](db::Transaction& tx) {
    orders::ReturnRequest request = ReturnOf("R-2");
    request.input.lines[0].quantity = 2;  // one of the two is back already
    return RecordReturn(tx, programs_, request, kT0);
  });
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(too_many.error().field, "lines[0].quantity");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(OrderIntakeTest);

}  // namespace
}  // namespace loyal::intake
