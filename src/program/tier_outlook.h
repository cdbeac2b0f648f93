// A member's tier over time: the state one evaluation leaves (level, and since when the
// member has been below that level's retain thresholds), the amounts a window sums from a
// member's dated purchases and points, and the outlook if nothing more is bought (when the
// member falls below the retain thresholds, what keeping the level then needs, when the
// downgrade happens and the level at the window's end). The live evaluation (tier_service.h)
// and the projection step through the same NextTierState, so what the API projects is what
// the daily job will do. Pure values and functions; thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "program/tiers.h"

namespace loyal::program {

// What one evaluation leaves: the level, and the first day of the unbroken run of
// evaluations that found the member below its retain thresholds and kept it in grace
// (nullopt when not below, at the base level, or under the policy none). A move resets it:
// a member moved down and still below the new level's retain thresholds starts a new grace
// on the day of the move.
struct TierState {
  size_t level = 0;
  std::optional<DayNumber> below_retain_since;
  bool operator==(const TierState&) const = default;
};

// The state after evaluating `state` with `amounts` on `today` (EvaluateTier, tiers.h).
TierState NextTierState(const TierRules& rules, const TierState& state, const TierAmounts& amounts,
                        DayNumber today);

// A dated amount of a member's: an order (its kept net spend in its currency, and 1 when it
// counts as an order: not cancelled, not wholly returned) or points earned. Dated by the
// shop's calendar day.
struct TierContribution {
  DayNumber day = 0;
  std::string currency;  // of spend_minor; empty when spend_minor is 0
  int64_t spend_minor = 0;
  int64_t orders = 0;
  int64_t points = 0;
};

// The sum, per basis the rules use, of the contributions whose day is in the rules' window
// on `today`.
TierAmounts AmountsInWindow(const TierRules& rules, const std::vector<TierContribution>& dated,
                            DayNumber today, DayNumber member_since);

// The day the window that holds `today` ends: the first day of the next calendar or
// anniversary year; a year on for rolling 12 months (when all that counts today has left the
// window); today for lifetime, whose amounts never leave.
DayNumber WindowEnd(TierWindow window, DayNumber today, DayNumber member_since);

// Called for each day AdvanceTierDaily evaluates, with what counted and the state before and
// after; returning false stops the walk there.
using OnTierDay = std::function<bool(DayNumber day, const TierAmounts& amounts,
                                     const TierState& before, const TierState& after)>;

// The state after evaluating `state` once a day on each day of [first, last] with `dated`
// counting, as the daily job does. Only the days on which an evaluation can change the state
// are evaluated (a contribution leaves the window, a grace falls due, the day after a move);
// on the others the state stays as it is. `on_day` (may be empty) sees each evaluated day.
TierState AdvanceTierDaily(const TierRules& rules, const TierState& state,
                           const std::vector<TierContribution>& dated, DayNumber first,
                           DayNumber last, DayNumber member_since, const OnTierDay& on_day = {});

struct TierOutlook {
  // The first day from today on which, buying nothing more, the member is below the current
  // level's retain thresholds (today when already below); nullopt when that never happens
  // before projected_on, or at the base level.
  std::optional<DayNumber> below_retain_on;
  // What the member would need more, counted by below_retain_on, to keep the level: per
  // basis, the retain threshold less what still counts then (reaching any one suffices).
  TierAmounts retain_missing;
  // The day the level goes down if nothing more is bought (grace counted, even when it runs
  // past projected_on); nullopt when the member is not below by projected_on, or the policy
  // is none.
  std::optional<DayNumber> downgrade_on;
  DayNumber projected_on = 0;  // WindowEnd
  size_t projected_level = 0;  // the level on projected_on, evaluated daily until then
};

// The outlook of a member in `state` on `today` with `dated` counting, evaluated once a
// day from today as the daily job does: to WindowEnd for the projected level, and on for at
// most grace_days more to find the downgrade of a grace under way by then.
TierOutlook ProjectTier(const TierRules& rules, const TierState& state,
                        const std::vector<TierContribution>& dated, DayNumber today,
                        DayNumber member_since);

}  // namespace loyal::program
