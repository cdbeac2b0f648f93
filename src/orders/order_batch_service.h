// Bulk use cases for order history (the importer's files, the demo shop): create a batch of
// already-parsed orders, and record returns read from history against what was bought.
// Called by order intake (intake/batch_intake.h), which adds the effects of the rooms
// above, inside the caller's transaction. A batch costs one look-up for the ids already
// stored and multi-row INSERTs for its orders, instead of order_service.h's statements per
// order; an id already stored is skipped, not compared, so a re-import changes nothing.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread. When
// another writer stores one of a batch's order ids between the look-up and the insert,
// the batch fails with already_exists (the order look-up's key decides) and a re-run
// skips what the other wrote.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/order_service.h"
#include "orders/orders.h"

namespace loyal::orders {

// The internal customer id of the buyer of batch element `index`, creating the customer if
// it is new. Asked only for what is about to be created, so a re-import creates no guest.
using BuyerIdFn = std::function<Result<int64_t>(size_t index)>;

struct OrderBatchResult {
  std::vector<Order> created;   // in batch order
  int64_t already_present = 0;  // stored before, or earlier in the batch
};

// Creates those of `inputs` (normalized by NormalizeOrderInput, placed_at set) whose
// external ids are not stored yet, with placed_day in ctx.zone and ctx.now as their
// creation time. Errors: invalid_argument ("lines[i].quantity") when an amount overflows;
// already_exists when a concurrent writer stored one of the ids meanwhile; buyer_id's; the
// transaction's.
[[nodiscard]] Result<OrderBatchResult> CreateOrderBatch(db::Transaction& tx,
                                                        std::span<const OrderInput> inputs,
                                                        const BuyerIdFn& buyer_id,
                                                        const OrderContext& ctx);

// A return as order history records it: goods by sku and the refund paid, and, when the
// source knows it, the order line they came from.
struct HistoricReturn {
  std::string external_id;
  std::string sku;
  int64_t quantity = 0;      // > 0
  int64_t refund_minor = 0;  // >= 0
  Currency currency;
  Timestamp returned_at{};
  std::optional<std::string> order_external_id;  // with order_line_no: the line (the demo)
  std::optional<int32_t> order_line_no;
};

struct ReturnBatchResult {
  std::vector<Return> created;  // in batch order; order_id absent when unmatched
  int64_t already_present = 0;
};

// Records those of `returns` whose ids are not stored yet, returned_day in ctx.zone. Each
// is matched to the order line it names, or else to its buyer's most recent purchase of
// the sku, no later than the return and in its currency, that still has the quantity
// unreturned; that line's returned quantity and its order's refunded total grow by it.
// One that matches nothing, or whose named line cannot take it, is kept unmatched (no
// order, the buyer's). Errors: buyer_id's; the transaction's.
[[nodiscard]] Result<ReturnBatchResult> CreateReturnBatch(db::Transaction& tx,
                                                          std::span<const HistoricReturn> returns,
                                                          const BuyerIdFn& buyer_id,
                                                          const OrderContext& ctx);

}  // namespace loyal::orders
