// Point holds: points as a payment at checkout. A hold reserves available points from
// specific lots (available -> held); it then resolves exactly once: captured when the order
// is paid (held -> redeemed) or released when it is cancelled or times out (held ->
// available, back into the lots it came from). A captured hold's points can be given back
// later, when the order is cancelled or returned, as new lots keeping the original lots'
// expiry (redeemed -> available). Holds are named by a public id "hold_<random>"; the
// internal id never leaves the ledger.
//
// Idempotency: capturing a captured hold, or releasing a released one, returns the stored
// hold and changes nothing, so retries are safe; the other resolution is refused. Placing
// and restoring post each time they are called (the caller's Idempotency-Key guards them).
// Every function runs inside the caller's transaction (see ledger_service.h).
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
// Concurrent holds on one customer from many connections never overdraw (the guarded
// balance update comes first), and concurrent resolutions of one hold resolve it once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/hold_store.h"
#include "ledger/ledger.h"

namespace loyal::ledger {

struct HoldResult {
  Hold hold;
  Balances balances;  // the customer's, after the call
};

// Reserves `points` (> 0) of the customer's available points for `reference` (what the
// hold pays for, e.g. the order's external id; not empty). Returns the hold with its new
// public id. Errors: invalid_argument for points <= 0 ("points") or an empty reference
// ("reference"); failed_precondition "not enough points" when the available balance is
// short, changing nothing; the transaction's.
[[nodiscard]] Result<HoldResult> PlaceHold(db::Transaction& tx, int64_t customer_id, int64_t points,
                                           std::string_view reference, Timestamp now);

// Captures the hold: its points are spent, and the customer's last activity (ledger_service.h
// RecordActivity) moves to now. Errors: not_found for an unknown public id;
// failed_precondition when the hold was released.
[[nodiscard]] Result<HoldResult> CaptureHold(db::Transaction& tx, std::string_view public_id,
                                             Timestamp now);

// Releases the hold: its points return to the lots they came from (a lot that expired
// meanwhile becomes available again until the next ExpireDue). Errors: not_found;
// failed_precondition when the hold was captured.
[[nodiscard]] Result<HoldResult> ReleaseHold(db::Transaction& tx, std::string_view public_id,
                                             Timestamp now);

// Marks the held hold `public_id` of `customer_id` as one an order pays with: from then on
// TimeOutHolds leaves it alone, and it waits for CaptureHold or ReleaseHold. Returns the
// hold. Errors: not_found when no hold has that id or it is another customer's (one answer
// for both, so an id tells nothing of other customers' holds); failed_precondition when it
// was captured or released, or an order already pays with it.
[[nodiscard]] Result<Hold> BindHoldToOrder(db::Transaction& tx, int64_t customer_id,
                                           std::string_view public_id, Timestamp now);

// Releases up to `limit` holds still held that were placed before `placed_before` (a
// checkout abandoned) and that no order pays with; returns them. Errors: the transaction's.
[[nodiscard]] Result<std::vector<Hold>> TimeOutHolds(db::Transaction& tx, Timestamp placed_before,
                                                     Timestamp now, int limit);

// Gives back `points` of a captured hold (its order was cancelled or returned) as new
// available lots, one per original lot, each with that lot's expiry; the latest-taken lots
// are given back first. Posted.lot_id is the first new lot. Errors: invalid_argument for
// points <= 0; not_found; failed_precondition when the hold is not captured or `points`
// exceeds what is left to restore.
[[nodiscard]] Result<Posted> RestoreHold(db::Transaction& tx, std::string_view public_id,
                                         int64_t points, const Memo& memo, Timestamp now);

}  // namespace loyal::ledger
