#include "intake/order_holds.h"

#include "core/money.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_queries.h"
#include "orders/order_service.h"

namespace loyal::intake {
namespace {

bool IsPaidOrBeyond(orders::OrderStatus status) {
  return status == orders::OrderStatus::kPaid || status == orders::OrderStatus::kShipped ||
         status == orders::OrderStatus::kDelivered;
}

// Points given back are the order's doing, so the history shows the order behind them.
ledger::Memo OrderMemo(const std::string& reason, const std::string& order_id) {
  return ledger::Memo{reason + " " + order_id, "order", order_id, std::nullopt, std::nullopt};
}

// The same refusal for every way a named hold cannot pay: a field-level 422.
Status Refused(const Error& error, size_t index) {
  const std::string field = "points_holds[" + std::to_string(index) + "]";
  if (error.code == ErrorCode::kNotFound) {
    return FailedPrecondition("the buyer has no hold with this id", field);
  }
  if (error.code == ErrorCode::kFailedPrecondition) {
    return FailedPrecondition("this hold cannot pay for the order: " + error.message, field);
  }
  return tl::unexpected(error);
}

Status Capture(db::Transaction& tx, const std::string& hold_id, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(ledger::Hold hold, ledger::GetHold(tx, hold_id));
  if (hold.state == ledger::HoldState::kReleased) return {};  // see the header
  return ledger::CaptureHold(tx, hold_id, now).map([](auto&&) {});
}

// Cancelled: a held hold is released; a captured one gives back what it has left.
Status Unwind(db::Transaction& tx, const orders::Order& order, const std::string& hold_id,
              Timestamp now) {
  LOY_ASSIGN_OR_RETURN(ledger::Hold hold, ledger::GetHold(tx, hold_id));
  if (hold.state == ledger::HoldState::kHeld) {
    return ledger::ReleaseHold(tx, hold_id, now).map([](auto&&) {});
  }
  const int64_t left = hold.points - hold.restored;
  if (hold.state != ledger::HoldState::kCaptured || left == 0) return {};
  return ledger::RestoreHold(tx, hold_id, left, OrderMemo("cancelled order", order.external_id),
                             now)
      .map([](auto&&) {});
}

// How much of the order's merchandise has come back, as a part of a whole: the lines' net
// values returned so far over the order's net (each line's returned value is its net pro
// rata to its units, so the whole order returned is exactly the whole). An order whose
// merchandise was free is measured in units instead.
std::pair<int64_t, int64_t> ReturnedShare(const orders::Order& order) {
  int64_t returned = 0;
  int64_t whole = 0;
  for (const orders::OrderLine& line : order.lines) {
    returned += ProRataStep(line.net_minor, line.quantity, 0, line.returned_quantity);
    whole += line.net_minor;
  }
  if (whole > 0) return {returned, whole};
  returned = 0;
  for (const orders::OrderLine& line : order.lines) {
    returned += line.returned_quantity;
    whole += line.quantity;
  }
  return {returned, whole};
}

}  // namespace

Status BindHoldsForNewOrder(db::Transaction& tx, const orders::Order& order, Timestamp now) {
  for (size_t i = 0; i < order.points_holds.size(); ++i) {
    auto bound = ledger::BindHoldToOrder(tx, order.customer_id, order.points_holds[i], now);
    if (!bound) return Refused(bound.error(), i);
  }
  if (order.status == orders::OrderStatus::kPlaced) return {};
  return ApplyOrderStatusToHolds(tx, order, now);
}

Status ApplyOrderStatusToHolds(db::Transaction& tx, const orders::Order& order, Timestamp now) {
  for (const std::string& hold_id : order.points_holds) {
    if (IsPaidOrBeyond(order.status)) {
      LOY_RETURN_IF_ERROR(Capture(tx, hold_id, now));
    } else if (order.status == orders::OrderStatus::kCancelled) {
      LOY_RETURN_IF_ERROR(Unwind(tx, order, hold_id, now));
    }
  }
  return {};
}

Status RestoreHoldsForReturn(db::Transaction& tx, const orders::Return& ret, Timestamp now) {
  if (!ret.order_external_id) return {};
  LOY_ASSIGN_OR_RETURN(orders::Order order, orders::GetOrder(tx, *ret.order_external_id));
  if (order.points_holds.empty()) return {};
  const auto [returned, whole] = ReturnedShare(order);
  for (const std::string& hold_id : order.points_holds) {
    LOY_ASSIGN_OR_RETURN(ledger::Hold hold, ledger::GetHold(tx, hold_id));
    if (hold.state != ledger::HoldState::kCaptured) continue;
    // What the returns so far reach in all, less what was given back already: the sum
    // over every return of the whole order is then exactly the hold's points.
    const int64_t due = ProRataStep(hold.points, whole, 0, returned) - hold.restored;
    if (due <= 0) continue;
    LOY_RETURN_IF_ERROR(
        ledger::RestoreHold(tx, hold_id, due,
                            OrderMemo("return " + ret.external_id + " of order", order.external_id),
                            now)
            .map([](auto&&) {}));
  }
  return {};
}

}  // namespace loyal::intake
