// A guest's points moved into the account the guest turned out to be (POST
// /v1/customers/{id}/merge: the shop vouches that they are one person). The books stay
// append-only and per customer: the guest's transaction "merge_out" moves what its lots hold
// and what it owes to the adjusted account, the customer's "merge_in" takes the same from
// there into new lots, so the pair cancels out in adjusted and each side sums to zero.
//
// Every lot of the guest gets a copy on the customer's side (earned, release and expiry times,
// points earned and reversed, what remains, state), empty ones included, so a return of a
// moved order later reverses from its copy exactly as it would have from the original. The
// guest's lots are left empty (a pending one as cancelled). The guest's lifetime earnings
// move too (through the issued account, so the total issued stays as it was), since the
// customer now answers for the moved orders' returns.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <map>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/ledger.h"

namespace loyal::ledger {

struct MergedBooks {
  std::map<int64_t, int64_t> lot_ids;  // the guest's lot -> its copy in the customer's books
  int64_t pending = 0;                 // points moved
  int64_t available = 0;
  int64_t debt = 0;   // owed points moved
  Balances balances;  // the customer's, afterwards
};

// Moves the books of customer `from` into those of customer `to` (distinct), locking both
// balance rows in customer order so that two merges never deadlock. Errors:
// failed_precondition (nothing changed) when `from` ever placed a hold, since a hold's
// capture, release or restore would later land in the books it no longer uses; the
// transaction's.
[[nodiscard]] Result<MergedBooks> MergeBooks(db::Transaction& tx, int64_t from, int64_t to,
                                             const Memo& memo, Timestamp now);

}  // namespace loyal::ledger
