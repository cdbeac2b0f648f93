// ReadCustomerHistories (order_service.h): a page of customers is a range of internal ids,
// and each table is read over that range in its primary key's order, so the four reads are
// index range scans that merge by walking them side by side.
#include <span>
#include <string>

#include "db/sql_values.h"
#include "orders/order_rows.h"
#include "orders/order_service.h"
#include "orders/order_store.h"

namespace loyal::orders {
namespace {

using db::Int;

// Walks a page's customers forward as rows in customer order arrive; a customer with
// returns but no orders (an unmatched imported return) is not in the page.
class PageCursor {
 public:
  explicit PageCursor(std::vector<CustomerHistory>& page) : page_(page) {}
  CustomerHistory* Find(int64_t customer_id) {
    while (at_ < page_.size() && page_[at_].customer_id < customer_id) ++at_;
    if (at_ == page_.size() || page_[at_].customer_id != customer_id) return nullptr;
    return &page_[at_];
  }

 private:
  std::vector<CustomerHistory>& page_;
  size_t at_ = 0;
};

// Reads the lines `sql` selects (customer_id, the record's id, then the line's columns, in
// key order) and hands each to `add` with the page's record it belongs to, found by walking
// the customer's `records` forward. Lines of a customer not in the page are skipped.
template <class Record, class Add>
Status AttachLines(db::Transaction& tx, const std::string& sql, std::span<const db::Value> range,
                   std::vector<CustomerHistory>& page,
                   std::vector<Record> CustomerHistory::*records, int64_t Record::*id, Add add) {
  PageCursor customers(page);
  int64_t customer = -1;
  size_t at = 0;
  return tx.ForEach(sql, range, [&](const db::Row& row) -> Status {
    CustomerHistory* c = customers.Find(row.Int(0));
    if (!c) return {};
    if (c->customer_id != customer) {
      customer = c->customer_id;
      at = 0;
    }
    std::vector<Record>& list = c->*records;
    while (at < list.size() && list[at].*id != row.Int(1)) ++at;
    if (at == list.size()) return Internal("a stored line has no order or return");
    add(list[at], row);
    return {};
  });
}

}  // namespace

Result<std::vector<CustomerHistory>> ReadCustomerHistories(db::Transaction& tx, int64_t after,
                                                           int limit, bool fill_categories) {
  std::vector<CustomerHistory> out;
  LOY_RETURN_IF_ERROR(tx.ForEach(
      "SELECT DISTINCT customer_id FROM orders WHERE customer_id > $1 ORDER BY customer_id "
      "LIMIT $2",
      {Int(after), Int(limit)}, [&](const db::Row& row) -> Status {
        out.push_back(CustomerHistory{row.Int(0), {}, {}});
        return {};
      }));
  if (out.empty()) return out;
  const int64_t last = out.back().customer_id;
  // Each read below walks `out` and the customer's records forward only: rows come in key
  // order.
  const db::Value range[] = {Int(after), Int(last)};
  PageCursor orders_of(out);
  LOY_RETURN_IF_ERROR(tx.ForEach(
      std::string("SELECT ") + store::kOrderColumns + " " + store::kOrderFrom +
          " WHERE o.customer_id > $1 AND o.customer_id <= $2 ORDER BY o.customer_id, o.order_id",
      range, [&](const db::Row& row) -> Status {
        LOY_ASSIGN_OR_RETURN(Order order, store::OrderFromRow(row));
        orders_of.Find(order.customer_id)->orders.push_back(std::move(order));
        return {};
      }));
  LOY_RETURN_IF_ERROR(AttachLines(
      tx,
      std::string("SELECT customer_id, order_id, ") + store::kOrderLineColumns +
          " FROM order_lines WHERE customer_id > $1 AND customer_id <= $2 "
          "ORDER BY customer_id, order_id, line_no",
      range, out, &CustomerHistory::orders, &Order::order_id,
      [](Order& o, const db::Row& row) { o.lines.push_back(store::OrderLineFromRow(row, 2)); }));
  PageCursor returns_of(out);
  LOY_RETURN_IF_ERROR(tx.ForEach(
      std::string("SELECT ") + store::kReturnColumns + " " + store::kReturnFrom +
          " WHERE r.customer_id > $1 AND r.customer_id <= $2 ORDER BY r.customer_id, r.return_id",
      range, [&](const db::Row& row) -> Status {
        LOY_ASSIGN_OR_RETURN(Return ret, store::ReturnFromRow(row));
        if (CustomerHistory* c = returns_of.Find(ret.customer_id)) {
          c->returns.push_back(std::move(ret));
        }
        return {};
      }));
  LOY_RETURN_IF_ERROR(AttachLines(
      tx,
      std::string("SELECT customer_id, return_id, ") + store::kReturnLineColumns +
          " FROM return_lines WHERE customer_id > $1 AND customer_id <= $2 "
          "ORDER BY customer_id, return_id, line_no",
      range, out, &CustomerHistory::returns, &Return::return_id,
      [](Return& r, const db::Row& row) { r.lines.push_back(store::ReturnLineFromRow(row, 2)); }));
  if (fill_categories) {
    for (CustomerHistory& c : out) LOY_RETURN_IF_ERROR(store::FillCategories(tx, c.orders));
  }
  return out;
}

}  // namespace loyal::orders
