#include "orders/order_store.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "db/bulk_inserter.h"
#include "db/customer_rows.h"
#include "db/sql_values.h"
#include "orders/order_rows.h"

namespace loyal::orders::store {
namespace {

using db::AtSeconds;
using db::Int;
using db::OptInt;
using db::OptText;
using db::Seconds;
using db::Text;

Result<std::vector<OrderLine>> LoadOrderLines(db::Transaction& tx, const OrderKey& key) {
  std::vector<OrderLine> lines;
  LOY_RETURN_IF_ERROR(
      tx.ForEach(std::string("SELECT ") + kOrderLineColumns +
                     " FROM order_lines WHERE customer_id = $1 AND order_id = $2 ORDER BY line_no",
                 {Int(key.customer_id), Int(key.order_id)}, [&](const db::Row& row) -> Status {
                   lines.push_back(OrderLineFromRow(row, 0));
                   return {};
                 }));
  return lines;
}

Result<std::vector<std::string>> LoadOrderHolds(db::Transaction& tx, const OrderKey& key) {
  std::vector<std::string> holds;
  LOY_RETURN_IF_ERROR(
      tx.ForEach("SELECT hold_public_id FROM order_holds WHERE customer_id = $1 AND order_id = $2 "
                 "ORDER BY hold_no",
                 {Int(key.customer_id), Int(key.order_id)}, [&](const db::Row& row) -> Status {
                   holds.emplace_back(row.Text(0));
                   return {};
                 }));
  return holds;
}

Result<std::vector<ReturnLine>> LoadReturnLines(db::Transaction& tx, const ReturnKey& key) {
  std::vector<ReturnLine> lines;
  LOY_RETURN_IF_ERROR(tx.ForEach(
      std::string("SELECT ") + kReturnLineColumns +
          " FROM return_lines WHERE customer_id = $1 AND return_id = $2 ORDER BY line_no",
      {Int(key.customer_id), Int(key.return_id)}, [&](const db::Row& row) -> Status {
        lines.push_back(ReturnLineFromRow(row, 0));
        return {};
      }));
  return lines;
}

}  // namespace

Result<std::optional<OrderKey>> LookupOrder(db::Transaction& tx, std::string_view external_id) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT customer_id, order_id FROM order_lookup WHERE external_id = $1",
                          {Text(external_id)}));
  if (rows.empty()) return std::optional<OrderKey>();
  return std::optional<OrderKey>(OrderKey{rows[0].Int(0), rows[0].Int(1)});
}

Result<bool> ClaimOrderId(db::Transaction& tx, std::string_view external_id, const OrderKey& key) {
  // ON CONFLICT DO NOTHING, not a caught already_exists: after a failed statement a
  // PostgreSQL transaction is unusable, and the loser must go on to re-read the winner.
  LOY_ASSIGN_OR_RETURN(int64_t changed,
                       tx.Execute("INSERT INTO order_lookup (external_id, customer_id, order_id) "
                                  "VALUES ($1, $2, $3) ON CONFLICT (external_id) DO NOTHING",
                                  {Text(external_id), Int(key.customer_id), Int(key.order_id)}));
  return changed == 1;
}

Status FillCategories(db::Transaction& tx, std::span<Order> orders) {
  std::vector<std::string> skus;
  for (const Order& order : orders) {
    for (const OrderLine& line : order.lines) {
      if (!line.category) skus.push_back(line.sku);
    }
  }
  if (skus.empty()) return {};
  std::sort(skus.begin(), skus.end());
  skus.erase(std::unique(skus.begin(), skus.end()), skus.end());
  std::unordered_map<std::string, std::string> categories;
  LOY_RETURN_IF_ERROR(
      db::SelectIn(tx, "SELECT sku, category FROM products WHERE category IS NOT NULL AND sku IN ",
                   skus, [&](const db::Row& row) -> Status {
                     categories.emplace(row.Text(0), row.Text(1));
                     return {};
                   }));
  for (Order& order : orders) {
    for (OrderLine& line : order.lines) {
      auto it = categories.find(line.sku);
      if (!line.category && it != categories.end()) line.category = it->second;
    }
  }
  return {};
}

Status InsertOrderRows(db::Transaction& tx, const Order& o) {
  LOY_RETURN_IF_ERROR(tx.Execute(
      "INSERT INTO orders (customer_id, order_id, external_id, placed_at, placed_day, currency, "
      "status, total_minor, refunded_minor, line_count, request_hash, created_at, updated_at, "
      "discount_minor, shipping_minor, tax_minor, net_minor) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
      {Int(o.customer_id), Int(o.order_id), Text(o.external_id), Seconds(o.placed_at),
       Int(o.placed_day), Text(o.currency.code()), Text(StatusName(o.status)), Int(o.total_minor),
       Int(o.refunded_minor), Int(static_cast<int64_t>(o.lines.size())), Text(o.request_hash),
       Seconds(o.created_at), Seconds(o.updated_at), Int(o.discount_minor), Int(o.shipping_minor),
       Int(o.tax_minor), Int(o.net_minor)}));
  for (const OrderLine& l : o.lines) {
    LOY_RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO order_lines (customer_id, order_id, line_no, sku, quantity, "
        "unit_price_micros, amount_minor, returned_quantity, discount_minor, net_minor, category) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {Int(o.customer_id), Int(o.order_id), Int(l.line_no), Text(l.sku), Int(l.quantity),
         Int(l.unit_price_micros), Int(l.amount_minor), Int(l.returned_quantity),
         Int(l.discount_minor), Int(l.net_minor), OptText(l.category)}));
  }
  for (size_t i = 0; i < o.points_holds.size(); ++i) {
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO order_holds (customer_id, order_id, hold_no, hold_public_id) "
                   "VALUES ($1, $2, $3, $4)",
                   {Int(o.customer_id), Int(o.order_id), Int(static_cast<int64_t>(i)),
                    Text(o.points_holds[i])}));
  }
  return {};
}

Result<std::optional<Order>> LoadOrder(db::Transaction& tx, const OrderKey& key) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query(std::string("SELECT ") + kOrderColumns + " " + kOrderFrom +
                                    " WHERE o.customer_id = $1 AND o.order_id = $2",
                                {Int(key.customer_id), Int(key.order_id)}));
  if (rows.empty()) return std::optional<Order>();
  LOY_ASSIGN_OR_RETURN(Order order, OrderFromRow(rows[0]));
  LOY_ASSIGN_OR_RETURN(order.lines, LoadOrderLines(tx, key));
  LOY_ASSIGN_OR_RETURN(order.points_holds, LoadOrderHolds(tx, key));
  return std::optional<Order>(std::move(order));
}

Status LockOrder(db::Transaction& tx, const OrderKey& key) {
  LOY_ASSIGN_OR_RETURN(int64_t changed, tx.Execute("UPDATE orders SET updated_at = updated_at "
                                                   "WHERE customer_id = $1 AND order_id = $2",
                                                   {Int(key.customer_id), Int(key.order_id)}));
  if (changed == 0) return NotFound("order not found");
  return {};
}

Status UpdateStatus(db::Transaction& tx, const OrderKey& key, OrderStatus status, Timestamp now) {
  LOY_RETURN_IF_ERROR(tx.Execute(
      "UPDATE orders SET status = $3, updated_at = $4 WHERE customer_id = $1 AND order_id = $2",
      {Int(key.customer_id), Int(key.order_id), Text(StatusName(status)), Seconds(now)}));
  return {};
}

Status SaveReturnProgress(db::Transaction& tx, const Order& o) {
  for (const OrderLine& l : o.lines) {
    LOY_RETURN_IF_ERROR(tx.Execute(
        "UPDATE order_lines SET returned_quantity = $4 "
        "WHERE customer_id = $1 AND order_id = $2 AND line_no = $3",
        {Int(o.customer_id), Int(o.order_id), Int(l.line_no), Int(l.returned_quantity)}));
  }
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE orders SET refunded_minor = $3 WHERE customer_id = $1 AND order_id = $2",
                 {Int(o.customer_id), Int(o.order_id), Int(o.refunded_minor)}));
  return {};
}

Result<std::optional<ReturnKey>> LookupReturn(db::Transaction& tx, std::string_view external_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT customer_id, return_id, order_id "
                                           "FROM return_lookup WHERE external_id = $1",
                                           {Text(external_id)}));
  if (rows.empty()) return std::optional<ReturnKey>();
  return std::optional<ReturnKey>(ReturnKey{rows[0].Int(0), rows[0].Int(1), rows[0].OptInt(2)});
}

Result<bool> ClaimReturnId(db::Transaction& tx, std::string_view external_id,
                           const ReturnKey& key) {
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute(
          "INSERT INTO return_lookup (external_id, customer_id, return_id, order_id) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (external_id) DO NOTHING",
          {Text(external_id), Int(key.customer_id), Int(key.return_id), OptInt(key.order_id)}));
  return changed == 1;
}

Status InsertReturnRows(db::Transaction& tx, const Return& r) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO returns (customer_id, return_id, order_id, external_id, currency, "
                 "refund_minor, returned_at, returned_day, request_hash, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                 {Int(r.customer_id), Int(r.return_id), OptInt(r.order_id), Text(r.external_id),
                  Text(r.currency.code()), Int(r.refund_minor), Seconds(r.returned_at),
                  Int(r.returned_day), Text(r.request_hash), Seconds(r.created_at)}));
  for (const ReturnLine& l : r.lines) {
    const std::optional<int64_t> order_line =
        l.order_line_no ? std::optional<int64_t>(*l.order_line_no) : std::nullopt;
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO return_lines (customer_id, return_id, line_no, order_line_no, sku, "
                   "quantity, amount_minor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   {Int(r.customer_id), Int(r.return_id), Int(l.line_no), OptInt(order_line),
                    Text(l.sku), Int(l.quantity), Int(l.amount_minor)}));
  }
  return {};
}

Result<std::optional<Return>> LoadReturn(db::Transaction& tx, const ReturnKey& key) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query(std::string("SELECT ") + kReturnColumns + " " + kReturnFrom +
                                    " WHERE r.customer_id = $1 AND r.return_id = $2",
                                {Int(key.customer_id), Int(key.return_id)}));
  if (rows.empty()) return std::optional<Return>();
  LOY_ASSIGN_OR_RETURN(Return ret, ReturnFromRow(rows[0]));
  LOY_ASSIGN_OR_RETURN(ret.lines, LoadReturnLines(tx, key));
  return std::optional<Return>(std::move(ret));
}

Result<std::vector<ReturnKey>> ListReturnKeys(db::Transaction& tx, const OrderKey& order) {
  std::vector<ReturnKey> keys;
  LOY_RETURN_IF_ERROR(tx.ForEach(
      "SELECT return_id FROM returns WHERE customer_id = $1 AND order_id = $2 ORDER BY return_id",
      {Int(order.customer_id), Int(order.order_id)}, [&](const db::Row& row) -> Status {
        keys.push_back(ReturnKey{order.customer_id, row.Int(0), order.order_id});
        return {};
      }));
  return keys;
}

Result<std::pair<int64_t, int64_t>> MoveOrderRows(db::Transaction& tx, int64_t from, int64_t to) {
  // The look-ups are global tables keyed by the shop's ids, so they are repointed one id at
  // a time rather than scanned for the customer.
  struct Owned {
    const char* lookup;
    const char* owner;
  };
  for (const Owned& t : {Owned{"order_lookup", "orders"}, Owned{"return_lookup", "returns"}}) {
    LOY_ASSIGN_OR_RETURN(auto ids, tx.Query(std::string("SELECT external_id FROM ") + t.owner +
                                                " WHERE customer_id = $1",
                                            {Int(from)}));
    for (size_t i = 0; i < ids.size(); ++i) {
      LOY_RETURN_IF_ERROR(tx.Execute(
          std::string("UPDATE ") + t.lookup + " SET customer_id = $1 WHERE external_id = $2",
          {Int(to), Text(ids[i].Text(0))}));
    }
  }
  LOY_ASSIGN_OR_RETURN(int64_t orders, db::MoveCustomerRows(tx, "orders", from, to));
  LOY_RETURN_IF_ERROR(db::MoveCustomerRows(tx, "order_lines", from, to));
  LOY_ASSIGN_OR_RETURN(int64_t returns, db::MoveCustomerRows(tx, "returns", from, to));
  LOY_RETURN_IF_ERROR(db::MoveCustomerRows(tx, "return_lines", from, to));
  return std::pair{orders, returns};
}

Result<std::vector<KeptOrder>> ReadKeptOrders(db::Transaction& tx, int64_t customer_id,
                                              DayNumber first_day) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT placed_day, currency, status, net_minor, refunded_minor FROM "
                          "orders WHERE customer_id = $1 AND placed_day >= $2 "
                          "ORDER BY placed_day, order_id",
                          {Int(customer_id), Int(first_day)}));
  std::vector<KeptOrder> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const db::Row& r = rows[i];
    const bool cancelled = r.Text(2) == StatusName(OrderStatus::kCancelled);
    const int64_t net = r.Int(3), refunded = r.Int(4);
    const bool wholly_refunded = refunded > 0 && refunded >= net;
    out.push_back({static_cast<DayNumber>(r.Int(0)), std::string(r.Text(1)),
                   cancelled ? 0 : net - refunded, !cancelled && !wholly_refunded});
  }
  return out;
}

Result<std::vector<int64_t>> CustomersWithOrders(db::Transaction& tx, int64_t after, int limit) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT c.customer_id FROM customers c WHERE c.customer_id > $1 AND "
                          "c.kind <> 'guest' AND EXISTS (SELECT 1 FROM orders o WHERE "
                          "o.customer_id = c.customer_id) ORDER BY c.customer_id LIMIT $2",
                          {Int(after), Int(limit)}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].Int(0));
  return out;
}

}  // namespace loyal::orders::store
