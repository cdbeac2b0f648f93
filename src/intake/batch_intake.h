// Bulk order intake for history (the importer's files, the demo shop): order_intake.h's
// RecordOrder and RecordReturn for batches of already-parsed orders and returns, so an
// imported order or return gets the same effects as one sent to the API. Each runs in the
// caller's transaction (an import commits every so many batches) and reads the shop
// settings in it: calendar days are the shop's time zone's.
//
// Replays: an order or return whose id is already stored is skipped and counted as
// already present (a re-import changes nothing). Effects that later rooms add (ledger
// earning on a new order, clawback on a new return) are calls placed in each function's
// loop over what the batch created, exactly as in order_intake.cc's first-time branches,
// so they run once per order or return, never for one already present.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <cstdint>
#include <span>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "orders/order_batch_service.h"
#include "orders/orders.h"

namespace loyal::intake {

struct OrderBatchCounts {
  int64_t created = 0, lines = 0;
  int64_t guests = 0;  // of the created orders, those without a shop customer id
  int64_t already_present = 0;
  int64_t first_order_id = 0;  // the lowest internal id of the created orders (0: none)
};

// Records those of `orders` (normalized by orders::NormalizeOrderInput, placed_at set in
// UTC) not stored yet; `buyer_id` gives the customer of each order about to be created.
// Errors: invalid_argument ("lines[i].quantity") when an amount overflows; already_exists
// when a concurrent writer stored one of the ids meanwhile; failed_precondition when the
// shop's stored settings no longer load; buyer_id's; the transaction's.
[[nodiscard]] Result<OrderBatchCounts> RecordOrderBatch(db::Transaction& tx,
                                                        std::span<const orders::OrderInput> orders,
                                                        const orders::BuyerIdFn& buyer_id,
                                                        Timestamp now);

struct ReturnBatchCounts {
  int64_t created = 0;
  int64_t unmatched = 0;  // of the created returns, those no purchase could take
  int64_t already_present = 0;
};

// Records those of `returns` not stored yet, each matched to the purchase it takes back
// (orders::CreateReturnBatch); `buyer_id` gives the customer of a return when it is needed.
// Errors: failed_precondition when the shop's stored settings no longer load; buyer_id's;
// the transaction's.
[[nodiscard]] Result<ReturnBatchCounts> RecordReturnBatch(
    db::Transaction& tx, std::span<const orders::HistoricReturn> returns,
    const orders::BuyerIdFn& buyer_id, Timestamp now);

}  // namespace loyal::intake
