#include "orders/order_rows.h"

#include <string>

#include "db/sql_values.h"

namespace loyal::orders::store {
namespace {

using db::AtSeconds;

Result<Currency> StoredCurrency(std::string_view code) {
  auto currency = Currency::ParseStored(code);
  if (!currency) return Internal("a stored currency is malformed");
  return *currency;
}

}  // namespace

Result<Order> OrderFromRow(const db::Row& row) {
  Order o;
  o.customer_id = row.Int(0);
  o.order_id = row.Int(1);
  o.external_id = std::string(row.Text(2));
  o.placed_at = AtSeconds(row.Int(3));
  o.placed_day = static_cast<DayNumber>(row.Int(4));
  LOY_ASSIGN_OR_RETURN(o.currency, StoredCurrency(row.Text(5)));
  auto status = ParseStatus(row.Text(6));
  if (!status) return Internal("orders.status holds an unknown value");
  o.status = *status;
  o.total_minor = row.Int(7);
  o.refunded_minor = row.Int(8);
  o.request_hash = std::string(row.Text(9));
  o.created_at = AtSeconds(row.Int(10));
  o.updated_at = AtSeconds(row.Int(11));
  o.customer_external_id = row.OptText(12);
  o.discount_minor = row.Int(13);
  o.shipping_minor = row.Int(14);
  o.tax_minor = row.Int(15);
  o.net_minor = row.Int(16);
  return o;
}

Result<Return> ReturnFromRow(const db::Row& row) {
  Return r;
  r.customer_id = row.Int(0);
  r.return_id = row.Int(1);
  r.order_id = row.OptInt(2);
  r.external_id = std::string(row.Text(3));
  LOY_ASSIGN_OR_RETURN(r.currency, StoredCurrency(row.Text(4)));
  r.refund_minor = row.Int(5);
  r.returned_at = AtSeconds(row.Int(6));
  r.returned_day = static_cast<DayNumber>(row.Int(7));
  r.request_hash = std::string(row.Text(8));
  r.created_at = AtSeconds(row.Int(9));
  r.order_external_id = row.OptText(10);
  return r;
}

OrderLine OrderLineFromRow(const db::Row& row, int first) {
  const int f = first;
  return OrderLine{static_cast<int32_t>(row.Int(f)),
                   std::string(row.Text(f + 1)),
                   row.Int(f + 2),
                   row.Int(f + 3),
                   row.Int(f + 4),
                   row.Int(f + 5),
                   row.Int(f + 6),
                   row.Int(f + 7),
                   row.OptText(f + 8)};
}

ReturnLine ReturnLineFromRow(const db::Row& row, int first) {
  const int f = first;
  std::optional<int32_t> order_line;
  if (auto n = row.OptInt(f + 1)) order_line = static_cast<int32_t>(*n);
  return ReturnLine{static_cast<int32_t>(row.Int(f)), order_line, std::string(row.Text(f + 2)),
                    row.Int(f + 3), row.Int(f + 4)};
}

}  // namespace loyal::orders::store
