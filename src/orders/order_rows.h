// Internal to orders: the columns an order, a return and their lines are read with, and the
// decoding of such rows, shared by the single-record reads (order_store.h) and the bulk read
// of whole customer histories (order_history_store.h).
#pragma once

#include "core/error.h"
#include "db/database.h"
#include "orders/orders.h"

namespace loyal::orders::store {

// SELECT kOrderColumns kOrderFrom WHERE ...: orders `o` with their customer `c`.
inline constexpr const char* kOrderColumns =
    "o.customer_id, o.order_id, o.external_id, o.placed_at, o.placed_day, o.currency, o.status, "
    "o.total_minor, o.refunded_minor, o.request_hash, o.created_at, o.updated_at, "
    "COALESCE(c.external_id, c.guest_id), o.discount_minor, o.shipping_minor, o.tax_minor, "
    "o.net_minor";
inline constexpr const char* kOrderFrom =
    "FROM orders o JOIN customers c ON c.customer_id = o.customer_id";
// The order_lines columns OrderLineFromRow reads, from column `first` on.
inline constexpr const char* kOrderLineColumns =
    "line_no, sku, quantity, unit_price_micros, amount_minor, returned_quantity, discount_minor, "
    "net_minor, category";
// SELECT kReturnColumns kReturnFrom WHERE ...: returns `r` with their order's id.
inline constexpr const char* kReturnColumns =
    "r.customer_id, r.return_id, r.order_id, r.external_id, r.currency, r.refund_minor, "
    "r.returned_at, r.returned_day, r.request_hash, r.created_at, o.external_id";
inline constexpr const char* kReturnFrom =
    "FROM returns r LEFT JOIN orders o ON o.customer_id = r.customer_id AND o.order_id = "
    "r.order_id";
inline constexpr const char* kReturnLineColumns =
    "line_no, order_line_no, sku, quantity, amount_minor";

// Errors: internal when a stored currency or status is malformed.
[[nodiscard]] Result<Order> OrderFromRow(const db::Row& row);
[[nodiscard]] Result<Return> ReturnFromRow(const db::Row& row);
OrderLine OrderLineFromRow(const db::Row& row, int first);
ReturnLine ReturnLineFromRow(const db::Row& row, int first);

}  // namespace loyal::orders::store
