// SQL of member tiers: the customer_tiers and tier_history tables (migration 0014).
// Internal to program/ (tier_service.h is the interface). Thread-safety: the transaction
// belongs to the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::program::store {

struct StoredTier {
  int64_t customer_id = 0;
  std::string level_code;
  Timestamp since_at;
  DayNumber member_since_day = 0;
  std::optional<DayNumber> below_retain_since_day;
  int64_t program_version = 0;
};

struct TierMove {
  int64_t customer_id = 0;
  std::string from_level;
  std::string to_level;
  std::string reason;
  std::optional<std::string> reference;
  int64_t program_version = 0;
  Timestamp moved_at;
};

// The member's row, or nullopt (the base level). Errors: the transaction's.
[[nodiscard]] Result<std::optional<StoredTier>> FindTier(db::Transaction& tx, int64_t customer_id);

// Inserts or replaces the member's row. Errors: the transaction's.
[[nodiscard]] Status SaveTier(db::Transaction& tx, const StoredTier& tier, Timestamp now);

// Appends a move to the member's history. Errors: the transaction's.
[[nodiscard]] Status InsertMove(db::Transaction& tx, const TierMove& move);

// The member's moves, newest first: up to `limit` older than the cursor `before_move` (all
// when nullopt); each with its move id for the next cursor. Errors: the transaction's.
struct StoredMove {
  int64_t move_id = 0;
  TierMove move;
};
[[nodiscard]] Result<std::vector<StoredMove>> ListMoves(db::Transaction& tx, int64_t customer_id,
                                                        std::optional<int64_t> before_move,
                                                        int limit);

// Up to `limit` rows after customer `after` by id that the daily job must look at: above
// the base level `base_code`, or in grace. Errors: the transaction's.
[[nodiscard]] Result<std::vector<StoredTier>> ListTiersToEvaluate(db::Transaction& tx,
                                                                  const std::string& base_code,
                                                                  int64_t after, int limit);

}  // namespace loyal::program::store
