// Internal to intake: points as payment. An order names the ledger holds it pays with
// (orders::Order::points_holds, kept by the orders room as opaque ids); this is where those
// holds follow the order, written out once and called from order_intake.cc's first-time
// branches beside the order_points calls:
//   - a new order binds each hold it names (the buyer's, still held, paid for no other
//     order), after which the jobs no longer time it out: it waits for its order;
//   - the order reaching paid (or recorded paid or beyond) captures them;
//   - the order cancelled before capture releases them, after capture gives their points
//     back in full (ledger::RestoreHold: new lots, original expiry);
//   - a return gives back the returned share of each captured hold, pro rata to the
//     returned merchandise value after discounts, exactly: over returns of the whole order
//     the points given back sum to the points paid.
// Earning is unaffected: points are a payment, not a discount (program/earning.h).
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/orders.h"

namespace loyal::intake {

// Binds the holds a newly created order names and applies its recorded status (paid or
// beyond: captured; cancelled: released). Errors: failed_precondition with field
// "points_holds[i]" when hold i is not the buyer's (or does not exist), was already
// captured or released, or another order pays with it; the ledger's and the transaction's.
// The caller's transaction then rolls back, so a refused order changes nothing.
[[nodiscard]] Status BindHoldsForNewOrder(db::Transaction& tx, const orders::Order& order,
                                          Timestamp now);

// The effects on the order's holds of its having just moved to order.status: paid
// captures, cancelled releases or restores. A hold released meanwhile by other means (an
// admin's release) is left as it is. Errors: the ledger's and the transaction's.
[[nodiscard]] Status ApplyOrderStatusToHolds(db::Transaction& tx, const orders::Order& order,
                                             Timestamp now);

// Gives back the share of the order's captured holds that its returns so far reach (the
// order as stored after the new return `ret`). Errors: the ledger's and the transaction's.
[[nodiscard]] Status RestoreHoldsForReturn(db::Transaction& tx, const orders::Return& ret,
                                           Timestamp now);

}  // namespace loyal::intake
