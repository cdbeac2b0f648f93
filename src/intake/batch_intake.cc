#include "intake/batch_intake.h"

#include "intake/shop_context.h"

namespace loyal::intake {

Result<OrderBatchCounts> RecordOrderBatch(db::Transaction& tx,
                                          std::span<const orders::OrderInput> orders,
                                          const orders::BuyerIdFn& buyer_id, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Shop shop, ShopContext(tx, now));
  const orders::OrderContext& ctx = shop.orders;
  LOY_ASSIGN_OR_RETURN(auto batch, orders::CreateOrderBatch(tx, orders, buyer_id, ctx));
  OrderBatchCounts counts{.already_present = batch.already_present};
  for (const orders::Order& order : batch.created) {
    // First-time creates only: later rooms' effects on `order` go here, as in RecordOrder.
    ++counts.created;
    if (counts.first_order_id == 0 || order.order_id < counts.first_order_id) {
      counts.first_order_id = order.order_id;
    }
    counts.lines += static_cast<int64_t>(order.lines.size());
    if (!order.customer_external_id) ++counts.guests;
  }
  return counts;
}

Result<ReturnBatchCounts> RecordReturnBatch(db::Transaction& tx,
                                            std::span<const orders::HistoricReturn> returns,
                                            const orders::BuyerIdFn& buyer_id, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Shop shop, ShopContext(tx, now));
  const orders::OrderContext& ctx = shop.orders;
  LOY_ASSIGN_OR_RETURN(auto batch, orders::CreateReturnBatch(tx, returns, buyer_id, ctx));
  ReturnBatchCounts counts{.created = static_cast<int64_t>(batch.created.size()),
                           .already_present = batch.already_present};
  for (const orders::Return& ret : batch.created) {
    // First-time creates only: later rooms' effects on `ret` go here, as in RecordReturn.
    if (!ret.order_id) ++counts.unmatched;
  }
  return counts;
}

}  // namespace loyal::intake
