// The SQL for orders, order lines, the holds they name, returns and their look-up tables
// (migrations 0003 and 0011).
// Plain functions over the caller's transaction, used by the order service and, for the
// claims and single rows they share, by the bulk service (order_batch_service.h). They
// check no business rules: callers pass records built by orders.h (BuildOrder,
// AllocateReturn).
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "db/database.h"
#include "orders/orders.h"

namespace loyal::orders::store {

// Where an order lives: the key of its row.
struct OrderKey {
  int64_t customer_id = 0;
  int64_t order_id = 0;
};

// Returns the key of the order the shop calls `external_id`, or nullopt.
[[nodiscard]] Result<std::optional<OrderKey>> LookupOrder(db::Transaction& tx,
                                                          std::string_view external_id);

// Records external_id -> key in order_lookup. Returns false, changing nothing, when the
// id is taken: a concurrent create won (on PostgreSQL this waits for it to commit, so a
// re-read with LookupOrder sees it). The look-up's primary key is the idempotency arbiter.
[[nodiscard]] Result<bool> ClaimOrderId(db::Transaction& tx, std::string_view external_id,
                                        const OrderKey& key);

// Gives each line of `orders` that has no category its product's catalog category, when
// the catalog knows the sku and gives it one (one query for all the orders' skus).
[[nodiscard]] Status FillCategories(db::Transaction& tx, std::span<Order> orders);

// Inserts the orders row, its order_lines and order_holds (not the look-up).
[[nodiscard]] Status InsertOrderRows(db::Transaction& tx, const Order& order);

// Returns the order with its lines and its customer's external id, or nullopt.
[[nodiscard]] Result<std::optional<Order>> LoadOrder(db::Transaction& tx, const OrderKey& key);

// Takes the order row's write lock (PostgreSQL; SQLite has one writer anyway) with an
// update that changes nothing, so concurrent status changes and returns of one order run
// one after another and each then reads the other's result. Errors: not_found.
[[nodiscard]] Status LockOrder(db::Transaction& tx, const OrderKey& key);

// Sets the order's status and updated_at.
[[nodiscard]] Status UpdateStatus(db::Transaction& tx, const OrderKey& key, OrderStatus status,
                                  Timestamp now);

// Writes every line's returned_quantity and the order's refunded_minor from `order`.
[[nodiscard]] Status SaveReturnProgress(db::Transaction& tx, const Order& order);

// Where a return lives and which order it belongs to (nullopt: unmatched).
struct ReturnKey {
  int64_t customer_id = 0;
  int64_t return_id = 0;
  std::optional<int64_t> order_id;
};

// Returns the key of the return the shop calls `external_id`, or nullopt.
[[nodiscard]] Result<std::optional<ReturnKey>> LookupReturn(db::Transaction& tx,
                                                            std::string_view external_id);

// As ClaimOrderId, for return_lookup.
[[nodiscard]] Result<bool> ClaimReturnId(db::Transaction& tx, std::string_view external_id,
                                         const ReturnKey& key);

// Inserts the returns row and its return_lines (not the look-up).
[[nodiscard]] Status InsertReturnRows(db::Transaction& tx, const Return& ret);

// Returns the return with its lines and its order's external id, or nullopt.
[[nodiscard]] Result<std::optional<Return>> LoadReturn(db::Transaction& tx, const ReturnKey& key);

// Returns the keys of the order's returns, oldest first.
[[nodiscard]] Result<std::vector<ReturnKey>> ListReturnKeys(db::Transaction& tx,
                                                            const OrderKey& order);

// Moves customer `from`'s orders, returns and their lines to customer `to` and points their
// look-ups there; returns how many orders and returns moved.
[[nodiscard]] Result<std::pair<int64_t, int64_t>> MoveOrderRows(db::Transaction& tx, int64_t from,
                                                                int64_t to);

// The customer's orders from `first_day` on, the customers with orders, and the day of a
// customer's first order (order_service.h ListKeptOrders, CustomersWithOrders, FirstOrderDay).
[[nodiscard]] Result<std::vector<KeptOrder>> ReadKeptOrders(db::Transaction& tx,
                                                            int64_t customer_id,
                                                            DayNumber first_day);
[[nodiscard]] Result<std::vector<int64_t>> CustomersWithOrders(db::Transaction& tx, int64_t after,
                                                               int limit);
[[nodiscard]] Result<std::optional<DayNumber>> EarliestOrderDay(db::Transaction& tx,
                                                                int64_t customer_id);

}  // namespace loyal::orders::store
