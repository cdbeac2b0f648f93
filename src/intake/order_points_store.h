// Internal to intake: the order_points table, what each order earned, line by line, and
// where (order_points.h is the use).
// Thread-safety: as the Transaction given (one thread at a time).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "db/bulk_inserter.h"
#include "db/database.h"

namespace loyal::intake::store {

struct OrderPoints {
  int64_t customer_id = 0;
  int64_t order_id = 0;
  int64_t lot_id = 0;
  int64_t program_version = 0;
  bool first_order = false;
  int64_t first_order_bonus = 0;
  int64_t spend_bonus = 0;
  int64_t first_order_bonus_kept = 0;
  int64_t spend_bonus_kept = 0;
  bool release_scheduled = false;
  std::vector<int64_t> line_points;  // by line_no
};

// Errors: already_exists when the order has a record; the transaction's.
[[nodiscard]] Status Insert(db::Transaction& tx, const OrderPoints& points);

// Writes many records with multi-row INSERTs (the backfill's). Thread-safety: none.
class OrderPointsWriter {
 public:
  OrderPointsWriter();

  // Buffers the record; writes a batch when one is full. Errors: as Insert.
  [[nodiscard]] Status Add(db::Transaction& tx, const OrderPoints& points);

  // Writes what is buffered. Errors: as Insert.
  [[nodiscard]] Status Flush(db::Transaction& tx);

 private:
  db::BulkInserter orders_;
};

// The order's record, or nullopt when it earned nothing. Errors: the transaction's.
[[nodiscard]] Result<std::optional<OrderPoints>> Find(db::Transaction& tx, int64_t customer_id,
                                                      int64_t order_id);

// Stores the kept bonuses and whether the release is scheduled. Errors: the transaction's.
[[nodiscard]] Status Update(db::Transaction& tx, const OrderPoints& points);

// Moves customer `from`'s records to customer `to`, each naming the copy of its lot that
// `lot_ids` gives (ledger_merge.h). Errors: internal for a lot without a copy; the
// transaction's.
[[nodiscard]] Status MoveToCustomer(db::Transaction& tx, int64_t from, int64_t to,
                                    const std::map<int64_t, int64_t>& lot_ids);

// Moves the rows of `table` (keyed by customer_id and `key`, with a lot_id column) of
// customer `from` to customer `to`, each naming the copy of its lot that `lot_ids` gives;
// rows without a lot stay without. Errors: internal for a lot without a copy; the
// transaction's.
[[nodiscard]] Status MoveRowsWithLots(db::Transaction& tx, const std::string& table,
                                      const std::string& key, int64_t from, int64_t to,
                                      const std::map<int64_t, int64_t>& lot_ids);

}  // namespace loyal::intake::store
