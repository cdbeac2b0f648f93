// The points ledger's domain: accounts, postings, balances, lots, and the pure rules the
// service applies (balancing, what postings do to the cached balances, which lots are
// spent first, how much debt released points settle). The SQL is in ledger_store.h and
// hold_store.h; the use cases in ledger_service.h and hold_service.h.
//
// The books are double-entry. A ledger transaction belongs to one customer and is a list
// of postings (account, lot, signed points) that sums to zero. Accounts:
//   pending, available, held  the customer's points; each balance is the sum of its
//                             postings and never below zero.
//   debt                      what the customer owes (a return clawed back points already
//                             spent). Its postings sum to -debt; the balance shown, and
//                             cached, is debt >= 0. A claw-back posts it negative, a
//                             settlement from released points posts it positive.
//   issued                    the source of earned points (negative: -points earned).
//   redeemed, expired,        where spent, expired and reversed points go (positive), and
//   reversed                  redeemed is the source of restored points.
//   adjusted                  the other side of an admin's credit (negative) or debit,
//                             and of a guest merge, whose two transactions (one per
//                             customer) cancel out in it.
// System accounts have no balance row: their postings carry the customer's id, and a
// system balance is a SUM over postings (no hot row, one shard per customer on Citus).
//
// Thread-safety: values and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"

namespace loyal::ledger {

enum class Account {
  kPending,
  kAvailable,
  kHeld,
  kDebt,
  kIssued,
  kRedeemed,
  kExpired,
  kReversed,
  kAdjusted,
};

// Returns the stored name, e.g. "available".
std::string_view AccountName(Account account);
// Returns the account called `name`, or nullopt.
std::optional<Account> ParseAccount(std::string_view name);

// What a ledger transaction did; stored by name.
enum class TxnKind {
  kEarn,
  kRelease,
  kCancel,
  kClawBack,
  kExpire,
  kCredit,
  kDebit,
  kHold,
  kCapture,
  kReleaseHold,
  kRestore,
  kMergeOut,  // a guest's points leaving for the account the guest became (ledger_merge.h)
  kMergeIn,   // ... and arriving there
};
std::string_view TxnKindName(TxnKind kind);  // "earn", "clawback", "release_hold", ...

// pending: earned, not yet available; available: spendable; cancelled: its pending points
// were all cancelled; expired: its points expired (a released hold may give some back,
// making it available again until the next expiry run).
enum class LotState { kPending, kAvailable, kCancelled, kExpired };
std::string_view LotStateName(LotState state);
std::optional<LotState> ParseLotState(std::string_view name);

struct Posting {
  Account account = Account::kPending;
  std::optional<int64_t> lot_id;
  int64_t points = 0;  // signed
  bool operator==(const Posting&) const = default;
};

// Appends the pair of postings that moves `points` (> 0) from `from` to `to`.
void Transfer(std::vector<Posting>& postings, Account from, Account to, int64_t points,
              std::optional<int64_t> lot_id);

// Returns ok when the postings are non-empty, each non-zero, and sum to zero; internal
// naming the sum otherwise (a bug in the caller, never bad input).
[[nodiscard]] Status CheckBalanced(std::span<const Posting> postings);

// A customer's cached balances (debt as a non-negative amount owed).
struct Balances {
  int64_t pending = 0;
  int64_t available = 0;
  int64_t held = 0;
  int64_t debt = 0;
  // Points earned net of cancellations and claw-backs (admin credits are not earnings).
  int64_t lifetime_earned = 0;
  bool operator==(const Balances&) const = default;
};

// Returns what `postings` change in the cached balances: the sums of the customer
// accounts' postings, debt as minus its postings, lifetime_earned as minus the issued and
// reversed postings.
Balances DeltaOf(std::span<const Posting> postings);

struct Lot {
  int64_t lot_id = 0;
  int64_t source_txn_id = 0;
  Timestamp earned_at;
  Timestamp available_from;
  std::optional<Timestamp> expires_at;  // nullopt: never expires
  int64_t points = 0;                   // as earned or credited
  int64_t remaining = 0;                // still pending or available (not held, spent, ...)
  int64_t reversed = 0;                 // taken back by cancellations and claw-backs
  LotState state = LotState::kPending;
};

// True when `a` is spent before `b`: the earlier expiry first, lots that never expire
// last, then the earlier earned, then the lower id.
bool SpendsBefore(const Lot& a, const Lot& b);

struct Take {
  int64_t lot_id = 0;
  int64_t points = 0;
  bool operator==(const Take&) const = default;
};

struct Allocation {
  std::vector<Take> takes;  // in spending order
  int64_t shortfall = 0;    // what the lots could not cover
};

// Returns which of `lots` pay for `points`: available lots with points remaining, in
// SpendsBefore order, each taken up to its remainder.
Allocation Allocate(std::vector<Lot> lots, int64_t points);

// Returns how much of `released` points settle `debt` (settled first, so the smaller).
inline int64_t DebtSettled(int64_t debt, int64_t released) {
  return debt < released ? debt : released;
}

// What the caller says about a ledger transaction: kept with it for the history.
struct Memo {
  std::string reason;       // for people: "order ORD-1", "goodwill after late delivery"
  std::string source_type;  // order, return, event, hold, adjustment, job
  std::string source_ref;   // the order's external id, the hold's public id, the event name
  std::optional<int64_t> program_version;
  std::optional<std::string> actor;  // the API key id behind an adjustment
};

// One ledger transaction as the history shows it.
struct Entry {
  int64_t txn_id = 0;
  std::string kind;  // TxnKindName
  Memo memo;
  Timestamp created_at;
  std::vector<Posting> postings;  // in posting order
};

// What one use case posted: the ledger transaction (nullopt when there was nothing to
// post), the lot it created if any, and the customer's balances afterwards.
struct Posted {
  std::optional<int64_t> txn_id;
  std::optional<int64_t> lot_id;
  Balances balances;
};

// Returns the UTC month "YYYY-MM" of `expires_at`, or "" for points that never expire.
std::string ExpiryMonth(std::optional<Timestamp> expires_at);

}  // namespace loyal::ledger
