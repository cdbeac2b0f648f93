// Guest merge on both backends: what moves, what the books say afterwards (audited), how
// moved orders behave later, and every refusal changing nothing.
#include "intake/guest_merge.h"

#include <gtest/gtest.h>

#include "customers/customer_service.h"
#include "customers/customers.h"
#include "db/customer_rows.h"
#include "db/testing/backend_test.h"
#include "http/testing/route_test_support.h"
#include "intake/guest_merge_routes.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_audit.h"
#include "ledger/ledger_queries.h"
#include "orders/order_service.h"
#include "program/program_service.h"

namespace loyal::intake {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));
constexpr std::chrono::days kDay{1};

// One mug at 30.00 and a book at 50.00: 80 points at a point per euro.
orders::OrderRequest Order(std::string id, std::optional<std::string> customer) {
  orders::OrderRequest request;
  request.input.external_id = std::move(id);
  request.input.customer.external_id = std::move(customer);
  request.input.currency = *Currency::Parse("EUR");
  request.input.lines = {orders::LineInput{"MUG", 1, 30'000'000, 0, std::nullopt},
                         orders::LineInput{"BOOK", 1, 50'000'000, 0, std::nullopt}};
  return request;
}

class GuestMergeTest : public db::testing::BackendTest {
 protected:
  program::ProgramCache programs_;  // as loyal serve's, shared by the fixture's calls

  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    program::Program p;
    p.earning.rate_millionths["EUR"] = program::kMillionths;
    p.earning.guests_earn = true;
    p.expiry.policy = program::ExpiryPolicy::kAfterEarning;
    p.expiry.months = 12;
    ASSERT_TRUE(Do([&](db::Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(program::PutProgram(tx, p, "test", kT0));
      customers::CustomerInput ann;
      ann.external_id = "C-1";
      ann.email = "ann@example.com";
      return customers::UpsertCustomer(tx, ann, kT0).map([](auto&&) {});
    }));
  }

  // Runs `work` in a committed transaction, then audits every customer's books.
  Status Do(const std::function<Status(db::Transaction&)>& work) {
    LOY_RETURN_IF_ERROR(db::RunInTransaction(db(), work));
    return db::RunInReadTransaction(db(), ledger::AuditAll);
  }

  Status Place(const std::string& id, std::optional<std::string> customer, Timestamp at = kT0) {
    return Do([&](db::Transaction& tx) {
      return RecordOrder(tx, programs_, Order(id, customer), at).map([](auto&&) {});
    });
  }

  Status Deliver(const std::string& id, Timestamp at) {
    return Do([&](db::Transaction& tx) -> Status {
      for (auto to : {orders::OrderStatus::kPaid, orders::OrderStatus::kShipped,
                      orders::OrderStatus::kDelivered}) {
        LOY_RETURN_IF_ERROR(ChangeOrderStatus(tx, programs_, id, to, at));
      }
      return {};
    });
  }

  Result<GuestMerge> Merge(const std::string& customer, const std::string& guest) {
    GuestMerge out;
    LOY_RETURN_IF_ERROR(Do([&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(out, MergeGuest(tx, customer, guest, "api key 1", kT0 + 10 * kDay));
      return {};
    }));
    return out;
  }

  int64_t IdOf(const std::string& external_id) {
    return Scalar("SELECT customer_id FROM customer_lookup WHERE external_id = '" + external_id +
                  "'");
  }

  ledger::Balances BalancesOf(int64_t customer_id) {
    auto b = db::WithReadTransaction(
        db(), [&](db::Transaction& tx) { return ledger::GetBalances(tx, customer_id); });
    EXPECT_TRUE(b);
    return b.value_or(ledger::Balances{});
  }

  // A guest with an order released (80 available) and one still pending (80).
  std::string GuestWithPoints() {
    EXPECT_TRUE(Place("G-1", std::nullopt));
    EXPECT_TRUE(Deliver("G-1", kT0));
    EXPECT_TRUE(RunPointsJobs(db(), kT0 + 8 * kDay));
    EXPECT_TRUE(Place("G-2", customers::GuestIdForOrder("G-1"), kT0 + 9 * kDay));
    return customers::GuestIdForOrder("G-1");
  }
};

TEST_P(GuestMergeTest, TheGuestsOrdersAndPointsMoveIntoTheAccountBalanced) {
  ASSERT_TRUE(Place("A-1", "C-1"));
  const std::string guest = GuestWithPoints();
  const int64_t guest_id = IdOf(guest);
  const ledger::Balances before = BalancesOf(IdOf("C-1"));

  auto merged = Merge("C-1", guest);
  ASSERT_TRUE(merged) << merged.error().ToString();
  EXPECT_TRUE(merged->merged);
  EXPECT_EQ(merged->orders, 2);
  EXPECT_EQ(merged->available_points, 80);
  EXPECT_EQ(merged->pending_points, 80);

  const ledger::Balances after = BalancesOf(IdOf("C-1"));
  EXPECT_EQ(after.available, before.available + 80);
  EXPECT_EQ(after.pending, before.pending + 80);
  EXPECT_EQ(BalancesOf(guest_id), ledger::Balances{}) << "everything moved";
  EXPECT_EQ(after.lifetime_earned, before.lifetime_earned + 160);
  EXPECT_EQ(IdOf(guest), IdOf("C-1")) << "the guest id names the customer now";
  auto order = db::WithReadTransaction(
      db(), [](db::Transaction& tx) { return orders::GetOrder(tx, "G-2"); });
  ASSERT_TRUE(order);
  EXPECT_EQ(order->customer_id, IdOf("C-1"));
  // Nothing of the guest is left outside the ledger's history.
  auto tables = db::WithReadTransaction(db(), db::TablesWithCustomerId);
  ASSERT_TRUE(tables);
  for (const std::string& table : *tables) {
    if (table.starts_with("ledger_")) continue;
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM " + table +
                     " WHERE customer_id = " + std::to_string(guest_id)),
              0)
        << table;
  }
}

TEST_P(GuestMergeTest, MovedOrdersReleaseAndReverseFromTheAccount) {
  const std::string guest = GuestWithPoints();
  ASSERT_TRUE(Merge("C-1", guest));
  const int64_t ann = IdOf("C-1");
  // The pending order is delivered after the merge and released by the jobs.
  Status delivered = Deliver("G-2", kT0 + 11 * kDay);
  ASSERT_TRUE(delivered) << delivered.error().ToString();
  ASSERT_TRUE(RunPointsJobs(db(), kT0 + 19 * kDay));
  EXPECT_EQ(BalancesOf(ann).available, 160);
  // A return of the released order's book takes its 50 points from the account.
  orders::ReturnRequest back;
  back.input.external_id = "R-1";
  back.input.order_external_id = "G-1";
  back.input.lines = {orders::ReturnLineInput{1, std::nullopt, 1}};
  Status returned = Do([&](db::Transaction& tx) {
    return RecordReturn(tx, programs_, back, kT0 + 20 * kDay).map([](auto&&) {});
  });
  ASSERT_TRUE(returned) << returned.error().ToString();
  EXPECT_EQ(BalancesOf(ann).available, 110);
  // An order the shop still sends under the guest id lands in the account.
  ASSERT_TRUE(Place("G-3", guest, kT0 + 21 * kDay));
  EXPECT_EQ(BalancesOf(ann).pending, 80);
}

TEST_P(GuestMergeTest, MergingAgainChangesNothing) {
  const std::string guest = GuestWithPoints();
  ASSERT_TRUE(Merge("C-1", guest));
  const ledger::Balances once = BalancesOf(IdOf("C-1"));
  const int64_t txns = Scalar("SELECT COUNT(*) FROM ledger_txns");
  auto again = Merge("C-1", guest);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(again->merged);
  EXPECT_EQ(again->orders, 0);
  EXPECT_EQ(BalancesOf(IdOf("C-1")), once);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ledger_txns"), txns);
}

TEST_P(GuestMergeTest, RefusalsChangeNothing) {
  const std::string guest = GuestWithPoints();
  ASSERT_TRUE(Place("B-1", "C-2"));
  const int64_t txns = Scalar("SELECT COUNT(*) FROM ledger_txns");
  struct Case {
    std::string customer, guest;
    ErrorCode code;
    std::string field;
  };
  for (const Case& c :
       {Case{"C-9", guest, ErrorCode::kNotFound, ""},
        Case{"C-1", "C-2", ErrorCode::kInvalidArgument, "guest_id"},
        Case{"C-1", "guest_000000000000000000000000", ErrorCode::kFailedPrecondition, "guest_id"},
        Case{guest, "guest_000000000000000000000000", ErrorCode::kFailedPrecondition, ""}}) {
    auto merged = Merge(c.customer, c.guest);
    ASSERT_FALSE(merged) << c.customer << " <- " << c.guest;
    EXPECT_EQ(merged.error().code, c.code) << c.customer << " <- " << c.guest;
    EXPECT_EQ(merged.error().field, c.field) << c.customer << " <- " << c.guest;
  }
  ASSERT_TRUE(Merge("C-2", guest));
  auto other = Merge("C-1", guest);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kFailedPrecondition) << "merged into C-2 already";
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ledger_txns"), txns + 2);
}

TEST_P(GuestMergeTest, AGuestWhoPaidWithPointsIsRefused) {
  const std::string guest = GuestWithPoints();
  const int64_t guest_id = IdOf(guest);
  ASSERT_TRUE(Do([&](db::Transaction& tx) {
    return ledger::PlaceHold(tx, guest_id, 10, "G-9", kT0 + 9 * kDay).map([](auto&&) {});
  }));
  const ledger::Balances before = BalancesOf(guest_id);
  auto merged = Merge("C-1", guest);
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(BalancesOf(guest_id), before);
  EXPECT_NE(IdOf(guest), IdOf("C-1"));
}

TEST_P(GuestMergeTest, TheRouteAnswersWhatMoved) {
  const std::string guest = GuestWithPoints();
  ManualClock clock(kT0 + 10 * kDay);
  http::Router router;
  AddGuestMergeRoutes(router, clock);
  auto bad = http::testing::CallRoute(router, db(), "POST", "/v1/customers/C-1/merge",
                                      R"({"guest_id": "C-2"})");
  http::testing::ExpectRefused(bad, 400, "invalid_argument", "guest_id");
  auto unknown = http::testing::CallRoute(router, db(), "POST", "/v1/customers/C-1/merge",
                                          R"({"guest_id": "x", "extra": 1})");
  http::testing::ExpectRefused(unknown, 400, "invalid_argument", "extra");
  auto reply = http::testing::CallRoute(router, db(), "POST", "/v1/customers/C-1/merge",
                                        R"({"guest_id": ")" + guest + R"("})");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json.at("merged").as_bool(), true);
  EXPECT_EQ(reply.json.at("moved").at("orders").as_int64(), 2);
  EXPECT_EQ(reply.json.at("moved").at("available_points").as_int64(), 80);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(GuestMergeTest);

}  // namespace
}  // namespace loyal::intake
