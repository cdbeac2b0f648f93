// Reads of the points ledger: a customer's balances, the points about to expire, the
// history of entries by cursor, and the shop's outstanding points by expiry month. They
// write nothing and may run in a read-only transaction.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/hold_store.h"
#include "ledger/ledger.h"

namespace loyal::ledger {

// Returns the customer's cached balances (zeros for one the ledger has never seen).
// Errors: the transaction's.
[[nodiscard]] Result<Balances> GetBalances(db::Transaction& tx, int64_t customer_id);

// The customer's lot `lot_id`. Errors: not_found; the transaction's.
[[nodiscard]] Result<Lot> GetLot(db::Transaction& tx, int64_t customer_id, int64_t lot_id);

// Returns the hold named by `public_id` as it is now. Errors: not_found; the transaction's.
[[nodiscard]] Result<Hold> GetHold(db::Transaction& tx, std::string_view public_id);

struct ExpiringPoints {
  Timestamp expires_at;
  int64_t points = 0;
};

// Returns the customer's pending and available points that expire by now + `days` (those
// already past expiry that ExpireDue has not reached included), by expiry time, one entry
// per time. Held points are not counted. Errors: invalid_argument for days < 0 ("days").
[[nodiscard]] Result<std::vector<ExpiringPoints>> ExpiringWithin(db::Transaction& tx,
                                                                 int64_t customer_id, Timestamp now,
                                                                 int days);

struct CustomerExpiring {
  int64_t customer_id = 0;
  Timestamp expires_at;
  int64_t points = 0;
  bool operator==(const CustomerExpiring&) const = default;
};

// For the expiry-warning job, store-wide: the pending and available points of every
// customer that expire in (from, until], one row per customer and expiry time, by customer
// then time, up to `limit` rows after (after_customer, after_expires_at) — pass the last
// row's values for the next page, or 0 and the epoch for the first. Errors:
// invalid_argument for a limit outside 1..500 ("limit"); the transaction's.
[[nodiscard]] Result<std::vector<CustomerExpiring>> ExpiringBetween(db::Transaction& tx,
                                                                    Timestamp from, Timestamp until,
                                                                    int64_t after_customer,
                                                                    Timestamp after_expires_at,
                                                                    int limit);

inline constexpr int kDefaultEntriesPage = 50;
inline constexpr int kMaxEntriesPage = 500;

struct EntryQuery {
  int limit = kDefaultEntriesPage;  // 1..500
  std::string after;                // a cursor from a previous page; empty for the newest
};

struct EntryPage {
  std::vector<Entry> entries;  // newest first
  std::string next_after;      // empty when this page is the last
};

// Returns one page of the customer's ledger transactions with their postings. Errors:
// invalid_argument for a limit outside 1..500 ("limit") or a malformed cursor ("after").
[[nodiscard]] Result<EntryPage> ListEntries(db::Transaction& tx, int64_t customer_id,
                                            const EntryQuery& query);

struct LiabilityMonth {
  std::string month;  // "YYYY-MM" (UTC) of expiry; "" for points that never expire
  int64_t points = 0;
  bool operator==(const LiabilityMonth&) const = default;
};

struct Liability {
  std::vector<LiabilityMonth> months;  // by month, never-expiring last
  int64_t points = 0;                  // pending + available + held: what the shop owes
};

// Returns the points still owed (pending, available and held), by expiry month, for one
// customer or, with nullopt, for the whole store. Errors: the transaction's.
[[nodiscard]] Result<Liability> GetLiability(db::Transaction& tx,
                                             std::optional<int64_t> customer_id);

struct EarnedPoints {
  Timestamp earned_at;
  int64_t points = 0;  // as earned, less what cancellations and claw-backs took back
};

// What the customer earned at or after `from`, by earning time, as a member tier's points
// basis counts it: order and event points (and a guest's merged in), never adjustments or
// points given back from a spent hold. Errors: the transaction's.
[[nodiscard]] Result<std::vector<EarnedPoints>> EarnedSince(db::Transaction& tx,
                                                            int64_t customer_id, Timestamp from);

}  // namespace loyal::ledger
