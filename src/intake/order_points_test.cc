// Order intake with a program in force: what orders earn, when it is released, and what
// cancellations and returns take back, on both backends, with the books audited after
// every step.
#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "intake/points_test_support.h"
#include "ledger/ledger_audit.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "orders/catalog_service.h"
#include "program/program_service.h"

namespace loyal::intake {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));
constexpr std::chrono::days kDay{1};

orders::OrderRequest Order(std::string id, std::optional<std::string> customer = "C-1") {
  orders::OrderRequest request;
  request.input.external_id = std::move(id);
  request.input.customer.external_id = std::move(customer);
  request.input.currency = *Currency::Parse("EUR");
  // Two mugs at 30.00 and a book at 50.00.
  request.input.lines = {orders::LineInput{"MUG", 2, 30'000'000, 0, std::nullopt},
                         orders::LineInput{"BOOK", 1, 50'000'000, 0, std::nullopt}};
  return request;
}

orders::ReturnRequest OneMugBack(std::string id) {
  orders::ReturnRequest request;
  request.input.external_id = std::move(id);
  request.input.order_external_id = "A-1";
  request.input.lines = {orders::ReturnLineInput{0, std::nullopt, 1}};
  return request;
}

using testing::ShopProgram;

class OrderPointsTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(Do([](db::Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(program::PutProgram(tx, ShopProgram(), "test", kT0));
      orders::ProductPatch book;
      book.sku = "BOOK";
      book.title = "A book";
      book.category = "books";
      LOY_RETURN_IF_ERROR(orders::UpsertProduct(tx, book, kT0));
      return {};
    }));
  }

  // Runs `work` in a committed transaction, then audits every customer's books.
  Status Do(const std::function<Status(db::Transaction&)>& work) {
    LOY_RETURN_IF_ERROR(db::RunInTransaction(db(), work));
    return db::RunInReadTransaction(db(), ledger::AuditAll);
  }

  Status Place(std::string id, std::optional<std::string> customer = "C-1") {
    return Do([&](db::Transaction& tx) {
      return RecordOrder(tx, programs_, Order(id, customer), kT0).map([](auto&&) {});
    });
  }

  Status Move(const std::string& id, orders::OrderStatus to, Timestamp at) {
    return Do([&](db::Transaction& tx) {
      return ChangeOrderStatus(tx, programs_, id, to, at).map([](auto&&) {});
    });
  }

  // The jobs as `loyal jobs run` runs them, then the audit.
  Status RunJobsAt(Timestamp at) {
    LOY_RETURN_IF_ERROR(RunPointsJobs(db(), at));
    return db::RunInReadTransaction(db(), ledger::AuditAll);
  }

  ledger::Balances BalancesOf(const std::string& customer) {
    return testing::BalancesOf(db(), customer);
  }

  program::ProgramCache programs_;
};

TEST_P(OrderPointsTest, AnOrderEarnsPendingPointsOnceAndTheyWaitForDeliveryAndTheWindow) {
  EXPECT_OK(Place("A-1"));
  // Mugs 60 + book 50 × 2 + first order 100 + spend bonus 50 (110.00 >= 100.00).
  EXPECT_EQ(BalancesOf("C-1").pending, 310);
  EXPECT_OK(Place("A-1"));  // a replay earns nothing more
  EXPECT_EQ(BalancesOf("C-1").pending, 310);
  EXPECT_OK(Move("A-1", orders::OrderStatus::kPaid, kT0 + kDay));
  EXPECT_OK(RunJobsAt(kT0 + 30 * kDay));
  EXPECT_EQ(BalancesOf("C-1").pending, 310) << "released before delivery";
  EXPECT_OK(Move("A-1", orders::OrderStatus::kShipped, kT0 + 2 * kDay));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kDelivered, kT0 + 2 * kDay));
  EXPECT_OK(RunJobsAt(kT0 + 8 * kDay));
  EXPECT_EQ(BalancesOf("C-1").pending, 310) << "released inside the 7-day window";
  EXPECT_OK(RunJobsAt(kT0 + 9 * kDay));
  ledger::Balances released = BalancesOf("C-1");
  EXPECT_EQ(released.pending, 0);
  EXPECT_EQ(released.available, 310);
  EXPECT_OK(RunJobsAt(kT0 + 9 * kDay));  // jobs again: nothing more to do
  EXPECT_EQ(BalancesOf("C-1"), released);
}

TEST_P(OrderPointsTest, TheJobsExpireReleasedPointsAtTheProgramsExpiry) {
  EXPECT_OK(Place("A-1"));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kPaid, kT0));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kShipped, kT0));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kDelivered, kT0));
  EXPECT_OK(RunJobsAt(kT0 + 300 * kDay));
  EXPECT_EQ(BalancesOf("C-1").available, 310);
  EXPECT_OK(RunJobsAt(kT0 + 367 * kDay));  // 12 months after the order
  ledger::Balances expired = BalancesOf("C-1");
  EXPECT_EQ(expired.available, 0);
  EXPECT_EQ(expired.lifetime_earned, 310);
}

TEST_P(OrderPointsTest, AReturnTakesBackItsLinesPointsAndTheBonusTheRestNoLongerReaches) {
  EXPECT_OK(Place("A-1"));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kPaid, kT0));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kShipped, kT0));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kDelivered, kT0));
  EXPECT_OK(RunJobsAt(kT0 + 8 * kDay));
  ASSERT_EQ(BalancesOf("C-1").available, 310);
  auto back = [&] {
    return Do([this](db::Transaction& tx) {
      return RecordReturn(tx, programs_, OneMugBack("R-1"), kT0 + 9 * kDay).map([](auto&&) {});
    });
  };
  EXPECT_OK(back());
  // One mug's 30 points, and the spend bonus: 80.00 kept is under 100.00.
  EXPECT_EQ(BalancesOf("C-1").available, 230);
  EXPECT_OK(back());  // a replay takes nothing more
  EXPECT_EQ(BalancesOf("C-1").available, 230);
}

TEST_P(OrderPointsTest, AnOrderReturnedInFullBeforeDeliveryCanStillBeDelivered) {
  EXPECT_OK(Place("A-1"));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kPaid, kT0));
  EXPECT_OK(Move("A-1", orders::OrderStatus::kShipped, kT0));
  orders::ReturnRequest all;
  all.input.external_id = "R-1";
  all.input.order_external_id = "A-1";
  all.input.lines = {orders::ReturnLineInput{0, std::nullopt, 2},
                     orders::ReturnLineInput{1, std::nullopt, 1}};
  EXPECT_OK(Do(
      [&](db::Transaction& tx) { return RecordReturn(tx, programs_, all, kT0 + kDay).map([](auto&&) {}); }));
  EXPECT_EQ(BalancesOf("C-1").pending, 0);
  // Found by the intake simulation: the delivery used to be refused, the lot being cancelled.
  EXPECT_OK(Move("A-1", orders::OrderStatus::kDelivered, kT0 + 2 * kDay));
  EXPECT_OK(RunJobsAt(kT0 + 10 * kDay));
  EXPECT_EQ(BalancesOf("C-1"), (ledger::Balances{0, 0, 0, 0, 0}));
}

TEST_P(OrderPointsTest, AReturnBeforeReleaseCancelsPendingPoints) {
  EXPECT_OK(Place("A-1"));
  ASSERT_TRUE(Do([this](db::Transaction& tx) {
    return RecordReturn(tx, programs_, OneMugBack("R-1"), kT0 + kDay).map([](auto&&) {});
  }));
  ledger::Balances b = BalancesOf("C-1");
  EXPECT_EQ(b.pending, 230);
  EXPECT_EQ(b.available, 0);
  EXPECT_EQ(b.lifetime_earned, 230);
}

TEST_P(OrderPointsTest, ACancelledOrderLosesWhatItEarnedAndALaterOrderIsNotAFirstOrder) {
  EXPECT_OK(Place("A-1"));
  EXPECT_OK(Place("A-2"));
  // The second order: 160 from its lines and the spend bonus, no first-order bonus.
  EXPECT_EQ(BalancesOf("C-1").pending, 310 + 210);
  EXPECT_OK(Move("A-2", orders::OrderStatus::kCancelled, kT0 + kDay));
  EXPECT_EQ(BalancesOf("C-1").pending, 310);
  EXPECT_OK(Move("A-2", orders::OrderStatus::kCancelled, kT0 + kDay));  // a replay
  EXPECT_EQ(BalancesOf("C-1").pending, 310);
}

TEST_P(OrderPointsTest, GuestsEarnNothingUnlessTheProgramSaysSo) {
  EXPECT_OK(Place("G-1", std::nullopt));
  auto earned = db::WithReadTransaction(db(), [](db::Transaction& tx) -> Result<int64_t> {
    LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM ledger_txns"));
    return rows[0].Int(0);
  });
  ASSERT_TRUE(earned);
  EXPECT_EQ(*earned, 0);
}

TEST_P(OrderPointsTest, WithoutAProgramNothingEarns) {
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("DELETE FROM program_versions"));
    return {};
  }));
  EXPECT_OK(Place("A-1"));
  EXPECT_EQ(BalancesOf("C-1"), ledger::Balances{});
}

LOYAL_INSTANTIATE_BACKEND_TESTS(OrderPointsTest);

}  // namespace
}  // namespace loyal::intake
