// The SQL of the points ledger (migration 0006): cached balances, ledger transactions with
// their postings, and lots. Plain functions over the caller's transaction; they check no
// business rules (ledger_service.h does) beyond what the schema's CHECKs refuse.
//
// Concurrency: every use case first updates the customer's ledger_balances row (LockBalances,
// ApplyDelta or AddToBalances). On PostgreSQL that row lock serialises all writers of one
// customer's books, and since READ COMMITTED gives each later statement a fresh snapshot,
// what they read of lots and holds afterwards is what the previous writer committed. On
// SQLite writers are serialised by BEGIN IMMEDIATE anyway.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/ledger.h"

namespace loyal::ledger::store {

// Locks the customer's balance row, creating a zero one first if there is none, and returns
// the balances as they are now. Errors: the transaction's.
[[nodiscard]] Result<Balances> LockBalances(db::Transaction& tx, int64_t customer_id,
                                            Timestamp now);

// Adds `delta` to the customer's balances when none would go below zero and returns the new
// balances; nullopt, changing nothing, when one would (or there is no row yet).
[[nodiscard]] Result<std::optional<Balances>> ApplyDelta(db::Transaction& tx, int64_t customer_id,
                                                         const Balances& delta, Timestamp now);

// Adds a delta with no negative part, creating the row if needed, and moves the last
// activity forward to `activity_at` when given (TouchActivity); returns the new balances.
[[nodiscard]] Result<Balances> AddToBalances(db::Transaction& tx, int64_t customer_id,
                                             const Balances& delta, Timestamp now,
                                             std::optional<Timestamp> activity_at = std::nullopt);

// Returns the cached balances (zeros for a customer the ledger has never seen).
[[nodiscard]] Result<Balances> ReadBalances(db::Transaction& tx, int64_t customer_id);

// Records a ledger transaction and its postings; returns its id (sequence "ledger_txns").
// Errors: internal when the postings do not balance (nothing written); the transaction's.
[[nodiscard]] Result<int64_t> InsertTxn(db::Transaction& tx, int64_t customer_id, TxnKind kind,
                                        const Memo& memo, Timestamp now,
                                        std::span<const Posting> postings);

// Returns up to `limit` of the customer's ledger transactions with ids below `before_id`
// (0: from the newest), newest first, with their postings.
[[nodiscard]] Result<std::vector<Entry>> ReadEntries(db::Transaction& tx, int64_t customer_id,
                                                     int64_t before_id, int limit);

// Returns a fresh lot id (sequence "ledger_lots").
[[nodiscard]] Result<int64_t> NewLotId(db::Transaction& tx);

[[nodiscard]] Status InsertLot(db::Transaction& tx, int64_t customer_id, const Lot& lot);

// Stores the lot's remaining, reversed and state. Errors: internal when there is no such lot.
[[nodiscard]] Status UpdateLot(db::Transaction& tx, int64_t customer_id, const Lot& lot);

// Moves a pending lot's release time. Errors: internal when there is no such pending lot.
[[nodiscard]] Status SetLotAvailableFrom(db::Transaction& tx, int64_t customer_id, int64_t lot_id,
                                         Timestamp available_from);

// Returns the lot, or nullopt.
[[nodiscard]] Result<std::optional<Lot>> FindLot(db::Transaction& tx, int64_t customer_id,
                                                 int64_t lot_id);

enum class LotSelection {
  kSpendable,  // available with points remaining
  kDue,        // pending, available_from <= at
  kExpired,    // available with points remaining, expires_at <= at
  kExpiring,   // pending or available with points remaining, expires_at <= at
  kAll,        // every lot, whatever its state (`at` unused)
};

// Returns the customer's lots in `selection`, by lot id.
[[nodiscard]] Result<std::vector<Lot>> ReadLots(db::Transaction& tx, int64_t customer_id,
                                                LotSelection selection, Timestamp at);

// Returns up to `limit` customers with lots in `selection` (kDue or kExpired) at `at`.
[[nodiscard]] Result<std::vector<int64_t>> CustomersWithLots(db::Transaction& tx,
                                                             LotSelection selection, Timestamp at,
                                                             int limit);

// Sums of live lots' remainders expiring in (from, until] per customer and expiry time,
// after (after_customer, after_expires_at) in that order, up to `limit` rows.
[[nodiscard]] Result<std::vector<std::tuple<int64_t, Timestamp, int64_t>>> ExpiringBetween(
    db::Transaction& tx, Timestamp from, Timestamp until, int64_t after_customer,
    Timestamp after_expires_at, int limit);

// Points still owed (pending, available and held) by expiry (nullopt: never), for one
// customer or, with nullopt, the whole store.
[[nodiscard]] Result<std::vector<std::pair<std::optional<Timestamp>, int64_t>>> OutstandingByExpiry(
    db::Transaction& tx, std::optional<int64_t> customer_id);

// Moves the customer's last activity forward to `at` (never back), creating their balance
// row if needed; this also locks their books. Errors: the transaction's.
[[nodiscard]] Status TouchActivity(db::Transaction& tx, int64_t customer_id, Timestamp at,
                                   Timestamp now);

// The customer's last activity, or nullopt when none is recorded.
[[nodiscard]] Result<std::optional<Timestamp>> ReadLastActivity(db::Transaction& tx,
                                                                int64_t customer_id);

// Up to `limit` customers with available points whose last activity is before `before`,
// after `after_customer`, by customer id: (customer, last activity, available).
[[nodiscard]] Result<std::vector<std::tuple<int64_t, Timestamp, int64_t>>> InactiveBefore(
    db::Transaction& tx, Timestamp before, int64_t after_customer, int limit);

// The points of the customer's lots earned at or after `from` (orders, events, a guest's
// merged in; not adjustments or restored holds), less what was taken back of each.
[[nodiscard]] Result<std::vector<std::pair<Timestamp, int64_t>>> EarnedSince(db::Transaction& tx,
                                                                             int64_t customer_id,
                                                                             Timestamp from);

}  // namespace loyal::ledger::store
