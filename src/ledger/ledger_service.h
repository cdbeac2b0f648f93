// Points use cases: earn, release, cancel, claw back, expire, adjust. Holds are in
// hold_service.h, reads in ledger_queries.h, the audit in ledger_audit.h.
//
// Each function is one ledger transaction (or none, when there is nothing to do) inside the
// caller's db::Transaction, which the caller commits: order intake calls these inside the
// order's own transaction. A function that fails has changed nothing the caller can see
// once it rolls back; failed_precondition and invalid_argument are returned before any
// change to the books (at most the balance row's updated_at, or a zero balance row for a
// customer new to the ledger, has been written) and without a failed statement, so a
// caller may carry on in the same transaction after them. Customers are the
// customers table's internal customer_id; the ledger holds no personal data. Idempotency is
// the caller's (natural keys of orders and returns, Idempotency-Key): calling twice posts
// twice, except for hold resolutions (hold_service.h).
//
// Concurrency: each function first updates the customer's balance row, which serialises
// writers of one customer's books across connections and processes (ledger_store.h).
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "ledger/ledger.h"

namespace loyal::ledger {

struct EarnRequest {
  int64_t points = 0;                   // > 0
  Timestamp available_from;             // released by ReleaseDue from then on
  std::optional<Timestamp> expires_at;  // after earned_at; nullopt: never. A lot released
                                        // after it expires expires at the next ExpireDue.
  Memo memo;
  // When the points were earned (an order's placed_at); nullopt: now.
  std::optional<Timestamp> earned_at = std::nullopt;
  // The customer's activity behind the points (the order's placed_at, the event's time):
  // recorded as RecordActivity would, in the same statement; nullopt for a bonus that is
  // not the customer's doing (a birthday).
  std::optional<Timestamp> activity_at = std::nullopt;
};

// Records earned points as a new pending lot (issued -> pending) and returns the
// transaction, the lot and the balances. Errors: invalid_argument for points <= 0 (field
// "points") or an expiry not after earned_at ("expires_at"); the transaction's.
[[nodiscard]] Result<Posted> Earn(db::Transaction& tx, int64_t customer_id,
                                  const EarnRequest& request, Timestamp now);

// Records earned points that need no waiting (an event, a birthday bonus) as a new
// available lot (issued -> available) and returns as Earn does; request.available_from is
// ignored (the lot is available from now). When the customer owes debt, what the lot
// releases settles it first, as ReleaseDue would, in a second ledger transaction
// (available -> debt; the lot keeps what is left). Errors: as Earn.
[[nodiscard]] Result<Posted> EarnAvailable(db::Transaction& tx, int64_t customer_id,
                                           const EarnRequest& request, Timestamp now);

// Makes the customer's pending lots with available_from <= now available (pending ->
// available), settling debt first from what they release (pending -> debt; the lot keeps
// what is left). One transaction for all of them, lot_id unset; txn_id nullopt when none
// was due. Errors: the transaction's.
[[nodiscard]] Result<Posted> ReleaseDue(db::Transaction& tx, int64_t customer_id, Timestamp now);

// Sets when a pending lot is released: earned points wait for their order's release event
// (delivery, or payment), which fixes the date the return window ends. Locks the
// customer's books first. Errors: not_found for an unknown lot; failed_precondition when
// the lot is no longer pending; the transaction's.
[[nodiscard]] Status ScheduleRelease(db::Transaction& tx, int64_t customer_id, int64_t lot_id,
                                     Timestamp available_from, Timestamp now);

// ReleaseDue for up to `max_customers` customers with lots due; returns how many were
// released (a job calls it until it returns 0). Errors: the transaction's.
[[nodiscard]] Result<int> ReleaseAllDue(db::Transaction& tx, Timestamp now, int max_customers);

// Cancels `points` of a pending lot (pending -> reversed): its order was cancelled or
// returned before release. Errors: invalid_argument for points <= 0; not_found for an
// unknown lot; failed_precondition when the lot is not pending or has fewer points left.
[[nodiscard]] Result<Posted> CancelPending(db::Transaction& tx, int64_t customer_id, int64_t lot_id,
                                           int64_t points, const Memo& memo, Timestamp now);

// Takes back `points` earned by an available lot (a return after release): from that lot's
// remainder, then from the customer's other available lots in spending order, and records
// what they cannot cover as debt (available -> reversed, debt -> reversed). Held points
// are not touched. Errors: invalid_argument for points <= 0; not_found for an unknown lot;
// failed_precondition when the lot is still pending (cancel it instead) or `points` exceeds
// what the lot earned less what was already taken back.
[[nodiscard]] Result<Posted> ClawBack(db::Transaction& tx, int64_t customer_id, int64_t lot_id,
                                      int64_t points, const Memo& memo, Timestamp now);

// Expires what remains of the customer's available lots with expires_at <= now (available
// -> expired). Pending lots are released first by ReleaseDue; held points wait for their
// hold. txn_id nullopt when nothing expired. Errors: the transaction's.
[[nodiscard]] Result<Posted> ExpireDue(db::Transaction& tx, int64_t customer_id, Timestamp now);

// ExpireDue for up to `max_customers` customers; returns how many had points expire.
[[nodiscard]] Result<int> ExpireAllDue(db::Transaction& tx, Timestamp now, int max_customers);

// Records that the customer was active (placed an order, reported an event, paid with
// points) at `at`: their last activity moves forward to it, never back. The
// after_inactivity expiry policy counts from it; an admin's credit, a birthday bonus or a
// job is not the customer's activity. Locks the customer's books. Errors: the transaction's.
[[nodiscard]] Status RecordActivity(db::Transaction& tx, int64_t customer_id, Timestamp at,
                                    Timestamp now);

// Locks the customer's books (as every function here does first; a zero balance row first for
// a customer new to the ledger), changes nothing else and returns their balances: for a room
// above that must not run two of its own steps for one customer at once (tier evaluation), or
// that decides on what the customer has or has done (a redemption's points and per-customer
// limit), so writers of the same books wait and the decision is exact. Errors: the
// transaction's.
[[nodiscard]] Result<Balances> LockBooks(db::Transaction& tx, int64_t customer_id, Timestamp now);

// The customer's last activity, or nullopt when none is recorded. Errors: the transaction's.
[[nodiscard]] Result<std::optional<Timestamp>> LastActivity(db::Transaction& tx,
                                                            int64_t customer_id);

struct InactiveCustomer {
  int64_t customer_id = 0;
  Timestamp last_activity_at;
  int64_t available = 0;
};

// For the inactivity jobs: up to `limit` customers with available points and a last
// activity before `before`, after `after_customer` by id (0 for the first page). Customers
// with no recorded activity are never listed. Errors: the transaction's.
[[nodiscard]] Result<std::vector<InactiveCustomer>> InactiveBefore(db::Transaction& tx,
                                                                   Timestamp before,
                                                                   int64_t after_customer,
                                                                   int limit);

// Expires every available point of the customer (available -> expired) if their last
// activity, re-read after locking their books, is still before `active_since`: an order
// or event that came in meanwhile wins. txn_id nullopt when nothing expired. Errors: the
// transaction's.
[[nodiscard]] Result<Posted> ExpireInactive(db::Transaction& tx, int64_t customer_id,
                                            Timestamp active_since, Timestamp now);

// An admin's credit: a new available lot (adjusted -> available), expiring at `expires_at`
// or never. memo.actor names the API key. Errors: invalid_argument for points <= 0 or an
// expiry not after now; the transaction's.
[[nodiscard]] Result<Posted> Credit(db::Transaction& tx, int64_t customer_id, int64_t points,
                                    std::optional<Timestamp> expires_at, const Memo& memo,
                                    Timestamp now);

// An admin's debit (available -> adjusted), spent from lots in spending order. Errors:
// invalid_argument for points <= 0; failed_precondition "not enough points" when the
// available balance is short, changing nothing.
[[nodiscard]] Result<Posted> Debit(db::Transaction& tx, int64_t customer_id, int64_t points,
                                   const Memo& memo, Timestamp now);

}  // namespace loyal::ledger
