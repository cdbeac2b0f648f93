// Member tiers through order intake: an order moves a member up, a return or a cancellation
// down, the tier's multiplier earns on later orders, the daily job downgrades after the
// grace, guests hold no tier; and GET /v1/customers/{id}/tier and its history, on both
// backends.
#include "intake/tier_effects.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "http/testing/route_test_support.h"
#include "intake/backfill.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "intake/points_test_support.h"
#include "intake/tier_routes.h"
#include "ledger/ledger_audit.h"
#include "program/tier_service.h"

namespace loyal::intake {
namespace {

using http::testing::CallRoute;
using http::testing::ExpectRefused;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));  // 2023-11-14
constexpr std::chrono::days kDay{1};

// `mugs` mugs at 30.00 and a book at 50.00: 110.00 for two.
orders::OrderRequest Order(std::string id, std::optional<std::string> customer, int mugs) {
  orders::OrderRequest request;
  request.input.external_id = std::move(id);
  request.input.customer.external_id = std::move(customer);
  request.input.currency = *Currency::Parse("EUR");
  request.input.lines = {orders::LineInput{"MUG", mugs, 30'000'000, 0, std::nullopt},
                         orders::LineInput{"BOOK", 1, 50'000'000, 0, std::nullopt}};
  return request;
}

program::TierAmounts Eur(int64_t minor) {
  program::TierAmounts a;
  a.spend_minor["EUR"] = minor;
  return a;
}

// member / silver (from 200.00, kept at 150.00, points ×2) / gold (from 1000.00) by spend
// over rolling 12 months, recompute, with `grace_days`.
program::Program TieredProgram(int grace_days) {
  program::Program p = testing::ShopProgram();
  program::TierRules tiers;
  tiers.basis = {program::TierBasis::kSpend};
  tiers.grace_days = grace_days;
  program::TierLevel member{"member", "Member", {}, {}, {}};
  program::TierLevel silver{"silver", "Silver", Eur(20000), Eur(15000), {}};
  silver.benefits.earn_multiplier_millionths = 2 * program::kMillionths;
  program::TierLevel gold{"gold", "Gold", Eur(100000), Eur(100000), {}};
  tiers.levels = {member, silver, gold};
  p.tiers = tiers;
  return p;
}

class TierEffectsTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    AddTierRoutes(router_, db(), clock_, programs_);
  }
  void UseProgram(const program::Program& program) {
    ASSERT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      return program::PutProgram(tx, program, "test", kT0).map([](auto&&) {});
    }));
  }
  void UseProgram(int grace_days) { UseProgram(TieredProgram(grace_days)); }

  // Runs `work` in a committed transaction, then audits every customer's books.
  void Do(const std::function<Status(db::Transaction&)>& work) {
    Status done = db::RunInTransaction(db(), work);
    ASSERT_TRUE(done) << done.error().ToString();
    Status audit = db::RunInReadTransaction(db(), ledger::AuditAll);
    ASSERT_TRUE(audit) << audit.error().ToString();
  }
  void Place(const std::string& id, Timestamp at,
             const std::optional<std::string>& customer = "C-1", int mugs = 2) {
    Do([&](db::Transaction& tx) {
      orders::OrderRequest request = Order(id, customer, mugs);
      request.input.placed_at = at;
      return RecordOrder(tx, programs_, request, at).map([](auto&&) {});
    });
  }
  void ReturnLine(const std::string& id, const std::string& order, int line, Timestamp at) {
    Do([&](db::Transaction& tx) {
      orders::ReturnRequest request;
      request.input.external_id = id;
      request.input.order_external_id = order;
      request.input.lines = {orders::ReturnLineInput{line, std::nullopt, 1}};
      return RecordReturn(tx, programs_, request, at).map([](auto&&) {});
    });
  }
  std::string TierOf(const std::string& customer) {
    clock_.Set(now_);
    auto reply = CallRoute(router_, db(), "GET", "/v1/customers/" + customer + "/tier");
    EXPECT_EQ(reply.status, 200) << boost::json::serialize(reply.json);
    if (reply.status != 200) return "";
    return std::string(reply.json.at("tier").at("code").as_string());
  }
  boost::json::array History(const std::string& customer) {
    auto reply = CallRoute(router_, db(), "GET", "/v1/customers/" + customer + "/tier/history");
    EXPECT_EQ(reply.status, 200) << boost::json::serialize(reply.json);
    return reply.json.at("moves").as_array();
  }
  int64_t Pending(const std::string& customer) {
    return testing::BalancesOf(db(), customer).pending;
  }

  program::ProgramCache programs_;
  ManualClock clock_{kT0};
  Timestamp now_ = kT0;
  http::Router router_;
};

TEST_P(TierEffectsTest, TheSecondOrderReachesSilverAndTheThirdEarnsDouble) {
  UseProgram(0);
  Place("A-1", kT0);
  EXPECT_EQ(TierOf("C-1"), "member");
  EXPECT_EQ(Pending("C-1"), 260);  // 110 + first order 100 + spend bonus 50
  Place("A-2", kT0 + kDay);
  now_ = kT0 + kDay;
  EXPECT_EQ(TierOf("C-1"), "silver");
  EXPECT_EQ(Pending("C-1"), 260 + 160) << "A-2 earned as a member: it is what made silver";
  Place("A-3", kT0 + 2 * kDay);
  EXPECT_EQ(Pending("C-1"), 420 + 270) << "lines 110 × 2, and the 50 bonus unmultiplied";
  boost::json::array moves = History("C-1");
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].at("from"), "member");
  EXPECT_EQ(moves[0].at("to"), "silver");
  EXPECT_EQ(moves[0].at("reason"), "order");
  EXPECT_EQ(moves[0].at("reference"), "A-2");
}

TEST_P(TierEffectsTest, AReturnBelowTheRetainThresholdMovesTheMemberDown) {
  UseProgram(0);
  Place("A-1", kT0);
  Place("A-2", kT0);
  ReturnLine("R-1", "A-2", 0, kT0 + kDay);  // a mug back: 190.00 still keeps silver
  EXPECT_EQ(TierOf("C-1"), "silver");
  ReturnLine("R-2", "A-2", 1, kT0 + kDay);  // the book: 140.00 < 150.00
  EXPECT_EQ(TierOf("C-1"), "member");
  boost::json::array moves = History("C-1");
  ASSERT_EQ(moves.size(), 2u);
  EXPECT_EQ(moves[0].at("to"), "member");
  EXPECT_EQ(moves[0].at("reason"), "return");
  EXPECT_EQ(moves[0].at("reference"), "R-2");
}

TEST_P(TierEffectsTest, ACancellationCountsAsAStatusChange) {
  UseProgram(0);
  Place("A-1", kT0);
  Place("A-2", kT0);
  Do([&](db::Transaction& tx) {
    return ChangeOrderStatus(tx, programs_, "A-2", orders::OrderStatus::kCancelled, kT0 + kDay)
        .map([](auto&&) {});
  });
  EXPECT_EQ(TierOf("C-1"), "member");
  EXPECT_EQ(History("C-1")[0].at("reason"), "status");
}

TEST_P(TierEffectsTest, TheDailyJobDowngradesWhenTheOrdersLeaveTheWindowAndTheGraceEnds) {
  UseProgram(30);
  Place("A-1", kT0);
  Place("A-2", kT0);
  auto run_jobs = [&](Timestamp at) {
    auto counts = RunPointsJobs(db(), at);
    ASSERT_TRUE(counts) << counts.error().ToString();
    now_ = at;
  };
  run_jobs(kT0 + 300 * kDay);
  EXPECT_EQ(TierOf("C-1"), "silver");
  run_jobs(kT0 + 370 * kDay);  // both orders are out of the rolling window
  EXPECT_EQ(TierOf("C-1"), "silver") << "in grace";
  clock_.Set(now_);
  auto view = CallRoute(router_, db(), "GET", "/v1/customers/C-1/tier");
  EXPECT_EQ(view.json.at("retain").at("met"), false);
  const DayNumber fell = DayOf((kT0 + 370 * kDay).time_since_epoch().count());
  EXPECT_EQ(view.json.at("retain").at("below_since"), boost::json::value(FormatDate(fell)));
  run_jobs(kT0 + 399 * kDay);
  EXPECT_EQ(TierOf("C-1"), "silver") << "a day of grace left";
  run_jobs(kT0 + 400 * kDay);
  EXPECT_EQ(TierOf("C-1"), "member");
  EXPECT_EQ(History("C-1")[0].at("reason"), "daily");
}

TEST_P(TierEffectsTest, ABackfillPutsMembersWhereTheirHistoryTakesThemWhenTiersComeLater) {
  UseProgram(testing::ShopProgram());
  Place("A-1", kT0);
  Place("A-2", kT0);
  Place("G-1", kT0, std::nullopt, 10);
  UseProgram(0);
  now_ = kT0 + kDay;
  EXPECT_EQ(TierOf("C-1"), "member") << "nothing moved it yet";
  auto counts = Backfill(db(), programs_, {}, now_);
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->tier_moves, 1) << "C-1; guests hold no tier";
  EXPECT_EQ(TierOf("C-1"), "silver");
  EXPECT_EQ(History("C-1")[0].at("reason"), "backfill");
  counts = Backfill(db(), programs_, {}, now_);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->tier_moves, 0) << "a second run moves nobody";
}

TEST_P(TierEffectsTest, GuestsHoldNoTier) {
  UseProgram(0);
  Place("G-1", kT0, std::nullopt, 10);  // 350.00 would be silver
  auto rows = db::WithReadTransaction(db(), [](db::Transaction& tx) -> Result<int64_t> {
    LOY_ASSIGN_OR_RETURN(auto r, tx.Query("SELECT COUNT(*) FROM customer_tiers"));
    return r[0].Int(0);
  });
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, 0);
}

TEST_P(TierEffectsTest, TheTierViewSaysWhatCountsWhatIsMissingAndWhatComes) {
  UseProgram(30);
  Place("A-1", kT0);
  Place("A-2", kT0 + kDay);
  clock_.Set(kT0 + 2 * kDay);
  auto view = CallRoute(router_, db(), "GET", "/v1/customers/C-1/tier");
  ASSERT_EQ(view.status, 200) << boost::json::serialize(view.json);
  const auto& v = view.json;
  EXPECT_EQ(v.at("tier").at("code"), "silver");
  EXPECT_EQ(v.at("tier").at("benefits").at("earn_multiplier"), "2");
  EXPECT_EQ(v.at("since"), boost::json::value(FormatTimestamp(kT0 + kDay)));
  EXPECT_EQ(v.at("member_since"), "2023-11-14");
  EXPECT_EQ(v.at("window").at("kind"), "rolling_12_months");
  EXPECT_EQ(v.at("window").at("first_day"), "2022-11-17");
  EXPECT_EQ(v.at("window").at("last_day"), "2023-11-16");
  EXPECT_EQ(v.at("amounts").at("spend_minor").at("EUR"), 22000);
  EXPECT_EQ(v.at("next").at("code"), "gold");
  EXPECT_EQ(v.at("next").at("missing").at("spend_minor").at("EUR"), 78000);
  EXPECT_EQ(v.at("retain").at("met"), true);
  // A-1 leaves the window on 2024-11-14: 110.00 < 150.00; 30 days of grace.
  EXPECT_EQ(v.at("retain").at("falls_below_on"), "2024-11-14");
  EXPECT_EQ(v.at("retain").at("missing_then").at("spend_minor").at("EUR"), 4000);
  EXPECT_EQ(v.at("retain").at("downgrade_on"), "2024-12-14");
  EXPECT_EQ(v.at("projected").at("on"), "2024-11-16");
  EXPECT_EQ(v.at("projected").at("code"), "silver");
}

TEST_P(TierEffectsTest, TheViewIsTheCustomersOwnAndNeedsAProgramWithTiers) {
  UseProgram(testing::ShopProgram());
  Place("A-1", kT0);
  ExpectRefused(CallRoute(router_, db(), "GET", "/v1/customers/C-1/tier"), 404, "not_found", "",
                "a program without tiers");
  UseProgram(0);
  Place("B-1", kT0, "C-2");
  auto match = router_.Find("GET", "/v1/customers/C-1/tier");
  ASSERT_TRUE(match);
  http::Request request;
  request.method = "GET";
  request.path_params = match->path_params;
  request.caller = {http::Role::kStorefront, 1, "C-2"};
  auto refused =
      http::testing::ToRouteReply(http::testing::RunRoute(*match->handlers, request, db()));
  ExpectRefused(refused, 403, "permission_denied", "");
  request.caller.customer = "C-1";
  auto own = http::testing::ToRouteReply(http::testing::RunRoute(*match->handlers, request, db()));
  EXPECT_EQ(own.status, 200);
  ExpectRefused(CallRoute(router_, db(), "GET", "/v1/customers/C-404/tier"), 404, "not_found", "");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(TierEffectsTest);

}  // namespace
}  // namespace loyal::intake
