// How the program reads a stored order, for everything that earns from one: live intake
// (intake/order_points.h), the backfill and the simulator (member_replay.h). One place, so
// the simulation of the program in force books what intake books, to the point.
// Pure functions; thread-safe.
#pragma once

#include "orders/orders.h"
#include "program/earning.h"
#include "program/program.h"
#include "settings/settings.h"

namespace loyal::program {

// Whether an order in `status` has had the shop's release event (delivery, or payment when
// points_release is paid), which starts the return window.
bool ReachedRelease(orders::OrderStatus status, settings::PointsRelease release);

// Whether the buyer of `order` may earn under `rules` (guests only when it says so).
bool BuyerMayEarn(const orders::Order& order, const Program& rules);

// Whether the order's buyer is a guest (who holds no tier).
bool IsGuestOrder(const orders::Order& order);

// The order as earning sees it: its lines with their own discounts and categories as stored
// (the caller fills a missing category from the catalog when a rule asks for categories),
// the order's discount to share, and the first-order flag.
OrderFacts StoredOrderFacts(const orders::Order& order, bool first_order);

// Whether some multiplier of `rules` matches by category, so lines need their category.
bool HasCategoryRules(const EarningRules& rules);

}  // namespace loyal::program
