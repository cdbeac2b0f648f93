#include "intake/order_intake.h"

#include "intake/shop_context.h"

namespace loyal::intake {
Result<orders::CreateOrderResult> RecordOrder(db::Transaction& tx,
                                              const orders::OrderRequest& request, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(orders::OrderContext ctx, ShopContext(tx, now));
  LOY_ASSIGN_OR_RETURN(auto stored, orders::CreateOrder(tx, request.InZone(ctx.zone), ctx));
  if (!stored.created) return stored;  // a replay: the first create ran the effects
  // First-time create: later rooms' effects on stored.order go here, in order (the
  // ledger's earning first), each a call into that room's service.
  return stored;
}

Result<orders::SetStatusResult> ChangeOrderStatus(db::Transaction& tx, std::string_view order_id,
                                                  orders::OrderStatus to, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto stored, orders::SetOrderStatus(tx, order_id, to, now));
  if (!stored.changed) return stored;  // already there: its effects ran with the move
  // The move itself, once: later rooms' effects of entering the status go here (e.g. the
  // ledger releasing held points on delivery, reversing them on cancellation).
  return stored;
}

Result<orders::CreateReturnResult> RecordReturn(db::Transaction& tx,
                                                const orders::ReturnRequest& request,
                                                Timestamp now) {
  LOY_ASSIGN_OR_RETURN(orders::OrderContext ctx, ShopContext(tx, now));
  LOY_ASSIGN_OR_RETURN(auto stored, orders::CreateReturn(tx, request.InZone(ctx.zone), ctx));
  if (!stored.created) return stored;  // a replay: the first create ran the effects
  // First-time create: later rooms' effects on stored.ret go here, in order (the ledger's
  // clawback first).
  return stored;
}

}  // namespace loyal::intake
