// Member tiers: the "tiers" part of the program document (ordered levels, what qualifies a
// member for each, what each gives) and the pure arithmetic of tier evaluation: which level
// a member's amounts in the window qualify for, whether the current level is retained, what
// the next level still needs, when a downgrade is due under the program's policy, and the
// bounds of the window. The caller (a later tier service) counts the amounts and keeps the
// state; nothing here reads a store or a clock. Values and pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.h"
#include "core/time.h"

namespace loyal::program {

// What counts towards a tier: net spend, orders placed, points earned (never the balance,
// which falls when a member redeems). A program may name several; meeting any one suffices.
enum class TierBasis { kSpend, kOrders, kPoints };

// The days whose amounts count: the 12 months ending today, the calendar year, the member's
// membership year (from the anniversary of joining), or all time.
enum class TierWindow { kRolling12Months, kCalendarYear, kAnniversaryYear, kLifetime };

// What happens to a member below the retain thresholds of their level (after the grace):
// nothing, one level down per evaluation, or straight to the level the amounts hold.
enum class DowngradePolicy { kNone, kOneLevel, kRecompute };

// Amounts for the program's bases; a basis the program does not use is left empty/0.
// As a threshold, a member reaches it when any basis it names is reached (for spend: in any
// currency it lists). As a member's amounts, what was counted in the window.
struct TierAmounts {
  std::map<std::string, int64_t> spend_minor;  // per currency, minor units
  int64_t orders = 0;
  int64_t points = 0;
};

struct TierBenefits {
  int64_t earn_multiplier_millionths = 1'000'000;  // ×1
  int64_t discount_percent = 0;                    // 0..100
  bool free_shipping = false;
  bool priority_service = false;
  int64_t early_access_hours = 0;  // how long before a sale opens members of the tier may buy
  std::optional<std::string> birthday_gift_reward;  // a reward code of the catalog
  std::vector<std::string> perks;                   // shown to the customer as written
};

struct TierLevel {
  std::string code;    // lower-case slug, unique
  std::string name;    // shown to customers
  TierAmounts entry;   // the base level's (the first) is all zero
  TierAmounts retain;  // at most entry; defaults to it
  TierBenefits benefits;
};

struct TierRules {
  std::vector<TierBasis> basis;  // at least one, no repeats, in the document's order
  TierWindow window = TierWindow::kRolling12Months;
  DowngradePolicy downgrade = DowngradePolicy::kRecompute;
  int grace_days = 0;
  std::vector<TierLevel> levels;  // at least one; entry thresholds strictly increasing

  // Whether `b` is one of the bases.
  bool Uses(TierBasis b) const;
  // The index of the level with that code, or nullopt.
  std::optional<size_t> FindLevel(const std::string& code) const;
};

// Whether `amounts` reach `threshold` on any of `rules.basis`.
bool Reaches(const TierRules& rules, const TierAmounts& threshold, const TierAmounts& amounts);

// The index of the highest level whose entry thresholds `amounts` reach (0, the base level,
// when none above it).
size_t QualifiedLevel(const TierRules& rules, const TierAmounts& amounts);

// Whether `amounts` reach the retain thresholds of level `level` (always, for the base).
bool Retains(const TierRules& rules, size_t level, const TierAmounts& amounts);

// What the level above `current` still needs: per basis, how much is missing (0 where the
// member is already there); reaching any one basis qualifies. nullopt at the top level.
struct TierProgress {
  size_t next_level = 0;
  TierAmounts missing;
};
std::optional<TierProgress> ProgressToNext(const TierRules& rules, size_t current,
                                           const TierAmounts& amounts);

// The outcome of one evaluation of a member at level `current`.
struct TierDecision {
  size_t level = 0;  // the level from now on
  // While the member is below the retain thresholds and kept in grace: the first day on which
  // the downgrade happens if nothing changes. nullopt otherwise.
  std::optional<DayNumber> downgrade_due;
};

// Evaluates a member at level `current` (an index of rules.levels) on `today`. Entry above the
// current level moves up at once. Below the current level's retain thresholds, a downgrade is due
// `grace_days` after `below_retain_since` (the day the caller first saw the member below them;
// today when nullopt) and then goes, by policy: none never; one_level one level down; recompute to
// the highest lower level whose retain thresholds the amounts reach (the member held the levels
// below, so retain, not entry, decides). The caller records the new level and, while
// downgrade_due is set, the day the member fell below.
TierDecision EvaluateTier(const TierRules& rules, size_t current, const TierAmounts& amounts,
                          DayNumber today, std::optional<DayNumber> below_retain_since);

// The days whose amounts count on `today`: [first, end). rolling_12_months: from the day
// after the same day 12 months ago (clamped in a shorter February) to today; calendar_year:
// 1 Jan to 31 Dec of today's year; anniversary_year: from the last anniversary of
// `member_since` on or before today (a 29 February joiner's anniversary is 28 February in
// other years) to the next one; lifetime: from `member_since` to today. `end` is the day
// after today for the rolling and lifetime windows, which have no fixed end.
struct TierWindowBounds {
  DayNumber first = 0;
  DayNumber end = 0;
};
TierWindowBounds WindowBounds(TierWindow window, DayNumber today, DayNumber member_since);

// Wire names.
inline constexpr EnumName<TierBasis> kTierBasisNames[] = {
    {TierBasis::kSpend, "spend"}, {TierBasis::kOrders, "orders"}, {TierBasis::kPoints, "points"}};
inline constexpr EnumName<TierWindow> kTierWindowNames[] = {
    {TierWindow::kRolling12Months, "rolling_12_months"},
    {TierWindow::kCalendarYear, "calendar_year"},
    {TierWindow::kAnniversaryYear, "anniversary_year"},
    {TierWindow::kLifetime, "lifetime"}};
inline constexpr EnumName<DowngradePolicy> kDowngradePolicyNames[] = {
    {DowngradePolicy::kNone, "none"},
    {DowngradePolicy::kOneLevel, "one_level"},
    {DowngradePolicy::kRecompute, "recompute"}};

}  // namespace loyal::program
