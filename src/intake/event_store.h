// Internal to intake: the SQL of migration 0012's intake tables: the events customers
// reported, the per-period counters that cap them, the birthday bonuses paid, and the
// "points will expire" warnings. Plain functions over the caller's transaction.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::intake::store {

struct StoredEvent {
  int64_t customer_id = 0;
  std::string public_id;  // evt_<random>
  std::string name;
  Timestamp occurred_at;
  std::optional<std::string> reference;
  int64_t points = 0;
  bool capped = false;
  int64_t program_version = 0;
  std::optional<int64_t> lot_id;
};

// Records the event (id from sequence "customer_events"). Errors: the transaction's.
[[nodiscard]] Status InsertEvent(db::Transaction& tx, const StoredEvent& event, Timestamp now);

// Counts one more event called `name` for the customer in `period` and returns the count,
// this one included. The upsert locks the counter row until the transaction ends, so
// concurrent events of one customer and period count one after another. Errors: the
// transaction's.
[[nodiscard]] Result<int64_t> CountEvent(db::Transaction& tx, int64_t customer_id,
                                         const std::string& name, const std::string& period);

// Of `customers`, those whose birthday bonus of `year` is recorded. Errors: the transaction's.
[[nodiscard]] Result<std::vector<int64_t>> BirthdaysPaid(db::Transaction& tx,
                                                         std::span<const int64_t> customers,
                                                         int year);

// Records the customer's birthday bonus of `year` unless one is recorded already; returns
// whether this call recorded it (a racing job that lost gets false once the winner
// commits). Errors: the transaction's.
[[nodiscard]] Result<bool> ClaimBirthday(db::Transaction& tx, int64_t customer_id, int year,
                                         int64_t points, Timestamp now);

struct ExpiryWarning {
  Timestamp expires_at;
  int64_t points = 0;
  Timestamp written_at;
  bool operator==(const ExpiryWarning&) const = default;
};

// Records the warning unless one for this customer and expiry time exists; returns whether
// it did. Errors: the transaction's.
[[nodiscard]] Result<bool> InsertWarning(db::Transaction& tx, int64_t customer_id,
                                         const ExpiryWarning& warning);

// The customer's warnings, by expiry time. Errors: the transaction's.
[[nodiscard]] Result<std::vector<ExpiryWarning>> ReadWarnings(db::Transaction& tx,
                                                              int64_t customer_id);

// A guest merge (guest_merge.h): moves customer `from`'s events to customer `to`, each
// naming the copy of its lot that `lot_ids` gives, and adds `from`'s cap counts to `to`'s;
// `from`'s warnings and birthday records are dropped (the jobs warn of the moved points
// under `to`). Errors: internal for a lot without a copy; the transaction's.
[[nodiscard]] Status MoveEventRecords(db::Transaction& tx, int64_t from, int64_t to,
                                      const std::map<int64_t, int64_t>& lot_ids);

}  // namespace loyal::intake::store
