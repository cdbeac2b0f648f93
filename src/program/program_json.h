// The program document's JSON form: parsing with field-level errors, and the canonical
// document written back (what `GET /v1/program` returns and what is stored per version).
//
// The document (docs/loyalty.md has a worked example):
//   {"earning": {"rates": {"GBP": "1"}, "rounding": "down",
//                "multipliers": [{"sku": "MUG", "factor": "2"}, {"category": "gift", "factor":
//                "0"}], "minimum_order_minor": {"GBP": 500}, "first_order_bonus": 100,
//                "birthday_bonus": 50,
//                "spend_bonuses": [{"currency": "GBP", "min_net_minor": 10000, "points": 50}],
//                "guests_earn": false},
//    "events": [{"name": "sign_up", "points": 100, "cap": {"count": 1, "per": "lifetime"}}],
//    "expiry": {"policy": "after_earning", "months": 12, "round_to_month_end": true,
//               "warning_days": 30},
//    "tiers": {"basis": ["spend"], "window": "rolling_12_months", "downgrade": "recompute",
//              "grace_days": 0, "levels": [{"code": "member", "name": "Member"}, ...]},
//    "rewards": [{"code": "five_off", "name": "£5 off", "kind": "amount_off",
//                 "amount_minor": {"GBP": 500}, "points_cost": 500, "stock": 100}]}
// Decimals (rates, factors) are strings or integers, never floats. Every member is
// optional except where a rule needs it; unknown members are refused.
// Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "core/error.h"
#include "program/program.h"

namespace loyal::program {

// Parses and validates a program document. Errors, with the member's JSON path as field
// ("earning.rates.GBP", "events[2].cap.per", "tiers.levels[1].entry.orders"): invalid_argument for
// a malformed member (an unknown field, a wrong type, a value out of range such as a negative rate
// or an unknown currency); failed_precondition for rules the document cannot resolve (two
// multipliers for the same sku or category, two events of one name, two spend bonuses at one
// threshold, tier levels that do not climb or repeat a code, a retain threshold above its entry,
// two rewards of one code, a reward's tier that is not a level, a birthday gift that is not a
// reward of the catalog, a reward valid until before it is valid from).
[[nodiscard]] Result<Program> ParseProgram(const boost::json::object& document);

// The canonical document of `program`: every member present (tiers and rewards only when the
// program has them), decimals as minimal strings;
// ParseProgram(ProgramJson(p)) gives p back.
boost::json::object ProgramJson(const Program& program);

// One reward of the catalog as `PUT /v1/rewards/{code}` takes it, checked against `program`
// (its tier must be a level of the program's tiers). Errors as ParseProgram's, with fields
// relative to the reward ("points_cost", "amount_minor.GBP").
[[nodiscard]] Result<Reward> ParseRewardIn(const boost::json::object& reward,
                                           const Program& program);

// A reward as the catalog writes it (the members of its kind, nulls for absent limits).
boost::json::object RewardJson(const Reward& reward);

// As the document writes them: a tier threshold, or a member's amounts, per basis the rules
// use ({"spend_minor": {"GBP": 10000}, "orders": 3}); a level's benefits.
boost::json::object TierAmountsJson(const TierRules& rules, const TierAmounts& amounts);
boost::json::object TierBenefitsJson(const TierBenefits& benefits);

}  // namespace loyal::program
