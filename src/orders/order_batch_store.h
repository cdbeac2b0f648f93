// The SQL of order_batch_service.h: which ids a batch already has in the store, its orders
// written with multi-row INSERTs (BulkInserter), and the order lines historic returns are
// matched to. Like order_store.h, no business rules: callers pass records built by
// orders.h.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "db/database.h"
#include "orders/order_batch_service.h"
#include "orders/orders.h"

namespace loyal::orders::store {

// Returns those of `external_ids` that order_lookup (or return_lookup) holds.
[[nodiscard]] Result<std::unordered_set<std::string>> StoredOrderIds(
    db::Transaction& tx, const std::vector<std::string>& external_ids);
[[nodiscard]] Result<std::unordered_set<std::string>> StoredReturnIds(
    db::Transaction& tx, const std::vector<std::string>& external_ids);

// Inserts the orders, their lines and look-ups. Errors: already_exists when an external id
// is taken (the transaction must then roll back); the transaction's.
[[nodiscard]] Status InsertOrderBatch(db::Transaction& tx, std::span<const Order> orders);

// An order reduced to the one line a historic return may take from: its keys, external id,
// currency and that line — all AllocateReturn looks at. nullopt when there is none.
//
// The line `line_no` of the order the shop calls `order_external_id`.
[[nodiscard]] Result<std::optional<Order>> FindOrderLine(db::Transaction& tx,
                                                         std::string_view order_external_id,
                                                         int32_t line_no);
// The customer's most recent purchase of `ret.sku`, no later than the return and in its
// currency, with at least ret.quantity unreturned.
[[nodiscard]] Result<std::optional<Order>> FindPurchaseLine(db::Transaction& tx,
                                                            int64_t customer_id,
                                                            const HistoricReturn& ret);

// Writes the one line's returned quantity and adds `refund_minor` to its order's refunded
// total: two statements, where SaveReturnProgress rewrites every line of the order.
[[nodiscard]] Status SaveLineReturn(db::Transaction& tx, const Order& one_line_order,
                                    int64_t refund_minor);

}  // namespace loyal::orders::store
