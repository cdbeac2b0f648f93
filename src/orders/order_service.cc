#include "orders/order_service.h"

#include "core/text_rules.h"
#include "customers/customer_service.h"
#include "orders/order_store.h"

namespace loyal::orders {
namespace {

Error Mismatch(std::string_view what, std::string_view external_id) {
  return Error{ErrorCode::kAlreadyExists,
               std::string(what) + " '" + std::string(external_id) +
                   "' already exists with different contents; resend the original request "
                   "to read it, or use a new id",
               "external_id"};
}

// The stored order under `key` if it was created by the same request, else 409.
Result<CreateOrderResult> ReplayOrder(db::Transaction& tx, const store::OrderKey& key,
                                      std::string_view external_id, std::string_view hash) {
  LOY_ASSIGN_OR_RETURN(auto order, store::LoadOrder(tx, key));
  if (!order) return Internal("order look-up points at a missing order");
  if (order->request_hash != hash) return tl::unexpected(Mismatch("order", external_id));
  return CreateOrderResult{std::move(*order), false};
}

Result<CreateReturnResult> ReplayReturn(db::Transaction& tx, const store::ReturnKey& key,
                                        std::string_view external_id, std::string_view hash) {
  LOY_ASSIGN_OR_RETURN(auto ret, store::LoadReturn(tx, key));
  if (!ret) return Internal("return look-up points at a missing return");
  if (ret->request_hash != hash) return tl::unexpected(Mismatch("return", external_id));
  return CreateReturnResult{std::move(*ret), false};
}

Result<store::OrderKey> FindOrderKey(db::Transaction& tx, std::string_view external_id) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupOrder(tx, external_id));
  if (!key) return NotFound("no order with id '" + EscapeForMessage(external_id) + "'");
  return *key;
}

// The buyer's internal id: the shop's customer (created if new), or a guest id that is
// only stored once this request has won the order id (so a losing racer leaves no guest).
Result<int64_t> BuyerId(db::Transaction& tx, const Buyer& buyer, Timestamp now) {
  if (!buyer.external_id) return customers::NewCustomerId(tx);
  return customers::EnsureBuyer(tx, *buyer.external_id, {buyer.email, buyer.name}, now);
}

Result<int64_t> RefundFor(const Order& order, const ReturnInput& input,
                          const std::vector<ReturnLine>& lines) {
  int64_t refund = 0;
  if (input.refund_minor) {
    refund = *input.refund_minor;
  } else {
    for (const ReturnLine& line : lines) {
      LOY_ASSIGN_OR_RETURN(refund, CheckedAdd(refund, line.amount_minor));
    }
  }
  LOY_ASSIGN_OR_RETURN(int64_t refunded, CheckedAdd(order.refunded_minor, refund));
  // Returns refund merchandise: at most what was paid for it after discounts. Shipping and
  // tax are not refunded through returns (a shop that refunds them does so outside Loyal).
  if (refunded > order.net_minor) {
    return FailedPrecondition("refunds would total " + std::to_string(refunded) +
                                  " minor units, more than the " + std::to_string(order.net_minor) +
                                  " paid for the order's merchandise",
                              "refund_minor");
  }
  return refund;
}

}  // namespace

Result<CreateOrderResult> CreateOrder(db::Transaction& tx, OrderInput input,
                                      const OrderContext& ctx) {
  LOY_RETURN_IF_ERROR(NormalizeOrderInput(input));
  const std::string hash = OrderRequestHash(input);
  LOY_ASSIGN_OR_RETURN(auto existing, store::LookupOrder(tx, input.external_id));
  if (existing) return ReplayOrder(tx, *existing, input.external_id, hash);

  LOY_ASSIGN_OR_RETURN(int64_t customer_id, BuyerId(tx, input.customer, ctx.now));
  LOY_ASSIGN_OR_RETURN(int64_t order_id, tx.NextId("orders"));
  LOY_ASSIGN_OR_RETURN(Order order, BuildOrder(input, customer_id, order_id, ctx.now, ctx.zone));
  LOY_RETURN_IF_ERROR(store::FillCategories(tx, std::span<Order>(&order, 1)));
  const store::OrderKey key{customer_id, order_id};
  LOY_ASSIGN_OR_RETURN(bool claimed, store::ClaimOrderId(tx, input.external_id, key));
  if (!claimed) {
    LOY_ASSIGN_OR_RETURN(store::OrderKey winner, FindOrderKey(tx, input.external_id));
    return ReplayOrder(tx, winner, input.external_id, hash);
  }
  if (!input.customer.external_id) {
    const std::string guest_id = customers::GuestIdForOrder(input.external_id);
    LOY_RETURN_IF_ERROR(customers::CreateGuest(
        tx, customer_id, guest_id, {input.customer.email, input.customer.name}, ctx.now));
    order.customer_external_id = guest_id;  // as GET answers it from now on
  }
  LOY_RETURN_IF_ERROR(store::InsertOrderRows(tx, order));
  return CreateOrderResult{std::move(order), true};
}

Result<Order> GetOrder(db::Transaction& tx, std::string_view external_id) {
  LOY_ASSIGN_OR_RETURN(store::OrderKey key, FindOrderKey(tx, external_id));
  LOY_ASSIGN_OR_RETURN(auto order, store::LoadOrder(tx, key));
  if (!order) return Internal("order look-up points at a missing order");
  return std::move(*order);
}

Result<SetStatusResult> SetOrderStatus(db::Transaction& tx, std::string_view external_id,
                                       OrderStatus to, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(store::OrderKey key, FindOrderKey(tx, external_id));
  LOY_RETURN_IF_ERROR(store::LockOrder(tx, key));
  LOY_ASSIGN_OR_RETURN(Order order, GetOrder(tx, external_id));
  if (order.status == to) return SetStatusResult{std::move(order), false};
  LOY_RETURN_IF_ERROR(CheckTransition(order.status, to));
  LOY_RETURN_IF_ERROR(store::UpdateStatus(tx, key, to, now));
  order.status = to;
  order.updated_at = now;
  return SetStatusResult{std::move(order), true};
}

Result<CreateReturnResult> CreateReturn(db::Transaction& tx, const ReturnInput& input,
                                        const OrderContext& ctx) {
  LOY_RETURN_IF_ERROR(ValidateReturnInput(input));
  const std::string hash = ReturnRequestHash(input);
  LOY_ASSIGN_OR_RETURN(store::OrderKey key, FindOrderKey(tx, input.order_external_id));
  LOY_RETURN_IF_ERROR(store::LockOrder(tx, key));
  // Looked up under the order's lock: a concurrent identical return has then either
  // committed (replay it) or not started its writes.
  LOY_ASSIGN_OR_RETURN(auto existing, store::LookupReturn(tx, input.external_id));
  if (existing) return ReplayReturn(tx, *existing, input.external_id, hash);

  LOY_ASSIGN_OR_RETURN(Order order, GetOrder(tx, input.order_external_id));
  if (order.status == OrderStatus::kCancelled) {
    return FailedPrecondition("a cancelled order cannot take returns", "order_id");
  }
  Return ret;
  LOY_ASSIGN_OR_RETURN(ret.lines, AllocateReturn(order, input));
  LOY_ASSIGN_OR_RETURN(ret.refund_minor, RefundFor(order, input, ret.lines));
  LOY_ASSIGN_OR_RETURN(ret.return_id, tx.NextId("returns"));
  ret.customer_id = order.customer_id;
  ret.order_id = order.order_id;
  ret.external_id = input.external_id;
  ret.order_external_id = order.external_id;
  ret.currency = order.currency;
  ret.returned_at = input.returned_at.value_or(ctx.now);
  ret.returned_day = LocalDay(ret.returned_at, ctx.zone);
  ret.request_hash = hash;
  ret.created_at = ctx.now;
  const store::ReturnKey return_key{ret.customer_id, ret.return_id, ret.order_id};
  LOY_ASSIGN_OR_RETURN(bool claimed, store::ClaimReturnId(tx, input.external_id, return_key));
  if (!claimed) {
    // The id was taken by a return of another order (same order: seen above).
    LOY_ASSIGN_OR_RETURN(existing, store::LookupReturn(tx, input.external_id));
    if (!existing) return Internal("return look-up vanished during a concurrent create");
    return ReplayReturn(tx, *existing, input.external_id, hash);
  }
  LOY_RETURN_IF_ERROR(store::InsertReturnRows(tx, ret));
  order.refunded_minor += ret.refund_minor;
  LOY_RETURN_IF_ERROR(store::SaveReturnProgress(tx, order));
  return CreateReturnResult{std::move(ret), true};
}

Result<std::vector<Return>> ListOrderReturns(db::Transaction& tx,
                                             std::string_view order_external_id) {
  LOY_ASSIGN_OR_RETURN(store::OrderKey key, FindOrderKey(tx, order_external_id));
  LOY_ASSIGN_OR_RETURN(std::vector<store::ReturnKey> keys, store::ListReturnKeys(tx, key));
  std::vector<Return> out;
  out.reserve(keys.size());
  for (const store::ReturnKey& return_key : keys) {
    LOY_ASSIGN_OR_RETURN(auto ret, store::LoadReturn(tx, return_key));
    if (!ret) return Internal("a listed return vanished within its transaction");
    out.push_back(std::move(*ret));
  }
  return out;
}

Result<MovedOrders> MoveCustomerOrders(db::Transaction& tx, int64_t from, int64_t to) {
  LOY_ASSIGN_OR_RETURN(auto moved, store::MoveOrderRows(tx, from, to));
  return MovedOrders{moved.first, moved.second};
}

Result<std::vector<KeptOrder>> ListKeptOrders(db::Transaction& tx, int64_t customer_id,
                                              DayNumber first_day) {
  return store::ReadKeptOrders(tx, customer_id, first_day);
}

Result<std::vector<int64_t>> CustomersWithOrders(db::Transaction& tx, int64_t after, int limit) {
  return store::CustomersWithOrders(tx, after, limit);
}

Result<std::optional<DayNumber>> FirstOrderDay(db::Transaction& tx, int64_t customer_id) {
  return store::EarliestOrderDay(tx, customer_id);
}

}  // namespace loyal::orders
