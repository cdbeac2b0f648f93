// Internal to intake: what each use case reads of the shop settings first, inside its own
// transaction, so a setting changed since the last request applies to this one.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/order_service.h"
#include "settings/settings.h"

namespace loyal::intake {

struct Shop {
  settings::ShopSettings settings;
  orders::OrderContext orders;  // `now` in the shop's time zone, for the orders room
};

// Returns the settings as this transaction sees them and the orders room's context at
// `now`. Errors: failed_precondition when the stored settings no longer load; the
// transaction's.
[[nodiscard]] Result<Shop> ShopContext(db::Transaction& tx, Timestamp now);

// The instant a calendar day of the shop's time zone begins (orders.h).
using ::loyal::orders::StartOfDay;

}  // namespace loyal::intake
