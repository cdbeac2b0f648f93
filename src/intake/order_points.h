// Internal to intake: the ledger effects of orders, written out once here and called from
// the first-time branches of order_intake.cc. An order earns under the program in force
// (program/earning.h) as one pending lot; the return window starts at the shop's release
// event (settings points_release: delivered or paid), after which the jobs release it; a
// cancellation reverses what is left; a return reverses exactly its lines' points by the
// program version that earned them and re-checks the order's bonuses against what is kept.
// What each order earned is stored (order_points_store.h), so nothing is computed twice.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/orders.h"
#include "settings/settings.h"

namespace loyal::intake {

// Earns for a newly created order, if a program is in force and the buyer may earn
// (guests only when the program says so). Errors: the ledger's and the transaction's.
[[nodiscard]] Status EarnForNewOrder(db::Transaction& tx, const orders::Order& order,
                                     const settings::ShopSettings& shop, Timestamp now);

// The effects of the order having just moved to order.status: its release event starts
// the return window; a cancellation reverses what the order's lot still holds.
[[nodiscard]] Status ApplyOrderStatusToPoints(db::Transaction& tx, const orders::Order& order,
                                              const settings::ShopSettings& shop, Timestamp now);

// Reverses what a newly recorded return's lines earned, and the bonuses the kept part of
// the order no longer reaches.
[[nodiscard]] Status ReversePointsForReturn(db::Transaction& tx, const orders::Return& ret,
                                            Timestamp now);

}  // namespace loyal::intake
