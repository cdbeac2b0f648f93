#include "program/stored_order_rules.h"

#include <algorithm>

#include "customers/customers.h"

namespace loyal::program {

bool ReachedRelease(orders::OrderStatus status, settings::PointsRelease release) {
  using orders::OrderStatus;
  if (status == OrderStatus::kCancelled || status == OrderStatus::kPlaced) return false;
  return release == settings::PointsRelease::kPaid || status == OrderStatus::kDelivered;
}

bool IsGuestOrder(const orders::Order& order) {
  return !order.customer_external_id || customers::IsGuestId(*order.customer_external_id);
}

bool BuyerMayEarn(const orders::Order& order, const Program& rules) {
  return !IsGuestOrder(order) || rules.earning.guests_earn;
}

OrderFacts StoredOrderFacts(const orders::Order& order, bool first_order) {
  OrderFacts facts;
  facts.currency = std::string(order.currency.code());
  facts.currency_exponent = order.currency.exponent();
  facts.first_order = first_order;
  facts.order_discount_minor = order.discount_minor;
  facts.lines.reserve(order.lines.size());
  for (const orders::OrderLine& line : order.lines) {
    facts.lines.push_back(
        EarnLine{line.sku, line.category, line.amount_minor, line.discount_minor});
  }
  return facts;
}

bool HasCategoryRules(const EarningRules& rules) {
  return std::any_of(rules.multipliers.begin(), rules.multipliers.end(),
                     [](const Multiplier& m) { return m.match.category.has_value(); });
}

}  // namespace loyal::program
