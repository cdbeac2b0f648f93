#include "orders/order_batch_service.h"

#include "orders/order_batch_store.h"
#include "orders/order_store.h"

namespace loyal::orders {
namespace {

// The order line `in` would take from: the line it names (Place checks it can take the
// goods), else its buyer's latest purchase of the sku with enough left (the buyer is then
// known, in `buyer`).
Result<std::optional<Order>> MatchLine(db::Transaction& tx, const HistoricReturn& in,
                                       const std::function<Result<int64_t>()>& buyer_id,
                                       std::optional<int64_t>& buyer) {
  if (!in.order_external_id) {
    LOY_ASSIGN_OR_RETURN(buyer, buyer_id());
    return store::FindPurchaseLine(tx, *buyer, in);
  }
  LOY_ASSIGN_OR_RETURN(
      auto order, store::FindOrderLine(tx, *in.order_external_id, in.order_line_no.value_or(0)));
  return order;
}

// The return as kept: against `order`'s line when AllocateReturn lets it take the goods
// (then `order` carries the line's new returned quantity), else unmatched and `order`
// reset. `input` gets what the request hash covers.
void Place(const HistoricReturn& in, std::optional<Order>& order, ReturnInput& input, Return& ret) {
  if (order) {
    input.order_external_id = order->external_id;
    input.lines = {ReturnLineInput{order->lines.front().line_no, std::nullopt, in.quantity}};
    if (auto lines = AllocateReturn(*order, input)) {
      ret.customer_id = order->customer_id;
      ret.order_id = order->order_id;
      ret.order_external_id = order->external_id;
      ret.lines = std::move(*lines);
      return;
    }
    order.reset();  // the line cannot take it all: keep the return unmatched
  }
  input.lines = {ReturnLineInput{std::nullopt, in.sku, in.quantity}};
  ret.lines = {ReturnLine{0, std::nullopt, in.sku, in.quantity, in.refund_minor}};
}

// Records one historic return whose id the batch did not find stored; nullopt when a
// concurrent writer claimed the id since.
Result<std::optional<Return>> CreateHistoricReturn(db::Transaction& tx, const HistoricReturn& in,
                                                   const std::function<Result<int64_t>()>& buyer_id,
                                                   const OrderContext& ctx) {
  std::optional<int64_t> buyer;
  LOY_ASSIGN_OR_RETURN(std::optional<Order> order, MatchLine(tx, in, buyer_id, buyer));
  ReturnInput input;
  input.external_id = in.external_id;
  input.refund_minor = in.refund_minor;
  input.returned_at = in.returned_at;
  Return ret;
  ret.external_id = in.external_id;
  ret.currency = in.currency;
  ret.refund_minor = in.refund_minor;
  ret.returned_at = in.returned_at;
  ret.returned_day = LocalDay(in.returned_at, ctx.zone);
  ret.created_at = ctx.now;
  Place(in, order, input, ret);
  if (!order && !buyer) {
    LOY_ASSIGN_OR_RETURN(buyer, buyer_id());
  }
  if (!order) ret.customer_id = *buyer;
  ret.request_hash = ReturnRequestHash(input);
  LOY_ASSIGN_OR_RETURN(ret.return_id, tx.NextId("returns"));
  const store::ReturnKey key{ret.customer_id, ret.return_id, ret.order_id};
  LOY_ASSIGN_OR_RETURN(bool claimed, store::ClaimReturnId(tx, ret.external_id, key));
  if (!claimed) return std::optional<Return>();
  if (order) LOY_RETURN_IF_ERROR(store::SaveLineReturn(tx, *order, in.refund_minor));
  LOY_RETURN_IF_ERROR(store::InsertReturnRows(tx, ret));
  return std::optional<Return>(std::move(ret));
}

}  // namespace

Result<OrderBatchResult> CreateOrderBatch(db::Transaction& tx, std::span<const OrderInput> inputs,
                                          const BuyerIdFn& buyer_id, const OrderContext& ctx) {
  std::vector<std::string> ids;
  for (const OrderInput& in : inputs) ids.push_back(in.external_id);
  LOY_ASSIGN_OR_RETURN(auto seen, store::StoredOrderIds(tx, ids));
  OrderBatchResult result;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!seen.insert(inputs[i].external_id).second) {
      ++result.already_present;
      continue;
    }
    LOY_ASSIGN_OR_RETURN(int64_t customer_id, buyer_id(i));
    LOY_ASSIGN_OR_RETURN(int64_t order_id, tx.NextId("orders"));
    LOY_ASSIGN_OR_RETURN(Order order,
                         BuildOrder(inputs[i], customer_id, order_id, ctx.now, ctx.zone));
    result.created.push_back(std::move(order));
  }
  LOY_RETURN_IF_ERROR(store::FillCategories(tx, result.created));
  LOY_RETURN_IF_ERROR(store::InsertOrderBatch(tx, result.created));
  return result;
}

Result<ReturnBatchResult> CreateReturnBatch(db::Transaction& tx,
                                            std::span<const HistoricReturn> returns,
                                            const BuyerIdFn& buyer_id, const OrderContext& ctx) {
  std::vector<std::string> ids;
  for (const HistoricReturn& ret : returns) ids.push_back(ret.external_id);
  LOY_ASSIGN_OR_RETURN(auto seen, store::StoredReturnIds(tx, ids));
  ReturnBatchResult result;
  for (size_t i = 0; i < returns.size(); ++i) {
    if (!seen.insert(returns[i].external_id).second) {
      ++result.already_present;
      continue;
    }
    LOY_ASSIGN_OR_RETURN(auto ret, CreateHistoricReturn(
                                       tx, returns[i], [&] { return buyer_id(i); }, ctx));
    if (!ret) {
      ++result.already_present;  // another writer recorded it since the look-up
      continue;
    }
    result.created.push_back(std::move(*ret));
  }
  return result;
}

}  // namespace loyal::orders
