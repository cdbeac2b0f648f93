// ImportWriter's returns (declared in import_writer.h): which purchased line a return
// belongs to, valued by the orders room's AllocateReturn and stored by its store, so an
// imported return is priced and kept exactly as one sent to the API.
#include <optional>

#include "importer/import_writer.h"
#include "orders/order_store.h"

namespace loyal::importer {
namespace {

// The order line a return may take from, with what AllocateReturn needs of its order.
constexpr std::string_view kLineColumns =
    "SELECT l.customer_id, l.order_id, l.line_no, l.sku, l.quantity, l.unit_price_micros, "
    "l.amount_minor, l.returned_quantity, o.external_id, o.currency "
    "FROM order_lines l JOIN orders o "
    "ON o.customer_id = l.customer_id AND o.order_id = l.order_id ";

// The order reduced to the one line the query found: all AllocateReturn looks at.
Result<std::optional<orders::Order>> OneLineOrder(const db::ResultSet& rows) {
  if (rows.empty()) return std::optional<orders::Order>();
  const db::Row r = rows[0];
  orders::Order order;
  order.customer_id = r.Int(0);
  order.order_id = r.Int(1);
  order.lines.push_back(orders::OrderLine{static_cast<int32_t>(r.Int(2)), std::string(r.Text(3)),
                                          r.Int(4), r.Int(5), r.Int(6), r.Int(7)});
  order.external_id = std::string(r.Text(8));
  auto currency = Currency::Parse(r.Text(9));
  if (!currency) return Internal("orders.currency holds a malformed code");
  order.currency = *currency;
  return std::optional<orders::Order>(std::move(order));
}

// The customer's most recent purchase of the sku, no later than the return and in its
// currency, that still has the returned quantity left.
Result<std::optional<orders::Order>> MatchPurchase(db::Transaction& tx, int64_t customer_id,
                                                   const PendingReturn& ret) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kLineColumns) +
                              "WHERE l.customer_id = $1 AND l.sku = $2 AND o.currency = $3 "
                              "AND o.placed_at <= $4 AND l.quantity - l.returned_quantity >= $5 "
                              "ORDER BY o.placed_at DESC, l.order_id DESC, l.line_no DESC LIMIT 1",
                          {db::Value(customer_id), db::Value(ret.sku),
                           db::Value(std::string(ret.currency.code())),
                           db::Value(int64_t{ret.returned_at.time_since_epoch().count()}),
                           db::Value(ret.quantity)}));
  return OneLineOrder(rows);
}

// The order line the source names (the demo's returns).
Result<std::optional<orders::Order>> NamedLine(db::Transaction& tx, const PendingReturn& ret) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kLineColumns) +
                              "JOIN order_lookup k ON k.customer_id = l.customer_id AND "
                              "k.order_id = l.order_id WHERE k.external_id = $1 AND l.line_no = $2",
                          {db::Value(*ret.order_external_id),
                           db::Value(int64_t{ret.order_line_no.value_or(0)})}));
  return OneLineOrder(rows);
}

}  // namespace

// Writes the one line's new returned quantity and the order's refund total. The orders
// room's SaveReturnProgress rewrites every line of the order, which for a 25-line invoice
// is 25 statements per returned line; an import of thousands of returns wants two.
Status ImportWriter::RecordReturnProgress(db::Transaction& tx, const orders::Order& order,
                                          int64_t refund_minor) {
  const orders::OrderLine& line = order.lines.front();
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE order_lines SET returned_quantity = $4 "
                 "WHERE customer_id = $1 AND order_id = $2 AND line_no = $3",
                 {db::Value(order.customer_id), db::Value(order.order_id),
                  db::Value(int64_t{line.line_no}), db::Value(line.returned_quantity)}));
  LOY_RETURN_IF_ERROR(tx.Execute(
      "UPDATE orders SET refunded_minor = refunded_minor + $3 "
      "WHERE customer_id = $1 AND order_id = $2",
      {db::Value(order.customer_id), db::Value(order.order_id), db::Value(refund_minor)}));
  return {};
}

Status ImportWriter::WriteReturn(db::Transaction& tx, const PendingReturn& pending) {
  std::optional<int64_t> known_customer;
  std::optional<orders::Order> order;
  if (pending.order_external_id) {
    LOY_ASSIGN_OR_RETURN(order, NamedLine(tx, pending));
  } else if (!pending.customer.external_id.empty()) {  // a guest's return matches nothing
    LOY_ASSIGN_OR_RETURN(known_customer, CustomerFor(tx, pending.customer, pending.returned_at));
    LOY_ASSIGN_OR_RETURN(order, MatchPurchase(tx, *known_customer, pending));
  }

  orders::ReturnInput input;
  input.external_id = pending.external_id;
  input.refund_minor = pending.refund_minor;
  input.returned_at = pending.returned_at;
  orders::Return ret;
  ret.external_id = pending.external_id;
  ret.currency = pending.currency;
  ret.refund_minor = pending.refund_minor;
  ret.returned_at = pending.returned_at;
  ret.returned_day = orders::LocalDay(pending.returned_at, zone_);
  ret.created_at = clock_.Now();
  if (order) {
    input.order_external_id = order->external_id;
    input.lines = {
        orders::ReturnLineInput{order->lines.front().line_no, std::nullopt, pending.quantity}};
    auto lines = orders::AllocateReturn(*order, input);
    if (lines) {
      ret.customer_id = order->customer_id;
      ret.order_id = order->order_id;
      ret.order_external_id = order->external_id;
      ret.lines = std::move(*lines);
    } else {
      order.reset();  // the named line cannot take it all: keep the return unmatched
    }
  }
  if (!order) {
    input.lines = {orders::ReturnLineInput{std::nullopt, pending.sku, pending.quantity}};
    if (known_customer) {
      ret.customer_id = *known_customer;
    } else {
      LOY_ASSIGN_OR_RETURN(ret.customer_id, CustomerFor(tx, pending.customer, pending.returned_at));
    }
    ret.lines = {
        orders::ReturnLine{0, std::nullopt, pending.sku, pending.quantity, pending.refund_minor}};
  }
  ret.request_hash = orders::ReturnRequestHash(input);
  LOY_ASSIGN_OR_RETURN(ret.return_id, tx.NextId("returns"));
  LOY_ASSIGN_OR_RETURN(bool claimed,
                       orders::store::ClaimReturnId(
                           tx, ret.external_id,
                           orders::store::ReturnKey{ret.customer_id, ret.return_id, ret.order_id}));
  if (!claimed) {  // another writer recorded it since this batch looked
    ++summary_.returns_already_present;
    return {};
  }
  if (order) LOY_RETURN_IF_ERROR(RecordReturnProgress(tx, *order, pending.refund_minor));
  LOY_RETURN_IF_ERROR(orders::store::InsertReturnRows(tx, ret));
  ++summary_.returns;
  if (!order) ++summary_.unmatched_returns;
  return {};
}

}  // namespace loyal::importer
