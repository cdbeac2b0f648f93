// Member tier use cases: a member's tier as stored, resolved against the program in force,
// one evaluation (which moves the member, records the move in the tier history and keeps
// the grace), the history, and the members the daily job looks at. The amounts are the
// caller's to count (intake/tier_effects.h counts them from the orders and the ledger):
// this room knows nothing of the rooms below it that hold them.
//
// A member with no stored row holds the base level. A member whose stored level the program
// no longer has counts as at the base level until the next evaluation moves them (recorded
// as a move from the level they had).
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread. Callers
// evaluate a member only under that member's ledger lock (intake does, after the order's
// ledger work), so two evaluations of one member never interleave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "program/program_service.h"
#include "program/tier_outlook.h"
#include "program/tier_store.h"

namespace loyal::program {

// The index in rules.levels of the level the customer holds (0 with no stored tier).
// Errors: the transaction's.
[[nodiscard]] Result<size_t> CurrentTierLevel(db::Transaction& tx, int64_t customer_id,
                                              const TierRules& rules);

struct MemberTier {
  TierState state;
  std::optional<store::StoredTier> stored;  // nullopt: never moved, at the base level
};

// The member's tier resolved against `rules`. Errors: the transaction's.
[[nodiscard]] Result<MemberTier> LoadMemberTier(db::Transaction& tx, int64_t customer_id,
                                                const TierRules& rules);

// Why an evaluation ran: what the tier history records.
// kBackfill: history was backfilled or the whole store re-evaluated (EvaluateAllTiers).
enum class TierReason { kOrder, kStatus, kReturn, kEvent, kDaily, kBackfill };
inline constexpr EnumName<TierReason> kTierReasonNames[] = {
    {TierReason::kOrder, "order"},   {TierReason::kStatus, "status"},
    {TierReason::kReturn, "return"}, {TierReason::kEvent, "event"},
    {TierReason::kDaily, "daily"},   {TierReason::kBackfill, "backfill"}};

struct TierEvaluationInput {
  TierAmounts amounts;         // what counts in the window today
  DayNumber today = 0;         // in the shop's time zone
  DayNumber member_since = 0;  // for a member with no stored tier; a stored one keeps its own
  TierReason reason = TierReason::kDaily;
  std::optional<std::string> reference;  // the order's, return's or event's id
};

// Evaluates `member` (as LoadMemberTier returned it) under `version`'s tiers and stores the
// outcome: a move writes the new level (since now) and a history row; a change of grace alone
// writes the state; otherwise nothing is written. Returns whether the member moved (a
// history row was written). Errors: the transaction's.
[[nodiscard]] Result<bool> EvaluateMemberTier(db::Transaction& tx, int64_t customer_id,
                                              const ProgramVersion& version,
                                              const MemberTier& member,
                                              const TierEvaluationInput& input, Timestamp now);

// The member's moves, newest first: up to `limit` after the position `after` (a page's
// next_position; "" for the first page). Errors: invalid_argument (field "after") for a
// position no page handed out; the transaction's.
struct TierMovePage {
  std::vector<store::TierMove> moves;
  std::string next_position;  // "" on the last page
};
[[nodiscard]] Result<TierMovePage> ListTierMoves(db::Transaction& tx, int64_t customer_id,
                                                 const std::string& after, int limit);

// Up to `limit` members after customer `after` that the daily job evaluates (above the base
// level, or in grace), by customer id. Errors: the transaction's.
[[nodiscard]] Result<std::vector<int64_t>> MembersToEvaluate(db::Transaction& tx,
                                                             const TierRules& rules, int64_t after,
                                                             int limit);

}  // namespace loyal::program
