// The audit of the points ledger: checks the books' invariants from the stored rows
// themselves, with its own SQL rather than the store's functions, so a bug in those cannot
// hide itself. Tests run it after every operation; an operator may run it on a live store
// (it reads every row of the customers it checks).
//
// Invariants, in the order checked:
//   1. every ledger transaction has postings and they sum to zero;
//   2. no balance is below zero, and the cached balances equal the sums of postings per
//      account (debt = -postings, lifetime_earned = -(issued + reversed));
//   3. every pending, available and held posting names a lot, and each lot's remainder
//      equals the sum of its pending (state pending) or available (state available)
//      postings; cancelled and expired lots hold nothing;
//   4. the open holds' points equal the held balance, each hold's lots add up to it, and
//      each lot's held postings equal what open holds reserve of it; what captured holds
//      gave back adds up per lot; every hold has its look-up row.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread. Run it
// in a read-only transaction for one consistent snapshot.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "db/database.h"

namespace loyal::ledger {

// Checks one customer's books. Returns ok, or internal naming the customer and the first
// broken invariant ("ledger audit: customer 7: available balance 90 != postings 100").
[[nodiscard]] Status AuditCustomer(db::Transaction& tx, int64_t customer_id);

// Checks every customer the ledger knows (AuditCustomer each, by customer id) and that every
// hold look-up names an existing hold. Errors: as AuditCustomer; the transaction's.
[[nodiscard]] Status AuditAll(db::Transaction& tx);

}  // namespace loyal::ledger
