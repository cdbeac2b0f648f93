// Internal to ledger/: the steps the points and hold use cases share. Not for other rooms.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/ledger.h"

namespace loyal::ledger::internal {

// invalid_argument (field "points") unless points > 0.
[[nodiscard]] Status RequirePositive(int64_t points);

// Applies the postings' delta to the customer's balance row (which the caller has locked)
// and records the transaction. Errors: internal when a balance would go below zero (the
// postings were computed from lots that disagree with the balances); the transaction's.
[[nodiscard]] Result<Posted> Post(db::Transaction& tx, int64_t customer_id, TxnKind kind,
                                  const Memo& memo, const std::vector<Posting>& postings,
                                  Timestamp now);

// Takes each take's points from its lot in `lots` (stored), appending a `from` -> `to`
// transfer per take. Errors: internal for a take of a lot not in `lots`.
[[nodiscard]] Status SpendLots(db::Transaction& tx, int64_t customer_id, std::vector<Lot>& lots,
                               const std::vector<Take>& takes, Account from, Account to,
                               std::vector<Posting>& postings);

// Reads the customer's spendable lots and spends `points` of them (from -> to), the balance
// delta having been applied already. Errors: internal when the lots cannot cover it.
[[nodiscard]] Result<std::vector<Take>> SpendFromLots(db::Transaction& tx, int64_t customer_id,
                                                      int64_t points, Account from, Account to,
                                                      std::vector<Posting>& postings);

// A memo for what a job does on its own ("points released", source "job").
Memo JobMemo(std::string reason);

}  // namespace loyal::ledger::internal
