#include "ledger/hold_service.h"

#include <algorithm>

#include "core/hashing.h"
#include "ledger/ledger_store.h"
#include "ledger/posting.h"

namespace loyal::ledger {
namespace {

// 128 random bits: unguessable, so a public id cannot be used to find another's hold.
constexpr size_t kHoldTokenBytes = 16;

Memo HoldMemo(const Hold& hold, std::string_view verb) {
  return Memo{std::string(verb) + " " + hold.reference, "hold", hold.public_id, {}, {}};
}

// The hold named `public_id`, read after its customer's books are locked, so that
// concurrent resolutions of one hold run one after the other.
Result<Hold> LockedHold(db::Transaction& tx, std::string_view public_id, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupHold(tx, public_id));
  if (!key) return NotFound("hold not found");
  LOY_RETURN_IF_ERROR(store::LockBalances(tx, key->first, now));
  LOY_ASSIGN_OR_RETURN(auto hold, store::FindHold(tx, key->first, key->second));
  if (!hold) return Internal("hold_lookup names a hold that does not exist");
  return *hold;
}

// Moves the held points of each of the hold's lots to `to`; releasing puts them back in
// the lots' remainders.
Result<std::vector<Posting>> ResolvePostings(db::Transaction& tx, const Hold& hold, Account to) {
  LOY_ASSIGN_OR_RETURN(auto taken, store::ReadHoldLots(tx, hold.customer_id, hold.hold_id));
  std::vector<Posting> postings;
  for (const HoldLot& held : taken) {
    Transfer(postings, Account::kHeld, to, held.points, held.lot_id);
    if (to != Account::kAvailable) continue;
    LOY_ASSIGN_OR_RETURN(auto lot, store::FindLot(tx, hold.customer_id, held.lot_id));
    if (!lot) return Internal("a hold reserved a lot that does not exist");
    lot->remaining += held.points;
    lot->state = LotState::kAvailable;  // an expired lot's returned points live again
    LOY_RETURN_IF_ERROR(store::UpdateLot(tx, hold.customer_id, *lot));
  }
  return postings;
}

// Resolves the hold once into `target`; a repeat of the same resolution returns it as is.
Result<HoldResult> ResolveHold(db::Transaction& tx, std::string_view public_id, HoldState target,
                               Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Hold hold, LockedHold(tx, public_id, now));
  if (hold.state == target) {
    LOY_ASSIGN_OR_RETURN(Balances balances, store::ReadBalances(tx, hold.customer_id));
    return HoldResult{std::move(hold), balances};
  }
  if (hold.state != HoldState::kHeld) {
    return FailedPrecondition("the hold was already " + std::string(HoldStateName(hold.state)),
                              "hold");
  }
  const bool capture = target == HoldState::kCaptured;
  // Paying with points is activity: the after_inactivity policy counts from it.
  if (capture) LOY_RETURN_IF_ERROR(store::TouchActivity(tx, hold.customer_id, now, now));
  LOY_ASSIGN_OR_RETURN(
      auto postings, ResolvePostings(tx, hold, capture ? Account::kRedeemed : Account::kAvailable));
  LOY_ASSIGN_OR_RETURN(
      Posted posted,
      internal::Post(tx, hold.customer_id, capture ? TxnKind::kCapture : TxnKind::kReleaseHold,
                     HoldMemo(hold, capture ? "points paid for" : "hold released for"), postings,
                     now));
  LOY_RETURN_IF_ERROR(store::Resolve(tx, hold, target, *posted.txn_id, now));
  hold.state = target;
  hold.resolve_txn_id = posted.txn_id;
  hold.resolved_at = now;
  return HoldResult{std::move(hold), posted.balances};
}

// The new lots (not yet stored) and postings that give back `points` of a captured hold,
// latest-taken lot first, each new lot with its original's expiry; records what each of
// the hold's lots gave back.
Status GiveBack(db::Transaction& tx, const Hold& hold, int64_t points, Timestamp now,
                std::vector<Lot>& lots, std::vector<Posting>& postings) {
  LOY_ASSIGN_OR_RETURN(auto taken, store::ReadHoldLots(tx, hold.customer_id, hold.hold_id));
  int64_t left = points;
  for (auto held = taken.rbegin(); held != taken.rend() && left > 0; ++held) {
    const int64_t give = std::min(left, held->points - held->restored);
    if (give == 0) continue;
    LOY_ASSIGN_OR_RETURN(auto original, store::FindLot(tx, hold.customer_id, held->lot_id));
    if (!original) return Internal("a hold reserved a lot that does not exist");
    LOY_ASSIGN_OR_RETURN(int64_t lot_id, store::NewLotId(tx));
    lots.push_back(
        {lot_id, 0, now, now, original->expires_at, give, give, 0, LotState::kAvailable});
    Transfer(postings, Account::kRedeemed, Account::kAvailable, give, lot_id);
    LOY_RETURN_IF_ERROR(store::AddRestored(tx, hold, held->lot_id, give));
    left -= give;
  }
  if (left != 0) return Internal("the hold's lots disagree with what it has left to give back");
  return {};
}

}  // namespace

Result<HoldResult> PlaceHold(db::Transaction& tx, int64_t customer_id, int64_t points,
                             std::string_view reference, Timestamp now) {
  LOY_RETURN_IF_ERROR(internal::RequirePositive(points));
  if (reference.empty()) return InvalidArgument("a hold names what it pays for", "reference");
  Balances delta;
  delta.available = -points;
  delta.held = points;
  // The guarded update first: it refuses an overdraft and locks the customer's books.
  LOY_ASSIGN_OR_RETURN(auto balances, store::ApplyDelta(tx, customer_id, delta, now));
  if (!balances) return FailedPrecondition("not enough points", "points");
  LOY_ASSIGN_OR_RETURN(std::string token, RandomToken(kHoldTokenBytes));
  Hold hold{customer_id, 0, "hold_" + token, points, std::string(reference), HoldState::kHeld,
            0,           0, std::nullopt,    now,    std::nullopt,           false};
  LOY_ASSIGN_OR_RETURN(hold.hold_id, store::NewHoldId(tx));
  std::vector<Posting> postings;
  LOY_ASSIGN_OR_RETURN(auto takes,
                       internal::SpendFromLots(tx, customer_id, points, Account::kAvailable,
                                               Account::kHeld, postings));
  LOY_ASSIGN_OR_RETURN(hold.place_txn_id,
                       store::InsertTxn(tx, customer_id, TxnKind::kHold,
                                        HoldMemo(hold, "points held for"), now, postings));
  LOY_RETURN_IF_ERROR(store::InsertHold(tx, hold, takes));
  return HoldResult{std::move(hold), *balances};
}

Result<HoldResult> CaptureHold(db::Transaction& tx, std::string_view public_id, Timestamp now) {
  return ResolveHold(tx, public_id, HoldState::kCaptured, now);
}

Result<HoldResult> ReleaseHold(db::Transaction& tx, std::string_view public_id, Timestamp now) {
  return ResolveHold(tx, public_id, HoldState::kReleased, now);
}

Result<Hold> BindHoldToOrder(db::Transaction& tx, int64_t customer_id, std::string_view public_id,
                             Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupHold(tx, public_id));
  // Checked before locking, so a wrong id never touches another customer's books.
  if (!key || key->first != customer_id) return NotFound("the customer has no such hold");
  LOY_ASSIGN_OR_RETURN(Hold hold, LockedHold(tx, public_id, now));
  if (hold.state != HoldState::kHeld) {
    return FailedPrecondition("the hold was already " + std::string(HoldStateName(hold.state)),
                              "hold");
  }
  if (hold.order_bound) return FailedPrecondition("another order pays with the hold", "hold");
  LOY_RETURN_IF_ERROR(store::MarkOrderBound(tx, hold));
  hold.order_bound = true;
  return hold;
}

Result<std::vector<Hold>> TimeOutHolds(db::Transaction& tx, Timestamp placed_before, Timestamp now,
                                       int limit) {
  LOY_ASSIGN_OR_RETURN(auto stale, store::HeldBefore(tx, placed_before, limit));
  std::vector<Hold> released;
  for (const std::string& public_id : stale) {
    LOY_ASSIGN_OR_RETURN(HoldResult result, ReleaseHold(tx, public_id, now));
    released.push_back(std::move(result.hold));
  }
  return released;
}

Result<Posted> RestoreHold(db::Transaction& tx, std::string_view public_id, int64_t points,
                           const Memo& memo, Timestamp now) {
  LOY_RETURN_IF_ERROR(internal::RequirePositive(points));
  LOY_ASSIGN_OR_RETURN(Hold hold, LockedHold(tx, public_id, now));
  if (hold.state != HoldState::kCaptured) {
    return FailedPrecondition("only a captured hold's points can be given back", "hold");
  }
  if (points > hold.points - hold.restored) {
    return FailedPrecondition("only " + std::to_string(hold.points - hold.restored) +
                                  " points of the hold are left to give back",
                              "points");
  }
  std::vector<Lot> lots;
  std::vector<Posting> postings;
  LOY_RETURN_IF_ERROR(GiveBack(tx, hold, points, now, lots, postings));
  LOY_ASSIGN_OR_RETURN(
      Posted posted, internal::Post(tx, hold.customer_id, TxnKind::kRestore, memo, postings, now));
  for (Lot& lot : lots) {
    lot.source_txn_id = *posted.txn_id;
    LOY_RETURN_IF_ERROR(store::InsertLot(tx, hold.customer_id, lot));
  }
  posted.lot_id = lots.front().lot_id;
  return posted;
}

}  // namespace loyal::ledger
