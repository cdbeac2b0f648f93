// What an order earns under a program's earning rules: points per line on its net
// merchandise (after its own discount and its share of the order's discount; shipping and
// tax never earn, and points paid with are a payment, not a discount), then the order's
// bonuses. Points are computed per line and summed, so a return reverses exactly what its
// lines earned. Pure functions over integers; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "program/program.h"

namespace loyal::program {

struct EarnLine {
  std::string sku;
  std::optional<std::string> category;
  int64_t amount_minor = 0;    // quantity × unit price
  int64_t discount_minor = 0;  // the line's own discount
};

struct OrderFacts {
  std::string currency;
  int currency_exponent = 2;  // digits after the point: 2 for GBP, 0 for JPY
  std::vector<EarnLine> lines;
  int64_t order_discount_minor = 0;  // shared among the lines in proportion to their amounts
  bool first_order = false;          // the customer's first order that was not cancelled
  // The buyer's tier's earn multiplier (tiers.h), on the lines' points, not the bonuses.
  int64_t tier_multiplier_millionths = kMillionths;
};

struct OrderEarning {
  std::vector<int64_t> line_net_minor;  // per line, after both discounts
  std::vector<int64_t> line_points;     // per line
  int64_t net_minor = 0;                // sum of line_net_minor
  int64_t first_order_bonus = 0;
  int64_t spend_bonus = 0;

  int64_t LinePointsTotal() const;
  int64_t Total() const { return LinePointsTotal() + first_order_bonus + spend_bonus; }
};

// The order's earning. Errors: invalid_argument (field "discount" or
// "lines[i].discount") when a discount is negative or larger than what it applies to, or
// when an amount is negative; invalid_argument on overflow.
[[nodiscard]] Result<OrderEarning> EarnForOrder(const EarningRules& rules, const OrderFacts& order);

// The order-level bonuses for an order of net merchandise `net_minor`: also what a partly
// returned order keeps, re-checked on what remains. Zero below the minimum order value.
struct OrderBonuses {
  int64_t first_order_bonus = 0;
  int64_t spend_bonus = 0;
};
OrderBonuses BonusesFor(const EarningRules& rules, const std::string& currency, int64_t net_minor,
                        bool first_order);

// AllocateDiscount (core/money.h) splits the order discount over the lines.
using ::loyal::AllocateDiscount;

// The points of a line that `units_now` more of its `quantity` units being returned
// reverse, when `units_before` were returned already: the difference of the line's points
// pro rata before and after, so returning every unit in any number of returns reverses
// exactly `line_points`. Requires 0 <= units_before, units_before + units_now <= quantity.
int64_t PointsForReturnedUnits(int64_t line_points, int64_t quantity, int64_t units_before,
                               int64_t units_now);

}  // namespace loyal::program
