// A seeded random test of member tiers through order intake against an independent model
// (tier_simulation_model.h): for each window kind (rolling 12 months, calendar year,
// anniversary year, lifetime) and each downgrade policy (none, one level, recompute) with a
// grace of 0, 7 or 30 days, by spend-or-orders or by points (which the tiers' multipliers
// change), customers place orders, return some units, cancel, and the clock moves on, often
// across a window's edge, with the daily job run after each move. After every step the
// stored level and grace of the customer touched (after a job: of every customer), and their
// lifetime points, must be the model's.
//
// Size and seed: LOYAL_TIER_SIM_STEPS steps per window and policy (default 900: 10,800 in
// all, on SQLite; PostgreSQL runs a tenth of them) and LOYAL_TIER_SIM_SEED (default 1).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "db/testing/backend_test.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "intake/tier_simulation_model.h"
#include "ledger/ledger_queries.h"
#include "program/program_service.h"
#include "program/tier_service.h"

namespace loyal::intake {
namespace {

namespace model = tier_model;

constexpr int kCustomers = 6;
const int32_t kStartDay = model::DayOf(date::year{2023} / 1 / 10);

int64_t EnvOr(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::atoll(v) : fallback;
}

model::Rules ModelRules(model::Window window, model::Policy policy, int grace, bool by_points) {
  model::Rules r{by_points, window, policy, grace, {}, {}, {1, 2, 3, 3}};
  // base / silver / gold / platinum: EUR 300, 900, 2,000 or 3, 6, 10 orders; or 300, 1,000,
  // 2,500 points. Retain at about two thirds of entry.
  r.entry = {{}, {30'000, 3, 300}, {90'000, 6, 1'000}, {200'000, 10, 2'500}};
  r.retain = {{}, {20'000, 2, 200}, {60'000, 4, 700}, {150'000, 7, 1'800}};
  return r;
}

program::Program ProgramOf(const model::Rules& r) {
  program::Program p;
  p.earning.rate_millionths["EUR"] = program::kMillionths;
  program::TierRules t;
  if (r.by_points) {
    t.basis = {program::TierBasis::kPoints};
  } else {
    t.basis = {program::TierBasis::kSpend, program::TierBasis::kOrders};
  }
  t.window = static_cast<program::TierWindow>(r.window);
  t.downgrade = static_cast<program::DowngradePolicy>(r.policy);
  t.grace_days = r.grace_days;
  for (size_t i = 0; i < r.entry.size(); ++i) {
    program::TierLevel level;
    level.code = "level" + std::to_string(i);
    level.name = level.code;
    auto amounts = [&](const model::Threshold& m) {
      program::TierAmounts a;
      if (i == 0) return a;
      if (r.by_points) {
        a.points = m.points;
      } else {
        a.spend_minor["EUR"] = m.eur_minor;
        a.orders = m.orders;
      }
      return a;
    };
    level.entry = amounts(r.entry[i]);
    level.retain = amounts(r.retain[i]);
    level.benefits.earn_multiplier_millionths = r.multiplier[i] * program::kMillionths;
    t.levels.push_back(level);
  }
  p.tiers = t;
  return p;
}

class TierSimulationTest : public db::testing::BackendTest {
 protected:
  int64_t Rand(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  Timestamp Now() const { return Timestamp(std::chrono::days(day_) + std::chrono::hours(12)); }

  std::string Customer(int i) const {
    return "R" + std::to_string(round_) + "-" + std::to_string(i);
  }

  void Place(int c) {
    model::Member& m = members_[c];
    model::Order o{day_, Rand(5, 200), Rand(1, 3), 0, false, rules_.multiplier[m.level]};
    const std::string id = "O-" + std::to_string(++orders_);
    orders::OrderRequest request;
    request.input.external_id = id;
    request.input.customer.external_id = Customer(c);
    request.input.currency = *Currency::Parse("EUR");
    request.input.lines = {{"SKU", o.quantity, o.unit_eur * 1'000'000, 0, std::nullopt}};
    Run([&](db::Transaction& tx) {
      return RecordOrder(tx, programs_, request, Now()).map([](auto&&) {});
    });
    if (m.orders.empty()) m.since = day_;
    m.orders.push_back(o);
    ids_[c].push_back(id);
    model::Evaluate(rules_, m, day_);
  }

  void ReturnSome(int c) {
    model::Member& m = members_[c];
    if (m.orders.empty()) return;
    const size_t k = static_cast<size_t>(Rand(0, static_cast<int64_t>(m.orders.size()) - 1));
    model::Order& o = m.orders[k];
    if (o.cancelled || o.returned == o.quantity) return;
    const int64_t units = Rand(1, o.quantity - o.returned);
    orders::ReturnRequest request;
    request.input.external_id = "R-" + std::to_string(++returns_);
    request.input.order_external_id = ids_[c][k];
    request.input.lines = {orders::ReturnLineInput{0, std::nullopt, units}};
    Run([&](db::Transaction& tx) {
      return RecordReturn(tx, programs_, request, Now()).map([](auto&&) {});
    });
    o.returned += units;
    model::Evaluate(rules_, m, day_);
  }

  void Cancel(int c) {
    model::Member& m = members_[c];
    if (m.orders.empty()) return;
    const size_t k = static_cast<size_t>(Rand(0, static_cast<int64_t>(m.orders.size()) - 1));
    model::Order& o = m.orders[k];
    if (o.cancelled || o.returned > 0) return;  // returns come after cancellations here
    Run([&](db::Transaction& tx) {
      return ChangeOrderStatus(tx, programs_, ids_[c][k], orders::OrderStatus::kCancelled, Now())
          .map([](auto&&) {});
    });
    o.cancelled = true;
    model::Evaluate(rules_, m, day_);
  }

  // Moves the clock on (a few days, or onto a window's edge) and runs the daily jobs.
  void MoveClock() {
    const date::year_month_day t = model::Ymd(day_);
    switch (Rand(0, 5)) {
      case 0:  // this year's New Year's Eve, or the next New Year's Day
        day_ = std::max(day_ + 1, model::DayOf((t.year() + date::years{1}) / 1 / 1) -
                                      static_cast<int32_t>(Rand(0, 1)));
        break;
      case 1:  // a year after an order, give or take a day
        if (!members_[0].orders.empty()) {
          const int32_t d = members_[0].orders.back().day;
          const date::year_month_day od = model::Ymd(d);
          day_ = std::max(day_ + 1,
                          model::DayOf((od.year() + date::years{1}) / od.month() / od.day()) +
                              static_cast<int32_t>(Rand(-1, 1)));
          break;
        }
        [[fallthrough]];
      default:
        day_ += static_cast<int32_t>(Rand(1, 40));
    }
    auto jobs = RunPointsJobs(db(), Now());
    ASSERT_TRUE(jobs) << jobs.error().ToString();
    for (model::Member& m : members_) {
      if (m.level > 0 || m.below_since) model::Evaluate(rules_, m, day_);
    }
  }

  void Run(const std::function<Status(db::Transaction&)>& work) {
    Status done = db::RunInTransaction(db(), work);
    ASSERT_TRUE(done) << "step " << step_ << ": " << done.error().ToString();
  }

  // The stored tier and lifetime points of customer `c` against the model's.
  void ExpectAsModel(int c) {
    if (members_[c].orders.empty()) return;
    const model::Member& m = members_[c];
    auto got = db::WithReadTransaction(
        db(), [&](db::Transaction& tx) -> Result<std::pair<program::MemberTier, int64_t>> {
          LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT customer_id FROM customer_lookup WHERE "
                                                   "external_id = $1",
                                                   {db::Value(Customer(c))}));
          if (rows.empty()) return NotFound("no customer " + Customer(c));
          const int64_t id = rows[0].Int(0);
          LOY_ASSIGN_OR_RETURN(auto tier, program::LoadMemberTier(tx, id, *program_.tiers));
          LOY_ASSIGN_OR_RETURN(auto balances, ledger::GetBalances(tx, id));
          return std::pair{tier, balances.lifetime_earned};
        });
    ASSERT_TRUE(got) << got.error().ToString();
    int64_t points = 0;
    for (const model::Order& o : m.orders) points += o.Points();
    ASSERT_EQ(got->first.state.level, m.level)
        << "step " << step_ << " customer " << c << " day " << model::Ymd(day_);
    ASSERT_EQ(got->first.state.below_retain_since, m.below_since) << "step " << step_;
    ASSERT_EQ(got->second, points) << "step " << step_ << " customer " << c;
  }

  void RunRound(model::Window window, model::Policy policy, int64_t steps) {
    ++round_;
    const int graces[] = {0, 7, 30};
    rules_ = ModelRules(window, policy, graces[round_ % 3], round_ % 2 == 0);
    program_ = ProgramOf(rules_);
    Run([&](db::Transaction& tx) {
      return program::PutProgram(tx, program_, "simulation", Now()).map([](auto&&) {});
    });
    members_.assign(kCustomers, {});
    ids_.assign(kCustomers, {});
    for (step_ = 0; step_ < steps && !HasFatalFailure(); ++step_) {
      const int c = static_cast<int>(Rand(0, kCustomers - 1));
      const int64_t op = Rand(0, 99);
      if (op < 55) {
        Place(c);
      } else if (op < 75) {
        ReturnSome(c);
      } else if (op < 82) {
        Cancel(c);
      } else {
        MoveClock();
        for (int i = 0; i < kCustomers && !HasFatalFailure(); ++i) ExpectAsModel(i);
        continue;
      }
      ExpectAsModel(c);
    }
  }

  std::mt19937_64 rng_{static_cast<uint64_t>(EnvOr("LOYAL_TIER_SIM_SEED", 1))};
  program::ProgramCache programs_;
  model::Rules rules_;
  program::Program program_;
  std::vector<model::Member> members_;
  std::vector<std::vector<std::string>> ids_;
  int32_t day_ = kStartDay;
  int round_ = 0;
  int64_t step_ = 0, orders_ = 0, returns_ = 0;
};

TEST_P(TierSimulationTest, EveryWindowAndPolicyAgreesWithTheModel) {
  int64_t steps = EnvOr("LOYAL_TIER_SIM_STEPS", 900);
  if (GetParam() == db::Backend::kPostgres) steps = std::max<int64_t>(steps / 10, 1);
  for (auto window : {model::Window::kRolling, model::Window::kCalendar,
                      model::Window::kAnniversary, model::Window::kLifetime}) {
    for (auto policy :
         {model::Policy::kNone, model::Policy::kOneLevel, model::Policy::kRecompute}) {
      RunRound(window, policy, steps);
      if (HasFatalFailure()) return;
    }
  }
  // The walk reached every level and came back down, so the checks above meant something.
  auto moves = db::WithReadTransaction(db(), [](db::Transaction& tx) -> Result<int64_t> {
    LOY_ASSIGN_OR_RETURN(auto up, tx.Query("SELECT COUNT(*) FROM tier_history WHERE to_level = "
                                           "'level3'"));
    LOY_ASSIGN_OR_RETURN(auto down, tx.Query("SELECT COUNT(*) FROM tier_history WHERE "
                                             "from_level > to_level"));
    return std::min(up[0].Int(0), down[0].Int(0));
  });
  ASSERT_TRUE(moves) << moves.error().ToString();
  EXPECT_GT(*moves, GetParam() == db::Backend::kPostgres ? 0 : 20);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(TierSimulationTest);

}  // namespace
}  // namespace loyal::intake
