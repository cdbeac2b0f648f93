#include "program/earning.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace loyal::program {
namespace {

// Amount × rate × multiplier needs up to 63 + 30 + 27 bits before the division; a tier's
// multiplier adds up to 27 more, so that product is checked.
__extension__ typedef __int128 Int128;

int64_t Pow10(int exponent) {
  int64_t p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
}

// numerator / denominator for a non-negative numerator and positive denominator.
Result<int64_t> Divide(Int128 numerator, Int128 denominator, Rounding rounding) {
  Int128 quotient = numerator / denominator;
  Int128 remainder = numerator % denominator;
  switch (rounding) {
    case Rounding::kDown:
      break;
    case Rounding::kUp:
      if (remainder != 0) ++quotient;
      break;
    case Rounding::kHalfEven:
      if (2 * remainder > denominator || (2 * remainder == denominator && quotient % 2 != 0)) {
        ++quotient;
      }
      break;
  }
  if (quotient > std::numeric_limits<int64_t>::max()) {
    return InvalidArgument("the order's points do not fit in 64 bits");
  }
  return static_cast<int64_t>(quotient);
}

// The sku rule for the line's sku, else its category's rule, else ×1.
int64_t FactorFor(const EarningRules& rules, const EarnLine& line) {
  const Multiplier* by_category = nullptr;
  for (const Multiplier& m : rules.multipliers) {
    if (m.match.sku && *m.match.sku == line.sku) return m.factor_millionths;
    if (m.match.category && line.category && *m.match.category == *line.category) {
      by_category = &m;
    }
  }
  return by_category != nullptr ? by_category->factor_millionths : kMillionths;
}

Result<std::vector<int64_t>> LineNets(const OrderFacts& order) {
  std::vector<int64_t> after_own;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const EarnLine& line = order.lines[i];
    std::string field = "lines[" + std::to_string(i) + "]";
    if (line.amount_minor < 0) return InvalidArgument("must not be negative", field + ".amount");
    if (line.discount_minor < 0 || line.discount_minor > line.amount_minor) {
      return InvalidArgument("must be between 0 and the line's amount", field + ".discount");
    }
    after_own.push_back(line.amount_minor - line.discount_minor);
  }
  auto shares = AllocateDiscount(after_own, order.order_discount_minor);
  if (!shares) return InvalidArgument(shares.error().message, "discount");
  for (size_t i = 0; i < after_own.size(); ++i) after_own[i] -= (*shares)[i];
  return after_own;
}

}  // namespace

int64_t OrderEarning::LinePointsTotal() const {
  return std::accumulate(line_points.begin(), line_points.end(), int64_t{0});
}

OrderBonuses BonusesFor(const EarningRules& rules, const std::string& currency, int64_t net_minor,
                        bool first_order) {
  if (auto min = rules.minimum_order_minor.find(currency);
      min != rules.minimum_order_minor.end() && net_minor < min->second) {
    return {};
  }
  OrderBonuses bonuses;
  // A fully returned first order keeps no bonus: nothing of it was bought.
  if (first_order && net_minor > 0) bonuses.first_order_bonus = rules.first_order_bonus;
  int64_t best_threshold = -1;
  for (const SpendBonus& b : rules.spend_bonuses) {
    if (b.currency == currency && net_minor >= b.min_net_minor &&
        b.min_net_minor > best_threshold) {
      best_threshold = b.min_net_minor;
      bonuses.spend_bonus = b.points;
    }
  }
  return bonuses;
}

Result<OrderEarning> EarnForOrder(const EarningRules& rules, const OrderFacts& order) {
  OrderEarning earning;
  LOY_ASSIGN_OR_RETURN(earning.line_net_minor, LineNets(order));
  for (int64_t net : earning.line_net_minor) {
    LOY_ASSIGN_OR_RETURN(earning.net_minor, CheckedAdd(earning.net_minor, net));
  }
  earning.line_points.assign(order.lines.size(), 0);
  auto rate = rules.rate_millionths.find(order.currency);
  auto min = rules.minimum_order_minor.find(order.currency);
  bool below_minimum = min != rules.minimum_order_minor.end() && earning.net_minor < min->second;
  if (rate == rules.rate_millionths.end() || below_minimum) return earning;
  const Int128 denominator =
      static_cast<Int128>(Pow10(order.currency_exponent)) * kMillionths * kMillionths * kMillionths;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    Int128 numerator = static_cast<Int128>(earning.line_net_minor[i]) * rate->second *
                       FactorFor(rules, order.lines[i]);
    if (__builtin_mul_overflow(numerator, static_cast<Int128>(order.tier_multiplier_millionths),
                               &numerator)) {
      return InvalidArgument("the order's points do not fit in 64 bits");
    }
    LOY_ASSIGN_OR_RETURN(earning.line_points[i], Divide(numerator, denominator, rules.rounding));
  }
  OrderBonuses bonuses = BonusesFor(rules, order.currency, earning.net_minor, order.first_order);
  earning.first_order_bonus = bonuses.first_order_bonus;
  earning.spend_bonus = bonuses.spend_bonus;
  return earning;
}

int64_t PointsForReturnedUnits(int64_t line_points, int64_t quantity, int64_t units_before,
                               int64_t units_now) {
  return ProRataStep(line_points, quantity, units_before, units_now);
}

}  // namespace loyal::program
