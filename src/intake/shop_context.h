// Internal to intake: what each use case reads of the shop settings first, inside its own
// transaction, so a setting changed since the last request applies to this one.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/order_service.h"

namespace loyal::intake {

// Returns the orders room's context at `now`, in the shop's time zone as this transaction
// sees it. Errors: failed_precondition when the stored settings no longer load; the
// transaction's.
[[nodiscard]] Result<orders::OrderContext> ShopContext(db::Transaction& tx, Timestamp now);

}  // namespace loyal::intake
