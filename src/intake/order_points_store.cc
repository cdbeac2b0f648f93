#include "intake/order_points_store.h"

#include <charconv>

#include "db/customer_rows.h"
#include "db/sql_values.h"

namespace loyal::intake::store {
namespace {

using db::Int;

// line_points: each line's points by line_no, comma-separated (migration 0013).
std::string JoinLinePoints(const std::vector<int64_t>& points) {
  std::string out;
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(points[i]);
  }
  return out;
}

Result<std::vector<int64_t>> SplitLinePoints(std::string_view text) {
  std::vector<int64_t> points;
  if (text.empty()) return points;
  const char* at = text.data();
  const char* const end = text.data() + text.size();
  while (true) {
    int64_t value = 0;
    auto [next, ec] = std::from_chars(at, end, value);
    if (ec != std::errc()) return Internal("order_points.line_points is not a list of integers");
    points.push_back(value);
    if (next == end) return points;
    if (*next != ',') return Internal("order_points.line_points is not a list of integers");
    at = next + 1;
  }
}

}  // namespace

OrderPointsWriter::OrderPointsWriter()
    : orders_("order_points",
              {"customer_id", "order_id", "lot_id", "program_version", "first_order",
               "first_order_bonus", "spend_bonus", "first_order_bonus_kept", "spend_bonus_kept",
               "release_scheduled", "line_points"}) {}

Status OrderPointsWriter::Add(db::Transaction& tx, const OrderPoints& p) {
  return orders_.Add(tx, Int(p.customer_id), Int(p.order_id), Int(p.lot_id), Int(p.program_version),
                     Int(p.first_order ? 1 : 0), Int(p.first_order_bonus), Int(p.spend_bonus),
                     Int(p.first_order_bonus_kept), Int(p.spend_bonus_kept),
                     Int(p.release_scheduled ? 1 : 0), db::Text(JoinLinePoints(p.line_points)));
}

Status OrderPointsWriter::Flush(db::Transaction& tx) { return orders_.Flush(tx); }

// One order's record, lines included, in one statement.
Status Insert(db::Transaction& tx, const OrderPoints& p) {
  OrderPointsWriter writer;
  LOY_RETURN_IF_ERROR(writer.Add(tx, p));
  return writer.Flush(tx);
}

Result<std::optional<OrderPoints>> Find(db::Transaction& tx, int64_t customer_id,
                                        int64_t order_id) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT lot_id, program_version, first_order, first_order_bonus, spend_bonus, "
               "first_order_bonus_kept, spend_bonus_kept, release_scheduled, line_points FROM "
               "order_points WHERE customer_id = $1 AND order_id = $2",
               {Int(customer_id), Int(order_id)}));
  if (rows.empty()) return std::optional<OrderPoints>();
  const db::Row row = rows[0];
  LOY_ASSIGN_OR_RETURN(std::vector<int64_t> line_points, SplitLinePoints(row.Text(8)));
  return std::optional<OrderPoints>(
      OrderPoints{customer_id, order_id, row.Int(0), row.Int(1), row.Int(2) == 1, row.Int(3),
                  row.Int(4), row.Int(5), row.Int(6), row.Int(7) == 1, std::move(line_points)});
}

Status Update(db::Transaction& tx, const OrderPoints& p) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE order_points SET first_order_bonus_kept = $1, spend_bonus_kept = $2, "
                 "release_scheduled = $3 WHERE customer_id = $4 AND order_id = $5",
                 {Int(p.first_order_bonus_kept), Int(p.spend_bonus_kept),
                  Int(p.release_scheduled ? 1 : 0), Int(p.customer_id), Int(p.order_id)}));
  return {};
}

Status MoveRowsWithLots(db::Transaction& tx, const std::string& table, const std::string& key,
                        int64_t from, int64_t to, const std::map<int64_t, int64_t>& lot_ids) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + key + ", lot_id FROM " + table +
                                               " WHERE customer_id = $1 AND lot_id IS NOT NULL",
                                           {Int(from)}));
  LOY_RETURN_IF_ERROR(db::MoveCustomerRows(tx, table, from, to));
  for (size_t i = 0; i < rows.size(); ++i) {
    auto copy = lot_ids.find(rows[i].Int(1));
    if (copy == lot_ids.end()) return Internal(table + ": a lot was not moved with its row");
    LOY_RETURN_IF_ERROR(tx.Execute("UPDATE " + table + " SET lot_id = $1 WHERE customer_id = $2 "
                                   "AND " + key + " = $3",
                                   {Int(copy->second), Int(to), Int(rows[i].Int(0))}));
  }
  return {};
}

Status MoveToCustomer(db::Transaction& tx, int64_t from, int64_t to,
                      const std::map<int64_t, int64_t>& lot_ids) {
  return MoveRowsWithLots(tx, "order_points", "order_id", from, to, lot_ids);
}

}  // namespace loyal::intake::store
