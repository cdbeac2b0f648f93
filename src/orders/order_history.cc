// ReadCustomerHistories (order_service.h): a page of customers is a range of internal ids,
// and each table is read over that range in its primary key's order, so the four reads are
// index range scans that merge by walking them side by side.
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

// The index in `records` (in id order) of the one whose id is `id`, searching forward from
// `from` when the customer is the one seen last, else from the start.
template <class Records, class IdOf>
size_t Locate(const Records& records, int64_t customer_id, int64_t id, int64_t& last_customer,
              size_t from, IdOf id_of) {
  if (customer_id != last_customer) {
    last_customer = customer_id;
    from = 0;
  }
  while (from < records.size() && id_of(records[from]) != id) ++from;
  return from;
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
  PageCursor lines_of(out);
  int64_t lines_customer = 0;
  size_t order_at = 0;
  LOY_RETURN_IF_ERROR(
      tx.ForEach(std::string("SELECT customer_id, order_id, ") + store::kOrderLineColumns +
                     " FROM order_lines WHERE customer_id > $1 AND customer_id <= $2 "
                     "ORDER BY customer_id, order_id, line_no",
                 range, [&](const db::Row& row) -> Status {
                   CustomerHistory* c = lines_of.Find(row.Int(0));
                   order_at = Locate(c->orders, c->customer_id, row.Int(1), lines_customer,
                                     order_at, [](const Order& o) { return o.order_id; });
                   c->orders.at(order_at).lines.push_back(store::OrderLineFromRow(row, 2));
                   return {};
                 }));
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
  PageCursor return_lines_of(out);
  int64_t return_lines_customer = 0;
  size_t return_at = 0;
  LOY_RETURN_IF_ERROR(
      tx.ForEach(std::string("SELECT customer_id, return_id, ") + store::kReturnLineColumns +
                     " FROM return_lines WHERE customer_id > $1 AND customer_id <= $2 "
                     "ORDER BY customer_id, return_id, line_no",
                 range, [&](const db::Row& row) -> Status {
                   CustomerHistory* c = return_lines_of.Find(row.Int(0));
                   if (!c) return {};
                   return_at = Locate(c->returns, c->customer_id, row.Int(1), return_lines_customer,
                                      return_at, [](const Return& r) { return r.return_id; });
                   c->returns.at(return_at).lines.push_back(store::ReturnLineFromRow(row, 2));
                   return {};
                 }));
  if (fill_categories) {
    for (CustomerHistory& c : out) LOY_RETURN_IF_ERROR(store::FillCategories(tx, c.orders));
  }
  return out;
}

}  // namespace loyal::orders
