#include "orders/order_batch_store.h"

#include "db/bulk_inserter.h"
#include "db/sql_values.h"

namespace loyal::orders::store {
namespace {

using db::BulkInserter;
using db::Int;
using db::OptText;
using db::Seconds;
using db::Text;

// The external ids among `keys` that `lookup_table` already holds.
Result<std::unordered_set<std::string>> Existing(db::Transaction& tx, std::string_view lookup_table,
                                                 const std::vector<std::string>& keys) {
  std::unordered_set<std::string> found;
  LOY_RETURN_IF_ERROR(db::SelectIn(
      tx, "SELECT external_id FROM " + std::string(lookup_table) + " WHERE external_id IN ", keys,
      [&](const db::Row& row) -> Status {
        found.emplace(row.Text(0));
        return {};
      }));
  return found;
}

// The order line a return may take from, with what AllocateReturn needs of its order.
constexpr std::string_view kLineColumns =
    "SELECT l.customer_id, l.order_id, l.line_no, l.sku, l.quantity, l.unit_price_micros, "
    "l.amount_minor, l.returned_quantity, o.external_id, o.currency, l.discount_minor, "
    "l.net_minor, l.category "
    "FROM order_lines l JOIN orders o "
    "ON o.customer_id = l.customer_id AND o.order_id = l.order_id ";

Result<std::optional<Order>> OneLineOrder(const db::ResultSet& rows) {
  if (rows.empty()) return std::optional<Order>();
  const db::Row r = rows[0];
  Order order;
  order.customer_id = r.Int(0);
  order.order_id = r.Int(1);
  order.lines.push_back(OrderLine{static_cast<int32_t>(r.Int(2)), std::string(r.Text(3)), r.Int(4),
                                  r.Int(5), r.Int(6), r.Int(7), r.Int(10), r.Int(11),
                                  r.OptText(12)});
  order.external_id = std::string(r.Text(8));
  auto currency = Currency::ParseStored(r.Text(9));
  if (!currency) return Internal("orders.currency holds a malformed code");
  order.currency = *currency;
  return std::optional<Order>(std::move(order));
}

}  // namespace

Result<std::unordered_set<std::string>> StoredOrderIds(db::Transaction& tx,
                                                       const std::vector<std::string>& ids) {
  return Existing(tx, "order_lookup", ids);
}

Result<std::unordered_set<std::string>> StoredReturnIds(db::Transaction& tx,
                                                        const std::vector<std::string>& ids) {
  return Existing(tx, "return_lookup", ids);
}

Status InsertOrderBatch(db::Transaction& tx, std::span<const Order> orders) {
  BulkInserter rows("orders", {"customer_id", "order_id", "external_id", "placed_at", "placed_day",
                               "currency", "status", "total_minor", "refunded_minor", "line_count",
                               "request_hash", "created_at", "updated_at", "discount_minor",
                               "shipping_minor", "tax_minor", "net_minor"});
  BulkInserter lookup("order_lookup", {"external_id", "customer_id", "order_id"});
  BulkInserter lines("order_lines", {"customer_id", "order_id", "line_no", "sku", "quantity",
                                     "unit_price_micros", "amount_minor", "returned_quantity",
                                     "discount_minor", "net_minor", "category"});
  for (const Order& o : orders) {
    LOY_RETURN_IF_ERROR(rows.Add(
        tx, Int(o.customer_id), Int(o.order_id), Text(o.external_id), Seconds(o.placed_at),
        Int(o.placed_day), Text(o.currency.code()), Text(StatusName(o.status)), Int(o.total_minor),
        Int(o.refunded_minor), Int(static_cast<int64_t>(o.lines.size())), Text(o.request_hash),
        Seconds(o.created_at), Seconds(o.updated_at), Int(o.discount_minor), Int(o.shipping_minor),
        Int(o.tax_minor), Int(o.net_minor)));
    LOY_RETURN_IF_ERROR(lookup.Add(tx, Text(o.external_id), Int(o.customer_id), Int(o.order_id)));
    for (const OrderLine& l : o.lines) {
      LOY_RETURN_IF_ERROR(lines.Add(tx, Int(o.customer_id), Int(o.order_id), Int(l.line_no),
                                    Text(l.sku), Int(l.quantity), Int(l.unit_price_micros),
                                    Int(l.amount_minor), Int(l.returned_quantity),
                                    Int(l.discount_minor), Int(l.net_minor), OptText(l.category)));
    }
  }
  for (BulkInserter* inserter : {&rows, &lookup, &lines}) LOY_RETURN_IF_ERROR(inserter->Flush(tx));
  return {};
}

Result<std::optional<Order>> FindOrderLine(db::Transaction& tx, std::string_view order_external_id,
                                           int32_t line_no) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kLineColumns) +
                              "JOIN order_lookup k ON k.customer_id = l.customer_id AND "
                              "k.order_id = l.order_id WHERE k.external_id = $1 AND l.line_no = $2",
                          {Text(order_external_id), Int(line_no)}));
  return OneLineOrder(rows);
}

Result<std::optional<Order>> FindPurchaseLine(db::Transaction& tx, int64_t customer_id,
                                              const HistoricReturn& ret) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kLineColumns) +
                              "WHERE l.customer_id = $1 AND l.sku = $2 AND o.currency = $3 "
                              "AND o.placed_at <= $4 AND l.quantity - l.returned_quantity >= $5 "
                              "ORDER BY o.placed_at DESC, l.order_id DESC, l.line_no DESC LIMIT 1",
                          {Int(customer_id), Text(ret.sku), Text(ret.currency.code()),
                           Seconds(ret.returned_at), Int(ret.quantity)}));
  return OneLineOrder(rows);
}

Status SaveLineReturn(db::Transaction& tx, const Order& order, int64_t refund_minor) {
  const OrderLine& line = order.lines.front();
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE order_lines SET returned_quantity = $4 "
                 "WHERE customer_id = $1 AND order_id = $2 AND line_no = $3",
                 {Int(order.customer_id), Int(order.order_id), Int(line.line_no),
                  Int(line.returned_quantity)}));
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE orders SET refunded_minor = refunded_minor + $3 "
                 "WHERE customer_id = $1 AND order_id = $2",
                 {Int(order.customer_id), Int(order.order_id), Int(refund_minor)}));
  return {};
}

}  // namespace loyal::orders::store
