// The loyalty program document: what a shop's customers earn, for which purchases and
// events, and when their points expire. A program is a value parsed from (and written back
// to) the JSON document of `PUT /v1/program` (program_json.h); every ledger entry records
// the version of the program that produced it, so a return reverses by the rules that
// earned. Tiers (tiers.h) and the rewards catalog (rewards.h) are part of the document.
//
// Exact arithmetic only: rates and multipliers are decimals kept as integers of millionths,
// amounts are integers of minor units, points are integers. Values; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.h"
#include "program/rewards.h"
#include "program/tiers.h"

namespace loyal::program {

// Decimals in the document ("1", "1.5", "0.01") are integers of millionths.
inline constexpr int64_t kMillionths = 1'000'000;
// Bounds that keep every product of amount × rate × multiplier inside 128 bits.
inline constexpr int64_t kMaxRateMillionths = 1'000 * kMillionths;      // 1,000 points a unit
inline constexpr int64_t kMaxMultiplierMillionths = 100 * kMillionths;  // ×100

// How a line's fractional points become whole ones.
enum class Rounding { kDown, kHalfEven, kUp };

// A multiplier or an exclusion applies to one sku or to one category; a sku rule is more
// specific and wins over its category's rule.
struct ProductMatch {
  std::optional<std::string> sku;
  std::optional<std::string> category;
};

struct Multiplier {
  ProductMatch match;
  int64_t factor_millionths = kMillionths;  // 2 -> 2'000'000; 0 excludes the product
};

// A bonus on an order whose net merchandise reaches `min_net_minor` in `currency`; of
// several, the highest threshold reached applies (they do not add up).
struct SpendBonus {
  std::string currency;
  int64_t min_net_minor = 0;
  int64_t points = 0;
};

struct EarningRules {
  // Points per major unit of each currency the shop sells in; an order in a currency not
  // listed earns nothing (its lines' points are 0).
  std::map<std::string, int64_t> rate_millionths;
  Rounding rounding = Rounding::kDown;
  std::vector<Multiplier> multipliers;  // exclusions are multipliers of 0
  // Orders whose net merchandise is below this (per currency) earn nothing at all.
  std::map<std::string, int64_t> minimum_order_minor;
  int64_t first_order_bonus = 0;
  int64_t birthday_bonus = 0;  // once a year, on the customer's birthday
  std::vector<SpendBonus> spend_bonuses;
  bool guests_earn = false;
};

// How often an event may earn: at most `count` times per calendar `period`.
enum class CapPeriod { kDay, kWeek, kMonth, kYear, kLifetime };

struct EventRule {
  std::string name;  // sign_up, review, survey_answered, referral, or the shop's own
  int64_t points = 0;
  std::optional<int64_t> cap_count;  // absent: no cap
  CapPeriod cap_period = CapPeriod::kLifetime;
};

enum class ExpiryPolicy { kNever, kAfterEarning, kAfterInactivity };

struct ExpiryRules {
  ExpiryPolicy policy = ExpiryPolicy::kNever;
  int months = 0;                   // after earning, or of inactivity
  bool round_to_month_end = false;  // after earning: valid to the end of that month
  int warning_days = 0;             // a "points will expire" record this many days before
};

struct Program {
  EarningRules earning;
  std::vector<EventRule> events;
  ExpiryRules expiry;
  std::optional<TierRules> tiers;  // absent: the program has no tiers
  std::vector<Reward> rewards;     // the catalog, in the document's order

  // The event rule of that name, or nullptr.
  const EventRule* FindEvent(const std::string& name) const;
  // The reward with that code, or nullptr.
  const Reward* FindReward(std::string_view code) const;
};

// Wire names.
inline constexpr EnumName<Rounding> kRoundingNames[] = {
    {Rounding::kDown, "down"}, {Rounding::kHalfEven, "half_even"}, {Rounding::kUp, "up"}};
inline constexpr EnumName<CapPeriod> kCapPeriodNames[] = {{CapPeriod::kDay, "day"},
                                                          {CapPeriod::kWeek, "week"},
                                                          {CapPeriod::kMonth, "month"},
                                                          {CapPeriod::kYear, "year"},
                                                          {CapPeriod::kLifetime, "lifetime"}};
inline constexpr EnumName<ExpiryPolicy> kExpiryPolicyNames[] = {
    {ExpiryPolicy::kNever, "never"},
    {ExpiryPolicy::kAfterEarning, "after_earning"},
    {ExpiryPolicy::kAfterInactivity, "after_inactivity"}};

}  // namespace loyal::program
