// Backfill: earning for orders stored before they could earn (imported history, orders
// taken while no program was in force). `loyal program backfill` and `loyal import --earn`
// run it. Each order not yet in order_points earns under the program in force, as
// EarnForNewOrder would have, and then gets what happened to it since, so the books end as
// if it had earned live: an order at or past its release event has the return window
// started (at placed_at when it was stored that way, at its last status change otherwise),
// a cancelled one has its points reversed, and its returns, oldest first, take back what
// their lines earned (cancelling pending points when the return came inside the window).
// What is released by now is released. Orders are taken in the order they were stored;
// the first-order bonus goes to an order with no earlier stored order of its customer that
// is not cancelled (the statuses as stored now).
//
// Then every customer with orders is evaluated for the program's tiers (tier_effects.h
// EvaluateAllTiers), so members hold the level their history earns; run it after adding tiers
// to a program too.
//
// Idempotent: an order that has a record is skipped, so a second run changes nothing, and
// a run cut short leaves whole chunks behind it. Each chunk of orders is one transaction.
//
// Thread-safety: stateless; `db` is shared as database.h says. On SQLite writers take turns,
// so live intake may run meanwhile (what it earned has a record and is skipped). On
// PostgreSQL a status change or return recorded while its order's chunk is running can be
// missed by both, so backfill while intake is quiet there.
#pragma once

#include <cstdint>
#include <optional>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "program/program_service.h"

namespace loyal::intake {

struct BackfillOptions {
  std::optional<DayNumber> since;  // only orders placed on or after this day (shop's zone)
  int64_t first_order_id = 0;      // only orders stored with this internal id or later
  int chunk_orders = 5000;         // orders per transaction
};

struct BackfillCounts {
  int64_t orders = 0;     // orders without a record in range
  int64_t earned = 0;     // of them, those that earned points
  int64_t points = 0;     // what they earned
  int64_t returns = 0;    // returns applied to them
  int64_t cancelled = 0;  // of the earning orders, those cancelled since
  int64_t tier_moves = 0;  // members whose tier the history moved (every member is evaluated)
};

// Earns for the stored orders in range that have not earned yet, as of `now`. Errors:
// failed_precondition when no program is in force or the stored settings no longer load;
// the ledger's; the store's.
[[nodiscard]] Result<BackfillCounts> Backfill(db::Database& db, program::ProgramCache& programs,
                                              const BackfillOptions& options, Timestamp now);

}  // namespace loyal::intake
