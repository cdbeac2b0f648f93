#include "ledger/ledger_service.h"

#include <algorithm>

#include "ledger/ledger_store.h"
#include "ledger/posting.h"

namespace loyal::ledger {
namespace {

using internal::Post;
using internal::RequirePositive;

// Records a new lot that the balance update before it has already counted.
Result<Posted> AddLot(db::Transaction& tx, int64_t customer_id, TxnKind kind, Lot lot, Account from,
                      const Memo& memo, Timestamp now,
                      std::optional<Timestamp> activity_at = std::nullopt) {
  LOY_ASSIGN_OR_RETURN(lot.lot_id, store::NewLotId(tx));
  std::vector<Posting> postings;
  Transfer(postings, from,
           lot.state == LotState::kPending ? Account::kPending : Account::kAvailable, lot.points,
           lot.lot_id);
  // The balance first: it locks the customer's books before anything else is written.
  LOY_ASSIGN_OR_RETURN(Balances balances,
                       store::AddToBalances(tx, customer_id, DeltaOf(postings), now, activity_at));
  LOY_ASSIGN_OR_RETURN(lot.source_txn_id,
                       store::InsertTxn(tx, customer_id, kind, memo, now, postings));
  LOY_RETURN_IF_ERROR(store::InsertLot(tx, customer_id, lot));
  return Posted{lot.source_txn_id, lot.lot_id, balances};
}

// The lot a cancellation or claw-back names, read after the customer's books are locked.
Result<Lot> LockedLot(db::Transaction& tx, int64_t customer_id, int64_t lot_id, Timestamp now) {
  LOY_RETURN_IF_ERROR(store::LockBalances(tx, customer_id, now));
  LOY_ASSIGN_OR_RETURN(auto lot, store::FindLot(tx, customer_id, lot_id));
  if (!lot) return NotFound("no such lot for this customer");
  return *lot;
}

// Posts the claw-back's shortfall, what no lot could cover, as debt.
void AddDebt(std::vector<Posting>& postings, int64_t shortfall) {
  if (shortfall == 0) return;
  postings.push_back({Account::kDebt, std::nullopt, -shortfall});
  postings.push_back({Account::kReversed, std::nullopt, shortfall});
}

// A job's transaction over the customer's lots in `selection`: `per_lot(lot, running
// balances, postings)` changes each lot (then stored) and adds its postings. txn_id is
// nullopt when no lot was selected.
template <class PerLot>
Result<Posted> PostPerLot(db::Transaction& tx, int64_t customer_id, store::LotSelection selection,
                          TxnKind kind, const char* reason, Timestamp now, PerLot per_lot) {
  LOY_ASSIGN_OR_RETURN(Balances balances, store::LockBalances(tx, customer_id, now));
  LOY_ASSIGN_OR_RETURN(auto lots, store::ReadLots(tx, customer_id, selection, now));
  if (lots.empty()) return Posted{std::nullopt, std::nullopt, balances};
  std::vector<Posting> postings;
  for (Lot& lot : lots) {
    per_lot(lot, balances, postings);
    LOY_RETURN_IF_ERROR(store::UpdateLot(tx, customer_id, lot));
  }
  return Post(tx, customer_id, kind, internal::JobMemo(reason), postings, now);
}

// Runs `one` for up to `max_customers` customers with lots in `selection`.
template <class One>
Result<int> ForCustomersWithLots(db::Transaction& tx, store::LotSelection selection, Timestamp now,
                                 int max_customers, One one) {
  LOY_ASSIGN_OR_RETURN(auto customers, store::CustomersWithLots(tx, selection, now, max_customers));
  int posted = 0;
  for (int64_t customer_id : customers) {
    LOY_ASSIGN_OR_RETURN(Posted p, one(tx, customer_id, now));
    if (p.txn_id) ++posted;
  }
  return posted;
}

// Expiry's per-lot step: what remains of the lot goes to the expired account.
void ExpireLot(Lot& lot, Balances&, std::vector<Posting>& postings) {
  Transfer(postings, Account::kAvailable, Account::kExpired, lot.remaining, lot.lot_id);
  lot.remaining = 0;
  lot.state = LotState::kExpired;
}

// The lot an earning makes, in `state`, after checking the request.
Result<Lot> EarnedLot(const EarnRequest& request, Timestamp available_from, LotState state,
                      Timestamp now) {
  LOY_RETURN_IF_ERROR(RequirePositive(request.points));
  const Timestamp earned_at = request.earned_at.value_or(now);
  if (request.expires_at && *request.expires_at <= earned_at) {
    return InvalidArgument("points must expire after they were earned", "expires_at");
  }
  return Lot{0, 0,    earned_at, available_from, request.expires_at, request.points, request.points,
             0, state};
}

}  // namespace

Result<Posted> Earn(db::Transaction& tx, int64_t customer_id, const EarnRequest& request,
                    Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Lot lot,
                       EarnedLot(request, request.available_from, LotState::kPending, now));
  return AddLot(tx, customer_id, TxnKind::kEarn, lot, Account::kIssued, request.memo, now,
                request.activity_at);
}

Result<Posted> EarnAvailable(db::Transaction& tx, int64_t customer_id, const EarnRequest& request,
                             Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Lot lot, EarnedLot(request, now, LotState::kAvailable, now));
  // Most customers owe nothing: one balance update, as for any earning.
  LOY_ASSIGN_OR_RETURN(Posted posted, AddLot(tx, customer_id, TxnKind::kEarn, lot, Account::kIssued,
                                             request.memo, now, request.activity_at));
  const int64_t settled = DebtSettled(posted.balances.debt, lot.points);
  if (settled == 0) return posted;
  lot.lot_id = *posted.lot_id;
  lot.source_txn_id = *posted.txn_id;
  lot.remaining -= settled;
  LOY_RETURN_IF_ERROR(store::UpdateLot(tx, customer_id, lot));
  std::vector<Posting> postings{{Account::kAvailable, lot.lot_id, -settled},
                                {Account::kDebt, std::nullopt, settled}};
  LOY_ASSIGN_OR_RETURN(Posted settlement,
                       Post(tx, customer_id, TxnKind::kRelease,
                            internal::JobMemo("debt settled from earned points"), postings, now));
  posted.balances = settlement.balances;
  return posted;
}

Result<Posted> ReleaseDue(db::Transaction& tx, int64_t customer_id, Timestamp now) {
  return PostPerLot(tx, customer_id, store::LotSelection::kDue, TxnKind::kRelease,
                    "points released", now,
                    [](Lot& lot, Balances& balances, std::vector<Posting>& postings) {
                      // Debt is settled first from what is released.
                      const int64_t settled = DebtSettled(balances.debt, lot.remaining);
                      balances.debt -= settled;
                      if (lot.remaining > settled) {
                        Transfer(postings, Account::kPending, Account::kAvailable,
                                 lot.remaining - settled, lot.lot_id);
                      }
                      if (settled > 0) {
                        postings.push_back({Account::kPending, lot.lot_id, -settled});
                        postings.push_back({Account::kDebt, std::nullopt, settled});
                      }
                      lot.remaining -= settled;
                      lot.state = LotState::kAvailable;
                    });
}

Result<int> ReleaseAllDue(db::Transaction& tx, Timestamp now, int max_customers) {
  return ForCustomersWithLots(tx, store::LotSelection::kDue, now, max_customers, ReleaseDue);
}

Status ScheduleRelease(db::Transaction& tx, int64_t customer_id, int64_t lot_id,
                       Timestamp available_from, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Lot lot, LockedLot(tx, customer_id, lot_id, now));
  if (lot.state != LotState::kPending) {
    return FailedPrecondition("the lot's points are no longer pending", "lot");
  }
  return store::SetLotAvailableFrom(tx, customer_id, lot_id, available_from);
}

Result<Posted> CancelPending(db::Transaction& tx, int64_t customer_id, int64_t lot_id,
                             int64_t points, const Memo& memo, Timestamp now) {
  LOY_RETURN_IF_ERROR(RequirePositive(points));
  LOY_ASSIGN_OR_RETURN(Lot lot, LockedLot(tx, customer_id, lot_id, now));
  if (lot.state != LotState::kPending) {
    return FailedPrecondition("the lot's points are not pending (claw them back instead)", "lot");
  }
  if (points > lot.remaining) {
    return FailedPrecondition(
        "the lot has only " + std::to_string(lot.remaining) + " pending points", "points");
  }
  lot.remaining -= points;
  lot.reversed += points;
  if (lot.remaining == 0) lot.state = LotState::kCancelled;
  LOY_RETURN_IF_ERROR(store::UpdateLot(tx, customer_id, lot));
  std::vector<Posting> postings;
  Transfer(postings, Account::kPending, Account::kReversed, points, lot.lot_id);
  return Post(tx, customer_id, TxnKind::kCancel, memo, postings, now);
}

Result<Posted> ClawBack(db::Transaction& tx, int64_t customer_id, int64_t lot_id, int64_t points,
                        const Memo& memo, Timestamp now) {
  LOY_RETURN_IF_ERROR(RequirePositive(points));
  LOY_ASSIGN_OR_RETURN(Lot lot, LockedLot(tx, customer_id, lot_id, now));
  if (lot.state == LotState::kPending || lot.state == LotState::kCancelled) {
    return FailedPrecondition("the lot's points are still pending (cancel them instead)", "lot");
  }
  if (points > lot.points - lot.reversed) {
    return FailedPrecondition("only " + std::to_string(lot.points - lot.reversed) +
                                  " points of the lot are left to take back",
                              "points");
  }
  const int64_t own = lot.state == LotState::kAvailable ? std::min(points, lot.remaining) : 0;
  lot.remaining -= own;
  lot.reversed += points;
  LOY_RETURN_IF_ERROR(store::UpdateLot(tx, customer_id, lot));
  std::vector<Posting> postings;
  if (own > 0) Transfer(postings, Account::kAvailable, Account::kReversed, own, lot.lot_id);
  LOY_ASSIGN_OR_RETURN(auto others,
                       store::ReadLots(tx, customer_id, store::LotSelection::kSpendable, now));
  std::erase_if(others, [&](const Lot& l) { return l.lot_id == lot_id; });
  Allocation rest = Allocate(others, points - own);
  LOY_RETURN_IF_ERROR(internal::SpendLots(tx, customer_id, others, rest.takes, Account::kAvailable,
                                          Account::kReversed, postings));
  AddDebt(postings, rest.shortfall);
  return Post(tx, customer_id, TxnKind::kClawBack, memo, postings, now);
}

Result<Posted> ExpireDue(db::Transaction& tx, int64_t customer_id, Timestamp now) {
  return PostPerLot(tx, customer_id, store::LotSelection::kExpired, TxnKind::kExpire,
                    "points expired", now, ExpireLot);
}

Result<int> ExpireAllDue(db::Transaction& tx, Timestamp now, int max_customers) {
  return ForCustomersWithLots(tx, store::LotSelection::kExpired, now, max_customers, ExpireDue);
}

Status RecordActivity(db::Transaction& tx, int64_t customer_id, Timestamp at, Timestamp now) {
  return store::TouchActivity(tx, customer_id, at, now);
}

Result<Balances> LockBooks(db::Transaction& tx, int64_t customer_id, Timestamp now) {
  return store::LockBalances(tx, customer_id, now);
}

Result<std::optional<Timestamp>> LastActivity(db::Transaction& tx, int64_t customer_id) {
  return store::ReadLastActivity(tx, customer_id);
}

Result<std::vector<InactiveCustomer>> InactiveBefore(db::Transaction& tx, Timestamp before,
                                                     int64_t after_customer, int limit) {
  LOY_ASSIGN_OR_RETURN(auto rows, store::InactiveBefore(tx, before, after_customer, limit));
  std::vector<InactiveCustomer> out;
  out.reserve(rows.size());
  for (const auto& [customer_id, last, available] : rows) {
    out.push_back({customer_id, last, available});
  }
  return out;
}

Result<Posted> ExpireInactive(db::Transaction& tx, int64_t customer_id, Timestamp active_since,
                              Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Balances balances, store::LockBalances(tx, customer_id, now));
  LOY_ASSIGN_OR_RETURN(auto last, store::ReadLastActivity(tx, customer_id));
  if (!last || *last >= active_since) return Posted{std::nullopt, std::nullopt, balances};
  return PostPerLot(tx, customer_id, store::LotSelection::kSpendable, TxnKind::kExpire,
                    "points expired after inactivity", now, ExpireLot);
}

Result<Posted> Credit(db::Transaction& tx, int64_t customer_id, int64_t points,
                      std::optional<Timestamp> expires_at, const Memo& memo, Timestamp now) {
  LOY_RETURN_IF_ERROR(RequirePositive(points));
  if (expires_at && *expires_at <= now) {
    return InvalidArgument("credited points must expire in the future", "expires_at");
  }
  Lot lot{0, 0, now, now, expires_at, points, points, 0, LotState::kAvailable};
  return AddLot(tx, customer_id, TxnKind::kCredit, lot, Account::kAdjusted, memo, now);
}

Result<Posted> Debit(db::Transaction& tx, int64_t customer_id, int64_t points, const Memo& memo,
                     Timestamp now) {
  LOY_RETURN_IF_ERROR(RequirePositive(points));
  Balances delta;
  delta.available = -points;
  // The guarded update first: it refuses an overdraft and locks the customer's books.
  LOY_ASSIGN_OR_RETURN(auto balances, store::ApplyDelta(tx, customer_id, delta, now));
  if (!balances) return FailedPrecondition("not enough points", "points");
  std::vector<Posting> postings;
  LOY_RETURN_IF_ERROR(internal::SpendFromLots(tx, customer_id, points, Account::kAvailable,
                                              Account::kAdjusted, postings));
  LOY_ASSIGN_OR_RETURN(int64_t txn_id,
                       store::InsertTxn(tx, customer_id, TxnKind::kDebit, memo, now, postings));
  return Posted{txn_id, std::nullopt, *balances};
}

}  // namespace loyal::ledger
