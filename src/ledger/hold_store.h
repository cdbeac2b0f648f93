// The SQL of point holds (migration 0006): ledger_holds, the lots each reserved (hold_lots)
// and hold_lookup, which finds a hold's customer from its public id. Unchecked: the hold
// use cases (hold_service.h) lock the customer's balance row first (ledger_store.h) and
// check the rules.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/ledger.h"

namespace loyal::ledger {

enum class HoldState { kHeld, kCaptured, kReleased };
std::string_view HoldStateName(HoldState state);  // "held", "captured", "released"

// A hold as stored.
struct Hold {
  int64_t customer_id = 0;
  int64_t hold_id = 0;    // internal; never shown outside
  std::string public_id;  // hold_<token>
  int64_t points = 0;
  std::string reference;  // what it pays for
  HoldState state = HoldState::kHeld;
  int64_t restored = 0;  // points given back after capture (RestoreHold)
  int64_t place_txn_id = 0;
  std::optional<int64_t> resolve_txn_id;
  Timestamp created_at;
  std::optional<Timestamp> resolved_at;
};

// One lot a hold reserved.
struct HoldLot {
  int64_t lot_id = 0;
  int64_t points = 0;
  int64_t restored = 0;
};

}  // namespace loyal::ledger

namespace loyal::ledger::store {

// Returns a fresh hold id (sequence "ledger_holds").
[[nodiscard]] Result<int64_t> NewHoldId(db::Transaction& tx);

// Records the hold, the lots it takes (in order) and its look-up. Errors: already_exists
// for a public id in use; the transaction's.
[[nodiscard]] Status InsertHold(db::Transaction& tx, const Hold& hold,
                                const std::vector<Take>& takes);

// Returns the customer and hold id of `public_id`, or nullopt.
[[nodiscard]] Result<std::optional<std::pair<int64_t, int64_t>>> LookupHold(
    db::Transaction& tx, std::string_view public_id);

// Returns the hold, or nullopt.
[[nodiscard]] Result<std::optional<Hold>> FindHold(db::Transaction& tx, int64_t customer_id,
                                                   int64_t hold_id);

// Returns the lots the hold reserved, in the order it took them.
[[nodiscard]] Result<std::vector<HoldLot>> ReadHoldLots(db::Transaction& tx, int64_t customer_id,
                                                        int64_t hold_id);

// Marks a held hold captured or released by `txn_id`. Errors: internal when it is not held.
[[nodiscard]] Status Resolve(db::Transaction& tx, const Hold& hold, HoldState state, int64_t txn_id,
                             Timestamp now);

// Adds `points` to what was restored of the hold's `lot_id` and of the hold.
[[nodiscard]] Status AddRestored(db::Transaction& tx, const Hold& hold, int64_t lot_id,
                                 int64_t points);

// Returns how many holds the customer has ever placed, in any state.
[[nodiscard]] Result<int64_t> CountHolds(db::Transaction& tx, int64_t customer_id);

// Returns the public ids of up to `limit` holds still held that were placed before `before`,
// by customer: jobs that lock several customers' books lock them in customer order, so two
// of them never deadlock.
[[nodiscard]] Result<std::vector<std::string>> HeldBefore(db::Transaction& tx, Timestamp before,
                                                          int limit);

}  // namespace loyal::ledger::store
