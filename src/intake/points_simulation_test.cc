// A seeded random simulation of points through order intake, against an independent model:
// orders of random lines (some paying with a hold: captured when paid, released or given
// back on cancellation, given back pro rata on returns), status moves, cancellations,
// partial returns, events under a
// daily cap, admin adjustments, holds, the jobs, clock jumps and process restarts (the
// store closed and opened again).
// The model computes what each order earns and what each return takes back from the
// program's rules (a point per euro rounded down, 100 for a first order, 50 from 100.00,
// 10 for a review at most twice a UTC day, two-month expiry), written here from the rules in
// docs/loyalty.md and not from the code; the lots, holds and debt are ledger_model.h's. After every
// step every customer's balances must equal the model's; the full audit runs every 1,000 steps and
// at the end.
//
// Size and seed: LOYAL_INTAKE_SIM_STEPS (default 1,500 on each backend, for make test) and
// LOYAL_INTAKE_SIM_SEED (default 1). The full-size run (bench/README.md):
//   LOYAL_INTAKE_SIM_STEPS=100000 build/asan/src/intake/intake_test
//   --gtest_filter='*PointsSimulation*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "db/sql_values.h"
#include "db/testing/backend_test.h"
#include "intake/event_intake.h"
#include "intake/order_intake.h"
#include "intake/points_jobs.h"
#include "intake/points_simulation_model.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_audit.h"
#include "ledger/ledger_model.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "ledger/simulation_support.h"
#include "program/program_service.h"

namespace loyal::intake {
namespace {

using namespace simulation_model;
using ledger::model::LotKey;
using ledger::model::MCustomer;
using ledger::model::MHold;
using ledger::model::MLot;

class PointsSimulationTest : public db::testing::BackendTest {
 protected:
  program::ProgramCache programs_;  // as loyal serve's, shared by the fixture's calls

  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) {
      return program::PutProgram(tx, SimProgram(), "simulation", At(now_)).map([](auto&&) {});
    }));
  }

  int64_t Rand(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }

  template <class Work>
  auto Try(Work work) {
    return db::WithTransaction(db(), work);
  }

  // Expects success when `ok`, else failure with `code`; returns whether it succeeded.
  template <class T>
  bool Outcome(const Result<T>& got, bool ok, ErrorCode code = ErrorCode::kFailedPrecondition) {
    return ledger::simulation::ExpectOutcome(got, ok, code, step_, tally_[op_]);
  }

  int64_t InternalId(const std::string& customer) {
    // -1 before the customer's first order.
    return Scalar("SELECT COALESCE((SELECT customer_id FROM customer_lookup WHERE external_id = '" +
                  customer + "'), -1)");
  }

  std::string AnyCustomer() { return "C-" + std::to_string(Rand(1, kCustomers)); }

  // Returns what the rules say the order earns (its lines' points set), given the customer's
  // earlier orders.
  int64_t Earning(MOrder& order) {
    return EarnedBy(order, std::none_of(orders_.begin(), orders_.end(), [&](const MOrder& o) {
                      return o.customer == order.customer && o.stage != Stage::kCancelled;
                    }));
  }

  void Place(const std::string& customer) {
    MOrder order;
    order.id = "O-" + std::to_string(++orders_placed_);
    order.customer = customer;
    orders::OrderRequest request;
    request.input.external_id = order.id;
    request.input.customer.external_id = customer;
    request.input.currency = *Currency::Parse("EUR");
    const int n = static_cast<int>(Rand(1, 3));
    for (int i = 0; i < n; ++i) {
      const int64_t quantity = Rand(1, 3), cents = Rand(0, 6'000);
      request.input.lines.push_back({"SKU-" + std::to_string(i), quantity, cents * 10'000, 0, std::nullopt});
      order.lines.push_back({quantity, quantity * cents, 0, 0});
    }
    // Now and then the order pays with one of the buyer's holds: an open one it may bind,
    // or one already bound, captured or released, which refuses the order.
    MCustomer& m = model_[customer];
    bool can_pay = true;
    if (!m.holds.empty() && Rand(0, 2) == 0) {
      const size_t pick = static_cast<size_t>(Rand(0, static_cast<int64_t>(m.holds.size()) - 1));
      can_pay = m.holds[pick].state == 'h' && !m.holds[pick].bound;
      order.hold = pick;
      request.input.points_holds = {m.holds[pick].public_id};
    }
    const int64_t earned = Earning(order);
    auto got = Try([&](db::Transaction& tx) { return RecordOrder(tx, programs_, request, At(now_)); });
    if (!Outcome(got, can_pay)) return;
    if (order.hold) m.holds[*order.hold].bound = true;
    if (earned > 0) {
      // The lot's id is the ledger's to choose; only its identity is read back.
      order.lot = LotKey{Scalar("SELECT lot_id FROM order_points WHERE order_id = " +
                                std::to_string(got->order.order_id)),
                         0};
      m.lots[*order.lot] = MLot{now_, kNever, ExpiryOf(now_), earned, earned, 0, 'p'};
      m.lifetime += earned;
    }
    orders_.push_back(std::move(order));
  }

  MOrder* AnyOrder(const std::string& customer) {
    std::vector<MOrder*> mine;
    for (MOrder& o : orders_) {
      if (o.customer == customer) mine.push_back(&o);
    }
    return mine.empty() ? nullptr : mine[Rand(0, static_cast<int64_t>(mine.size()) - 1)];
  }

  // Takes `points` back from the order's lot: cancelled while pending, else clawed back.
  void TakeBack(const MOrder& order, int64_t points) {
    if (points <= 0 || !order.lot) return;
    MCustomer& m = model_[order.customer];
    if (m.lots[*order.lot].state == 'p') {
      m.CancelPending(*order.lot, points);
    } else {
      m.ClawBack(*order.lot, points);
    }
  }

  int64_t LastLotId() { return Scalar("SELECT COALESCE(MAX(lot_id), 0) FROM ledger_lots"); }

  // Gives `n` of the order's captured hold back as new lots, the first after `last_lot`.
  void RestoreOrderHold(const MOrder& order, int64_t n, int64_t last_lot) {
    MCustomer& m = model_[order.customer];
    if (n <= 0) return;
    saw_restore_ = true;
    const int64_t first =
        Scalar("SELECT MIN(lot_id) FROM ledger_lots WHERE lot_id > " + std::to_string(last_lot));
    m.RestoreHold(m.holds[*order.hold], n, first, now_);
  }

  // The order's hold on entering `to`: captured when paid; on cancellation released while
  // held, or what is left of it given back once captured.
  void MoveOrderHold(const MOrder& order, Stage to, int64_t last_lot) {
    if (!order.hold) return;
    MHold& hold = model_[order.customer].holds[*order.hold];
    if (to == Stage::kPaid && hold.state == 'h') hold.state = 'c';
    if (to != Stage::kCancelled) return;
    if (hold.state == 'h') return model_[order.customer].ReleaseHold(hold);
    if (hold.state == 'c') RestoreOrderHold(order, hold.points - hold.restored, last_lot);
  }

  void Advance(const std::string& customer) {
    MOrder* order = AnyOrder(customer);
    if (!order) return;
    // Mostly the next stage, now and then a cancellation or a move the flow forbids.
    const int pick = static_cast<int>(Rand(0, 5));
    const Stage to = pick == 0 ? Stage::kCancelled
                     : pick == 1
                         ? static_cast<Stage>(Rand(0, 3))
                         : static_cast<Stage>(std::min(3, static_cast<int>(order->stage) + 1));
    const bool same = to == order->stage;
    const bool ok = same || (to == Stage::kCancelled
                                 ? order->stage == Stage::kPlaced || order->stage == Stage::kPaid
                                 : order->stage != Stage::kCancelled &&
                                       static_cast<int>(to) == static_cast<int>(order->stage) + 1);
    const int64_t last_lot = LastLotId();
    auto got = Try([&](db::Transaction& tx) {
      return ChangeOrderStatus(tx, programs_, order->id, static_cast<orders::OrderStatus>(to),
                               At(now_));
    });
    if (!Outcome(got, ok) || same) return;
    order->stage = to;
    MCustomer& m = model_[customer];
    if (to == Stage::kCancelled && order->lot) {
      const MLot& lot = m.lots[*order->lot];
      TakeBack(*order, lot.points - lot.reversed);
    }
    MoveOrderHold(*order, to, last_lot);
    if (to == Stage::kDelivered && order->lot) {
      m.lots[*order->lot].available_from = now_ + kWindowDays * kDay;
      m.Release(now_);
    }
  }

  void Return(const std::string& customer) {
    MOrder* order = AnyOrder(customer);
    if (!order || order->stage < Stage::kShipped || order->stage == Stage::kCancelled) return;
    const int64_t line_no = Rand(0, static_cast<int64_t>(order->lines.size()) - 1);
    const MLine& line = order->lines[line_no];
    const int64_t units = Rand(1, line.quantity);
    const bool ok = line.returned + units <= line.quantity;
    orders::ReturnRequest request;
    request.input.external_id = "R-" + std::to_string(++returns_made_);
    request.input.order_external_id = order->id;
    request.input.lines = {{static_cast<int32_t>(line_no), std::nullopt, units}};
    const int64_t last_lot = LastLotId();
    auto got = Try([&](db::Transaction& tx) { return RecordReturn(tx, programs_, request, At(now_)); });
    if (!Outcome(got, ok)) return;
    const int64_t points = ReturnUnits(*order, line_no, units);
    TakeBack(*order, points);
    // The hold it paid with comes back in the share of the merchandise returned so far
    // (each line's returned value pro rata to its units), less what came back before.
    if (!order->hold || model_[customer].holds[*order->hold].state != 'c') return;
    const MHold& hold = model_[customer].holds[*order->hold];
    const auto [returned, whole] = ReturnedShare(*order);
    RestoreOrderHold(*order, hold.points * returned / whole - hold.restored, last_lot);
  }

  // A review now (at most kReviewsPerDay earn per UTC day, the shop's zone), now and then
  // an event the program does not have; a customer not yet seen is refused.
  void Event(const std::string& customer) {
    const bool known = InternalId(customer) >= 0, named = Rand(0, 9) > 0;
    EventRequest request{customer, named ? "review" : "unboxing", std::nullopt,
                         "rv-" + std::to_string(++events_sent_)};
    auto got = Try([&](db::Transaction& tx) { return RecordEvent(tx, request, At(now_)); });
    if (!Outcome(got, known && named,
                 known ? ErrorCode::kFailedPrecondition : ErrorCode::kNotFound)) {
      return;
    }
    const bool capped = ++reviews_[{customer, now_ / kDay}] > kReviewsPerDay;
    EXPECT_EQ(got->capped, capped) << "step " << step_ << ", seed " << seed_;
    saw_capped_ = saw_capped_ || capped;
    if (capped) return;
    const LotKey lot{
        Scalar("SELECT lot_id FROM customer_events WHERE reference = '" + *request.reference + "'"),
        0};
    // Available at once, debt settled from it first, as a release would.
    MCustomer& m = model_[customer];
    const int64_t settle = std::min(m.debt, kReviewPoints);
    m.debt -= settle;
    m.lots[lot] = MLot{now_, now_, ExpiryOf(now_), kReviewPoints, kReviewPoints - settle, 0, 'a'};
    m.lifetime += kReviewPoints;
  }

  void Adjust(const std::string& customer) {
    const int64_t id = InternalId(customer);
    if (id < 0) return;
    MCustomer& m = model_[customer];
    if (Rand(0, 1)) {
      const int64_t n = Rand(1, 100);
      auto got = Try([&](db::Transaction& tx) {
        return ledger::Credit(tx, id, n, std::nullopt, {"goodwill", "adjustment", "", {}, "sim"},
                              At(now_));
      });
      if (Outcome(got, true))
        m.lots[{*got->lot_id, 0}] = MLot{now_, now_, std::nullopt, n, n, 0, 'a'};
      return;
    }
    const int64_t n = Rand(0, 2) == 0 && m.Sum('a') > 0 ? m.Sum('a') : Rand(1, 150);
    auto got = Try([&](db::Transaction& tx) {
      return ledger::Debit(tx, id, n, {"correction", "adjustment", "", {}, "sim"}, At(now_));
    });
    if (Outcome(got, n <= m.Sum('a'))) m.Spend(n);
  }

  void Hold(const std::string& customer) {
    const int64_t id = InternalId(customer);
    if (id < 0) return;
    MCustomer& m = model_[customer];
    MHold* open = nullptr;  // one no order pays with: those are the orders' to resolve
    for (MHold& h : m.holds) open = h.state == 'h' && !h.bound ? &h : open;
    if (open && Rand(0, 1)) {
      const bool capture = Rand(0, 1);
      auto got = Try([&](db::Transaction& tx) {
        return capture ? ledger::CaptureHold(tx, open->public_id, At(now_))
                       : ledger::ReleaseHold(tx, open->public_id, At(now_));
      });
      if (!Outcome(got, true)) return;
      capture ? void(open->state = 'c') : m.ReleaseHold(*open);
      return;
    }
    const int64_t n = Rand(0, 2) == 0 && m.Sum('a') > 0 ? m.Sum('a') : Rand(1, 150);
    auto got =
        Try([&](db::Transaction& tx) { return ledger::PlaceHold(tx, id, n, "cart", At(now_)); });
    if (Outcome(got, n <= m.Sum('a'))) m.PlaceHold(got->hold.public_id, n, now_);
  }

  void Jobs(const std::string&) {
    auto ran = RunPointsJobs(db(), At(now_));
    ASSERT_TRUE(ran) << ran.error().ToString();
    tally_[op_].first++;
    for (auto& [customer, m] : model_) {
      m.Release(now_);
      m.Expire(now_);
      m.TimeOutHolds(now_ - kHoldTimeout);
    }
  }

  void Clock(const std::string&) {
    now_ += Rand(0, 1) ? Rand(0, 3 * 3600) : Rand(0, 12 * kDay);
    tally_[op_].first++;
  }

  void Restart(const std::string&) {
    ASSERT_TRUE(Reopen());
    tally_[op_].first++;
  }

  struct Op {
    const char* name;
    void (PointsSimulationTest::*run)(const std::string& customer);
  };
  // Drawn uniformly, so an operation listed twice is twice as common.
  static constexpr Op kOps[] = {
      {"order", &PointsSimulationTest::Place},    {"order", &PointsSimulationTest::Place},
      {"status", &PointsSimulationTest::Advance}, {"status", &PointsSimulationTest::Advance},
      {"status", &PointsSimulationTest::Advance}, {"return", &PointsSimulationTest::Return},
      {"return", &PointsSimulationTest::Return},  {"event", &PointsSimulationTest::Event},
      {"event", &PointsSimulationTest::Event},    {"adjust", &PointsSimulationTest::Adjust},
      {"hold", &PointsSimulationTest::Hold},      {"hold", &PointsSimulationTest::Hold},
      {"jobs", &PointsSimulationTest::Jobs},      {"clock", &PointsSimulationTest::Clock},
  };

  void Step() {
    const std::string customer = AnyCustomer();
    const bool restart = Rand(0, 199) == 0;
    const Op op = restart ? Op{"restart", &PointsSimulationTest::Restart}
                          : kOps[Rand(0, std::size(kOps) - 1)];
    op_ = op.name;
    (this->*op.run)(customer);
  }

  void Check(const std::string& customer) {
    const int64_t id = InternalId(customer);
    if (id < 0) return;
    const MCustomer& m = model_[customer];
    const ledger::Balances want{m.Sum('p'), m.Sum('a'), m.Held(), m.debt, m.lifetime};
    saw_debt_ = saw_debt_ || m.debt > 0;
    auto got = db::WithReadTransaction(
        db(), [&](db::Transaction& tx) { return ledger::GetBalances(tx, id); });
    ASSERT_TRUE(got) << got.error().ToString();
    ASSERT_EQ(*got, want) << customer << " after step " << step_ << " (" << op_ << ", seed "
                          << seed_ << "): pending, available, held, debt, lifetime";
  }

  void Audit() {
    Status audit = db::RunInReadTransaction(db(), ledger::AuditAll);
    ASSERT_TRUE(audit) << "step " << step_ << ": " << audit.error().ToString();
  }

  uint64_t seed_ = static_cast<uint64_t>(ledger::simulation::EnvOr("LOYAL_INTAKE_SIM_SEED", 1));
  std::mt19937_64 rng_{seed_};
  int64_t now_ = 1'700'000'000;
  int step_ = 0;
  int orders_placed_ = 0, returns_made_ = 0, events_sent_ = 0;
  std::map<std::pair<std::string, int64_t>, int64_t> reviews_;  // (customer, UTC day): sent
  std::vector<MOrder> orders_;
  std::map<std::string, MCustomer> model_;
  const char* op_ = "";
  std::map<std::string, std::pair<int, int>> tally_;  // per operation: ok, refused
  bool saw_debt_ = false, saw_capped_ = false, saw_restore_ = false;
};

TEST_P(PointsSimulationTest, RandomIntakeAgreesWithTheModelAndTheAudit) {
  const int64_t steps = ledger::simulation::EnvOr("LOYAL_INTAKE_SIM_STEPS", 1500);
  for (step_ = 1; step_ <= steps; ++step_) {
    Step();
    for (int c = 1; c <= kCustomers; ++c) Check("C-" + std::to_string(c));
    if (step_ % 1000 == 0) Audit();
    if (::testing::Test::HasFailure()) FAIL() << "stopped at step " << step_ << ", seed " << seed_;
  }
  Audit();
  const std::string summary = ledger::simulation::TallySummary(tally_);
  RecordProperty("ok/refused", summary);
  if (steps < 1000) return;  // a short run need not reach every path
  EXPECT_TRUE(saw_debt_) << summary;
  EXPECT_TRUE(saw_capped_) << "no review was ever over its daily cap: " << summary;
  EXPECT_TRUE(saw_restore_) << "no order ever gave back points it paid with: " << summary;
  for (const char* op :
       {"order", "status", "return", "event", "adjust", "hold", "jobs", "restart"}) {
    EXPECT_GT(tally_[op].first, 0) << op << " never succeeded: " << summary;
  }
  for (const char* op : {"order", "status", "return", "event", "adjust", "hold"}) {
    EXPECT_GT(tally_[op].second, 0) << op << " was never refused: " << summary;
  }
}

LOYAL_INSTANTIATE_BACKEND_TESTS(PointsSimulationTest);

}  // namespace
}  // namespace loyal::intake
