// Internal to intake: member tiers across the rooms that hold what they count. A tier's
// amounts are the member's orders (orders room: the net merchandise kept after returns, and
// the orders that count) and the points they earned (ledger room) in the program's window;
// this file reads them, dated by the shop's calendar day, and hands them to the program
// room's evaluation (program/tier_service.h). The order, status, return and event use cases
// call EvaluateTier after their ledger work; it takes the member's ledger lock, so one
// member's evaluations never interleave. The daily job (RunTierJob) evaluates the members
// above the base level or in grace, whose window moves on without them. Guests hold no
// tier.
//
// Thread-safety: stateless; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "program/program_service.h"
#include "program/tier_service.h"
#include "settings/settings.h"

namespace loyal::intake {

// A member's tier as read for an evaluation or the API: the stored state, the day from
// which anniversary years count, and the dated amounts of the window that holds today.
struct MemberTierFacts {
  program::MemberTier member;
  DayNumber member_since = 0;
  DayNumber today = 0;
  std::vector<program::TierContribution> dated;
};

// Reads what `rules` count for the customer on the shop's day of `now`. Errors: the
// transaction's.
[[nodiscard]] Result<MemberTierFacts> ReadMemberTierFacts(db::Transaction& tx, int64_t customer_id,
                                                          const program::TierRules& rules,
                                                          const settings::ShopSettings& shop,
                                                          Timestamp now);

// Evaluates the customer's tier under `version`, if it has tiers, and records a move with
// `reason` and `reference`. Returns whether the member moved. Errors: the transaction's.
[[nodiscard]] Result<bool> EvaluateTier(db::Transaction& tx, const program::ProgramVersion& version,
                                        int64_t customer_id, program::TierReason reason,
                                        const std::optional<std::string>& reference,
                                        const settings::ShopSettings& shop, Timestamp now);

// EvaluateTier under the program in force (read through `programs`); nothing without one.
[[nodiscard]] Status EvaluateCurrentTier(db::Transaction& tx, program::ProgramCache& programs,
                                         int64_t customer_id, program::TierReason reason,
                                         const std::optional<std::string>& reference,
                                         const settings::ShopSettings& shop, Timestamp now);

// The earn multiplier (millionths) of the level the customer holds under `rules` (×1
// without tiers). Errors: the transaction's.
[[nodiscard]] Result<int64_t> TierEarnMultiplier(db::Transaction& tx, int64_t customer_id,
                                                 const program::Program& rules);

// The daily job: evaluates, under `current`, every member above the base level or in
// grace, kJobBatch to a transaction; returns how many moved. Errors: the store's.
[[nodiscard]] Result<int64_t> RunTierJob(db::Database& db, const settings::ShopSettings& shop,
                                         const program::ProgramVersion& current, Timestamp now);

// Evaluates, under `current`, every customer with orders (guests left out), kJobBatch to a
// transaction, with `reason`: after a backfill of history, or a program that brings or
// changes tiers, so members hold the level their history earns without waiting for their
// next order. Returns how many moved. Errors: the store's.
[[nodiscard]] Result<int64_t> EvaluateAllTiers(db::Database& db, const settings::ShopSettings& shop,
                                               const program::ProgramVersion& current,
                                               program::TierReason reason, Timestamp now);

}  // namespace loyal::intake
