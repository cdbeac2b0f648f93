#include "ledger/posting.h"

#include <algorithm>

#include "ledger/ledger_store.h"

namespace loyal::ledger::internal {

Status RequirePositive(int64_t points) {
  if (points <= 0) return InvalidArgument("points must be a positive whole number", "points");
  return {};
}

Result<Posted> Post(db::Transaction& tx, int64_t customer_id, TxnKind kind, const Memo& memo,
                    const std::vector<Posting>& postings, Timestamp now) {
  LOY_RETURN_IF_ERROR(CheckBalanced(postings));
  LOY_ASSIGN_OR_RETURN(auto balances, store::ApplyDelta(tx, customer_id, DeltaOf(postings), now));
  if (!balances) {
    return Internal("ledger " + std::string(TxnKindName(kind)) +
                    " would take a balance of customer " + std::to_string(customer_id) +
                    " below zero");
  }
  LOY_ASSIGN_OR_RETURN(int64_t txn_id,
                       store::InsertTxn(tx, customer_id, kind, memo, now, postings));
  return Posted{txn_id, std::nullopt, *balances};
}

Status SpendLots(db::Transaction& tx, int64_t customer_id, std::vector<Lot>& lots,
                 const std::vector<Take>& takes, Account from, Account to,
                 std::vector<Posting>& postings) {
  for (const Take& take : takes) {
    auto lot = std::find_if(lots.begin(), lots.end(),
                            [&](const Lot& l) { return l.lot_id == take.lot_id; });
    if (lot == lots.end()) return Internal("spent a lot that was not read");
    lot->remaining -= take.points;
    LOY_RETURN_IF_ERROR(store::UpdateLot(tx, customer_id, *lot));
    Transfer(postings, from, to, take.points, take.lot_id);
  }
  return {};
}

Result<std::vector<Take>> SpendFromLots(db::Transaction& tx, int64_t customer_id, int64_t points,
                                        Account from, Account to, std::vector<Posting>& postings) {
  LOY_ASSIGN_OR_RETURN(auto lots,
                       store::ReadLots(tx, customer_id, store::LotSelection::kSpendable, {}));
  Allocation allocation = Allocate(lots, points);
  if (allocation.shortfall > 0) {
    return Internal("customer " + std::to_string(customer_id) +
                    "'s available lots hold less than the available balance");
  }
  LOY_RETURN_IF_ERROR(SpendLots(tx, customer_id, lots, allocation.takes, from, to, postings));
  return allocation.takes;
}

Memo JobMemo(std::string reason) { return Memo{std::move(reason), "job", "", {}, {}}; }

}  // namespace loyal::ledger::internal
