#include "ledger/hold_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "db/postgres/pg_database.h"
#include "ledger/ledger_test_support.h"

namespace loyal::ledger {
namespace {

using testing::CodeOf;
using testing::Day;
using testing::kT0;
using testing::TestMemo;

constexpr int64_t kAnn = 7;

class HoldServiceTest : public testing::LedgerFixture {
 protected:
  HoldResult Place(int64_t points, Timestamp now = kT0) {
    auto placed =
        Do([&](db::Transaction& tx) { return PlaceHold(tx, kAnn, points, "ORD-1", now); });
    EXPECT_TRUE(placed) << placed.error().ToString();
    return placed ? *placed : HoldResult{};
  }
  Result<HoldResult> Capture(const std::string& id) {
    return Do([&](db::Transaction& tx) { return CaptureHold(tx, id, kT0); });
  }
  Result<HoldResult> Release(const std::string& id) {
    return Do([&](db::Transaction& tx) { return ReleaseHold(tx, id, kT0); });
  }
  Result<Posted> Restore(const std::string& id, int64_t points) {
    return Do([&](db::Transaction& tx) { return RestoreHold(tx, id, points, TestMemo(), kT0); });
  }
};

TEST_P(HoldServiceTest, PlaceReservesPointsUnderAPublicId) {
  AvailableLot(kAnn, 100);
  HoldResult held = Place(60);
  EXPECT_TRUE(held.hold.public_id.starts_with("hold_")) << held.hold.public_id;
  EXPECT_GT(held.hold.public_id.size(), 20u);
  EXPECT_EQ(held.hold.state, HoldState::kHeld);
  EXPECT_EQ(held.balances, (Balances{0, 40, 60, 0, 100}));
}

TEST_P(HoldServiceTest, PlaceBeyondTheBalanceFailsAndChangesNothing) {
  AvailableLot(kAnn, 100);
  auto over = Do([&](db::Transaction& tx) { return PlaceHold(tx, kAnn, 101, "ORD-1", kT0); });
  EXPECT_EQ(CodeOf(over), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(over.error().message, "not enough points");
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) { return PlaceHold(tx, kAnn, 0, "ORD-1", kT0); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) { return PlaceHold(tx, kAnn, 5, "", kT0); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(BalancesOf(kAnn), (Balances{0, 100, 0, 0, 100}));
}

TEST_P(HoldServiceTest, CaptureResolvesOnceAndRepeatsReturnTheStoredResult) {
  AvailableLot(kAnn, 100);
  HoldResult held = Place(60);
  auto captured = Capture(held.hold.public_id);
  ASSERT_TRUE(captured) << captured.error().ToString();
  EXPECT_EQ(captured->hold.state, HoldState::kCaptured);
  EXPECT_EQ(captured->balances, (Balances{0, 40, 0, 0, 100}));
  auto again = Capture(held.hold.public_id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->hold.resolve_txn_id, captured->hold.resolve_txn_id);
  EXPECT_EQ(again->balances, captured->balances);
  EXPECT_EQ(CodeOf(Release(held.hold.public_id)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(Capture("hold_nope")), ErrorCode::kNotFound);
  EXPECT_EQ(BalancesOf(kAnn), (Balances{0, 40, 0, 0, 100}));
}

TEST_P(HoldServiceTest, ReleaseGivesThePointsBackToTheirLots) {
  AvailableLot(kAnn, 30, Day(10));
  AvailableLot(kAnn, 70, Day(100));
  HoldResult held = Place(50);
  auto released = Release(held.hold.public_id);
  ASSERT_TRUE(released) << released.error().ToString();
  EXPECT_EQ(released->balances, (Balances{0, 100, 0, 0, 100}));
  auto again = Release(held.hold.public_id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->hold.resolve_txn_id, released->hold.resolve_txn_id);
  EXPECT_EQ(CodeOf(Capture(held.hold.public_id)), ErrorCode::kFailedPrecondition);
  // Back in their lots, the 30 still expire at day 10.
  auto soon = Do([&](db::Transaction& tx) { return ExpiringWithin(tx, kAnn, kT0, 10); });
  ASSERT_EQ(soon->size(), 1u);
  EXPECT_EQ((*soon)[0].points, 30);
}

TEST_P(HoldServiceTest, AHeldLotThatExpiresGetsItsPointsBackUntilTheNextExpiry) {
  AvailableLot(kAnn, 100, Day(10));
  HoldResult held = Place(60);
  auto expired = Do([&](db::Transaction& tx) { return ExpireDue(tx, kAnn, Day(11)); });
  EXPECT_EQ(expired->balances, (Balances{0, 0, 60, 0, 100}));
  ASSERT_TRUE(Release(held.hold.public_id));
  EXPECT_EQ(BalancesOf(kAnn).available, 60);
  auto again = Do([&](db::Transaction& tx) { return ExpireDue(tx, kAnn, Day(11)); });
  EXPECT_EQ(again->balances.available, 0);
}

TEST_P(HoldServiceTest, TimeOutReleasesOnlyHoldsPlacedBeforeTheCutOff) {
  AvailableLot(kAnn, 100);
  HoldResult old_hold = Place(10, kT0);
  HoldResult new_hold = Place(20, Day(1));
  auto timed_out = Do([&](db::Transaction& tx) { return TimeOutHolds(tx, Day(1), Day(1), 10); });
  ASSERT_TRUE(timed_out) << timed_out.error().ToString();
  ASSERT_EQ(timed_out->size(), 1u);
  EXPECT_EQ((*timed_out)[0].public_id, old_hold.hold.public_id);
  EXPECT_EQ(BalancesOf(kAnn), (Balances{0, 80, 20, 0, 100}));
  EXPECT_TRUE(Capture(new_hold.hold.public_id));
}

TEST_P(HoldServiceTest, RestoreGivesCapturedPointsBackWithTheOriginalExpiry) {
  AvailableLot(kAnn, 30, Day(10));
  AvailableLot(kAnn, 70, Day(100));
  HoldResult held = Place(50);
  EXPECT_EQ(CodeOf(Restore(held.hold.public_id, 10)), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(Capture(held.hold.public_id));
  auto part = Restore(held.hold.public_id, 25);  // 20 from the day-100 lot, then 5 from day 10
  ASSERT_TRUE(part) << part.error().ToString();
  EXPECT_EQ(part->balances, (Balances{0, 75, 0, 0, 100}));
  auto soon = Do([&](db::Transaction& tx) { return ExpiringWithin(tx, kAnn, kT0, 10); });
  ASSERT_EQ(soon->size(), 1u);
  EXPECT_EQ((*soon)[0].points, 5);
  EXPECT_EQ(CodeOf(Restore(held.hold.public_id, 26)), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(Restore(held.hold.public_id, 25));
  EXPECT_EQ(BalancesOf(kAnn).available, 100);
  EXPECT_EQ(CodeOf(Restore(held.hold.public_id, 0)), ErrorCode::kInvalidArgument);
}

// The database concurrent holds run against: on PostgreSQL a pool of its own, so every
// thread has a connection and all contend at once.
std::unique_ptr<db::Database> ContendedDatabase(db::Backend backend, const std::string& target) {
  if (backend != db::Backend::kPostgres) return nullptr;
  auto pg = db::postgres::PgDatabase::Open(target, {64, std::chrono::milliseconds(30000)});
  EXPECT_TRUE(pg) << pg.error().ToString();
  return pg ? std::move(*pg) : nullptr;
}

// Runs `work` on `threads` threads at once, each in its own transaction on `shared`.
template <class Work>
void RunTogether(db::Database& shared, int threads, Work work) {
  std::atomic<bool> go{false};
  std::vector<std::thread> running;
  for (int i = 0; i < threads; ++i) {
    running.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      work(shared, i);
    });
  }
  go = true;
  for (auto& t : running) t.join();
}

TEST_P(HoldServiceTest, FiftyConcurrentHoldsOfAllThePointsExactlyOneSucceeds) {
  AvailableLot(kAnn, 100);
  auto own = ContendedDatabase(GetParam(), target());
  constexpr int kThreads = 50;
  std::atomic<int> succeeded{0}, refused{0}, other{0};
  RunTogether(own ? *own : db(), kThreads, [&](db::Database& shared, int) {
    auto held = db::WithTransaction(
        shared, [&](db::Transaction& tx) { return PlaceHold(tx, kAnn, 100, "ORD-1", kT0); });
    if (held) {
      ++succeeded;
    } else if (held.error().code == ErrorCode::kFailedPrecondition) {
      ++refused;
    } else {
      ++other;
      ADD_FAILURE() << held.error().ToString();
    }
  });
  EXPECT_EQ(succeeded, 1);
  EXPECT_EQ(refused, kThreads - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(BalancesOf(kAnn), (Balances{0, 0, 100, 0, 100}));
}

TEST_P(HoldServiceTest, RacingCapturesAndReleasesResolveTheHoldOnce) {
  AvailableLot(kAnn, 100);
  const std::string id = Place(100).hold.public_id;
  auto own = ContendedDatabase(GetParam(), target());
  std::atomic<int> captured{0}, released{0}, refused{0};
  RunTogether(own ? *own : db(), 20, [&](db::Database& shared, int i) {
    auto done = db::WithTransaction(shared, [&](db::Transaction& tx) {
      return i % 2 ? CaptureHold(tx, id, kT0) : ReleaseHold(tx, id, kT0);
    });
    if (!done) {
      EXPECT_EQ(done.error().code, ErrorCode::kFailedPrecondition) << done.error().ToString();
      ++refused;
    } else {
      ++(done->hold.state == HoldState::kCaptured ? captured : released);
    }
  });
  // Every call of the winning kind saw it resolved their way; every other call was refused.
  EXPECT_TRUE((captured == 10 && released == 0) || (released == 10 && captured == 0))
      << captured << " captured, " << released << " released";
  EXPECT_EQ(refused, 10);
  const Balances b = BalancesOf(kAnn);
  EXPECT_EQ(b.held, 0);
  EXPECT_EQ(b.available, captured == 10 ? 0 : 100);
}

TEST_P(HoldServiceTest, JobsRunningTogetherReleaseAndExpireEachLotOnce) {
  for (int64_t customer = 1; customer <= 10; ++customer) {
    EarnLot(customer, 100, Day(1), Day(30));
    EarnLot(customer, 50, Day(2));
  }
  auto own = ContendedDatabase(GetParam(), target());
  RunTogether(own ? *own : db(), 8, [&](db::Database& shared, int i) {
    auto done = db::WithTransaction(shared, [&](db::Transaction& tx) {
      return i % 2 ? ReleaseAllDue(tx, Day(3), 100) : ExpireAllDue(tx, Day(31), 100);
    });
    EXPECT_TRUE(done) << done.error().ToString();
  });
  for (int64_t customer = 1; customer <= 10; ++customer) {
    const Balances b = BalancesOf(customer);
    EXPECT_EQ(b.pending, 0) << "customer " << customer;
    // Released once: 150 available, less 100 if an expiry ran after this customer's release.
    EXPECT_TRUE(b.available == 150 || b.available == 50) << b.available;
  }
  Audit();
}

LOYAL_INSTANTIATE_BACKEND_TESTS(HoldServiceTest);

}  // namespace
}  // namespace loyal::ledger
