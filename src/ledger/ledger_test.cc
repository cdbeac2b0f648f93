#include "ledger/ledger.h"

#include <gtest/gtest.h>

namespace loyal::ledger {
namespace {

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));

Timestamp Day(int n) { return kT0 + std::chrono::days(n); }

Lot Available(int64_t id, int64_t remaining, std::optional<Timestamp> expires,
              Timestamp earned = kT0) {
  Lot lot;
  lot.lot_id = id;
  lot.earned_at = earned;
  lot.available_from = earned;
  lot.expires_at = expires;
  lot.points = remaining;
  lot.remaining = remaining;
  lot.state = LotState::kAvailable;
  return lot;
}

TEST(LedgerTest, AccountNamesRoundTrip) {
  for (Account a :
       {Account::kPending, Account::kAvailable, Account::kHeld, Account::kDebt, Account::kIssued,
        Account::kRedeemed, Account::kExpired, Account::kReversed, Account::kAdjusted}) {
    EXPECT_EQ(ParseAccount(AccountName(a)), a);
  }
  EXPECT_EQ(ParseAccount("cash"), std::nullopt);
  EXPECT_EQ(ParseLotState(LotStateName(LotState::kExpired)), LotState::kExpired);
  EXPECT_EQ(TxnKindName(TxnKind::kReleaseHold), "release_hold");
}

TEST(LedgerTest, CheckBalancedRefusesEmptyZeroAndUnbalanced) {
  std::vector<Posting> postings;
  EXPECT_EQ(CheckBalanced(postings).error().code, ErrorCode::kInternal);
  Transfer(postings, Account::kIssued, Account::kPending, 100, 1);
  EXPECT_TRUE(CheckBalanced(postings));
  postings.push_back({Account::kDebt, std::nullopt, 5});
  auto unbalanced = CheckBalanced(postings);
  ASSERT_FALSE(unbalanced);
  EXPECT_EQ(unbalanced.error().code, ErrorCode::kInternal);
  EXPECT_NE(unbalanced.error().message.find("sum to 5"), std::string::npos);
  postings.back().points = 0;
  EXPECT_EQ(CheckBalanced(postings).error().code, ErrorCode::kInternal);
}

TEST(LedgerTest, DeltaOfShowsDebtAsOwedAndLifetimeNetOfReversals) {
  std::vector<Posting> clawback;
  Transfer(clawback, Account::kAvailable, Account::kReversed, 30, 1);
  clawback.push_back({Account::kDebt, std::nullopt, -20});
  clawback.push_back({Account::kReversed, std::nullopt, 20});
  EXPECT_EQ(DeltaOf(clawback), (Balances{0, -30, 0, 20, -50}));

  std::vector<Posting> earn;
  Transfer(earn, Account::kIssued, Account::kPending, 100, 2);
  EXPECT_EQ(DeltaOf(earn), (Balances{100, 0, 0, 0, 100}));

  std::vector<Posting> settle;
  Transfer(settle, Account::kPending, Account::kAvailable, 80, 2);
  settle.push_back({Account::kPending, 2, -20});
  settle.push_back({Account::kDebt, std::nullopt, 20});
  EXPECT_EQ(DeltaOf(settle), (Balances{-100, 80, 0, -20, 0}));
}

TEST(LedgerTest, SpendsEarliestExpiryFirstThenNeverExpiringByEarnedThenId) {
  Lot never_old = Available(1, 10, std::nullopt, Day(-10));
  Lot never_new = Available(2, 10, std::nullopt, Day(-1));
  Lot late = Available(3, 10, Day(60));
  Lot soon = Available(4, 10, Day(30));
  Lot soon_twin = Available(5, 10, Day(30));
  EXPECT_TRUE(SpendsBefore(soon, late));
  EXPECT_TRUE(SpendsBefore(late, never_old));
  EXPECT_FALSE(SpendsBefore(never_old, late));
  EXPECT_TRUE(SpendsBefore(never_old, never_new));
  EXPECT_TRUE(SpendsBefore(soon, soon_twin));
  EXPECT_FALSE(SpendsBefore(soon_twin, soon));
}

TEST(LedgerTest, AllocateTakesInSpendingOrderSkippingEmptyAndPendingLots) {
  Lot pending = Available(9, 50, Day(1));
  pending.state = LotState::kPending;
  Lot empty = Available(8, 0, Day(2));
  std::vector<Lot> lots{Available(1, 40, std::nullopt), Available(2, 25, Day(90)),
                        Available(3, 30, Day(10)), pending, empty};
  Allocation a = Allocate(lots, 70);
  EXPECT_EQ(a.takes, (std::vector<Take>{{3, 30}, {2, 25}, {1, 15}}));
  EXPECT_EQ(a.shortfall, 0);

  Allocation short_by = Allocate(lots, 100);
  EXPECT_EQ(short_by.shortfall, 5);
  EXPECT_EQ(short_by.takes.size(), 3u);
}

TEST(LedgerTest, DebtSettledIsTheSmallerOfDebtAndRelease) {
  EXPECT_EQ(DebtSettled(0, 100), 0);
  EXPECT_EQ(DebtSettled(30, 100), 30);
  EXPECT_EQ(DebtSettled(300, 100), 100);
}

TEST(LedgerTest, ExpiryMonthIsUtcMonthOrEmptyForNever) {
  EXPECT_EQ(ExpiryMonth(std::nullopt), "");
  EXPECT_EQ(ExpiryMonth(kT0), "2023-11");  // 2023-11-14T22:13:20Z
  EXPECT_EQ(ExpiryMonth(Timestamp(std::chrono::seconds(1'704'067'199))), "2023-12");
  EXPECT_EQ(ExpiryMonth(Timestamp(std::chrono::seconds(1'704'067'200))), "2024-01");
}

}  // namespace
}  // namespace loyal::ledger
