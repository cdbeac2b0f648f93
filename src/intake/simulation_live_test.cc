// The simulator against the live path: a seeded random shop history (orders placed, paid,
// delivered or cancelled, returns inside and after the return window, over two years) is
// recorded through live intake with the daily jobs run every day, under a program with tiers
// whose multipliers change what orders earn. Replaying the stored history under the same
// program (program/member_replay.h, program/simulation.h) must give every member the books
// and the tier the live path left, to the point, and the report's totals must be their sums.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>

#include "db/testing/backend_test.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "intake/points_test_support.h"
#include "intake/shop_context.h"
#include "intake/tier_effects.h"
#include "ledger/ledger_queries.h"
#include "orders/order_service.h"
#include "program/member_replay.h"
#include "program/simulation.h"
#include "program/tier_service.h"
#include "program/tiers_testing.h"

namespace loyal::intake {
namespace {

using orders::OrderStatus;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'006'400));  // a midnight (UTC)
constexpr std::chrono::days kDay{1};
constexpr int kDays = 730;
constexpr int kCustomers = 12;

program::Program TieredProgram() {
  program::Program p = testing::ShopProgram();
  program::TierRules tiers = program::testing::SpendOrOrders(program::DowngradePolicy::kOneLevel,
                                                             /*grace_days=*/20);
  tiers.levels[1].benefits.earn_multiplier_millionths = 1'500'000;
  tiers.levels[2].benefits.earn_multiplier_millionths = 2'000'000;
  p.tiers = tiers;
  return p;
}

class SimulationLiveTest : public db::testing::BackendTest {
 protected:
  void Run(const std::function<Status(db::Transaction&)>& work) {
    auto done = db::RunInTransaction(db(), work);
    ASSERT_TRUE(done) << done.error().ToString();
  }

  // The day's jobs, at half past midnight: release, expiry, then the tiers.
  void Jobs(Timestamp at) {
    ASSERT_TRUE(RunPointsJobs(db(), at));
    auto current = db::WithReadTransaction(db(), program::CurrentProgram);
    ASSERT_TRUE(current && *current);
    ASSERT_TRUE(RunTierJob(db(), settings::DefaultSettings(), **current, at));
  }

  void Place(const std::string& id, const std::string& customer, Timestamp at, int mugs,
             int books) {
    orders::OrderRequest request;
    request.input.external_id = id;
    request.input.customer.external_id = customer;
    request.input.currency = *Currency::Parse("EUR");
    if (mugs > 0) request.input.lines.push_back({"MUG", mugs, 30'000'000, 0, std::nullopt});
    if (books > 0) request.input.lines.push_back({"BOOK", books, 50'000'000, 0, "books"});
    Run([&](db::Transaction& tx) {
      return RecordOrder(tx, programs_, request, at).map([](auto&&) {});
    });
  }

  void Move(const std::string& id, OrderStatus to, Timestamp at) {
    testing::MoveOrder(db(), programs_, id, to, at);
  }

  void GiveBack(const std::string& id, const std::string& order, int32_t line, Timestamp at) {
    testing::ReturnOneUnit(db(), programs_, id, order, line, at);
  }

  // Each day, each customer orders with a small chance; an order is delivered a few days
  // later (some cancelled instead), and a unit comes back now and then, inside the return
  // window or weeks after it.
  void RecordHistory(uint32_t seed) {
    std::mt19937 rng(seed);
    std::multimap<Timestamp, std::function<void()>> later;
    int next = 0;
    for (int day = 0; day < kDays; ++day) {
      const Timestamp midnight = kT0 + day * kDay;
      Jobs(midnight + std::chrono::minutes(30));
      for (auto it = later.begin(); it != later.end() && it->first < midnight + kDay;) {
        it->second();
        it = later.erase(it);
      }
      for (int c = 0; c < kCustomers; ++c) {
        if (rng() % 100 >= static_cast<uint32_t>(2 + c % 4)) continue;
        const std::string id = "O" + std::to_string(next++);
        const Timestamp at = midnight + std::chrono::hours(1 + rng() % 20);
        const int mugs = static_cast<int>(rng() % 3), books = 1 + static_cast<int>(rng() % 2);
        Place(id, "C" + std::to_string(c), at, mugs, books);
        const Timestamp delivered = at + (1 + rng() % 5) * kDay;
        if (rng() % 10 == 0) {
          later.emplace(delivered, [=, this] { Move(id, OrderStatus::kCancelled, delivered); });
          continue;
        }
        later.emplace(delivered, [=, this] {
          for (OrderStatus to :
               {OrderStatus::kPaid, OrderStatus::kShipped, OrderStatus::kDelivered}) {
            Move(id, to, delivered);
          }
        });
        if (rng() % 4 == 0) {
          const Timestamp back = delivered + (1 + rng() % 40) * kDay;
          later.emplace(back, [=, this] { GiveBack("R" + id, id, 0, back); });
        }
      }
    }
    for (auto& [at, act] : later) {
      if (at < kT0 + kDays * kDay) act();
    }
  }

  program::ProgramCache programs_;
};

TEST_P(SimulationLiveTest, TheLiveProgramReplayedGivesEveryMemberTheBooksAndTierTheyHold) {
  const program::Program program = TieredProgram();
  Run([&](db::Transaction& tx) {
    return program::PutProgram(tx, program, "test", kT0).map([](auto&&) {});
  });
  RecordHistory(/*seed=*/7);
  const Timestamp end = kT0 + kDays * kDay;
  Jobs(end - kDay + std::chrono::minutes(30));

  program::ReplayOptions options;
  options.end = end;
  options.redemption_rate_millionths = 0;
  struct Ignore : program::ReplaySink {
    void OnOrder(DayNumber, const orders::Order&, int64_t) override {}
    void OnPoints(DayNumber, program::PointsFlow, int64_t) override {}
    void OnJoined(DayNumber, size_t) override {}
    void OnTierMove(DayNumber, size_t, size_t) override {}
  } ignore;
  int64_t outstanding = 0, multiplied = 0;
  ASSERT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto histories, orders::ReadCustomerHistories(tx, 0, 1000, true));
    EXPECT_EQ(histories.size(), static_cast<size_t>(kCustomers));
    for (const orders::CustomerHistory& h : histories) {
      LOY_ASSIGN_OR_RETURN(
          auto replayed,
          program::ReplayMember(h, program, settings::DefaultSettings(), options, ignore));
      LOY_ASSIGN_OR_RETURN(ledger::Balances live, ledger::GetBalances(tx, h.customer_id));
      EXPECT_EQ(replayed.pending, live.pending) << h.customer_id;
      EXPECT_EQ(replayed.available, live.available) << h.customer_id;
      EXPECT_EQ(replayed.debt, live.debt) << h.customer_id;
      LOY_ASSIGN_OR_RETURN(size_t level,
                           program::CurrentTierLevel(tx, h.customer_id, *program.tiers));
      EXPECT_EQ(replayed.tier_level, level) << h.customer_id;
      outstanding += live.pending + live.available;
      for (const auto& o : replayed.orders) multiplied += o.tier_multiplier_millionths > 1'000'000;
    }
    return {};
  }));
  EXPECT_GT(multiplied, 0) << "no order earned at a tier's multiplier: the test shows nothing";

  program::SimulationOptions whole;
  whole.redemption_rate_millionths = 0;
  auto report = program::Simulate(db(), program, settings::DefaultSettings(), whole, end);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->customers, kCustomers);
  EXPECT_EQ(report->total.outstanding, outstanding);
  EXPECT_GT(report->total.expired, 0);
  EXPECT_GT(report->total.reversed, 0);
  EXPECT_GT(report->total.upgrades, 0);
  EXPECT_GT(report->total.downgrades, 0);
  EXPECT_EQ(report->months.size(), 25u);  // two years from mid-November
}

LOYAL_INSTANTIATE_BACKEND_TESTS(SimulationLiveTest);

}  // namespace
}  // namespace loyal::intake
