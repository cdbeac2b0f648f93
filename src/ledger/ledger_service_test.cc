#include "ledger/ledger_service.h"

#include <gtest/gtest.h>

#include "ledger/ledger_test_support.h"

namespace loyal::ledger {
namespace {

using testing::CodeOf;
using testing::Day;
using testing::kT0;
using testing::TestMemo;

constexpr int64_t kAnn = 7;
constexpr int64_t kBob = 8;

class LedgerServiceTest : public testing::LedgerFixture {
 protected:
  size_t EntryCount(int64_t customer_id) {
    auto page = Do([&](db::Transaction& tx) {
      return ListEntries(tx, customer_id, {kMaxEntriesPage, ""});
    });
    return page ? page->entries.size() : 0;
  }
};

TEST_P(LedgerServiceTest, EarnCreatesAPendingLotRecordedWithItsMemo) {
  auto posted = Do([&](db::Transaction& tx) {
    return Earn(tx, kAnn, {100, Day(7), Day(372), TestMemo("order ORD-1")}, kT0);
  });
  ASSERT_TRUE(posted) << posted.error().ToString();
  EXPECT_EQ(posted->balances, (Balances{100, 0, 0, 0, 100}));
  auto page = Do([&](db::Transaction& tx) { return ListEntries(tx, kAnn, {}); });
  ASSERT_TRUE(page);
  ASSERT_EQ(page->entries.size(), 1u);
  const Entry& e = page->entries[0];
  EXPECT_EQ(e.kind, "earn");
  EXPECT_EQ(e.memo.reason, "order ORD-1");
  EXPECT_EQ(e.memo.source_ref, "ORD-1");
  EXPECT_EQ(e.memo.program_version, 1);
  EXPECT_EQ(e.postings, (std::vector<Posting>{{Account::kIssued, posted->lot_id, -100},
                                              {Account::kPending, posted->lot_id, 100}}));
}

TEST_P(LedgerServiceTest, EarnRefusesBadInputAndChangesNothing) {
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return Earn(tx, kAnn, {0, kT0, std::nullopt, TestMemo()}, kT0);
            })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return Earn(tx, kAnn, {10, Day(7), kT0, TestMemo()}, kT0);  // expires as earned
            })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(BalancesOf(kAnn), Balances{});
  EXPECT_EQ(EntryCount(kAnn), 0u);
}

TEST_P(LedgerServiceTest, ReleaseDueMovesOnlyLotsWhoseTimeHasCome) {
  EarnLot(kAnn, 100, Day(7));
  EarnLot(kAnn, 30, Day(14));
  auto early = Do([&](db::Transaction& tx) { return ReleaseDue(tx, kAnn, Day(6)); });
  ASSERT_TRUE(early);
  EXPECT_EQ(early->txn_id, std::nullopt);
  auto due = Do([&](db::Transaction& tx) { return ReleaseDue(tx, kAnn, Day(7)); });
  ASSERT_TRUE(due);
  EXPECT_TRUE(due->txn_id);
  EXPECT_EQ(due->balances, (Balances{30, 100, 0, 0, 130}));
}

TEST_P(LedgerServiceTest, ReleaseAllDueReleasesEveryCustomerWithLotsDue) {
  EarnLot(kAnn, 10, Day(1));
  EarnLot(kBob, 20, Day(1));
  EarnLot(kBob, 5, Day(9));
  auto released = Do([&](db::Transaction& tx) { return ReleaseAllDue(tx, Day(2), 100); });
  ASSERT_TRUE(released);
  EXPECT_EQ(*released, 2);
  EXPECT_EQ(BalancesOf(kAnn).available, 10);
  EXPECT_EQ(BalancesOf(kBob), (Balances{5, 20, 0, 0, 25}));
  auto again = Do([&](db::Transaction& tx) { return ReleaseAllDue(tx, Day(2), 100); });
  EXPECT_EQ(again, 0);
}

TEST_P(LedgerServiceTest, CancelPendingTakesBackPendingPointsOnly) {
  const int64_t lot = EarnLot(kAnn, 100, Day(7));
  auto part = Do([&](db::Transaction& tx) {
    return CancelPending(tx, kAnn, lot, 40, TestMemo("return R-1"), kT0);
  });
  ASSERT_TRUE(part) << part.error().ToString();
  EXPECT_EQ(part->balances, (Balances{60, 0, 0, 0, 60}));
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return CancelPending(tx, kAnn, lot, 61, TestMemo(), kT0);
            })),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return CancelPending(tx, kAnn, lot + 1000, 1, TestMemo(), kT0);
            })),
            ErrorCode::kNotFound);
  auto rest =
      Do([&](db::Transaction& tx) { return CancelPending(tx, kAnn, lot, 60, TestMemo(), kT0); });
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->balances, Balances{});
  // A fully cancelled lot is never released.
  auto released = Do([&](db::Transaction& tx) { return ReleaseDue(tx, kAnn, Day(8)); });
  EXPECT_EQ(released->txn_id, std::nullopt);

  const int64_t available = AvailableLot(kBob, 10);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return CancelPending(tx, kBob, available, 5, TestMemo(), kT0);
            })),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(BalancesOf(kBob).available, 10);
}

TEST_P(LedgerServiceTest, ClawBackTakesFromTheLotThenOtherLotsThenRecordsDebt) {
  const int64_t lot = AvailableLot(kAnn, 100, Day(300));
  AvailableLot(kAnn, 30, Day(200));
  ASSERT_TRUE(Do([&](db::Transaction& tx) { return Debit(tx, kAnn, 80, TestMemo(), kT0); }));
  // Debit spent the earlier-expiring lot (30) first, then 50 of `lot`: 50 left in it.
  auto back = Do([&](db::Transaction& tx) {
    return ClawBack(tx, kAnn, lot, 70, TestMemo("return R-1"), kT0);
  });
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->balances, (Balances{0, 0, 0, 20, 60}));
  EXPECT_EQ(
      CodeOf(Do([&](db::Transaction& tx) { return ClawBack(tx, kAnn, lot, 31, TestMemo(), kT0); })),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(BalancesOf(kAnn).debt, 20);

  // Debt is settled first from the next release.
  EarnLot(kAnn, 50, Day(7));
  auto released = Do([&](db::Transaction& tx) { return ReleaseDue(tx, kAnn, Day(7)); });
  ASSERT_TRUE(released);
  EXPECT_EQ(released->balances, (Balances{0, 30, 0, 0, 110}));
  const int64_t pending = EarnLot(kAnn, 5, Day(30));
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return ClawBack(tx, kAnn, pending, 5, TestMemo(), kT0);
            })),
            ErrorCode::kFailedPrecondition);
}

TEST_P(LedgerServiceTest, EarnAvailableIsSpendableAtOnceAndSettlesDebtFirst) {
  auto earned = Do([&](db::Transaction& tx) {
    return EarnAvailable(tx, kAnn, {40, Day(99), std::nullopt, TestMemo()}, kT0);
  });
  ASSERT_TRUE(earned) << earned.error().ToString();
  EXPECT_EQ(earned->balances, (Balances{0, 40, 0, 0, 40}));
  ASSERT_TRUE(Do([&](db::Transaction& tx) { return Debit(tx, kAnn, 40, TestMemo(), kT0); }));
  // What was spent comes back as 25 points of debt.
  ASSERT_TRUE(Do([&](db::Transaction& tx) {
    return ClawBack(tx, kAnn, *earned->lot_id, 25, TestMemo("return"), kT0);
  }));
  EXPECT_EQ(BalancesOf(kAnn).debt, 25);
  auto settles = Do([&](db::Transaction& tx) {
    return EarnAvailable(tx, kAnn, {10, kT0, std::nullopt, TestMemo()}, kT0);
  });
  ASSERT_TRUE(settles);
  EXPECT_EQ(settles->balances, (Balances{0, 0, 0, 15, 25}));
  auto rest = Do([&](db::Transaction& tx) {
    return EarnAvailable(tx, kAnn, {20, kT0, Day(300), TestMemo()}, kT0);
  });
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->balances, (Balances{0, 5, 0, 0, 45}));
  auto lot_left = Do([&](db::Transaction& tx) { return GetLot(tx, kAnn, *rest->lot_id); });
  ASSERT_TRUE(lot_left);
  EXPECT_EQ(lot_left->remaining, 5);
  EXPECT_EQ(lot_left->state, LotState::kAvailable);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return EarnAvailable(tx, kAnn, {0, kT0, std::nullopt, TestMemo()}, kT0);
            })),
            ErrorCode::kInvalidArgument);
}

TEST_P(LedgerServiceTest, ExpireDueExpiresOnlyWhatIsPastItsExpiry) {
  AvailableLot(kAnn, 40, Day(30));
  AvailableLot(kAnn, 25, Day(60));
  AvailableLot(kAnn, 10, std::nullopt);
  auto soon = Do([&](db::Transaction& tx) { return ExpiringWithin(tx, kAnn, kT0, 30); });
  ASSERT_TRUE(soon);
  ASSERT_EQ(soon->size(), 1u);
  EXPECT_EQ((*soon)[0].points, 40);
  EXPECT_EQ((*soon)[0].expires_at, Day(30));
  EXPECT_EQ(Do([&](db::Transaction& tx) { return ExpiringWithin(tx, kAnn, kT0, 90); })->size(), 2u);
  auto none = Do([&](db::Transaction& tx) { return ExpireDue(tx, kAnn, Day(29)); });
  EXPECT_EQ(none->txn_id, std::nullopt);
  auto expired = Do([&](db::Transaction& tx) { return ExpireAllDue(tx, Day(30), 10); });
  EXPECT_EQ(expired, 1);
  EXPECT_EQ(BalancesOf(kAnn).available, 35);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) { return ExpiringWithin(tx, kAnn, kT0, -1); })),
            ErrorCode::kInvalidArgument);
}

TEST_P(LedgerServiceTest, ExpiringBetweenListsEveryCustomersPointsInTheWindowByPage) {
  AvailableLot(kAnn, 40, Day(30));
  EarnLot(kAnn, 5, Day(1), Day(30));
  AvailableLot(kAnn, 7, Day(31));
  AvailableLot(kBob, 25, Day(20));
  AvailableLot(kBob, 9, Day(90));  // outside the window
  AvailableLot(kBob, 3, Day(10));  // at its start: already warned about
  auto first = Do([&](db::Transaction& tx) {
    return ExpiringBetween(tx, Day(10), Day(31), 0, Timestamp{}, 2);
  });
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(*first, (std::vector<CustomerExpiring>{{kAnn, Day(30), 45}, {kAnn, Day(31), 7}}));
  auto next = Do(
      [&](db::Transaction& tx) { return ExpiringBetween(tx, Day(10), Day(31), kAnn, Day(31), 2); });
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, (std::vector<CustomerExpiring>{{kBob, Day(20), 25}}));
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return ExpiringBetween(tx, Day(10), Day(31), 0, Timestamp{}, 0);
            })),
            ErrorCode::kInvalidArgument);
}

TEST_P(LedgerServiceTest, CreditAndDebitAreBalancedAndDebitNeverOverdraws) {
  Memo admin{"goodwill", "adjustment", "", std::nullopt, "key_42"};
  auto credit = Do([&](db::Transaction& tx) { return Credit(tx, kAnn, 50, Day(90), admin, kT0); });
  ASSERT_TRUE(credit) << credit.error().ToString();
  EXPECT_EQ(credit->balances, (Balances{0, 50, 0, 0, 0}));
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) { return Debit(tx, kAnn, 51, admin, kT0); })),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) { return Debit(tx, kBob, 1, admin, kT0); })),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) { return Credit(tx, kAnn, 5, kT0, admin, kT0); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(EntryCount(kAnn), 1u);
  auto debit = Do([&](db::Transaction& tx) { return Debit(tx, kAnn, 50, admin, kT0); });
  ASSERT_TRUE(debit);
  EXPECT_EQ(debit->balances, Balances{});
  auto page = Do([&](db::Transaction& tx) { return ListEntries(tx, kAnn, {}); });
  EXPECT_EQ(page->entries[0].kind, "debit");
  EXPECT_EQ(page->entries[0].memo.actor, "key_42");
}

TEST_P(LedgerServiceTest, LockBooksAnswersTheBalancesAndGivesANewCustomerItsRow) {
  AvailableLot(kAnn, 40);
  auto ann = Do([&](db::Transaction& tx) { return LockBooks(tx, kAnn, kT0); });
  ASSERT_TRUE(ann) << ann.error().ToString();
  EXPECT_EQ(ann->available, 40);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ledger_balances WHERE customer_id = 8"), 0);
  auto bob = Do([&](db::Transaction& tx) { return LockBooks(tx, kBob, kT0); });
  ASSERT_TRUE(bob) << bob.error().ToString();
  EXPECT_EQ(*bob, Balances{});
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ledger_balances WHERE customer_id = 8"), 1);
  EXPECT_EQ(EntryCount(kBob), 0u) << "a lock posts nothing";
}

TEST_P(LedgerServiceTest, ListEntriesPagesNewestFirstByCursor) {
  for (int i = 1; i <= 5; ++i) EarnLot(kAnn, i, Day(1));
  auto first = Do([&](db::Transaction& tx) { return ListEntries(tx, kAnn, {2, ""}); });
  ASSERT_TRUE(first);
  ASSERT_EQ(first->entries.size(), 2u);
  EXPECT_EQ(first->entries[0].postings[1].points, 5);
  auto rest = Do([&](db::Transaction& tx) {
    return ListEntries(tx, kAnn, {10, first->next_after});
  });
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->entries.size(), 3u);
  EXPECT_EQ(rest->entries[2].postings[1].points, 1);
  EXPECT_EQ(rest->next_after, "");
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return ListEntries(tx, kAnn, {0, ""});
            })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(Do([&](db::Transaction& tx) {
              return ListEntries(tx, kAnn, {5, "x1"});
            })),
            ErrorCode::kInvalidArgument);
}

TEST_P(LedgerServiceTest, LiabilityCountsPendingAvailableAndHeldByExpiryMonth) {
  AvailableLot(kAnn, 40, Timestamp(std::chrono::seconds(1'706'000'000)));     // 2024-01
  EarnLot(kBob, 25, Day(7), Timestamp(std::chrono::seconds(1'709'000'000)));  // 2024-02
  AvailableLot(kBob, 10, std::nullopt);
  ASSERT_TRUE(Do([&](db::Transaction& tx) { return PlaceHold(tx, kAnn, 15, "ORD-9", kT0); }));
  auto all = Do([&](db::Transaction& tx) { return GetLiability(tx, std::nullopt); });
  ASSERT_TRUE(all) << all.error().ToString();
  EXPECT_EQ(all->points, 75);
  EXPECT_EQ(all->months, (std::vector<LiabilityMonth>{{"2024-01", 40}, {"2024-02", 25}, {"", 10}}));
  auto ann = Do([&](db::Transaction& tx) { return GetLiability(tx, kAnn); });
  EXPECT_EQ(ann->points, 40);
}

TEST_P(LedgerServiceTest, AuditNamesTheFirstBrokenInvariant) {
  AvailableLot(kAnn, 100);
  auto tampered = db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("UPDATE ledger_balances SET available = available - 1"));
    return {};
  });
  ASSERT_TRUE(tampered);
  auto audit = db::RunInReadTransaction(db(), [](db::Transaction& tx) { return AuditAll(tx); });
  ASSERT_FALSE(audit);
  EXPECT_EQ(audit.error().code, ErrorCode::kInternal);
  EXPECT_NE(audit.error().message.find("customer 7: available balance 99 != postings 100"),
            std::string::npos)
      << audit.error().message;
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute("UPDATE ledger_balances SET available = available + 1"));
    LOY_RETURN_IF_ERROR(tx.Execute("UPDATE ledger_lots SET remaining = remaining - 1"));
    return {};
  }));
  audit = db::RunInReadTransaction(db(), [](db::Transaction& tx) { return AuditAll(tx); });
  ASSERT_FALSE(audit);
  EXPECT_NE(audit.error().message.find("has 99 remaining"), std::string::npos)
      << audit.error().message;
}

LOYAL_INSTANTIATE_BACKEND_TESTS(LedgerServiceTest);

}  // namespace
}  // namespace loyal::ledger
