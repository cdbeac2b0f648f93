// A seeded random simulation of the ledger against the independent model of
// ledger_model.h: after every step each customer's balances (and now and then the points
// expiring within 30 days) must equal the model's, every refused call must be refused with
// the model's code, and the full audit runs every 100 steps and at the end.
//
// Size and seed: LOYAL_LEDGER_SIM_STEPS (default 1500, seconds on both backends) and
// LOYAL_LEDGER_SIM_SEED (default 1); a long run is e.g.
//   LOYAL_LEDGER_SIM_STEPS=100000 build/asan/src/ledger/ledger_test --gtest_filter='*Simulation*'
#include "ledger/ledger_model.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "db/sql_values.h"
#include "ledger/ledger_test_support.h"
#include "ledger/simulation_support.h"

namespace loyal::ledger {
namespace {

using model::LotKey;
using model::MCustomer;
using model::MHold;
using model::MLot;
using testing::kT0;

constexpr int64_t kDay = 86400;
constexpr int64_t kFirstCustomer = 101;
constexpr int kCustomers = 3;

Timestamp At(int64_t seconds) { return db::AtSeconds(seconds); }

class LedgerSimulationTest : public testing::LedgerFixture {
 protected:
  int64_t Rand(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  MCustomer& Model(int64_t id) { return model_[id]; }

  // Expects `got` to have failed with `code`, or to have succeeded when `ok`.
  template <class T>
  bool Outcome(const Result<T>& got, bool ok, ErrorCode code = ErrorCode::kFailedPrecondition) {
    return simulation::ExpectOutcome(got, ok, code, step_, tally_[op_]);
  }

  void Earn(int64_t id) {
    MLot lot{now_, now_ + Rand(0, 10 * kDay), std::nullopt, Rand(1, 200), 0, 0, 'p'};
    if (Rand(0, 1)) lot.expires = lot.available_from + Rand(1, 90 * kDay);
    lot.remaining = lot.points;
    const std::optional<Timestamp> expires =
        lot.expires ? std::optional(At(*lot.expires)) : std::nullopt;
    auto got = Try([&](db::Transaction& tx) {
      return ledger::Earn(tx, id, {lot.points, At(lot.available_from), expires, {}}, At(now_));
    });
    if (!Outcome(got, true)) return;
    Model(id).lots[{*got->lot_id, 0}] = lot;
    Model(id).lifetime += lot.points;
  }

  // A random element of `items`, mostly one `wanted` accepts (so that calls the model
  // expects to succeed are common), now and then any; nullptr when there is none.
  template <class Items, class Wanted>
  auto* Pick(Items& items, Wanted wanted) {
    std::vector<decltype(&*items.begin())> all, liked;
    for (auto& item : items) {
      all.push_back(&item);
      if (wanted(item)) liked.push_back(&item);
    }
    auto& from = liked.empty() || Rand(0, 4) == 0 ? all : liked;
    return from.empty() ? nullptr : from[Rand(0, static_cast<int64_t>(from.size()) - 1)];
  }

  // A random lot the shop earned or credited (not one a restore made), mostly in `state`.
  std::optional<LotKey> AnyLot(int64_t id, char state) {
    auto* entry = Pick(Model(id).lots, [&](auto& e) { return e.second.state == state; });
    if (!entry || entry->first.second != 0) return std::nullopt;
    return entry->first;
  }

  void Cancel(int64_t id) {
    auto key = AnyLot(id, 'p');
    if (!key) return;
    MLot& lot = Model(id).lots[*key];
    const int64_t n = Rand(1, lot.remaining + 10);
    const bool ok = lot.state == 'p' && n <= lot.remaining;
    auto got = Try([&](db::Transaction& tx) {
      return CancelPending(tx, id, key->first, n, testing::TestMemo(), At(now_));
    });
    if (Outcome(got, ok)) Model(id).CancelPending(*key, n);
  }

  // The order's release event moves when its pending lot is released.
  void Schedule(int64_t id) {
    auto key = AnyLot(id, 'p');
    if (!key) return;
    MLot& lot = Model(id).lots[*key];
    const int64_t at = now_ + Rand(0, 10 * kDay);
    auto got = Try([&](db::Transaction& tx) -> Result<bool> {
      LOY_RETURN_IF_ERROR(ScheduleRelease(tx, id, key->first, At(at), At(now_)));
      return true;
    });
    if (Outcome(got, lot.state == 'p')) lot.available_from = at;
  }

  void Claw(int64_t id) {
    auto key = AnyLot(id, 'a');
    if (!key) return;
    MCustomer& m = Model(id);
    MLot& lot = m.lots[*key];
    // Half the time all that is left to take back, so some returns find the points spent.
    const int64_t n =
        Rand(0, 1) && lot.points > lot.reversed ? lot.points - lot.reversed : Rand(1, lot.points);
    const bool ok = lot.state != 'p' && lot.state != 'c' && n <= lot.points - lot.reversed;
    auto got = Try([&](db::Transaction& tx) {
      return ClawBack(tx, id, key->first, n, testing::TestMemo(), At(now_));
    });
    if (Outcome(got, ok)) m.ClawBack(*key, n);
  }

  void Credit(int64_t id) {
    MLot lot{now_, now_, std::nullopt, Rand(1, 100), 0, 0, 'a'};
    if (Rand(0, 1)) lot.expires = now_ + Rand(1, 120 * kDay);
    lot.remaining = lot.points;
    auto got = Try([&](db::Transaction& tx) {
      return ledger::Credit(tx, id, lot.points,
                            lot.expires ? std::optional(At(*lot.expires)) : std::nullopt,
                            testing::TestMemo(), At(now_));
    });
    if (Outcome(got, true)) Model(id).lots[{*got->lot_id, 0}] = lot;
  }

  // A random amount to spend, now and then exactly what is available (the boundary).
  int64_t SpendAmount(int64_t id) {
    const int64_t available = Model(id).Sum('a');
    return Rand(0, 3) == 0 && available > 0 ? available : Rand(1, 150);
  }

  void Debit(int64_t id) {
    const int64_t n = SpendAmount(id);
    auto got = Try([&](db::Transaction& tx) {
      return ledger::Debit(tx, id, n, testing::TestMemo(), At(now_));
    });
    if (Outcome(got, n <= Model(id).Sum('a'))) Model(id).Spend(n);
  }

  void Place(int64_t id) {
    const int64_t n = SpendAmount(id);
    auto got = Try([&](db::Transaction& tx) { return PlaceHold(tx, id, n, "ORD", At(now_)); });
    if (Outcome(got, n <= Model(id).Sum('a'))) Model(id).PlaceHold(got->hold.public_id, n, now_);
  }

  void Resolve(int64_t id) {
    MCustomer& m = Model(id);
    MHold* picked = Pick(m.holds, [](const MHold& h) { return h.state == 'h'; });
    if (!picked) return;
    MHold& hold = *picked;
    const char target = Rand(0, 1) ? 'c' : 'r';
    auto got = Try([&](db::Transaction& tx) {
      return target == 'c' ? CaptureHold(tx, hold.public_id, At(now_))
                           : ReleaseHold(tx, hold.public_id, At(now_));
    });
    if (!Outcome(got, hold.state == 'h' || hold.state == target) || hold.state == target) return;
    if (target == 'r') {
      m.ReleaseHold(hold);
    } else {
      hold.state = 'c';
    }
  }

  void Restore(int64_t id) {
    MCustomer& m = Model(id);
    MHold* picked =
        Pick(m.holds, [](const MHold& h) { return h.state == 'c' && h.restored < h.points; });
    if (!picked) return;
    MHold& hold = *picked;
    const int64_t n = Rand(1, hold.points);
    auto got = Try([&](db::Transaction& tx) {
      return RestoreHold(tx, hold.public_id, n, testing::TestMemo(), At(now_));
    });
    if (Outcome(got, hold.state == 'c' && n <= hold.points - hold.restored)) {
      m.RestoreHold(hold, n, *got->lot_id, now_);
    }
  }

  void Jobs(int64_t) {
    const int64_t cutoff = now_ - kDay;
    auto released = Try([&](db::Transaction& tx) { return ReleaseAllDue(tx, At(now_), 1000); });
    ASSERT_TRUE(released) << released.error().ToString();
    auto timed_out =
        Try([&](db::Transaction& tx) { return TimeOutHolds(tx, At(cutoff), At(now_), 1000); });
    ASSERT_TRUE(timed_out) << timed_out.error().ToString();
    auto expired = Try([&](db::Transaction& tx) { return ExpireAllDue(tx, At(now_), 1000); });
    ASSERT_TRUE(expired) << expired.error().ToString();
    for (auto& [id, m] : model_) {
      m.Release(now_);
      m.TimeOutHolds(cutoff);
      m.Expire(now_);
    }
  }

  void OneCustomerJob(int64_t id) {
    const bool release = Rand(0, 1);
    auto got = Try([&](db::Transaction& tx) {
      return release ? ReleaseDue(tx, id, At(now_)) : ExpireDue(tx, id, At(now_));
    });
    if (!Outcome(got, true)) return;
    release ? Model(id).Release(now_) : Model(id).Expire(now_);
  }

  void Clock(int64_t) { now_ += Rand(0, 15 * kDay); }

  struct Op {
    const char* name;
    void (LedgerSimulationTest::*run)(int64_t customer_id);
  };
  // Drawn uniformly, so an operation listed twice is twice as common.
  static constexpr Op kOps[] = {
      {"earn", &LedgerSimulationTest::Earn},
      {"earn", &LedgerSimulationTest::Earn},
      {"earn", &LedgerSimulationTest::Earn},
      {"job", &LedgerSimulationTest::OneCustomerJob},
      {"job", &LedgerSimulationTest::OneCustomerJob},
      {"cancel", &LedgerSimulationTest::Cancel},
      {"clawback", &LedgerSimulationTest::Claw},
      {"credit", &LedgerSimulationTest::Credit},
      {"debit", &LedgerSimulationTest::Debit},
      {"hold", &LedgerSimulationTest::Place},
      {"hold", &LedgerSimulationTest::Place},
      {"resolve", &LedgerSimulationTest::Resolve},
      {"resolve", &LedgerSimulationTest::Resolve},
      {"restore", &LedgerSimulationTest::Restore},
      {"clock", &LedgerSimulationTest::Clock},
      {"jobs", &LedgerSimulationTest::Jobs},
      {"schedule", &LedgerSimulationTest::Schedule},
  };

  void Step() {
    const int64_t id = kFirstCustomer + Rand(0, kCustomers - 1);
    const Op& op = kOps[Rand(0, std::size(kOps) - 1)];
    op_ = op.name;
    (this->*op.run)(id);
  }

  void Check(int64_t id) {
    const MCustomer& m = Model(id);
    const Balances want{m.Sum('p'), m.Sum('a'), m.Held(), m.debt, m.lifetime};
    saw_debt_ = saw_debt_ || m.debt > 0;
    auto got = Try([&](db::Transaction& tx) { return GetBalances(tx, id); });
    ASSERT_TRUE(got) << got.error().ToString();
    ASSERT_EQ(*got, want) << "customer " << id << " after step " << step_ << " (seed " << seed_
                          << "): pending, available, held, debt, lifetime";
  }

  void CheckExpiring(int64_t id) {
    int64_t want = 0;
    for (const auto& [key, lot] : Model(id).lots) {
      const bool live = (lot.state == 'p' || lot.state == 'a') && lot.remaining > 0;
      if (live && lot.expires && *lot.expires <= now_ + 30 * kDay) want += lot.remaining;
    }
    auto got = Try([&](db::Transaction& tx) { return ExpiringWithin(tx, id, At(now_), 30); });
    ASSERT_TRUE(got) << got.error().ToString();
    int64_t sum = 0;
    for (const ExpiringPoints& e : *got) sum += e.points;
    EXPECT_EQ(sum, want) << "customer " << id << " after step " << step_;
  }

  uint64_t seed_ = static_cast<uint64_t>(simulation::EnvOr("LOYAL_LEDGER_SIM_SEED", 1));
  std::mt19937_64 rng_{seed_};
  int64_t now_ = kT0.time_since_epoch().count();
  int step_ = 0;
  std::map<int64_t, MCustomer> model_;
  // Per operation, how often the model expected it to succeed and to be refused.
  const char* op_ = "";
  std::map<std::string, std::pair<int, int>> tally_;
  bool saw_debt_ = false;
};

TEST_P(LedgerSimulationTest, RandomOperationsAgreeWithTheModelAndTheAudit) {
  const int64_t steps = simulation::EnvOr("LOYAL_LEDGER_SIM_STEPS", 1500);
  for (step_ = 1; step_ <= steps; ++step_) {
    Step();
    for (int64_t id = kFirstCustomer; id < kFirstCustomer + kCustomers; ++id) Check(id);
    if (step_ % 10 == 0) CheckExpiring(kFirstCustomer + step_ / 10 % kCustomers);
    if (step_ % 100 == 0) Audit();
    if (::testing::Test::HasFailure()) FAIL() << "stopped at step " << step_ << ", seed " << seed_;
  }
  Audit();
  const std::string summary = simulation::TallySummary(tally_);
  RecordProperty("ok/refused", summary);
  // A run that never reached a path proves nothing about it.
  if (steps < 1000) return;
  EXPECT_TRUE(saw_debt_);
  for (const char* op : {"earn", "job", "schedule", "cancel", "clawback", "credit", "debit", "hold",
                         "resolve", "restore"}) {
    EXPECT_GT(tally_[op].first, 0) << op << " never succeeded";
  }
  for (const char* op : {"cancel", "clawback", "debit", "hold", "resolve", "restore", "schedule"}) {
    EXPECT_GT(tally_[op].second, 0) << op << " was never refused";
  }
}

LOYAL_INSTANTIATE_BACKEND_TESTS(LedgerSimulationTest);

}  // namespace
}  // namespace loyal::ledger
