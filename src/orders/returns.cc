// AllocateReturn (declared in orders.h): where returned goods come from and what they are
// worth. Kept apart from orders.cc because the valuation rule deserves its own page.
#include <algorithm>

#include "orders/orders.h"

namespace loyal::orders {
namespace {

// The value of `quantity` more units of `line` after `line.returned_quantity` came back
// earlier, as the difference of two rounded totals, so that a line returned in several
// parts sums to exactly its net amount and never more. A discounted line's units are worth
// its net pro rata (what was paid for them); an undiscounted line's keep the rounding of
// its unit price, as before discounts existed.
Result<int64_t> ReturnedValue(const OrderLine& line, int64_t quantity, const Currency& currency) {
  if (line.net_minor != line.amount_minor) {
    return ProRataStep(line.net_minor, line.quantity, line.returned_quantity, quantity);
  }
  LOY_ASSIGN_OR_RETURN(int64_t before,
                       LineTotalMinor(line.returned_quantity, line.unit_price_micros, currency));
  LOY_ASSIGN_OR_RETURN(int64_t after, LineTotalMinor(line.returned_quantity + quantity,
                                                     line.unit_price_micros, currency));
  return after - before;
}

// Takes `quantity` units from `line` into `out`.
Status Take(OrderLine& line, int64_t quantity, const Currency& currency,
            std::vector<ReturnLine>& out) {
  LOY_ASSIGN_OR_RETURN(int64_t value, ReturnedValue(line, quantity, currency));
  out.push_back(
      ReturnLine{static_cast<int32_t>(out.size()), line.line_no, line.sku, quantity, value});
  line.returned_quantity += quantity;
  return {};
}

Status TakeLine(Order& order, const ReturnLineInput& in, size_t index,
                std::vector<ReturnLine>& out) {
  const auto it = std::find_if(order.lines.begin(), order.lines.end(),
                               [&](const OrderLine& l) { return l.line_no == *in.line_no; });
  if (it == order.lines.end()) {
    return FailedPrecondition("the order has no line " + std::to_string(*in.line_no),
                              LineFieldPath(index, "line_no"));
  }
  const int64_t left = it->quantity - it->returned_quantity;
  if (in.quantity > left) {
    return FailedPrecondition("only " + std::to_string(left) + " of line " +
                                  std::to_string(it->line_no) + " can still be returned",
                              LineFieldPath(index, "quantity"));
  }
  return Take(*it, in.quantity, order.currency, out);
}

Status TakeSku(Order& order, const ReturnLineInput& in, size_t index,
               std::vector<ReturnLine>& out) {
  int64_t left = 0;
  bool found = false;
  for (const OrderLine& l : order.lines) {
    if (l.sku != *in.sku) continue;
    found = true;
    left += l.quantity - l.returned_quantity;
  }
  if (!found) {
    return FailedPrecondition("the order has no line with sku '" + *in.sku + "'",
                              LineFieldPath(index, "sku"));
  }
  if (in.quantity > left) {
    return FailedPrecondition(
        "only " + std::to_string(left) + " of sku '" + *in.sku + "' can still be returned",
        LineFieldPath(index, "quantity"));
  }
  int64_t wanted = in.quantity;
  for (OrderLine& l : order.lines) {
    if (wanted == 0) break;
    const int64_t take = std::min(wanted, l.quantity - l.returned_quantity);
    if (l.sku != *in.sku || take == 0) continue;
    LOY_RETURN_IF_ERROR(Take(l, take, order.currency, out));
    wanted -= take;
  }
  return {};
}

}  // namespace

Result<std::vector<ReturnLine>> AllocateReturn(Order& order, const ReturnInput& input) {
  std::vector<ReturnLine> out;
  for (size_t i = 0; i < input.lines.size(); ++i) {
    const ReturnLineInput& in = input.lines[i];
    LOY_RETURN_IF_ERROR(in.line_no ? TakeLine(order, in, i, out) : TakeSku(order, in, i, out));
  }
  return out;
}

}  // namespace loyal::orders
