#include "ledger/ledger_merge.h"

#include <algorithm>
#include <vector>

#include "ledger/hold_store.h"
#include "ledger/ledger_store.h"
#include "ledger/posting.h"

namespace loyal::ledger {
namespace {

Account AccountOf(const Lot& lot) {
  return lot.state == LotState::kPending ? Account::kPending : Account::kAvailable;
}

// The postings that move `lots`' remainders, `debt` and the lifetime earnings out of the
// guest's accounts into adjusted, or with `into` from adjusted into the customer's.
std::vector<Posting> MovePostings(const std::vector<Lot>& lots, const Balances& guest, bool into) {
  const int64_t debt = guest.debt;
  std::vector<Posting> postings;
  for (const Lot& lot : lots) {
    if (lot.remaining == 0) continue;
    if (into) {
      Transfer(postings, Account::kAdjusted, AccountOf(lot), lot.remaining, lot.lot_id);
    } else {
      Transfer(postings, AccountOf(lot), Account::kAdjusted, lot.remaining, lot.lot_id);
    }
  }
  // Debt postings are the negative of what is owed: taking it off posts it positive.
  if (debt > 0) {
    if (into) {
      Transfer(postings, Account::kDebt, Account::kAdjusted, debt, std::nullopt);
    } else {
      Transfer(postings, Account::kAdjusted, Account::kDebt, debt, std::nullopt);
    }
  }
  // Lifetime earnings are minus the issued postings: the customer's grow by the guest's, so
  // a later return of a moved order reverses from earnings that are there.
  if (guest.lifetime_earned > 0) {
    if (into) {
      Transfer(postings, Account::kIssued, Account::kAdjusted, guest.lifetime_earned, std::nullopt);
    } else {
      Transfer(postings, Account::kAdjusted, Account::kIssued, guest.lifetime_earned, std::nullopt);
    }
  }
  return postings;
}

// Posts `postings` unless there are none; returns the transaction id, or `fallback`.
Result<int64_t> PostIfAny(db::Transaction& tx, int64_t customer_id, TxnKind kind, const Memo& memo,
                          const std::vector<Posting>& postings, int64_t fallback, Timestamp now) {
  if (postings.empty()) return fallback;
  LOY_ASSIGN_OR_RETURN(Posted posted, internal::Post(tx, customer_id, kind, memo, postings, now));
  return *posted.txn_id;
}

}  // namespace

Result<MergedBooks> MergeBooks(db::Transaction& tx, int64_t from, int64_t to, const Memo& memo,
                               Timestamp now) {
  if (from == to) return Internal("a customer's books cannot be merged into themselves");
  LOY_ASSIGN_OR_RETURN(Balances first, store::LockBalances(tx, std::min(from, to), now));
  LOY_ASSIGN_OR_RETURN(Balances second, store::LockBalances(tx, std::max(from, to), now));
  const Balances guest = from < to ? first : second;
  LOY_ASSIGN_OR_RETURN(int64_t holds, store::CountHolds(tx, from));
  if (holds > 0) {
    return FailedPrecondition(
        "the guest has paid with points (holds); such a guest cannot be "
        "merged, its holds would resolve into books it no longer uses");
  }
  LOY_ASSIGN_OR_RETURN(std::vector<Lot> lots,
                       store::ReadLots(tx, from, store::LotSelection::kAll, now));
  MergedBooks merged;
  merged.debt = guest.debt;
  const std::vector<Posting> out = MovePostings(lots, guest, /*into=*/false);
  LOY_RETURN_IF_ERROR(PostIfAny(tx, from, TxnKind::kMergeOut, memo, out, 0, now));

  std::vector<Lot> copies;
  for (const Lot& lot : lots) {
    (lot.state == LotState::kPending ? merged.pending : merged.available) += lot.remaining;
    Lot copy = lot;
    LOY_ASSIGN_OR_RETURN(copy.lot_id, store::NewLotId(tx));
    merged.lot_ids[lot.lot_id] = copy.lot_id;
    copies.push_back(copy);
  }
  const std::vector<Posting> in = MovePostings(copies, guest, /*into=*/true);
  LOY_ASSIGN_OR_RETURN(int64_t in_txn, PostIfAny(tx, to, TxnKind::kMergeIn, memo, in, 0, now));
  for (size_t i = 0; i < lots.size(); ++i) {
    // A copy that moved nothing names the transaction that earned its original.
    copies[i].source_txn_id = copies[i].remaining > 0 ? in_txn : lots[i].source_txn_id;
    LOY_RETURN_IF_ERROR(store::InsertLot(tx, to, copies[i]));
    Lot emptied = lots[i];
    emptied.remaining = 0;
    if (emptied.state == LotState::kPending) emptied.state = LotState::kCancelled;
    if (emptied.remaining != lots[i].remaining || emptied.state != lots[i].state) {
      LOY_RETURN_IF_ERROR(store::UpdateLot(tx, from, emptied));
    }
  }
  LOY_ASSIGN_OR_RETURN(merged.balances, store::ReadBalances(tx, to));
  return merged;
}

}  // namespace loyal::ledger
