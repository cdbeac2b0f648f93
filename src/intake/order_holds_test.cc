// Points as payment: the holds an order names follow it (captured when paid, released or
// given back when cancelled, given back pro rata when its goods come back), the jobs leave
// them alone, and a hold that cannot pay refuses the order, changing nothing. On both
// backends, with the books audited after every step.
#include <gtest/gtest.h>

#include "customers/customer_service.h"
#include "db/testing/backend_test.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "intake/points_test_support.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_audit.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"

namespace loyal::intake {
namespace {

using orders::OrderStatus;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));
const Timestamp kExpiry = kT0 + std::chrono::days(365);
constexpr std::chrono::hours kHour{1};

// Two mugs at 30.00 and a book at 50.00, 10.00 off the order (mugs 54.55 net, book
// 45.45), 4.95 shipping.
orders::OrderRequest Order(std::string id, std::vector<std::string> holds,
                           std::string customer = "C-1") {
  orders::OrderRequest request;
  request.input.external_id = std::move(id);
  request.input.customer.external_id = std::move(customer);
  request.input.currency = *Currency::Parse("EUR");
  request.input.lines = {orders::LineInput{"MUG", 2, 30'000'000, 0, std::nullopt},
                         orders::LineInput{"BOOK", 1, 50'000'000, 0, std::nullopt}};
  request.input.discount_minor = 1000;
  request.input.shipping_minor = 495;
  request.input.points_holds = std::move(holds);
  return request;
}

orders::ReturnRequest Back(std::string id, int32_t line_no, int64_t quantity) {
  orders::ReturnRequest request;
  request.input.external_id = std::move(id);
  request.input.order_external_id = "A-1";
  request.input.lines = {orders::ReturnLineInput{line_no, std::nullopt, quantity}};
  return request;
}

class OrderHoldsTest : public db::testing::BackendTest {
 protected:
  program::ProgramCache programs_;  // as loyal serve's, shared by the fixture's calls

  // C-1 and C-2 each have 1,000 points expiring at kExpiry.
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    for (const char* customer : {"C-1", "C-2"}) {
      ASSERT_TRUE(Do([&](db::Transaction& tx) -> Status {
        LOY_ASSIGN_OR_RETURN(int64_t id, customers::EnsureBuyer(tx, customer, {}, kT0));
        const ledger::Memo memo{"opening", "adjustment", "test", std::nullopt, "key"};
        return ledger::Credit(tx, id, 1000, kExpiry, memo, kT0).map([](auto&&) {});
      }));
    }
  }

  // Runs `work` in a committed transaction, then audits every customer's books.
  Status Do(const std::function<Status(db::Transaction&)>& work) {
    LOY_RETURN_IF_ERROR(db::RunInTransaction(db(), work));
    return db::RunInReadTransaction(db(), ledger::AuditAll);
  }

  int64_t CustomerId(const std::string& customer) {
    int64_t id = 0;
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(
          auto rows, tx.Query("SELECT customer_id FROM customer_lookup WHERE external_id = $1",
                              {db::Value(customer)}));
      id = rows[0].Int(0);
      return {};
    }));
    return id;
  }

  std::string Hold(int64_t points, const std::string& customer = "C-1") {
    const int64_t customer_id = CustomerId(customer);
    auto held = db::WithTransaction(db(), [&](db::Transaction& tx) {
      return ledger::PlaceHold(tx, customer_id, points, "checkout", kT0);
    });
    EXPECT_TRUE(held) << held.error().ToString();
    return held ? held->hold.public_id : "";
  }

  Status Place(const orders::OrderRequest& request, Timestamp at = kT0) {
    return Do([&](db::Transaction& tx) { return RecordOrder(tx, programs_, request, at).map([](auto&&) {}); });
  }
  Status Move(OrderStatus to, Timestamp at = kT0 + kHour) {
    return Do([&](db::Transaction& tx) {
      return ChangeOrderStatus(tx, programs_, "A-1", to, at).map([](auto&&) {});
    });
  }
  Status Return(const orders::ReturnRequest& request) {
    return Do([&](db::Transaction& tx) {
      return RecordReturn(tx, programs_, request, kT0 + 2 * kHour).map([](auto&&) {});
    });
  }

  ledger::Balances BalancesOf(const std::string& customer = "C-1") {
    ledger::Balances out;
    const int64_t customer_id = CustomerId(customer);
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(out, ledger::GetBalances(tx, customer_id));
      return {};
    }));
    return out;
  }

  ledger::HoldState StateOf(const std::string& hold) {
    auto got = db::WithReadTransaction(
        db(), [&](db::Transaction& tx) { return ledger::GetHold(tx, hold); });
    EXPECT_TRUE(got) << got.error().ToString();
    return got ? got->state : ledger::HoldState::kHeld;
  }
};

TEST_P(OrderHoldsTest, AnOrdersHoldIsCapturedWhenItIsPaidAndReplaysChangeNothing) {
  const std::string hold = Hold(300);
  EXPECT_OK(Place(Order("A-1", {hold})));
  EXPECT_EQ(StateOf(hold), ledger::HoldState::kHeld);
  EXPECT_OK(Place(Order("A-1", {hold})));  // a replay binds nothing again
  EXPECT_OK(Move(OrderStatus::kPaid));
  EXPECT_EQ(StateOf(hold), ledger::HoldState::kCaptured);
  const ledger::Balances paid = BalancesOf();
  EXPECT_EQ(paid.available, 700);
  EXPECT_EQ(paid.held, 0);
  EXPECT_OK(Move(OrderStatus::kPaid));  // a replay of the move
  EXPECT_OK(Move(OrderStatus::kShipped));
  EXPECT_EQ(BalancesOf(), paid);
}

TEST_P(OrderHoldsTest, AnOrderRecordedPaidCapturesAtOnce) {
  const std::string hold = Hold(300);
  orders::OrderRequest request = Order("A-1", {hold});
  request.input.status = OrderStatus::kDelivered;
  EXPECT_OK(Place(request));
  EXPECT_EQ(StateOf(hold), ledger::HoldState::kCaptured);
  EXPECT_EQ(BalancesOf().available, 700);
  EXPECT_EQ(BalancesOf().held, 0);
}

TEST_P(OrderHoldsTest, ACancelBeforeCaptureReleasesTheHold) {
  const std::string hold = Hold(300);
  EXPECT_OK(Place(Order("A-1", {hold})));
  ASSERT_EQ(BalancesOf().held, 300);
  EXPECT_OK(Move(OrderStatus::kCancelled));
  EXPECT_EQ(StateOf(hold), ledger::HoldState::kReleased);
  EXPECT_EQ(BalancesOf().available, 1000);
  EXPECT_EQ(BalancesOf().held, 0);
  EXPECT_OK(Move(OrderStatus::kCancelled));  // a replay
  EXPECT_EQ(BalancesOf().available, 1000);
}

TEST_P(OrderHoldsTest, ACancelAfterCaptureGivesThePointsBackWithTheirExpiry) {
  const std::string hold = Hold(300);
  EXPECT_OK(Place(Order("A-1", {hold})));
  EXPECT_OK(Move(OrderStatus::kPaid));
  ASSERT_EQ(BalancesOf().available, 700);
  EXPECT_OK(Move(OrderStatus::kCancelled));
  EXPECT_EQ(BalancesOf().available, 1000);
  EXPECT_OK(Move(OrderStatus::kCancelled));  // a replay gives nothing more
  EXPECT_EQ(BalancesOf().available, 1000);
  const int64_t customer_id = CustomerId("C-1");
  auto expiry = db::WithReadTransaction(db(), [&](db::Transaction& tx) -> Result<int64_t> {
    LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT expires_at FROM ledger_lots WHERE "
                                             "customer_id = $1 ORDER BY lot_id DESC LIMIT 1",
                                             {db::Value(customer_id)}));
    return rows[0].Int(0);
  });
  ASSERT_TRUE(expiry);
  EXPECT_EQ(*expiry, kExpiry.time_since_epoch().count()) << "the new lot keeps the expiry";
}

TEST_P(OrderHoldsTest, ReturnsGiveTheHoldBackProRataAndTheWholeOrderExactly) {
  // 301 points paid for 100.00 of net merchandise: mugs 54.55, book 45.45.
  const std::string hold = Hold(301);
  EXPECT_OK(Place(Order("A-1", {hold})));
  EXPECT_OK(Move(OrderStatus::kPaid));
  ASSERT_EQ(BalancesOf().available, 699);
  EXPECT_OK(Return(Back("R-1", 0, 1)));  // a mug: 27.27 of 100.00 -> 82
  EXPECT_EQ(BalancesOf().available, 699 + 82);
  EXPECT_OK(Return(Back("R-1", 0, 1)));  // a replay
  EXPECT_EQ(BalancesOf().available, 699 + 82);
  EXPECT_OK(Return(Back("R-2", 1, 1)));  // the book: 72.72 in all -> 218, 136 more
  EXPECT_EQ(BalancesOf().available, 699 + 218);
  EXPECT_OK(Return(Back("R-3", 0, 1)));  // the last mug: everything back
  EXPECT_EQ(BalancesOf().available, 1000);
  EXPECT_EQ(BalancesOf().held, 0);
  auto refunded = db::WithReadTransaction(
      db(), [](db::Transaction& tx) { return orders::GetOrder(tx, "A-1"); });
  ASSERT_TRUE(refunded);
  // Refunds are the returned goods' net value, and sum to the net merchandise.
  EXPECT_EQ(refunded->refunded_minor, 10000);
}

TEST_P(OrderHoldsTest, TheTimeoutJobLeavesAnOrdersHoldAlone) {
  const std::string free = Hold(100);
  const std::string named = Hold(200);
  EXPECT_OK(Place(Order("A-1", {named})));
  ASSERT_TRUE(RunPointsJobs(db(), kT0 + 2 * kHour));
  EXPECT_EQ(StateOf(free), ledger::HoldState::kReleased);
  EXPECT_EQ(StateOf(named), ledger::HoldState::kHeld);
  EXPECT_EQ(BalancesOf().held, 200);
  EXPECT_OK(Move(OrderStatus::kPaid, kT0 + 3 * kHour));
  EXPECT_EQ(StateOf(named), ledger::HoldState::kCaptured);
}

TEST_P(OrderHoldsTest, AHoldThatCannotPayRefusesTheOrderAndChangesNothing) {
  const std::string good = Hold(100);
  const std::string others = Hold(100, "C-2");
  const std::string released = Hold(100);
  EXPECT_OK(Do([&](db::Transaction& tx) {
    return ledger::ReleaseHold(tx, released, kT0).map([](auto&&) {});
  }));
  const std::string taken = Hold(100);
  EXPECT_OK(Place(Order("A-0", {taken})));
  const ledger::Balances before = BalancesOf();
  struct Case {
    std::vector<std::string> holds;
    const char* field;
  };
  const std::vector<Case> cases = {{{good, others}, "points_holds[1]"},
                                   {{released}, "points_holds[0]"},
                                   {{good, taken}, "points_holds[1]"},
                                   {{"hold_nope"}, "points_holds[0]"}};
  for (const Case& c : cases) {
    Status refused = Place(Order("A-1", c.holds));
    ASSERT_FALSE(refused) << c.field;
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().ToString();
    EXPECT_EQ(refused.error().field, c.field);
    auto order = db::WithReadTransaction(
        db(), [](db::Transaction& tx) { return orders::GetOrder(tx, "A-1"); });
    ASSERT_FALSE(order);
    EXPECT_EQ(order.error().code, ErrorCode::kNotFound) << c.field;
    EXPECT_EQ(BalancesOf(), before) << c.field;
  }
  EXPECT_EQ(StateOf(others), ledger::HoldState::kHeld);
  // The good hold was never bound: an order can still pay with it.
  EXPECT_OK(Place(Order("A-1", {good})));
  EXPECT_OK(Move(OrderStatus::kPaid));
  EXPECT_EQ(StateOf(good), ledger::HoldState::kCaptured);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(OrderHoldsTest);

}  // namespace
}  // namespace loyal::intake
