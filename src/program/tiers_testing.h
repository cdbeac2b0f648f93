// Test support for the tier tests (tiers_test.cc, tier_outlook_test.cc): amounts, levels and
// a three-level program qualified by spend or orders.
#pragma once

#include <string>
#include <string_view>

#include "program/tiers.h"

namespace loyal::program::testing {

inline DayNumber Day(std::string_view text) { return *ParseDate(text); }

inline TierAmounts Amounts(int64_t eur_minor, int64_t orders) {
  TierAmounts a;
  a.spend_minor["EUR"] = eur_minor;
  a.orders = orders;
  return a;
}
inline TierAmounts Spend(int64_t eur_minor) { return Amounts(eur_minor, 0); }
inline TierAmounts Orders(int64_t orders) {
  TierAmounts a;
  a.orders = orders;
  return a;
}

inline TierLevel Level(std::string code, TierAmounts entry, TierAmounts retain) {
  TierLevel level;
  level.code = code;
  level.name = code;
  level.entry = std::move(entry);
  level.retain = std::move(retain);
  return level;
}

// member / silver (EUR 500.00 or 5 orders; keeps at 400.00 or 4) / gold (1500.00 or 12;
// keeps at 1200.00 or 10).
inline TierRules SpendOrOrders(DowngradePolicy policy, int grace_days) {
  TierRules rules;
  rules.basis = {TierBasis::kSpend, TierBasis::kOrders};
  rules.downgrade = policy;
  rules.grace_days = grace_days;
  rules.levels.push_back(Level("member", {}, {}));
  rules.levels.push_back(Level("silver", Amounts(50000, 5), Amounts(40000, 4)));
  rules.levels.push_back(Level("gold", Amounts(150000, 12), Amounts(120000, 10)));
  return rules;
}

}  // namespace loyal::program::testing
