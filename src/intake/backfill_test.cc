// The backfill against live intake: the same orders, status changes and returns, once
// earned live with the program in force and once stored without a program and then
// backfilled, must end with the same books; a second backfill changes nothing; --since and
// the program's guests_earn are respected; the books are audited after every run.
#include "intake/backfill.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "intake/points_test_support.h"
#include "ledger/ledger_audit.h"
#include "ledger/ledger_queries.h"
#include "orders/catalog_service.h"

namespace loyal::intake {
namespace {

using orders::OrderStatus;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));
constexpr std::chrono::days kDay{1};
const Timestamp kEnd = kT0 + 40 * kDay;  // when the backfill and the last jobs run

using testing::ShopProgram;

class BackfillTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
      orders::ProductPatch book;
      book.sku = "BOOK";
      book.title = "A book";
      book.category = "books";
      return orders::UpsertProduct(tx, book, kT0).map([](auto&&) {});
    }));
  }

  void Run(const std::function<Status(db::Transaction&)>& work) {
    auto done = db::RunInTransaction(db(), work);
    ASSERT_TRUE(done) << done.error().ToString();
  }

  void PutProgram(const program::Program& p) {
    Run([&](db::Transaction& tx) {
      return program::PutProgram(tx, p, "test", kT0).map([](auto&&) {});
    });
  }

  // Two mugs at 30.00 and a book at 50.00, placed `at`, with `status` when given.
  void Place(const std::string& id, std::optional<std::string> customer, Timestamp at,
             OrderStatus status = OrderStatus::kPlaced) {
    orders::OrderRequest request;
    request.input.external_id = id;
    request.input.customer.external_id = std::move(customer);
    request.input.currency = *Currency::Parse("EUR");
    request.input.status = status;
    request.input.lines = {orders::LineInput{"MUG", 2, 30'000'000, 0, std::nullopt},
                           orders::LineInput{"BOOK", 1, 50'000'000, 0, std::nullopt}};
    Run([&](db::Transaction& tx) {
      return RecordOrder(tx, programs_, request, at).map([](auto&&) {});
    });
  }

  void Move(const std::string& id, OrderStatus to, Timestamp at) {
    testing::MoveOrder(db(), programs_, id, to, at);
  }

  // Returns one unit of line `line` of order `order`.
  void GiveBack(const std::string& id, const std::string& order, int32_t line, Timestamp at) {
    testing::ReturnOneUnit(db(), programs_, id, order, line, at);
  }

  void Jobs(Timestamp at) {
    auto done = RunPointsJobs(db(), at);
    ASSERT_TRUE(done) << done.error().ToString();
  }

  // One shop's history for the customers and orders named with `p`: a delivered order with
  // a return inside the window and one after it, a second order cancelled, another
  // customer's order stored delivered, and a guest's order.
  void History(const std::string& p) {
    Place(p + "1", p + "C1", kT0);
    Move(p + "1", OrderStatus::kPaid, kT0 + kDay);
    Move(p + "1", OrderStatus::kShipped, kT0 + kDay);
    Move(p + "1", OrderStatus::kDelivered, kT0 + 2 * kDay);
    GiveBack(p + "R1", p + "1", 0, kT0 + 3 * kDay);
    Place(p + "2", p + "C1", kT0 + 4 * kDay);
    Move(p + "2", OrderStatus::kCancelled, kT0 + 5 * kDay);
    Place(p + "3", p + "C2", kT0 + 5 * kDay, OrderStatus::kDelivered);
    Place(p + "4", p + "C2", kT0 + 6 * kDay);
    Place(p + "5", std::nullopt, kT0 + 6 * kDay);
    Jobs(kT0 + 10 * kDay);
    GiveBack(p + "R2", p + "1", 1, kT0 + 20 * kDay);
    GiveBack(p + "R3", p + "3", 0, kT0 + 21 * kDay);
  }

  Result<BackfillCounts> Backfill(const BackfillOptions& options = {}) {
    LOY_ASSIGN_OR_RETURN(auto counts, intake::Backfill(db(), programs_, options, kEnd));
    LOY_RETURN_IF_ERROR(db::RunInReadTransaction(db(), ledger::AuditAll));
    return counts;
  }

  ledger::Balances BalancesOf(const std::string& customer) {
    return testing::BalancesOf(db(), customer);
  }

  // What the order earned as its record says, one text: bonuses, kept bonuses, whether its
  // release is scheduled, its lines' points; "none" without a record.
  std::string Earned(const std::string& order) {
    std::string out = "none";
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(
          auto rows, tx.Query("SELECT p.first_order, p.first_order_bonus, p.spend_bonus, "
                              "p.first_order_bonus_kept, p.spend_bonus_kept, p.release_scheduled, "
                              "p.line_points FROM order_points p JOIN order_lookup l ON "
                              "l.customer_id = p.customer_id AND l.order_id = p.order_id WHERE "
                              "l.external_id = $1",
                              {db::Value(order)}));
      if (rows.empty()) return {};
      out.clear();
      for (int i = 0; i < 6; ++i) out += std::to_string(rows[0].Int(i)) + " ";
      out += "/" + std::string(rows[0].Text(6));
      return {};
    }));
    return out;
  }

  int64_t Count(const std::string& table) {
    auto n = db::WithReadTransaction(db(), [&](db::Transaction& tx) -> Result<int64_t> {
      LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM " + table));
      return rows[0].Int(0);
    });
    return n ? *n : -1;
  }

  program::ProgramCache programs_;
};

TEST_P(BackfillTest, EarnsWhatLiveIntakeEarnedForTheSameHistoryAndAReplayChangesNothing) {
  History("B");  // stored while no program is in force: nothing earns
  EXPECT_EQ(Count("ledger_txns"), 0);
  PutProgram(ShopProgram());
  History("L");  // the same history, earning live
  Jobs(kEnd);

  auto counts = Backfill();
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->orders, 5 + 1);  // the B orders, and the live guest order, which earned nothing
  EXPECT_EQ(counts->earned, 4);
  EXPECT_EQ(counts->cancelled, 1);
  EXPECT_EQ(counts->returns, 3);
  Jobs(kEnd);
  for (const char* customer : {"C1", "C2"}) {
    ledger::Balances live = BalancesOf(std::string("L") + customer);
    EXPECT_EQ(BalancesOf(std::string("B") + customer), live) << customer;
    EXPECT_GT(live.lifetime_earned, 0);
  }
  // C1: order 1's 310 less a mug and the spend bonus cancelled while pending, then the
  // book's 100 clawed back; order 2 cancelled.
  EXPECT_EQ(BalancesOf("LC1").available, 310 - 30 - 50 - 100);
  for (const char* order : {"1", "2", "3", "4", "5"}) {
    EXPECT_EQ(Earned(std::string("B") + order), Earned(std::string("L") + order)) << order;
  }
  EXPECT_EQ(Earned("B5"), "none");  // a guest

  const int64_t txns = Count("ledger_txns");
  auto again = Backfill();
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->earned, 0);
  EXPECT_EQ(Count("ledger_txns"), txns);
  EXPECT_EQ(BalancesOf("BC1"), BalancesOf("LC1"));
}

TEST_P(BackfillTest, SinceEarnsOnlyOrdersPlacedOnOrAfterTheDay) {
  Place("A-1", "C1", kT0);
  Place("A-2", "C1", kT0 + 3 * kDay);
  PutProgram(ShopProgram());
  BackfillOptions later;
  later.since = orders::LocalDay(kT0 + 3 * kDay, nullptr);
  auto counts = Backfill(later);
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->orders, 1);
  EXPECT_EQ(Earned("A-1"), "none");
  EXPECT_NE(Earned("A-2"), "none");
  // Not a first order: A-1 came before it.
  EXPECT_EQ(BalancesOf("C1").pending, 210);
  ASSERT_TRUE(Backfill());
  EXPECT_EQ(BalancesOf("C1").pending, 210 + 310);
}

TEST_P(BackfillTest, GuestsEarnOnlyWhenTheProgramSaysSo) {
  Place("G-1", std::nullopt, kT0);
  PutProgram(ShopProgram(/*guests_earn=*/false));
  ASSERT_TRUE(Backfill());
  EXPECT_EQ(Earned("G-1"), "none");
  PutProgram(ShopProgram(/*guests_earn=*/true));
  auto counts = Backfill();
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->earned, 1);
  EXPECT_NE(Earned("G-1"), "none");
}

TEST_P(BackfillTest, WithoutAProgramItRefusesAndChangesNothing) {
  Place("A-1", "C1", kT0);
  auto counts = Backfill();
  ASSERT_FALSE(counts);
  EXPECT_EQ(counts.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Count("ledger_txns"), 0);
}

TEST_P(BackfillTest, SmallChunksEarnTheSameAsOne) {
  for (int i = 0; i < 7; ++i) Place("A-" + std::to_string(i), "C" + std::to_string(i % 3), kT0);
  PutProgram(ShopProgram());
  BackfillOptions small;
  small.chunk_orders = 2;
  auto counts = Backfill(small);
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->earned, 7);
  // Each customer's first order has the bonus, the others not.
  EXPECT_EQ(BalancesOf("C0").pending, 310 + 210 + 210);
  EXPECT_EQ(BalancesOf("C2").pending, 310 + 210);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(BackfillTest);

}  // namespace
}  // namespace loyal::intake
