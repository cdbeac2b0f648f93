#include "intake/order_intake.h"

#include "intake/order_holds.h"
#include "intake/order_points.h"
#include "intake/shop_context.h"
#include "intake/tier_effects.h"
#include "program/stored_order_rules.h"

namespace loyal::intake {
namespace {

// The buyer's tier after what `order` changed; guests hold no tier.
Status MoveBuyerTier(db::Transaction& tx, program::ProgramCache& programs,
                     const orders::Order& order, program::TierReason reason,
                     const std::string& reference, const Shop& shop, Timestamp now) {
  if (program::IsGuestOrder(order)) return {};
  return EvaluateCurrentTier(tx, programs, order.customer_id, reason, reference, shop.settings,
                             now);
}

}  // namespace

Result<orders::CreateOrderResult> RecordOrder(db::Transaction& tx, program::ProgramCache& programs,
                                              const orders::OrderRequest& request, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Shop shop, ShopContext(tx, now));
  const orders::OrderContext& ctx = shop.orders;
  LOY_ASSIGN_OR_RETURN(auto stored, orders::CreateOrder(tx, request.InZone(ctx.zone), ctx));
  if (!stored.created) return stored;  // a replay: the first create ran the effects
  // First-time create: the rooms' effects on stored.order, in order, each a call into that
  // room's service. The holds come first: a hold that cannot pay refuses the order.
  LOY_RETURN_IF_ERROR(BindHoldsForNewOrder(tx, stored.order, now));
  LOY_RETURN_IF_ERROR(EarnForNewOrder(tx, programs, stored.order, shop.settings, now));
  LOY_RETURN_IF_ERROR(MoveBuyerTier(tx, programs, stored.order, program::TierReason::kOrder,
                                    stored.order.external_id, shop, now));
  return stored;
}

Result<orders::SetStatusResult> ChangeOrderStatus(db::Transaction& tx,
                                                  program::ProgramCache& programs,
                                                  std::string_view order_id, orders::OrderStatus to,
                                                  Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Shop shop, ShopContext(tx, now));
  LOY_ASSIGN_OR_RETURN(auto stored, orders::SetOrderStatus(tx, order_id, to, now));
  if (!stored.changed) return stored;  // already there: its effects ran with the move
  // The move itself, once: the rooms' effects of entering the status.
  LOY_RETURN_IF_ERROR(ApplyOrderStatusToPoints(tx, stored.order, shop.settings, now));
  LOY_RETURN_IF_ERROR(ApplyOrderStatusToHolds(tx, stored.order, now));
  LOY_RETURN_IF_ERROR(MoveBuyerTier(tx, programs, stored.order, program::TierReason::kStatus,
                                    stored.order.external_id, shop, now));
  return stored;
}

Result<orders::CreateReturnResult> RecordReturn(db::Transaction& tx,
                                                program::ProgramCache& programs,
                                                const orders::ReturnRequest& request,
                                                Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Shop shop, ShopContext(tx, now));
  const orders::OrderContext& ctx = shop.orders;
  LOY_ASSIGN_OR_RETURN(auto stored, orders::CreateReturn(tx, request.InZone(ctx.zone), ctx));
  if (!stored.created) return stored;  // a replay: the first create ran the effects
  // First-time create: the rooms' effects on stored.ret, in order.
  LOY_RETURN_IF_ERROR(ReversePointsForReturn(tx, programs, stored.ret, now));
  LOY_RETURN_IF_ERROR(RestoreHoldsForReturn(tx, stored.ret, now));
  if (stored.ret.order_external_id) {
    LOY_ASSIGN_OR_RETURN(orders::Order order, orders::GetOrder(tx, *stored.ret.order_external_id));
    LOY_RETURN_IF_ERROR(MoveBuyerTier(tx, programs, order, program::TierReason::kReturn,
                                      stored.ret.external_id, shop, now));
  }
  return stored;
}

}  // namespace loyal::intake
