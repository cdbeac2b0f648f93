// Order use cases: create (idempotent by the shop's order id), get, move through the
// status flow, and record returns (idempotent by the shop's return id). Each runs inside
// the caller's transaction (design.md): order intake (intake/order_intake.h) calls these
// for the API, in the same transaction as the other rooms' work; reads come from the
// routes here. This room knows nothing of the rooms above it.
//
// Bulk loads (imported history) have their own use cases in order_batch_service.h.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
// Concurrent creates of one order (or return) from many connections store it exactly once:
// the look-up table's primary key decides, and the losers replay the winner.
#pragma once

#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/orders.h"

namespace loyal::orders {

// The shop's "now" and time zone (nullptr: UTC), for defaults and calendar days.
struct OrderContext {
  Timestamp now{};
  const date::time_zone* zone = nullptr;
};

struct CreateOrderResult {
  Order order;
  bool created = false;  // false: a replay of the stored order
};

// Creates the order, its buyer if new (kind customer; a guest customer when the input has
// no customer id) and its lines; or, when input.external_id is already stored from an
// identical request (same OrderRequestHash), returns the stored order with created=false.
// Errors: invalid_argument (field path) for bad input; already_exists when the id is stored
// with a different request (the HTTP 409 of design.md's idempotency rule); the
// transaction's.
[[nodiscard]] Result<CreateOrderResult> CreateOrder(db::Transaction& tx, OrderInput input,
                                                    const OrderContext& ctx);

// Returns the order the shop calls `external_id`, with its lines. Errors: not_found.
[[nodiscard]] Result<Order> GetOrder(db::Transaction& tx, std::string_view external_id);

struct SetStatusResult {
  Order order;
  bool changed = false;  // false: the order already had the status
};

// Moves the order to `to` and returns it; asking for the status it already has changes
// nothing (so retries are safe) and returns the order as stored, changed=false. Errors:
// not_found; failed_precondition for a move the flow forbids (CheckTransition).
[[nodiscard]] Result<SetStatusResult> SetOrderStatus(db::Transaction& tx,
                                                     std::string_view external_id, OrderStatus to,
                                                     Timestamp now);

struct MovedOrders {
  int64_t orders = 0;
  int64_t returns = 0;
};

// Moves every order and return of customer `from`, with their lines, to customer `to` (a
// guest merged into the account it turned out to be): the shop's ids then find them under
// `to`. Errors: the transaction's.
[[nodiscard]] Result<MovedOrders> MoveCustomerOrders(db::Transaction& tx, int64_t from, int64_t to);

struct CreateReturnResult {
  Return ret;
  bool created = false;  // false: a replay of the stored return
};

// Records a return against input.order_external_id: takes the goods back from its lines,
// refunds input.refund_minor or else the goods' value, and adds it to the order's
// refunded total; a replay of an identical request returns the stored return.
// Errors: invalid_argument (field path); not_found for an unknown order; already_exists
// when the return id is stored with a different request; failed_precondition when more
// would come back than was bought (over all returns), the refunds would exceed the order
// total ("refund_minor"), or the order is cancelled.
[[nodiscard]] Result<CreateReturnResult> CreateReturn(db::Transaction& tx, const ReturnInput& input,
                                                      const OrderContext& ctx);

// Returns the returns recorded against the order the shop calls `order_external_id`,
// oldest first. Errors: not_found for an unknown order.
[[nodiscard]] Result<std::vector<Return>> ListOrderReturns(db::Transaction& tx,
                                                           std::string_view order_external_id);

// The customer's orders placed on or after `first_day`, oldest first, as a member tier
// counts them. Errors: the transaction's.
[[nodiscard]] Result<std::vector<KeptOrder>> ListKeptOrders(db::Transaction& tx,
                                                            int64_t customer_id,
                                                            DayNumber first_day);

// Up to `limit` customers (internal ids, ascending, after `after`) with at least one order,
// guests left out: the members a tier evaluation of the whole store walks. Errors: the
// transaction's.
[[nodiscard]] Result<std::vector<int64_t>> CustomersWithOrders(db::Transaction& tx, int64_t after,
                                                               int limit);

// One customer's stored orders (with their lines) and returns (with theirs), in the order
// they were stored.
struct CustomerHistory {
  int64_t customer_id = 0;
  std::vector<Order> orders;
  std::vector<Return> returns;
};

// The histories of up to `limit` customers with orders (guests too), ascending by internal
// id after `after`: the whole store read a page at a time, in four queries a page (the
// program simulator). Lines stored without a category get the catalog's when
// `fill_categories`. Errors: the transaction's.
[[nodiscard]] Result<std::vector<CustomerHistory>> ReadCustomerHistories(db::Transaction& tx,
                                                                         int64_t after, int limit,
                                                                         bool fill_categories);

}  // namespace loyal::orders
