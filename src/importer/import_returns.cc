// ImportWriter's returns (declared in import_writer.h): which purchase a return belongs to,
// and writing it through the orders room's functions, so an imported return is valued and
// stored exactly as one sent to the API.
#include <optional>

#include "importer/import_writer.h"
#include "orders/order_store.h"

namespace loyal::importer {
namespace {

struct Match {
  orders::store::OrderKey key;
  int32_t line_no = 0;
};

// The customer's most recent purchase of `sku`, no later than the return and in its
// currency, that still has `quantity` units not returned.
Result<std::optional<Match>> MatchPurchase(db::Transaction& tx, int64_t customer_id,
                                           const PendingReturn& ret) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT l.order_id, l.line_no FROM order_lines l JOIN orders o "
               "ON o.customer_id = l.customer_id AND o.order_id = l.order_id "
               "WHERE l.customer_id = $1 AND l.sku = $2 AND o.currency = $3 "
               "AND o.placed_at <= $4 AND l.quantity - l.returned_quantity >= $5 "
               "ORDER BY o.placed_at DESC, l.order_id DESC, l.line_no DESC LIMIT 1",
               {db::Value(customer_id), db::Value(ret.sku),
                db::Value(std::string(ret.currency.code())),
                db::Value(int64_t{ret.returned_at.time_since_epoch().count()}),
                db::Value(ret.quantity)}));
  if (rows.empty()) return std::optional<Match>();
  return std::optional<Match>(Match{{customer_id, rows[0].Int(0)},
                                    static_cast<int32_t>(rows[0].Int(1))});
}

// Where the return goes: the order line the source names, or the matched purchase.
Result<std::optional<Match>> FindPurchase(db::Transaction& tx, const PendingReturn& ret,
                                          std::optional<int64_t> known_customer) {
  if (ret.order_external_id) {
    LOY_ASSIGN_OR_RETURN(auto key, orders::store::LookupOrder(tx, *ret.order_external_id));
    if (!key) return std::optional<Match>();
    return std::optional<Match>(Match{*key, ret.order_line_no.value_or(0)});
  }
  if (!known_customer) return std::optional<Match>();  // a guest's return matches nothing
  return MatchPurchase(tx, *known_customer, ret);
}

}  // namespace

Status ImportWriter::WriteReturn(db::Transaction& tx, const PendingReturn& pending) {
  std::optional<int64_t> known_customer;
  if (!pending.customer.external_id.empty() && !pending.order_external_id) {
    LOY_ASSIGN_OR_RETURN(known_customer, CustomerFor(tx, pending.customer, pending.returned_at));
  }
  LOY_ASSIGN_OR_RETURN(std::optional<Match> match, FindPurchase(tx, pending, known_customer));

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

  std::optional<orders::Order> order;
  if (match) {
    LOY_ASSIGN_OR_RETURN(order, orders::store::LoadOrder(tx, match->key));
  }
  if (order) {
    input.order_external_id = order->external_id;
    input.lines = {orders::ReturnLineInput{match->line_no, std::nullopt, pending.quantity}};
    auto lines = orders::AllocateReturn(*order, input);
    if (lines) {
      order->refunded_minor += pending.refund_minor;
      ret.customer_id = order->customer_id;
      ret.order_id = order->order_id;
      ret.order_external_id = order->external_id;
      ret.lines = std::move(*lines);
    } else {
      order.reset();  // the named line cannot take it: keep the return unmatched
    }
  }
  if (!order) {
    input.lines = {orders::ReturnLineInput{std::nullopt, pending.sku, pending.quantity}};
    if (known_customer) {
      ret.customer_id = *known_customer;
    } else {
      LOY_ASSIGN_OR_RETURN(ret.customer_id, CustomerFor(tx, pending.customer, pending.returned_at));
    }
    ret.lines = {orders::ReturnLine{0, std::nullopt, pending.sku, pending.quantity,
                                    pending.refund_minor}};
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
  if (order) LOY_RETURN_IF_ERROR(orders::store::SaveReturnProgress(tx, *order));
  LOY_RETURN_IF_ERROR(orders::store::InsertReturnRows(tx, ret));
  ++summary_.returns;
  if (!order) ++summary_.unmatched_returns;
  return {};
}

}  // namespace loyal::importer
